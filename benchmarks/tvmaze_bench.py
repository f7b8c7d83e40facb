"""Benchmark 5: a TVmaze poll over N tracked shows, k of them changed.

The real bot with NEWS_SOURCE=tvmaze (bot.tvmaze, its client and rate limiter unchanged),
pointed at a TVmaze stand-in on 127.0.0.1 (aiohttp) serving `/updates/shows` for all N shows
and `/shows/{id}` records shaped like the recorded responses in tests/fixtures/tvmaze. The
catalogue is in the state a poll leaves it in: every show carries the TVmaze update time it
was built from, and the poll state says how far back updates were read. k shows then change
on TVmaze, and one poll runs through NewsService.poll, as the scheduler would run it.

The naive approach (one request per tracked show) is not run: its time under the same rate
limit follows from the limit (a sliding window of CALLS_PER_PERIOD per PERIOD_SECONDS).
"""

from __future__ import annotations

import collections
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from benchmarks.catalogue_generator import SyntheticShow, generate
from benchmarks.common import REPO, Figure, serve_on_loopback
from bot.local.console import local_bot
from bot.settings import NewsSource, Settings
from bot.sources.tvmaze.client import CALLS_PER_PERIOD, PERIOD_SECONDS
from bot.sources.tvmaze.mapping import MARKER_KEY
from bot.sources.tvmaze.source import DatabaseStateStore, PollState
from db.connection import Database
from db.meta import MetaRepository
from db.model.catalogue_format import parse_catalogue
from db.shows import ShowRepository, seed_if_new

NAME = "5 TVmaze poll"
TEMPLATE = REPO / "tests" / "fixtures" / "tvmaze" / "show_1_under_the_dome_2026.json"
STORED_AT = 1_760_000_000  # the update time every show was last built from
CHANGED_AT = STORED_AT + 86_400


@dataclass
class FakeTVmaze:
    """`/updates/shows` and `/shows/{id}` for the generated catalogue; counts requests."""

    shows: dict[int, SyntheticShow]  # by TVmaze id
    changed: set[int]
    requests: collections.Counter[str] = field(default_factory=collections.Counter)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/updates/shows", self._updates)
        app.router.add_get("/shows/{id}", self._show)
        return app

    @staticmethod
    def _json(body: Any, status: int = 200) -> web.Response:
        return web.Response(
            body=json.dumps(body).encode(),
            status=status,
            headers={"Content-Type": "application/json"},
        )

    def stamp(self, tvmaze_id: int) -> int:
        return CHANGED_AT if tvmaze_id in self.changed else STORED_AT

    async def _updates(self, request: web.Request) -> web.StreamResponse:
        self.requests["/updates/shows"] += 1
        return self._json({str(tvmaze_id): self.stamp(tvmaze_id) for tvmaze_id in self.shows})

    async def _show(self, request: web.Request) -> web.StreamResponse:
        self.requests["/shows/{id}"] += 1
        tvmaze_id = int(request.match_info["id"])
        show = self.shows.get(tvmaze_id)
        if show is None:
            return self._json({"name": "Not Found", "status": 404}, 404)
        return self._json(self.record(show))

    def record(self, show: SyntheticShow) -> dict[str, Any]:
        """A TVmaze show record: the recorded shape, this show's facts; a changed show has
        ended, with its seasons embedded."""
        record = json.loads(TEMPLATE.read_text(encoding="utf-8"))
        changed = show.tvmaze_id in self.changed
        catalogue = show.catalogue_record()
        record.update(
            id=show.tvmaze_id,
            url=f"https://www.tvmaze.com/shows/{show.tvmaze_id}/x",
            name=show.title,
            premiered=catalogue["premiered"],
            status="Ended" if changed else "Running",
            ended="2025-01-31" if changed else None,
            updated=self.stamp(show.tvmaze_id),
        )
        record["_embedded"] = {
            "seasons": [
                {
                    "id": show.tvmaze_id * 100 + season["number"],
                    "number": season["number"],
                    "episodeOrder": season["episodes"],
                    "premiereDate": season["release_date"],
                }
                for season in catalogue["seasons"]
            ]
        }
        return record


