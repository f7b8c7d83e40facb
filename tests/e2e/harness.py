"""The real bot as a user runs it (`python -m bot run`), pointed at the fake Discord.

Each bot is a child process with an environment built from scratch: only loopback URLs, no
proxy or developer settings inherited, a working directory without a `.env`, and the
loopback guard installed at interpreter start-up (see `guard/sitecustomize.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import os
import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from tests.e2e.fake_discord import OWNER_ID, FakeDiscord, eventually
from tests.e2e.loopback import GUARD_MARKER, assert_loopback_url

PROJECT = Path(__file__).parents[2]
GUARD_DIR = Path(__file__).parent / "guard"
SEED_CATALOGUE = PROJECT / "db" / "seed" / "catalogue.json"

# Generous: a loaded CI machine may take seconds to import discord.py and open the database.
READY_TIMEOUT = 45.0
EXIT_TIMEOUT = 30.0
LOG_TAIL = 4000


def bot_environment(
    *, api_base: str, gateway_url: str, database: Path, news_file: Path, token: str
) -> dict[str, str]:
    """Everything the bot process gets; asserts that every URL in it is loopback."""
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LANG": "C.UTF-8",
        # The guard first, so its sitecustomize runs before anything else; then the project.
        "PYTHONPATH": os.pathsep.join([str(GUARD_DIR), str(PROJECT)]),
        "PYTHONUNBUFFERED": "1",
        "DISCORD_TOKEN": token,
        "DATABASE_PATH": str(database),
        "DISCORD_API_BASE": api_base,
        "DISCORD_GATEWAY_URL": gateway_url,
        "NEWS_SOURCE": f"file:{news_file}",
        # Unused with a file source, but loopback all the same should that ever change.
        "TVMAZE_BASE_URL": api_base.rsplit("/api/", 1)[0] + "/tvmaze",
        "POLL_INTERVAL_MINUTES": "1",
        "OWNER_IDS": str(OWNER_ID),
        "LOG_LEVEL": "INFO",
    }
    for value in environment.values():
        if "://" in value:
            assert_loopback_url(value)
    return environment


@dataclass
class BotProcess:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    # Stopped or killed by the test: its exit is no reason to stop waiting on the others.
    ended_on_purpose: bool = False

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    def death(self) -> str | None:
        """Why waiting on this bot is pointless (it exited), with the end of its log."""
        if self.process.poll() is None:
            return None
        return f"{self.name} exited with status {self.process.returncode}:\n{self.tail()}"

    def tail(self) -> str:
        return self.log()[-LOG_TAIL:]

    async def wait_for_log(self, text: str, *, within: float = READY_TIMEOUT) -> None:
        await eventually(
            lambda: text in self.log(),
            within=within,
            what=f"{text!r} in the log of {self.name}",
            abort=self.death,
        )

    async def wait_exit(self, *, within: float = EXIT_TIMEOUT) -> int:
        def exited() -> int | None:
            return self.process.poll()

        try:
            return await eventually(exited, within=within, what=f"{self.name} to exit")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.tail()}") from None

    async def terminate(self, *, within: float = EXIT_TIMEOUT) -> int:
        """SIGTERM, as a service manager stops the bot; returns the exit status."""
        self.ended_on_purpose = True
        self.process.send_signal(signal.SIGTERM)
        return await self.wait_exit(within=within)

    def kill(self) -> None:
        """SIGKILL: the bot gets no chance to finish anything, as in a crash or power loss."""
        self.ended_on_purpose = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=EXIT_TIMEOUT)


@dataclass
class BotLauncher:
    """Starts bots on one database and one fake Discord; kills any left running at the end."""

    discord: FakeDiscord
    workdir: Path
    news_file: Path
    processes: list[BotProcess] = field(default_factory=list)
    # The one database every bot shares: DATABASE_PATH below by default; another backend is
    # this mapping alone (e.g. {"DATABASE_URL": "postgresql://127.0.0.1:…/…"}).
    database_settings: dict[str, str] = field(default_factory=dict)

    @property
    def database(self) -> Path:
        return self.workdir / "cliffhanger.sqlite3"

    @property
    def outbox(self) -> Path | str:
        """Where `delivery_rows` reads the shared outbox: the PostgreSQL URL, else the file."""
        return self.database_settings.get("DATABASE_URL") or self.database

    def environment(self, **overrides: str) -> dict[str, str]:
        environment = bot_environment(
            api_base=self.discord.api_base,
            gateway_url=self.discord.gateway_url,
            database=self.database,
            news_file=self.news_file,
            token=self.discord.token,
        )
        environment.update(self.database_settings)
        environment.update(overrides)
        for value in overrides.values():
            if "://" in value:
                assert_loopback_url(value)
        return environment

    def start(self, **overrides: str) -> BotProcess:
        name = f"bot #{len(self.processes) + 1}"
        log_path = self.workdir / f"bot-{len(self.processes) + 1}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                # No .env here: the bot reads only what this test gives it.
                cwd=self.workdir,
                env=self.environment(**overrides),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        bot = BotProcess(name, process, log_path)
        self.processes.append(bot)
        return bot

    async def start_ready(self, **overrides: str) -> BotProcess:
        """Start a bot and wait until it is logged in and has its guild (on_ready)."""
        bot = self.start(**overrides)
        await bot.wait_for_log("logged in as")
        return bot

    async def start_shards(
        self, count: int, *groups: str, only_first_polls: bool = False, **overrides: str
    ) -> list[BotProcess]:
        """One bot per group of shard ids (`"0-1"`, `"2,3"`), all with SHARD_COUNT=`count`,
        on the same fake Discord and database; waits until each has logged in.
        `only_first_polls`: the others get no news source, as processes sharing one SQLite
        file must not poll side by side (nothing there keeps two polls apart)."""
        started = []
        for index, group in enumerate(groups):
            quiet = {"NEWS_SOURCE": "none"} if only_first_polls and index else {}
            environment = {**overrides, **quiet}
            started.append(self.start(SHARD_COUNT=str(count), SHARD_IDS=group, **environment))
        for bot in started:
            await bot.wait_for_log("logged in as")
        return started

    def death(self) -> str | None:
        """Why waiting is pointless: a bot started here has exited (unless the test ended it)."""
        for bot in self.processes:
            if bot.ended_on_purpose:
                continue
            if (reason := bot.death()) is not None:
                return reason
        return None

    async def stop(self, bot: BotProcess) -> None:
        """SIGTERM, then what a clean stop means: status 0, no traceback, nothing leaked."""
        status = await bot.terminate()
        log = bot.log()
        assert status == 0, f"{bot.name} exited with {status} after SIGTERM:\n{bot.tail()}"
        assert_clean_log(log, self.discord.token)

    def kill_all(self) -> None:
        for bot in self.processes:
            with contextlib.suppress(Exception):
                bot.kill()


def assert_clean_log(log: str, token: str) -> None:
    assert "Traceback" not in log, log[-LOG_TAIL:]
    assert GUARD_MARKER not in log, "the bot tried to reach beyond 127.0.0.1:\n" + log[-LOG_TAIL:]
    assert token not in log, "the bot token appears in the log"


# ---------------------------------------------------------------------- the news source


def seed_show(title: str) -> dict[str, Any]:
    """A show exactly as the shipped catalogue has it: a source repeating it changes nothing."""
    catalogue = json.loads(SEED_CATALOGUE.read_text(encoding="utf-8"))
    return copy.deepcopy(next(show for show in catalogue["shows"] if show["title"] == title))


def renewed(show: dict[str, Any], *, date: str = "2026-11-20") -> dict[str, Any]:
    """The same show as a source reports it after a confirmed renewal."""
    fresh = copy.deepcopy(show)
    fresh["status"] = "renewed"
    fresh["news"] = [
        *fresh.get("news", []),
        {
            "date": date,
            "kind": "renewed",
            "text": f"Netflix renews {show['title']} for a second season.",
            "confidence": "confirmed",
            "source": "Netflix",
        },
    ]
    return fresh


def write_news(path: Path, *shows: dict[str, Any]) -> None:
    # Written whole and renamed, so a poll never reads half a file.
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"shows": list(shows)}), encoding="utf-8")
    partial.replace(path)


# ---------------------------------------------------------------------- the database


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: int
    channel_id: int | None
    state: str


OUTBOX_QUERY = "SELECT id, channel_id, state FROM deliveries ORDER BY id"


def delivery_rows(database: Path | str) -> list[DeliveryRow]:
    """The alert outbox, read after the bot has exited: a SQLite file, or a PostgreSQL URL."""
    if isinstance(database, str):
        # Called from a test's running event loop: asyncpg gets a loop and thread of its own.
        with ThreadPoolExecutor(1) as thread:
            rows = thread.submit(asyncio.run, _postgres_rows(database)).result()
    else:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            rows = connection.execute(OUTBOX_QUERY).fetchall()
    return [DeliveryRow(*row) for row in rows]


async def _postgres_rows(url: str) -> list[tuple[Any, ...]]:
    connection = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await connection.fetch(OUTBOX_QUERY)]
    finally:
        await connection.close()
