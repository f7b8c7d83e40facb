"""Benchmark 4: importing a generated catalogue, and the memory of a bot that has it loaded.

Both run the real command line in fresh processes, so nothing else this run did is counted:
`python -m bot import FILE.json` (timed end to end, interpreter start included), then
`python -m bot console` on the imported database answering 300 `!release` questions of the
title query set's mix (typos included, so the whole title index is built and used), whose
peak RSS is that of a bot holding the catalogue and its title index. `ask` on a database
with only the shipped catalogue gives the baseline. Peak memory is each program's own VmHWM
(benchmarks/rss_probe.py says why not ru_maxrss); the import's is the sum of its own and its
catalogue reader's (db/catalogue_reader.py), which run side by side.

`python -m benchmarks.import_bench write SIZE FILE` writes the catalogue file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from benchmarks.catalogue_generator import CATEGORIES, catalogue_json, generate, title_queries
from benchmarks.common import (
    ChildRun,
    Figure,
    at_most,
    child_environment,
    run_module,
)

NAME = "4 import and memory"
# Issue 15's targets.
TARGET_IMPORT_SECONDS = 5.0
TARGET_IMPORT_RSS_MB = 250.0
TARGET_RSS_MB = 120.0
QUESTIONS = 300


def write_catalogue(size: int, path: Path) -> None:
    path.write_text(json.dumps(catalogue_json(generate(size)), ensure_ascii=False), "utf-8")


def _bot(work: Path, database: Path, *arguments: str, stdin: str | None = None) -> ChildRun:
    run = run_module(
        "bot",
        *arguments,
        cwd=work,  # not the repository: a developer's .env there must not apply
        env=child_environment(DATABASE_PATH=str(database), NEWS_SOURCE="none", LOG_LEVEL="WARNING"),
        stdin=stdin,
    )
    if run.returncode != 0:
        raise RuntimeError(f"python -m bot {' '.join(arguments)} failed: {run.stderr[-2000:]}")
    return run


def import_catalogue(work: Path, size: int) -> tuple[Path, ChildRun]:
    """The database holding `size` generated shows (and the shipped one), and the import run."""
    catalogue = work / f"catalogue-{size}.json"
    database = work / f"catalogue-{size}.sqlite3"
    for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    writer = run_module(
        "benchmarks.import_bench", "write", str(size), str(catalogue), env=child_environment()
    )
    if writer.returncode != 0:
        raise RuntimeError(f"writing the catalogue failed: {writer.stderr[-2000:]}")
    run = _bot(work, database, "import", str(catalogue))
    added = re.search(r"(\d+) shows added", run.stdout)
    if added is None or int(added.group(1)) != size:
        raise RuntimeError(f"the import did not add {size} shows: {run.stdout!r}")
    return database, run


def run(work: Path, size: int = 100_000) -> tuple[list[Figure], Path]:
    """Figures, and the imported database for the benchmarks that need one."""
    database, imported = import_catalogue(work, size)
    queries = title_queries(generate(size), QUESTIONS // len(CATEGORIES) + 1)[:QUESTIONS]
    questions = "".join(f"!release {query.text}\n" for query in queries)
    loaded = _bot(work, database, "console", stdin=questions)
    title = next(query.text for query in queries if query.category == "exact")
    if title.casefold() not in loaded.stdout.casefold():
        raise RuntimeError(f"the loaded bot did not answer about {title!r}: {loaded.stdout!r}")
    empty = work / "empty.sqlite3"
    for stale in (empty, Path(f"{empty}-wal"), Path(f"{empty}-shm")):
        stale.unlink(missing_ok=True)
    baseline = _bot(work, empty, "ask", "!release tiny pretty things")
    label = f"{size:,} shows"
    return [
        Figure(
            NAME,
            f"{label}: python -m bot import",
            imported.seconds,
            "s",
            f"<= {TARGET_IMPORT_SECONDS:g} s",
            at_most(imported.seconds, TARGET_IMPORT_SECONDS),
            "end to end: interpreter start, the file read by a second process, one transaction",
        ),
        Figure(
            NAME,
            f"{label}: peak RSS of the import",
            imported.peak_rss_mb,
            "MB",
            f"<= {TARGET_IMPORT_RSS_MB:g} MB",
            at_most(imported.peak_rss_mb, TARGET_IMPORT_RSS_MB),
            "the importing process and its catalogue reader together",
        ),
        Figure(
            NAME,
            f"{label}: peak RSS, bot with the catalogue loaded",
            loaded.peak_rss_mb,
            "MB",
            f"<= {TARGET_RSS_MB:g} MB",
            at_most(loaded.peak_rss_mb, TARGET_RSS_MB),
            f"fresh `python -m bot console` process: start-up, title index, {len(queries)} "
            "`!release` questions",
        ),
        Figure(
            NAME, "peak RSS, same bot on the shipped catalogue only", baseline.peak_rss_mb, "MB"
        ),
        Figure(
            NAME,
            f"{label}: console start to exit",
            loaded.seconds,
            "s",
            note=f"start-up with the index build, {len(queries)} commands, close",
        ),
    ], database


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "write":
        sys.exit("usage: python -m benchmarks.import_bench write SIZE FILE")
    write_catalogue(int(sys.argv[2]), Path(sys.argv[3]))