async def prepare(work: Path, shows: Sequence[SyntheticShow]) -> Path:
    """A catalogue of `shows`, each as last built from TVmaze at STORED_AT, and a poll state
    that has read updates up to an hour ago: the state polls keep it in."""
    database = work / f"tvmaze-{len(shows)}.sqlite3"
    for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    records = []
    for show in shows:
        record = show.catalogue_record()
        record["status"] = "airing"
        record.pop("news", None)
        record[MARKER_KEY] = STORED_AT  # unknown keys are kept as the show's extra
        records.append(record)
    catalogue = parse_catalogue({"shows": records}, origin="benchmark")
    db = await Database.open(database)
    try:
        await seed_if_new(db)
        await ShowRepository(db).import_catalogue(catalogue)
        state = PollState(covered_since=time.time() - 3_600)
        await DatabaseStateStore(MetaRepository(db)).save(state.text())
    finally:
        await db.close()
    return database


def naive_seconds(requests: int) -> float:
    """How long `requests` calls take under the client's sliding-window limit."""
    return math.floor((requests - 1) / CALLS_PER_PERIOD) * PERIOD_SECONDS if requests else 0.0


@dataclass(frozen=True, slots=True)
class PollFigures:
    tracked: int
    changed: int
    requests: int
    served: int
    seconds: float
    tracked_seconds: float
    changes: int
    error: str | None


async def poll_once(work: Path, tracked: int, changed: int) -> PollFigures:
    shows = generate(tracked)
    database = await prepare(work, shows)
    fake = FakeTVmaze(
        shows={show.tvmaze_id: show for show in shows},
        changed={show.tvmaze_id for show in shows[:: max(1, tracked // changed)][:changed]},
    )
    runner, url = await serve_on_loopback(fake.app())
    settings = Settings(
        database_path=database, news_sources=(NewsSource("tvmaze"),), tvmaze_base_url=url
    )
    try:
        async with local_bot(settings) as (bot, _):
            source: Any = bot.services.news.sources[0]
            begun = time.perf_counter()
            await source._tracked()  # what every poll reads first: every tracked show
            tracked_seconds = time.perf_counter() - begun
            fake.requests.clear()
            begun = time.perf_counter()
            result = await bot.services.news.poll()
            seconds = time.perf_counter() - begun
    finally:
        await runner.cleanup()
    return PollFigures(
        tracked=tracked,
        changed=changed,
        requests=result.requests,
        served=sum(fake.requests.values()),
        seconds=seconds,
        tracked_seconds=tracked_seconds,
        changes=len(result.changes),
        error=result.error,
    )


def figures(result: PollFigures) -> list[Figure]:
    label = f"N={result.tracked:,}, k={result.changed}"
    expected = 1 + result.changed
    naive = naive_seconds(result.tracked)
    return [
        Figure(
            NAME,
            f"{label}: requests per poll",
            result.requests,
            "",
            f"= 1 + k = {expected}",
            result.requests == expected and result.served == expected,
            f"the stand-in served {result.served}; the naive way: {result.tracked:,} requests"
            + (f"; poll error: {result.error}" if result.error else ""),
        ),
        Figure(
            NAME,
            f"{label}: poll time under the client's rate limit",
            result.seconds,
            "s",
            note=f"{result.changes} changes applied; listing the {result.tracked:,} tracked "
            f"shows (one query) took {result.tracked_seconds:.2f} s",
        ),
        Figure(
            NAME,
            f"{label}: naive poll time (computed)",
            naive,
            "s",
            note=f"{result.tracked:,} requests at {CALLS_PER_PERIOD} per {PERIOD_SECONDS:g} s",
        ),
    ]


async def run(
    work: Path, sizes: Sequence[int] = (1_000, 10_000), changed: Sequence[int] = (10, 50)
) -> list[Figure]:
    results: list[Figure] = []
    for size in sizes:
        for count in changed:
            if count >= size:
                continue
            results += figures(await poll_once(work, size, count))
    return results
