"""The architecture contracts in pyproject.toml hold, and a broken one names the import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the source floors, the contracts and the custom contract type."""
    for package in ("bot", "cogs", "db"):
        shutil.copytree(
            PROJECT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    shutil.copy(PROJECT / "tests" / "architecture.py", tmp_path / "tests" / "architecture.py")
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_contracts_hold_on_the_tree_as_it_is(tree: Path) -> None:
    result = lint_imports(tree)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_model_importing_discord_fails_naming_the_import(tree: Path) -> None:
    add_line(tree / "db" / "model" / "shows.py", "import discord")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "db.model.shows is not allowed to import discord" in result.stdout


def test_the_model_importing_storage_fails_naming_the_import(tree: Path) -> None:
    add_line(tree / "db" / "model" / "changes.py", "import db.connection")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "db.model.changes is not allowed to import db.connection" in result.stdout


def test_storage_importing_the_bot_fails_naming_the_import(tree: Path) -> None:
    add_line(tree / "db" / "shows.py", "import bot.settings")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "db.shows -> bot.settings" in result.stdout


def test_a_new_cycle_inside_bot_fails_naming_the_import(tree: Path) -> None:
    # The scheduler imports delivery; delivery importing the scheduler closes a cycle.
    add_line(tree / "bot" / "alerts" / "delivery.py", "import bot.alerts.scheduler")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "No cycles are allowed in bot.alerts." in result.stdout
    # import-linter names the import whose removal breaks the cycle.
    assert ".scheduler -> .delivery (1 import)" in result.stdout


def test_a_lower_floor_of_bot_importing_a_higher_one_fails_naming_the_import(
    tree: Path,
) -> None:
    add_line(tree / "bot" / "replies" / "shows.py", "import bot.news.pipeline")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "bot.replies.shows -> bot.news.pipeline" in result.stdout
