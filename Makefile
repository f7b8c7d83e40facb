# The quick start: `make run` and `make test` build .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) >&2
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' >&2
	@touch $@

run: $(STAMP)
	@$(PY) -m bot $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest

# Figures at catalogue scale (several minutes); ARGS='--quick' for smaller sizes.
bench: $(STAMP)
	$(PY) -m benchmarks $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) build *.egg-info
