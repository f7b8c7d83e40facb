"""Benchmark 1: title resolution (TitleIndex.resolve) at several catalogue sizes.

Latency is the wall time of one resolve() call, measured on the fixed query set of
catalogue_generator.title_queries, and beside it the CPU time of the calling thread (on a
machine shared with other work, the wall time's tail is mostly the OS running something
else); accuracy is per category. "Found" means the index chose the
right show; "listed" that it asked "did you mean" with the right show among the choices, which
counts as right only where the query can't tell the show from its remake or near-duplicate;
"wrong" that it chose another show (the worst outcome); "missed" anything else.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.catalogue_generator import (
    CATEGORIES,
    FUZZY_CATEGORIES,
    TYPO_CATEGORIES,
    TitleQuery,
    generate,
    title_queries,
)
from benchmarks.common import Figure, at_least, at_most, milliseconds, percentile
from db.model.titles import Resolution, TitleIndex

NAME = "1 title resolution"
# Issue 15: p99 of every query kind at most 1 ms at 100,000 titles and 5 ms at 1,000,000;
# the typo set right at least 97 % of the time, never resolved to another show. The 100,000
# targets apply to the largest size up to 100,000 that runs (--quick runs 10,000).
TARGET_P99_MS = 1.0
TARGET_P99_MS_MILLION = 5.0
TARGET_TYPO_TOP1 = 0.97
TARGET_TYPO_WRONG = 0
MILLION = 1_000_000


def outcome(query: TitleQuery, resolution: Resolution) -> str:
    if resolution.show_id == query.expected:
        return "found"
    if resolution.show_id is not None:
        return "wrong"
    if resolution.ambiguous and any(c.show_id == query.expected for c in resolution.candidates):
        return "listed"
    return "missed"


def is_right(query: TitleQuery, result: str) -> bool:
    return result == "found" or (query.listed_ok and result == "listed")


@dataclass(frozen=True, slots=True)
class SizeResult:
    size: int
    build_seconds: float
    index_bytes: int  # by tracemalloc: what building the index allocated and kept
    latencies: dict[str, list[float]]  # seconds, per category
    cpu: list[float]  # seconds of this thread's CPU, every query
    outcomes: dict[str, Counter[str]]
    right: dict[str, int]

    def all_latencies(self, categories: Sequence[str] | None = None) -> list[float]:
        wanted = categories if categories is not None else list(self.latencies)
        return [value for category in wanted for value in self.latencies.get(category, [])]

    def share_right(self, categories: Sequence[str]) -> float:
        total = sum(sum(self.outcomes[c].values()) for c in categories if c in self.outcomes)
        right = sum(self.right.get(c, 0) for c in categories)
        return right / total if total else float("nan")


def measure_size(size: int, per_category: int) -> SizeResult:
    shows = generate(size)
    entries = [show.title_entry() for show in shows]
    # Memory from a build of its own: tracemalloc slows the build it watches about threefold.
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = TitleIndex(entries)
    gc.collect()
    index_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del index
    gc.collect()
    started = time.perf_counter()
    index = TitleIndex(entries)
    build_seconds = time.perf_counter() - started
    del entries
    queries = title_queries(shows, per_category)
    # The scan list is built by the first fuzzy query after a change; that one-off cost is
    # measured with the stalls (benchmark 3), not here.
    index.resolve("warm up the scan list")
    latencies: dict[str, list[float]] = {category: [] for category in CATEGORIES}
    cpu: list[float] = []
    outcomes: dict[str, Counter[str]] = {category: Counter() for category in CATEGORIES}
    right: Counter[str] = Counter()
    gc.collect()
    for query in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        resolution = index.resolve(query.text)
        latencies[query.category].append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
        result = outcome(query, resolution)
        outcomes[query.category][result] += 1
        right[query.category] += is_right(query, result)
    return SizeResult(size, build_seconds, index_bytes, latencies, cpu, outcomes, dict(right))


def run(sizes: Sequence[int] = (1_000, 10_000, 100_000), per_category: int = 300) -> list[Figure]:
    figures: list[Figure] = []
    largest: SizeResult | None = None
    for size in sizes:
        result = measure_size(size, per_category)
        largest = result
        every = result.all_latencies()
        fuzzy = result.all_latencies(FUZZY_CATEGORIES)
        label = f"{size:,} titles"
        is_largest = size == max(sizes)
        is_reference = size == max((s for s in sizes if s <= 100_000), default=None)
        p99_target = (
            TARGET_P99_MS if is_reference else TARGET_P99_MS_MILLION if size == MILLION else None
        )
        p99_all = milliseconds(percentile(every, 0.99))
        p99_fuzzy = milliseconds(percentile(fuzzy, 0.99))
        typo_right = result.share_right(TYPO_CATEGORIES)
        typo_wrong = sum(
            result.outcomes[c]["wrong"] for c in TYPO_CATEGORIES if c in result.outcomes
        )
        figures += [
            Figure(NAME, f"{label}: index build", result.build_seconds, "s"),
            Figure(
                NAME,
                f"{label}: index memory (tracemalloc)",
                round(result.index_bytes / 1e6, 1),
                "MB",
                note="what the build allocated and kept: not the title records given to it"
                if is_largest
                else "",
            ),
            Figure(NAME, f"{label}: p50, all queries", milliseconds(percentile(every, 0.5)), "ms"),
            Figure(
                NAME,
                f"{label}: p99, all queries",
                p99_all,
                "ms",
                f"<= {p99_target:g} ms" if p99_target else "",
                at_most(p99_all, p99_target) if p99_target else None,
            ),
            Figure(
                NAME,
                f"{label}: p99, all queries, CPU time",
                milliseconds(percentile(result.cpu, 0.99)),
                "ms",
                note="the resolving thread's CPU time: what the wall time's p99 is, less the "
                "OS running other work meanwhile"
                if is_largest
                else "",
            ),
            Figure(NAME, f"{label}: p50, fuzzy path", milliseconds(percentile(fuzzy, 0.5)), "ms"),
            Figure(
                NAME,
                f"{label}: p99, fuzzy path",
                p99_fuzzy,
                "ms",
                f"<= {p99_target:g} ms" if p99_target else "",
                at_most(p99_fuzzy, p99_target) if p99_target else None,
                "queries that miss every exact lookup and scan the catalogue "
                f"({', '.join(FUZZY_CATEGORIES)})"
                if is_largest
                else "",
            ),
            Figure(
                NAME,
                f"{label}: top-1 on the typo set",
                round(100 * typo_right, 1),
                "%",
                f">= {100 * TARGET_TYPO_TOP1:g} %" if is_reference else "",
                at_least(typo_right, TARGET_TYPO_TOP1) if is_reference else None,
            ),
            Figure(
                NAME,
                f"{label}: typo set resolved to a wrong show",
                typo_wrong,
                "",
                f"= {TARGET_TYPO_WRONG}" if is_reference else "",
                typo_wrong == TARGET_TYPO_WRONG if is_reference else None,
            ),
            Figure(
                NAME,
                f"{label}: right, all categories",
                round(100 * result.share_right(CATEGORIES), 1),
                "%",
            ),
        ]
    if largest is not None:
        for category in CATEGORIES:
            counts = largest.outcomes[category]
            total = sum(counts.values())
            if not total:
                continue
            detail = ", ".join(f"{name} {counts[name]}" for name in sorted(counts))
            p99 = milliseconds(percentile(largest.latencies[category], 0.99))
            figures.append(
                Figure(
                    NAME,
                    f"{largest.size:,}: {category}",
                    f"{100 * largest.right.get(category, 0) / total:.1f} % right",
                    note=f"{total} queries: {detail}; p99 {p99:.2f} ms",
                )
            )
    return figures
