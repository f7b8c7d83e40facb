"""Benchmark 4: importing a generated catalogue, and the memory of a bot that has it loaded.

Both run the real command line in fresh processes, so nothing else this run did is counted:
`python -m bot import FILE.json` (timed end to end, interpreter start included), then
`python -m bot ask "!release …"` on the imported database, whose peak RSS (the child's own
ru_maxrss, from wait4) is that of a bot holding the whole catalogue and its title index. The
same `ask` on a database with only the shipped catalogue gives the baseline. Peak memory is
each program's own VmHWM (benchmarks/rss_probe.py says why not ru_maxrss).

`python -m benchmarks.import_bench write SIZE FILE` writes the catalogue file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from benchmarks.catalogue_generator import catalogue_json, generate
from benchmarks.common import (
    ChildRun,
    Figure,
    at_most,
    child_environment,
    run_module,
)

NAME = "4 import and memory"
TARGET_IMPORT_SECONDS = 30.0
TARGET_RSS_MB = 200.0


def write_catalogue(size: int, path: Path) -> None:
    path.write_text(json.dumps(catalogue_json(generate(size)), ensure_ascii=False), "utf-8")


def _bot(work: Path, database: Path, *arguments: str) -> ChildRun:
    run = run_module(
        "bot",
        *arguments,
        cwd=work,  # not the repository: a developer's .env there must not apply
        env=child_environment(DATABASE_PATH=str(database), NEWS_SOURCE="none", LOG_LEVEL="WARNING"),
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
    title = generate(1)[0].title
    loaded = _bot(work, database, "ask", f"!release {title}")
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
            "end to end: interpreter start, JSON parse and validation, one transaction",
        ),
        Figure(NAME, f"{label}: peak RSS of the import", imported.peak_rss_mb, "MB"),
        Figure(
            NAME,
            f"{label}: peak RSS, bot with the catalogue loaded",
            loaded.peak_rss_mb,
            "MB",
            f"<= {TARGET_RSS_MB:g} MB",
            at_most(loaded.peak_rss_mb, TARGET_RSS_MB),
            "fresh `python -m bot ask` process: start-up, title index, one command",
        ),
        Figure(
            NAME, "peak RSS, same bot on the shipped catalogue only", baseline.peak_rss_mb, "MB"
        ),
        Figure(
            NAME,
            f"{label}: `ask` start to exit",
            loaded.seconds,
            "s",
            note="start-up with the index build, one command, close",
        ),
    ], database


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "write":
        sys.exit("usage: python -m benchmarks.import_bench write SIZE FILE")
    write_catalogue(int(sys.argv[2]), Path(sys.argv[3]))
