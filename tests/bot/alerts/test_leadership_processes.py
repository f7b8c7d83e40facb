"""Several real processes on one database, on each engine: each poll interval, one of them
polls the news source, never two; a leader killed with SIGKILL is replaced within one interval."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from db.backends import open_database
from tests.feed_server import FeedServer, rss, serve
from tests.postgres import ENGINES, postgres_database_url

INTERVAL = 0.3
# What a tick may run late on a loaded machine, on top of its interval.
SLACK = 2.0
ROOT = Path(__file__).resolve().parents[3]


class Process:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.ticks: list[tuple[str, float]] = []

    async def next_tick(self) -> tuple[str, float]:
        assert self.process.stdout is not None
        async with asyncio.timeout(30):
            line = (await self.process.stdout.readline()).decode().split()
        assert line, "the process ended"
        tick = (line[0], float(line[1]))
        self.ticks.append(tick)
        return tick

    async def rest(self) -> None:
        """The ticks it printed before it ended."""
        assert self.process.stdout is not None
        async with asyncio.timeout(30):
            remaining = (await self.process.stdout.read()).decode().splitlines()
        self.ticks.extend((kind, float(when)) for kind, when in map(str.split, remaining))


@pytest.fixture(params=ENGINES)
async def environment(
    request: pytest.FixtureRequest, tmp_path: Path, feed_server: FeedServer
) -> AsyncIterator[dict[str, str]]:
    feed_server.routes["/news.xml"] = serve(rss())
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_PATH": str(tmp_path / "shared.sqlite3"),
        "NEWS_SOURCE": "feeds",
        "NEWS_FEEDS": f"{feed_server.url}/news.xml",
        "LOG_LEVEL": "WARNING",
    }
    if request.param == "postgresql":
        async with postgres_database_url(request) as url:
            yield environment | {"DATABASE_URL": url}
        return
    # Created before the processes start, so that they don't both create it at once.
    database = await open_database(environment["DATABASE_PATH"])
    await database.close()
    yield environment


@pytest.fixture
async def processes(environment: dict[str, str]) -> AsyncIterator[list[Process]]:
    started = []
    for _ in range(2):
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.leader_process",
            str(INTERVAL),
            cwd=ROOT,
            env=environment,
            stdout=asyncio.subprocess.PIPE,
        )
        started.append(Process(process))
    try:
        for each in started:
            assert each.process.stdout is not None
            async with asyncio.timeout(60):
                assert await each.process.stdout.readline() == b"started\n"
        yield started
    finally:
        for each in started:
            if each.process.returncode is None:
                each.process.kill()
            await each.process.wait()


async def test_of_two_processes_one_polls_each_interval(
    processes: list[Process], feed_server: FeedServer
) -> None:
    for _ in range(5):
        await asyncio.gather(*(each.next_tick() for each in processes))
    for each in processes:
        each.process.kill()
    for each in processes:
        await each.rest()
    led = [sum(kind == "led" for kind, _ in each.ticks) for each in processes]
    assert min(led) == 0
    assert max(led) >= 5
    # Only the leader's polls reached the feed (one more when it was killed mid-poll).
    assert max(led) <= len(feed_server.requests) <= max(led) + 1


async def test_a_killed_leader_is_replaced_within_one_interval(processes: list[Process]) -> None:
    first = await asyncio.gather(*(each.next_tick() for each in processes))
    leader, follower = processes if first[0][0] == "led" else processes[::-1]
    leader.process.send_signal(signal.SIGKILL)
    await leader.process.wait()
    killed = time.monotonic()
    while (tick := await follower.next_tick())[0] != "led":
        assert tick[1] < killed + INTERVAL + SLACK, "the follower never took over"
    assert tick[1] < killed + INTERVAL + SLACK
