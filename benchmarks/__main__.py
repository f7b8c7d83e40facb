"""`python -m benchmarks` (what `make bench` runs): every benchmark, a table, and a JSON file.

python -m benchmarks                   # the full sizes; several minutes
python -m benchmarks --quick           # 10,000 shows instead of 100,000, smaller fan-out
python -m benchmarks --only titles import
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    fanout_bench,
    headlines_bench,
    import_bench,
    postgres_bench,
    questions_bench,
    serving_bench,
    titles_bench,
    tvmaze_bench,
    upcoming_bench,
)
from benchmarks.common import REPO, Figure, figures_json, format_table

BENCHMARKS = (
    "titles",
    "import",
    "serving",
    "upcoming",
    "tvmaze",
    "fanout",
    "headlines",
    "questions",
    "postgres",
)
DEFAULT_JSON = REPO / "benchmarks" / "results.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a quick look")
    parser.add_argument(
        "--million",
        action="store_true",
        help="title resolution and memory at 1,000,000 titles too (generating them alone: ~40 s)",
    )
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write figures")
    parser.add_argument("--work", type=Path, help="keep generated files here (default: temp)")
    options = parser.parse_args(argv)

    catalogue_size = 10_000 if options.quick else 100_000
    title_sizes = (1_000, 10_000) if options.quick else (1_000, 10_000, 100_000)
    if options.million:
        title_sizes = (*title_sizes, 1_000_000)
    fanout_channels = 1_000 if options.quick else 10_000
    tvmaze_sizes = (1_000,) if options.quick else (1_000, 10_000)

    figures: list[Figure] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cliffhanger-bench-") as temporary:
        work = options.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        database: Path | None = None

        def step(name: str, action: Callable[[], list[Figure]]) -> None:
            if name not in options.only:
                return
            print(f"running {name}…", file=sys.stderr, flush=True)
            begun = time.perf_counter()
            figures.extend(action())
            print(f"  {name} took {time.perf_counter() - begun:.0f} s", file=sys.stderr)

        step("titles", lambda: titles_bench.run(title_sizes))

        def imported() -> list[Figure]:
            nonlocal database
            results, database = import_bench.run(work, catalogue_size)
            return results

        step("import", imported)

        def serving() -> list[Figure]:
            nonlocal database
            if database is None:
                database, _ = import_bench.import_catalogue(work, catalogue_size)
            return asyncio.run(serving_bench.run(database, catalogue_size))

        step("serving", serving)

        def upcoming() -> list[Figure]:
            nonlocal database
            if database is None:
                database, _ = import_bench.import_catalogue(work, catalogue_size)
            # It dates a share of the shows in the coming year: the others ran before it.
            return asyncio.run(upcoming_bench.run(database))

        step("upcoming", upcoming)
        step("tvmaze", lambda: asyncio.run(tvmaze_bench.run(work, tvmaze_sizes)))
        step("fanout", lambda: fanout_bench.run(work, fanout_channels))
        step("headlines", lambda: headlines_bench.run(10_000))
        step("questions", questions_bench.run)
        step("postgres", lambda: postgres_bench.run(work, catalogue_size, fanout_channels))

    elapsed = time.perf_counter() - started
    print(format_table(figures))
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    options.json.write_text(
        figures_json(
            figures,
            {
                "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "quick": options.quick,
                "seconds": round(elapsed, 1),
                "machine": machine,
            },
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\n{len(figures)} figures in {elapsed:.0f} s; written to {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
