"""Benchmark 6: one alert fanned out to many channels, or to many people's DMs as reminders,
under Discord's rate limits. One piece of code for both, parameterised by the recipient kind:
a reminder DM costs two requests (opening the DM, then the message), a channel alert one.

What it checks is the bot's one request budget (bot/budget.py): the largest number of
requests (of every kind, both runs, the restart in between) that reached "Discord" in any one
second must stay within Discord's 50 (the budget, 48, counts them as they leave; the other two
are the margin for the network's jitter), the budget must be used (at least 90 % of it while
the backlog lasts), and Discord must never need to answer a global 429.

The parent process runs a small Discord REST emulator on 127.0.0.1 (aiohttp) that enforces
the limits a bot meets when posting messages: 50 requests per second for the whole bot and 5
messages per 5 s per channel, answering 429
exactly as Discord does (JSON body with retry_after and global, X-RateLimit-* headers, a Via
header so discord.py does not take it for a Cloudflare ban). It records every message it
accepts. Discord does not document how its global window moves: "fixed" (the default) opens a
new one-second window at the first request after the last one closed, as its per-route buckets
do; "sliding" allows 50 in any second, the strictest reading, under which a bot that only
learns of the limit from 429s (discord.py keeps no global budget of its own) meets many more
of them: the benchmark counts them, and runs the strictest reading too.

The bot runs in a child process: the real Cliffhanger and its DeliveryWorker on the in-process
stand-in for the gateway state (guild and channels), except that message sends and channel
history go over HTTP through discord.py's own HTTPClient.request, so discord.py's rate-limit
handling is what meets the 429s, as it would on Discord.

The child is SIGKILLed by the emulator itself half way, right after a message is accepted and
before its response is sent (the worst moment: sent, but not known to be), then started again
on the same database to finish. Every channel must end with exactly one alert.

    python -m benchmarks.fanout_bench worker DATABASE API_URL RECIPIENTS [channel|user]
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from discord.http import HTTPClient, Route

from benchmarks.common import (
    Figure,
    at_least,
    child_environment,
    last_json_line,
    python_command,
    serve_on_loopback,
)
from bot.app.client import Cliffhanger
from bot.budget import SLACK_SECONDS, WINDOW_SECONDS
from bot.local.stand_in import GUILD_ID, LocalDiscord, bot_message_payload, bot_user_payload
from bot.settings import DEFAULT_REQUESTS_PER_SECOND, Settings
from db.connection import Database
from db.deliveries import DeliveryRepository
from db.model.news import Changed, ChangeDetails, NewsChange
from db.model.shards import Shards
from db.model.shows import NewsEntry, PartialDate
from db.news import NewsRepository
from db.shows import seed_if_new

NAME = "6 alert fan-out"
DM_NAME = "6 reminder DM fan-out"
RECIPIENT_KINDS = ("channel", "user")
FIRST_USER_ID = 1_500_000_000_000_000_000
GLOBAL_PER_SECOND = 50
BUDGET = DEFAULT_REQUESTS_PER_SECOND  # what the bot is configured to use of Discord's 50
CHANNEL_MESSAGES = 5
CHANNEL_PERIOD = 5.0
TARGET_SHARE = 0.90
FIRST_CHANNEL_ID = 1_400_000_000_000_000_000
DISCORD_EPOCH_MS = 1_420_070_400_000
API_PREFIX = "/api/v10"


# --------------------------------------------------------------------------- the emulator


@dataclass
class Accepted:
    channel_id: int
    run: int
    at: float  # time.monotonic()
    footer: str


@dataclass
class DiscordEmulator:
    """Discord's REST API as far as posting and reading messages goes, with its limits."""

    global_per_second: int = GLOBAL_PER_SECOND
    window: str = "fixed"  # or "sliding"; see the module's docstring
    channel_messages: int = CHANNEL_MESSAGES
    channel_period: float = CHANNEL_PERIOD
    kill_after: int | None = None  # SIGKILL the bot after this many accepted messages
    bot_pid: int | None = None
    run: int = 1
    accepted: list[Accepted] = field(default_factory=list)
    history: dict[int, list[dict[str, Any]]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    global_429: int = 0
    channel_429: int = 0
    requests: int = 0
    arrivals: list[tuple[int, float]] = field(default_factory=list)  # run, time.monotonic()
    killed: bool = False
    _recent: collections.deque[float] = field(default_factory=collections.deque)
    _global_window: tuple[float, int] = (0.0, 0)  # start, count
    _windows: dict[int, tuple[float, int]] = field(default_factory=dict)  # start, count
    _ids: int = 0
    # DM channels opened: user -> channel, and channel -> user.
    dm_channels: dict[int, int] = field(default_factory=dict)
    dm_owners: dict[int, int] = field(default_factory=dict)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", API_PREFIX + "/channels/{channel_id}/messages", self._messages)
        app.router.add_route("POST", API_PREFIX + "/users/@me/channels", self._open_dm)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        return app

    def _json(
        self, body: Any, status: int = 200, headers: dict[str, str] | None = None
    ) -> web.Response:
        # Exactly application/json: discord.py parses nothing else as JSON.
        return web.Response(
            body=json.dumps(body).encode(),
            status=status,
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    def _global_wait(self, now: float) -> float:
        """0 when a request may go now (and counts it), else how long until one may."""
        if self.window == "sliding":
            while self._recent and self._recent[0] <= now - 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.global_per_second:
                return self._recent[0] + 1.0 - now
            self._recent.append(now)
            return 0.0
        start, count = self._global_window
        if now - start >= 1.0:
            start, count = now, 0
        if count >= self.global_per_second:
            return start + 1.0 - now
        self._global_window = (start, count + 1)
        return 0.0

    def _rate_limited(self, retry_after: float, *, is_global: bool) -> web.Response:
        headers = {
            "Retry-After": str(max(1, round(retry_after + 0.5))),
            "Via": "1.1 google",
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {
            "message": "You are being rate limited.",
            "retry_after": round(retry_after, 3),
            "global": is_global,
        }
        return self._json(body, 429, headers)

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        now = time.monotonic()
        self.arrivals.append((self.run, now))
        wait = self._global_wait(now)
        if wait > 0:
            self.global_429 += 1
            return self._rate_limited(wait, is_global=True)
        channel_id = int(request.match_info["channel_id"])
        if request.method == "GET":
            limit = int(request.query.get("limit", "50"))
            return self._json(list(reversed(self.history[channel_id]))[:limit])
        if request.method != "POST":
            return self._json({"message": "405: Method Not Allowed", "code": 0}, 405)
        start, count = self._windows.get(channel_id, (now, 0))
        if now - start >= self.channel_period:
            start, count = now, 0
        if count >= self.channel_messages:
            self.channel_429 += 1
            return self._rate_limited(start + self.channel_period - now, is_global=False)
        self._windows[channel_id] = (start, count + 1)
        payload = await request.json()
        message = self._message(channel_id, payload)
        self.history[channel_id].append(message)
        footer = next(
            (embed.get("footer", {}).get("text", "") for embed in payload.get("embeds") or []),
            "",
        )
        self.accepted.append(Accepted(channel_id, self.run, now, footer))
        if len(self.accepted) == self.kill_after and self.bot_pid is not None:
            # Accepted, and the bot dies before it hears so.
            os.kill(self.bot_pid, signal.SIGKILL)
            self.killed = True
        reset_after = start + self.channel_period - now
        return self._json(
            message,
            headers={
                "X-RateLimit-Limit": str(self.channel_messages),
                "X-RateLimit-Remaining": str(self.channel_messages - count - 1),
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                "X-RateLimit-Bucket": "channel-messages",
            },
        )

    async def _open_dm(self, request: web.Request) -> web.StreamResponse:
        """Create DM: counts against the global limit like any request; the same person
        gets the same channel each time, as on Discord."""
        self.requests += 1
        now = time.monotonic()
        self.arrivals.append((self.run, now))
        wait = self._global_wait(now)
        if wait > 0:
            self.global_429 += 1
            return self._rate_limited(wait, is_global=True)
        user_id = int((await request.json())["recipient_id"])
        if user_id not in self.dm_channels:
            self._ids += 1
            channel_id = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + self._ids
            self.dm_channels[user_id] = channel_id
            self.dm_owners[channel_id] = user_id
        recipient = {
            "id": str(user_id),
            "username": f"fan{user_id % 100_000}",
            "global_name": None,
            "discriminator": "0",
            "avatar": None,
        }
        return self._json(
            {
                "id": str(self.dm_channels[user_id]),
                "type": 1,
                "recipients": [recipient],
                "last_message_id": None,
                "flags": 0,
            }
        )

    def recipient_of(self, channel_id: int) -> int:
        """Who a message reached: its channel, or the person whose DM channel it is."""
        return self.dm_owners.get(channel_id, channel_id)

    async def _unknown(self, request: web.Request) -> web.StreamResponse:
        return self._json({"message": "404: Not Found", "code": 0}, 404)

    def _message(self, channel_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        self._ids += 1
        snowflake = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + self._ids
        return bot_message_payload(snowflake, channel_id, payload)


# --------------------------------------------------------------------------- the bot side


class NetworkedDiscord(LocalDiscord):
    """The local stand-in, except that messages (posts and history) go over HTTP through
    discord.py's own client, rate-limit handling included."""

    async def _request(self, route: Route, **kwargs: Any) -> Any:
        if route.path in ("/channels/{channel_id}/messages", "/users/@me/channels"):
            return await HTTPClient.request(self.bot.http, route, **kwargs)
        if route.method == "GET" and route.path == "/users/@me":
            return bot_user_payload()
        return await super()._request(route, **kwargs)


async def worker(
    database: Path,
    api_url: str,
    channels: int,
    kind: str = "channel",
    *,
    database_url: str | None = None,
    shards: Shards | None = None,
    lease: datetime.timedelta | None = None,
) -> dict[str, Any]:
    """Deliver everything due, as the bot's delivery job does, until nothing is left; with
    `shards`, only their channels' alerts, at their share of the budget, as one of several
    processes on the PostgreSQL database at `database_url`."""
    # Routes take their base URL when made: point them at the emulator before any is.
    Route.BASE = api_url + API_PREFIX
    budget = BUDGET if shards is None else shards.share_of(BUDGET)
    settings = Settings(
        database_path=database, database_url=database_url, requests_per_second=budget
    )
    bot = Cliffhanger(settings, local=True)
    # A local bot serves every shard (it has one guild); this one stands for a process
    # that serves some.
    bot.own_shards = shards
    transport = NetworkedDiscord(bot)
    try:
        await bot._async_setup_hook()
        transport.install()
        # Opens discord.py's HTTP session the ordinary way (its GET /users/@me is answered
        # by the stand-in).
        await bot.http.static_login("benchmark-token")
        await bot.setup_hook()
        if lease is not None:
            # Shorter than the bot's, so that a tiny run's dead claims pass on in seconds.
            bot.services.deliveries.deliveries = DeliveryRepository(
                bot.services.database,
                owner=None if shards is None else shards.describe(),
                lease=lease,
            )
        if kind == "channel":
            for number in range(channels):
                transport.add_channel(FIRST_CHANNEL_ID + number, f"alerts-{number}")
        totals = collections.Counter[str]()
        while True:
            result = await bot.services.deliveries.drain()
            totals.update(
                delivered=result.delivered,
                retried=result.retried,
                failed=result.failed,
                paused=result.paused,
            )
            backlog = await bot.services.deliveries.deliveries.backlog()
            if backlog.pending + backlog.sending == 0:
                break
            next_due = await bot.services.deliveries.deliveries.next_due_at()
            wait = 1.0
            if next_due is not None:
                wait = (next_due - datetime.datetime.now(datetime.UTC)).total_seconds()
            await asyncio.sleep(min(max(wait, 0.05), 60.0))
        return dict(totals)
    finally:
        await bot.close()


# --------------------------------------------------------------------------- the run


async def prepare(database: Path, channels: int, kind: str = "channel") -> int:
    """A database with `channels` recipients and one alert queued for each of them: channels
    following every show, or people with a reminder for the show; returns the event id."""
    for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    db = await Database.open(database)
    try:
        return await queue_alerts(db, channels, kind)
    finally:
        await db.close()


async def queue_alerts(
    db: Database, channels: int, kind: str = "channel", guild_of: Callable[[int], int] | None = None
) -> int:
    """On an open database of either engine: `prepare`'s recipients and alert; channel number
    n is in guild `guild_of(n)` (one guild unless said), so several shards can share them."""
    await seed_if_new(db)
    row = await db.fetch_one("SELECT id, title FROM shows ORDER BY id LIMIT 1")
    assert row is not None
    async with db.transaction() as connection:
        if kind == "channel":
            await connection.executemany(
                "INSERT INTO subscriptions (guild_id, channel_id, show_id, kinds, role_id, "
                "created_by) VALUES (?, ?, NULL, '[]', NULL, 1)",
                [
                    (GUILD_ID if guild_of is None else guild_of(number), FIRST_CHANNEL_ID + number)
                    for number in range(channels)
                ],
            )
        else:
            await connection.executemany(
                "INSERT INTO reminders (user_id, show_id) VALUES (?, ?)",
                [(FIRST_USER_ID + number, row["id"]) for number in range(channels)],
            )
    today = datetime.datetime.now(datetime.UTC).date()
    change = NewsChange(
        entry=NewsEntry(
            date=PartialDate.parse(today.isoformat()),
            kind="renewed",
            text=f"{row['title']} is renewed for another season",
            confidence="confirmed",
            source="Benchmark",
        ),
        author="source:benchmark",
        details=ChangeDetails(Changed.STATUS, from_status="airing", to_status="renewed"),
    )
    (event_id,) = await NewsRepository(db).record(row["id"], [change])
    queued = await db.fetch_one("SELECT count(*) FROM deliveries")
    assert queued is not None
    assert queued[0] == channels, f"{queued[0]} deliveries queued for {channels} channels"
    return int(event_id)


@dataclass(frozen=True, slots=True)
class FanoutResult:
    channels: int  # recipients: channels, or people
    per_channel: dict[int, int]  # per recipient: how many alert messages reached it
    rates: dict[int, float]  # requests per second within each run, once under way
    busiest_second: int  # the most requests that arrived in any one second
    killed: bool
    kill_after: int | None
    global_429: int
    channel_429: int
    requests: int
    seconds: float
    delivered_in_database: int
    runs: int
    window: str
    kind: str = "channel"
    dm_opens: int = 0  # DM channels opened (POST /users/@me/channels), both runs


async def serve(emulator: DiscordEmulator) -> tuple[web.AppRunner, str]:
    """The emulator on a free port of 127.0.0.1: its runner (to clean up) and base URL."""
    return await serve_on_loopback(emulator.app())


def most_in_one_second(times: list[float]) -> int:
    """The most of these moments in any window of one second (a sliding window)."""
    ordered = sorted(times)
    most = start = 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def _rate(times: list[float]) -> float:
    """Requests per second once the first second (its burst, if any) is over."""
    if len(times) < 2:
        return float("nan")
    settled = [at for at in times if at >= times[0] + 1.0]
    if len(settled) >= 2:
        times = settled
    return (len(times) - 1) / (times[-1] - times[0])


async def fan_out(
    work: Path, channels: int, *, kill: bool = True, window: str = "fixed", kind: str = "channel"
) -> FanoutResult:
    """`channels` recipients of `kind` ("channel" or "user") get one alert each."""
    assert kind in RECIPIENT_KINDS
    database = work / "fanout.sqlite3"
    await prepare(database, channels, kind)
    emulator = DiscordEmulator(
        window=window, kill_after=channels // 2 if kill and channels >= 4 else None
    )
    runner, api_url = await serve(emulator)
    started = time.monotonic()
    runs = 0
    try:
        while True:
            runs += 1
            emulator.run = runs
            process = await asyncio.create_subprocess_exec(
                *python_command(
                    "benchmarks.fanout_bench",
                    "worker",
                    str(database),
                    api_url,
                    str(channels),
                    kind,
                ),
                env=child_environment(),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            emulator.bot_pid = process.pid
            stdout, stderr = await process.communicate()
            if process.returncode == -signal.SIGKILL and emulator.killed and runs == 1:
                continue  # killed mid-fan-out, as planned: start it again
            if process.returncode != 0:
                raise RuntimeError(f"fan-out worker failed: {stderr.decode()[-3000:]}")
            last_json_line(stdout.decode())
            break
    finally:
        await runner.cleanup()
    seconds = time.monotonic() - started
    db = await Database.open(database)
    try:
        row = await db.fetch_one("SELECT count(*) FROM deliveries WHERE state = 'delivered'")
        delivered = int(row[0]) if row else 0
    finally:
        await db.close()
    per_recipient = collections.Counter(
        emulator.recipient_of(item.channel_id) for item in emulator.accepted
    )
    first = FIRST_CHANNEL_ID if kind == "channel" else FIRST_USER_ID
    counts = {first + n: per_recipient.get(first + n, 0) for n in range(channels)}
    rates = {
        run: _rate([at for arrived_in, at in emulator.arrivals if arrived_in == run])
        for run in range(1, runs + 1)
    }
    (work / "fanout-messages.jsonl").write_text(
        "".join(json.dumps(item.__dict__) + "\n" for item in emulator.accepted), "utf-8"
    )
    return FanoutResult(
        channels=channels,
        per_channel=counts,
        rates=rates,
        busiest_second=most_in_one_second([at for _, at in emulator.arrivals]),
        killed=emulator.killed,
        kill_after=emulator.kill_after,
        global_429=emulator.global_429,
        channel_429=emulator.channel_429,
        requests=emulator.requests,
        seconds=seconds,
        delivered_in_database=delivered,
        runs=runs,
        window=window,
        kind=kind,
        dm_opens=len(emulator.dm_channels),
    )


def figures(result: FanoutResult) -> list[Figure]:
    duplicates = sum(max(0, count - 1) for count in result.per_channel.values())
    losses = sum(1 for count in result.per_channel.values() if count == 0)
    finite = [rate for rate in result.rates.values() if rate == rate]
    share = min(finite) / BUDGET if finite else None
    name = NAME if result.kind == "channel" else DM_NAME
    requests_made = "sends and history look-ups"
    if result.kind == "user":
        requests_made = f"DM opens ({result.dm_opens:,} DMs opened), sends and history look-ups"
    label = (
        f"{result.channels:,} channels"
        if result.kind == "channel"
        else (f"{result.channels:,} reminder DMs")
    )
    rates = ", ".join(f"run {run}: {rate:.1f}/s" for run, rate in result.rates.items())
    kill = (
        f"killed (SIGKILL) after message {result.kill_after:,}, restarted on the same database"
        if result.killed
        else "not killed (too few channels)"
    )
    return [
        Figure(
            name,
            f"{label}: most requests in any one second",
            result.busiest_second,
            "",
            f"<= {GLOBAL_PER_SECOND}",
            result.busiest_second <= GLOBAL_PER_SECOND,
            f"every request ({requests_made}), both runs and the restart between, as they "
            f"arrived; the budget is {BUDGET} in any {WINDOW_SECONDS + SLACK_SECONDS:g} s as "
            f"they left, the rest of Discord's {GLOBAL_PER_SECOND} a margin for the network",
        ),
        Figure(
            name,
            f"{label}: share of the budget used",
            None if share is None else round(100 * share, 1),
            "%",
            f">= {100 * TARGET_SHARE:g} %",
            at_least(share, TARGET_SHARE),
            f"slowest run's steady rate of requests against {BUDGET}/s ({rates})",
        ),
        Figure(
            name,
            f"{label}: 429s received",
            result.global_429 + result.channel_429,
            "",
            "0 global",
            result.global_429 == 0,
            f"{result.global_429} global, {result.channel_429} per-channel, in "
            f"{result.requests:,} requests",
        ),
        Figure(name, f"{label}: duplicates", duplicates, "", "0", duplicates == 0, kill),
        Figure(
            name,
            f"{label}: losses",
            losses,
            "",
            "0",
            losses == 0,
            f"{result.delivered_in_database:,} deliveries marked delivered in the database",
        ),
        Figure(name, f"{label}: wall time, both runs", result.seconds, "s"),
    ]


def sliding_figures(result: FanoutResult) -> list[Figure]:
    return [
        Figure(
            NAME,
            f"{result.channels:,} channels, sliding global window: global 429s",
            result.global_429,
            "",
            "0",
            result.global_429 == 0,
            f"the strictest reading of Discord's window; busiest second "
            f"{result.busiest_second} requests",
        ),
    ]


def run(
    work: Path,
    channels: int = 10_000,
    sliding_channels: int = 1_000,
    reminder_dms: int | None = None,
) -> list[Figure]:
    """The channel fan-out, the same news as reminder DMs (as many as channels unless
    `reminder_dms` says), and the channel fan-out under the strictest window."""
    results = figures(asyncio.run(fan_out(work, channels)))
    people = channels if reminder_dms is None else reminder_dms
    if people:
        results += figures(asyncio.run(fan_out(work, people, kind="user")))
    if sliding_channels:
        sliding = asyncio.run(fan_out(work, sliding_channels, kill=False, window="sliding"))
        results += sliding_figures(sliding)
    return results


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6) or sys.argv[1] != "worker":
        sys.exit(
            "usage: python -m benchmarks.fanout_bench worker DATABASE API_URL RECIPIENTS "
            "[channel|user]"
        )
    kind = sys.argv[5] if len(sys.argv) == 6 else "channel"
    # discord.py logs every 429 it waits out; the emulator counts them instead.
    logging.basicConfig(level=logging.ERROR)
    with contextlib.suppress(KeyboardInterrupt):
        totals = asyncio.run(worker(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), kind))
        print(json.dumps(totals))
