"""One budget for every request the bot makes to Discord's REST API.

Discord lets one token make 50 requests a second in all, and answers the excess with 429s;
each 429 (like each 401 and 403) counts towards its invalid-request limit, 10,000 in ten
minutes, past which the IP is banned for an hour. discord.py learns of the global limit only
from those 429s, so the bot keeps its own count: every request on discord.py's HTTP session
(sends, edits, history look-ups, DMs, interaction responses, and every retry discord.py makes)
waits here for a slot, through an aiohttp trace hook that runs before the request is written.

- At most `per_second` requests in any one-second window, counted from when each request
  really left (not when it was admitted), plus a little slack for the network's jitter.
- A process can't know what the one before it did just before it died, so it assumes the
  worst: a whole second's budget spent right before this process started.
- Requests made for people (commands, answers, anything not marked) go first. The alert
  backlog runs inside `background()`: it waits while anyone else is waiting, and is spaced
  evenly, so a fan-out never fills a second at once and leaves a reply waiting out the rest.
  Its slots are kept on a schedule, not counted from when the last one was taken: a wake-up
  a millisecond late is made up by the next slot, else a twentieth of the budget at 48/s
  would be lost to the event loop's timers.
- A global 429 stops everything for its retry_after; server errors (5xx) make background work
  back off, longer with each one in a row, until a request succeeds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import aiohttp

import bot

WINDOW_SECONDS = 1.0
# Slots count from when a request's headers went out; what is left is the network's jitter
# between two requests, and the window is kept this much longer so that no second on
# Discord's side holds more than the budget. 20 ms costs 2 % of the budget.
SLACK_SECONDS = 0.02
INVALID_WINDOW_SECONDS = 600.0  # Discord counts invalid requests over ten minutes
INVALID_STATUSES = frozenset({401, 403, 429})
SERVER_ERRORS = frozenset({500, 502, 503, 504, 520, 521, 522, 524})
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 60.0

PEOPLE = "people"
BACKGROUND = "background"
_priority: ContextVar[str] = ContextVar("discord_request_priority", default=PEOPLE)


def current_priority() -> str:
    """Whom a request made here would be for: PEOPLE, or BACKGROUND inside `background()`."""
    return _priority.get()


@contextlib.contextmanager
def background() -> Iterator[None]:
    """Requests made inside this block yield to everyone else's (the alert backlog)."""
    token = _priority.set(BACKGROUND)
    try:
        yield
    finally:
        _priority.reset(token)


@dataclass(frozen=True, slots=True)
class RateLimitSeen:
    """A 429 as Discord sent it."""

    at: float  # the budget's clock
    retry_after: float
    scope: str  # "global", "user" (a route's bucket) or "shared" (a resource's, not counted)


@dataclass(frozen=True, slots=True)
class BudgetStatus:
    """What `!status` shows of the budget."""

    per_second: int
    last_second: int
    global_429: int
    route_429: int
    shared_429: int
    invalid_last_10_min: int
    server_errors: int
    last_server_error: str | None  # a status, or "no answer"
    last_rate_limit: RateLimitSeen | None
    last_rate_limit_ago: float | None
    paused_for: float  # seconds until anything may be sent again (a global 429)
    backing_off_for: float  # seconds until background work may be sent again (5xx)


