"""Benchmark 9: `!upcoming` through discord.py's dispatch on a large catalogue.

The real bot on the in-process Discord stand-in, as the serving benchmark runs `!release`: a
command is timed from the message being dispatched to every reply having been handed to
Discord's HTTP layer. The generated catalogue's seasons are all in the past, so before timing
a realistic calendar is added to it: seasons dated over the next year (about 250 a month),
seasons dated only loosely ("2027", "late 2027", a month), and next episodes of airing shows
over the next two weeks. Windows from two days to a year, with and without a platform.
"""

from __future__ import annotations

import datetime
import gc
import random
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Figure, StallMeter, at_most, milliseconds, percentile
from bot.local.console import local_bot
from bot.settings import Settings
from db.connection import Database

NAME = "9 upcoming"
TARGET_P99_MS = 15.0
REQUESTS = (
    "",
    "week",
    "month",
    "2 days",
    "90 days",
    "366 days",
    "week netflix",
    "month hbo",
    "90 days apple tv+",
    "month nowhere tv",
)


@dataclass(frozen=True, slots=True)
class Calendar:
    dated_seasons: int
    loose_seasons: int
    next_episodes: int


async def add_calendar(database_path: Path, *, seed: int = 9) -> Calendar:
    """Date a share of the catalogue's shows in the coming year, deterministically."""
    today = datetime.datetime.now(datetime.UTC).date()
    database = await Database.open(database_path)
    try:
        rows = await database.fetch_all(
            "SELECT shows.id, max(seasons.number) AS last FROM shows "
            "LEFT JOIN seasons ON seasons.show_id = shows.id GROUP BY shows.id ORDER BY shows.id"
        )
        shows = [(int(row[0]), int(row[1] or 0)) for row in rows]
        rng = random.Random(seed)
        # 3 % of shows dated over the year, 0.5 % loosely, 1.5 % with an episode due soon.
        picked = rng.sample(shows, min(len(shows), max(1, len(shows) * 5 // 100)))
        dated_count = len(picked) * 3 // 5
        loose_count = len(picked) // 10
        dated, loose, airing = (
            picked[:dated_count],
            picked[dated_count : dated_count + loose_count],
            picked[dated_count + loose_count :],
        )
        loose_forms = [
            (f"{today.year + 1}", "year"),
            (f"{today.year + 1}", "late"),
            (f"{today.year + 1}", "early"),
            ((today + datetime.timedelta(days=40)).strftime("%Y-%m"), "month"),
        ]
        async with database.transaction() as connection:
            await connection.executemany(
                "INSERT OR IGNORE INTO seasons (show_id, number, release_date, "
                "release_precision, confirmed) VALUES (?, ?, ?, 'day', 1)",
                [
                    (
                        show_id,
                        last + 1,
                        (today + datetime.timedelta(days=rng.randint(0, 365))).isoformat(),
                    )
                    for show_id, last in dated
                ],
            )
            await connection.executemany(
                "INSERT OR IGNORE INTO seasons (show_id, number, release_date, "
                "release_precision, confirmed) VALUES (?, ?, ?, ?, 1)",
                [(show_id, last + 1, *rng.choice(loose_forms)) for show_id, last in loose],
            )
            await connection.executemany(
                "UPDATE shows SET next_season = ?, next_number = ?, next_name = 'Next', "
                "next_date = ? WHERE id = ?",
                [
                    (
                        max(last, 1),
                        rng.randint(2, 10),
                        (today + datetime.timedelta(days=rng.randint(0, 14))).isoformat(),
                        show_id,
                    )
                    for show_id, last in airing
                ],
            )
        return Calendar(len(dated), len(loose), len(airing))
    finally:
        await database.close()


@dataclass(frozen=True, slots=True)
class UpcomingResult:
    shows: int
    calendar: Calendar
    timings: list[float]
    replies: int
    worst_stall: float


async def measure(database_path: Path, *, rounds: int = 30) -> UpcomingResult:
    calendar = await add_calendar(database_path)
    gc.collect()
    async with local_bot(Settings(database_path=database_path)) as (bot, transport):
        await bot.services.catalogue.ready()
        await transport.send("!upcoming")  # first-use costs: imports, caches
        timings: list[float] = []
        replies = 0
        async with StallMeter() as meter:
            for _ in range(rounds):
                for request in REQUESTS:
                    begun = time.perf_counter()
                    sent = await transport.send(f"!upcoming {request}".strip())
                    timings.append(time.perf_counter() - begun)
                    replies += bool(sent)
        return UpcomingResult(
            shows=len(bot.services.catalogue.index),
            calendar=calendar,
            timings=timings,
            replies=replies,
            worst_stall=meter.worst,
        )


def figures(result: UpcomingResult) -> list[Figure]:
    p99 = milliseconds(percentile(result.timings, 0.99))
    shows = f"{result.shows:,} shows"
    calendar = result.calendar
    return [
        Figure(
            NAME, f"{shows}: !upcoming p50", milliseconds(percentile(result.timings, 0.5)), "ms"
        ),
        Figure(
            NAME,
            f"{shows}: !upcoming p99",
            p99,
            "ms",
            f"<= {TARGET_P99_MS:g} ms",
            at_most(p99, TARGET_P99_MS),
            f"{len(result.timings)} commands, windows of 2 to 366 days with and without a "
            f"platform, {result.replies} answered; {calendar.dated_seasons:,} seasons dated in "
            f"the next year, {calendar.loose_seasons:,} loosely, {calendar.next_episodes:,} "
            "next episodes in the next two weeks",
        ),
        Figure(
            NAME,
            f"{shows}: longest stall while serving !upcoming",
            milliseconds(result.worst_stall),
            "ms",
        ),
    ]


async def run(database_path: Path, *, rounds: int = 30) -> list[Figure]:
    return figures(await measure(database_path, rounds=rounds))