class RequestBudget:
    def __init__(
        self,
        per_second: int,
        *,
        window: float = WINDOW_SECONDS,
        slack: float = SLACK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        started_at: float | None = None,
    ) -> None:
        if per_second < 1:
            raise ValueError("the budget must allow at least one request a second")
        self.per_second = per_second
        self.span = window + slack
        self._clock = clock
        # When each request in the current window left; admitted but not yet sent ones are
        # counted apart, as if they were leaving right now.
        self._sent: deque[float] = deque()
        self._admitted = 0
        self._people_waiting = 0
        self._next_background = -float("inf")
        self._paused_until = -float("inf")
        self._backoff_until = -float("inf")
        self._server_errors_in_a_row = 0
        self._changed = asyncio.Event()
        self._invalid: deque[float] = deque()
        self.global_429 = self.route_429 = self.shared_429 = 0
        self.server_errors = 0
        self.last_server_error: str | None = None
        self.last_rate_limit: RateLimitSeen | None = None
        self.sent_total = 0
        started = bot.STARTED if started_at is None else started_at
        self._sent.extend([started] * per_second)

    # ------------------------------------------------------------------ admission

    def _in_window(self, now: float) -> int:
        while self._sent and self._sent[0] <= now - self.span:
            self._sent.popleft()
        return len(self._sent) + self._admitted

    def _wait_for(self, now: float, priority: str) -> float | None:
        """0 when a request of this priority may go now, seconds to wait when that is known,
        None when it depends on others (a request in flight, someone ahead in line)."""
        if now < self._paused_until:
            return self._paused_until - now
        waits: list[float] = []
        if priority == BACKGROUND:
            if self._people_waiting:
                return None
            if now < self._backoff_until:
                waits.append(self._backoff_until - now)
            waits.append(self._next_background - now)
        if self._in_window(now) >= self.per_second:
            if not self._sent:
                return None  # every slot is admitted but not sent yet
            waits.append(self._sent[0] + self.span - now)
        wait = max(waits, default=0.0)
        return wait if wait > 0 else 0.0

    async def acquire(self, priority: str | None = None) -> None:
        """Wait for a slot; the request must then call `sent()` (or `abandoned()`)."""
        priority = priority or _priority.get()
        people = priority != BACKGROUND
        if people:
            self._people_waiting += 1
        try:
            while True:
                now = self._clock()
                wait = self._wait_for(now, priority)
                if wait == 0.0:
                    break
                changed = self._changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), wait)
        finally:
            if people:
                self._people_waiting -= 1
                self._notify()
        self._admitted += 1
        if not people:
            self._schedule_background(self._clock())

    def _schedule_background(self, admitted_at: float) -> None:
        # Evenly spaced: at full speed a slot frees every span / per_second seconds. The next
        # slot follows this one's scheduled time, so a late wake-up is made up, but by half a
        # slot at most: after a pause the backlog starts again at about its even pace, and the
        # window above still caps every second.
        interval = self.span / self.per_second
        self._next_background = max(self._next_background, admitted_at - interval / 2) + interval

    def sent(self) -> None:
        """The admitted request is on its way: its slot counts from now."""
        self._admitted = max(0, self._admitted - 1)
        self._sent.append(self._clock())
        self.sent_total += 1
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ what came back

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """Learn from an answer: 429s (global or not), server errors, invalid requests."""
        now = self._clock()
        if status == 429:
            self._rate_limited(now, headers)
        elif status in INVALID_STATUSES:
            self._invalid.append(now)
        if status in SERVER_ERRORS:
            self._trouble(now, str(status))
        elif status < 500:
            self._server_errors_in_a_row = 0
            self._backoff_until = -float("inf")
        self._notify()

    def failed(self) -> None:
        """A request that got no answer (timeout, dropped connection) is trouble too."""
        self._trouble(self._clock(), "no answer")
        self._notify()

    def _trouble(self, now: float, what: str) -> None:
        self.server_errors += 1
        self.last_server_error = what
        self._server_errors_in_a_row += 1
        backoff = FIRST_BACKOFF_SECONDS * 2 ** (self._server_errors_in_a_row - 1)
        self._backoff_until = max(self._backoff_until, now + min(MAX_BACKOFF_SECONDS, backoff))

    def _rate_limited(self, now: float, headers: Mapping[str, str]) -> None:
        scope = (headers.get("X-RateLimit-Scope") or "").lower()
        if headers.get("X-RateLimit-Global", "").lower() == "true":
            scope = "global"
        scope = scope or "user"
        retry_after = _seconds(headers.get("Retry-After"))
        self.last_rate_limit = RateLimitSeen(now, retry_after, scope)
        if scope == "shared":
            # A resource's own limit, shared by everyone using it: Discord does not count
            # it as an invalid request.
            self.shared_429 += 1
            return
        self._invalid.append(now)
        if scope == "global":
            self.global_429 += 1
            self._paused_until = max(self._paused_until, now + retry_after)
        else:
            self.route_429 += 1

    def status(self) -> BudgetStatus:
        now = self._clock()
        while self._invalid and self._invalid[0] <= now - INVALID_WINDOW_SECONDS:
            self._invalid.popleft()
        last = self.last_rate_limit
        return BudgetStatus(
            per_second=self.per_second,
            last_second=sum(1 for at in self._sent if now - 1.0 < at <= now),
            global_429=self.global_429,
            route_429=self.route_429,
            shared_429=self.shared_429,
            invalid_last_10_min=len(self._invalid),
            server_errors=self.server_errors,
            last_server_error=self.last_server_error,
            last_rate_limit=last,
            last_rate_limit_ago=None if last is None else now - last.at,
            paused_for=max(0.0, self._paused_until - now),
            backing_off_for=max(0.0, self._backoff_until - now),
        )

    # ------------------------------------------------------------------ aiohttp

    def trace_config(self) -> aiohttp.TraceConfig:
        """Hooks for discord.py's HTTP session (`http_trace`): every request it makes, retries
        included, waits for a slot before it is written."""
        config = aiohttp.TraceConfig()
        config.on_request_start.append(self._on_start)
        config.on_request_headers_sent.append(self._on_headers_sent)
        config.on_request_end.append(self._on_end)
        config.on_request_exception.append(self._on_exception)
        return config

    async def _on_start(
        self, session: aiohttp.ClientSession, context: SimpleNamespace, params: Any
    ) -> None:
        # The gateway's websocket is opened on the same session; it is no REST request.
        context.counted = params.headers.get("Upgrade", "").lower() != "websocket"
        context.sent = False
        if context.counted:
            await self.acquire()

    async def _on_headers_sent(
        self, session: aiohttp.ClientSession, context: SimpleNamespace, params: Any
    ) -> None:
        if not context.counted:
            return
        if context.sent:
            # aiohttp resent it on a fresh connection: a second request all the same.
            self._sent.append(self._clock())
            return
        context.sent = True
        self.sent()

    async def _on_end(
        self, session: aiohttp.ClientSession, context: SimpleNamespace, params: Any
    ) -> None:
        if not context.counted:
            return
        self._settle(context)
        self.observe(params.response.status, params.response.headers)

    async def _on_exception(
        self, session: aiohttp.ClientSession, context: SimpleNamespace, params: Any
    ) -> None:
        if not getattr(context, "counted", False):
            return
        self._settle(context)
        if not isinstance(params.exception, asyncio.CancelledError):
            self.failed()

    def _settle(self, context: SimpleNamespace) -> None:
        # A request that failed before its headers went out may still have reached Discord
        # in part: its slot counts all the same.
        if not context.sent:
            context.sent = True
            self.sent()


def _seconds(raw: str | None) -> float:
    try:
        return max(0.0, float(raw)) if raw else 1.0
    except ValueError:
        return 1.0
