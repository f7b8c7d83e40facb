"""A small, polite TVmaze API client: one session, a rate limit below TVmaze's, bounded retries.

TVmaze allows at least 20 calls per 10 s per IP and answers 429 beyond that; we stay at 18
so the bot never meets the limit in normal use. 5xx answers, timeouts and dropped
connections are retried a few times with jittered backoff; 429 waits as long as
`Retry-After` says. 404 is an answer ("no such show"), not an error. Everything else that
goes wrong is a `TVmazeError`, a `SourceError`, so a poll that meets it changes nothing.

Waiting goes through injectable `sleep`/`clock` functions so tests never really wait.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import json
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.sources.base import SourceError
from bot.sources.http import PRODUCT, BodyTooLarge, read_capped

logger = logging.getLogger(__name__)

USER_AGENT = f"{PRODUCT[:-1]}, credits TVmaze, CC BY-SA)"
CALLS_PER_PERIOD = 18
PERIOD_SECONDS = 10.0
MAX_TRIES = 4
BACKOFF_SECONDS = 1.0
# A Retry-After longer than this fails the call: the next poll comes soon enough.
MAX_WAIT_SECONDS = 60.0
# A month of /updates is under a few MB; anything far larger is not TVmaze talking.
MAX_BODY_BYTES = 16 * 1024 * 1024
# Someone may be waiting on a command: slow answers are retried rather than waited out.
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=15, connect=5, sock_read=10)

Sleep = Callable[[float], Awaitable[None]]
Params = Sequence[tuple[str, str]]


class TVmazeError(SourceError):
    """TVmaze could not be read this time (down, too slow, rate-limited, or nonsense)."""


@dataclass
class Tally:
    """Counts HTTP requests (retries included) made on someone's behalf, e.g. one poll."""

    requests: int = 0


class RateLimiter:
    """At most `calls` requests in any `period` seconds (a sliding window), shared by all
    callers; a 429's Retry-After holds everyone, since TVmaze's limit is per IP."""

    def __init__(
        self,
        calls: int = CALLS_PER_PERIOD,
        period: float = PERIOD_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.calls = calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._hold_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                while self._sent and self._sent[0] <= now - self.period:
                    self._sent.popleft()
                wait = self._hold_until - now
                if len(self._sent) >= self.calls:
                    wait = max(wait, self._sent[0] + self.period - now)
                if wait <= 0:
                    self._sent.append(now)
                    return
                await self._sleep(wait)

    def hold(self, seconds: float) -> None:
        self._hold_until = max(self._hold_until, self._clock() + seconds)


def retry_after_seconds(value: str | None, now: datetime.datetime | None = None) -> float | None:
    """`Retry-After` as seconds: a number of seconds or an HTTP date; None if absent/unreadable."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    now = now or datetime.datetime.now(datetime.UTC)
    return max(0.0, (when - now).total_seconds())


class TVmazeClient:
    def __init__(
        self,
        base_url: str,
        *,
        limiter: RateLimiter | None = None,
        timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
        max_tries: int = MAX_TRIES,
        backoff: float = BACKOFF_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.timeout = timeout
        self.max_tries = max_tries
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._jitter = jitter
        self._session: aiohttp.ClientSession | None = None

    def _session_now(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running loop, as aiohttp requires.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                timeout=self.timeout,
                connector=aiohttp.TCPConnector(limit_per_host=4),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _backoff_seconds(self, attempt: int) -> float:
        # Exponential with jitter, so many bots restarted together don't retry in step.
        return self.backoff * 2 ** (attempt - 1) * (0.5 + self._jitter() / 2)

    async def get_json(
        self,
        path: str,
        params: Params = (),
        *,
        tally: Tally | None = None,
        tries: int | None = None,
    ) -> Any:
        """The decoded JSON at `path`, or None for 404; TVmazeError when it can't be had.

        `tries` lowers the number of attempts for a caller someone is waiting on.
        """
        url = f"{self.base_url}{path}"
        problem = "no attempt made"
        max_tries = max(1, tries if tries is not None else self.max_tries)
        for attempt in range(1, max_tries + 1):
            await self.limiter.acquire()
            if tally is not None:
                tally.requests += 1
            wait = self._backoff_seconds(attempt)
            try:
                async with self._session_now().get(url, params=list(params)) as response:
                    if response.status == 200:
                        return _decode(path, await _read_body(path, response))
                    if response.status == 404:
                        return None
                    problem = f"HTTP {response.status}"
                    if response.status == 429:
                        after = retry_after_seconds(response.headers.get("Retry-After"))
                        if after is not None:
                            wait = after
                        # TVmaze's limit is per IP: everyone waits, but never for long.
                        self.limiter.hold(min(wait, self.max_wait))
                    elif response.status < 500:
                        raise TVmazeError(f"TVmaze {path}: {problem}")
            except TimeoutError:
                problem = "timed out"
            except aiohttp.ClientError as error:
                problem = f"connection failed ({type(error).__name__})"
            if attempt == max_tries:
                break
            if wait > self.max_wait:
                problem += f", asked to wait {wait:.0f} s"
                break
            logger.info("TVmaze %s: %s; retrying in %.1f s", path, problem, wait)
            await self._sleep(wait)
        raise TVmazeError(f"TVmaze {path}: {problem} (after {attempt} tries)")


async def _read_body(path: str, response: aiohttp.ClientResponse) -> bytes:
    try:
        return await read_capped(response, MAX_BODY_BYTES, f"TVmaze {path}")
    except BodyTooLarge as error:
        raise TVmazeError(str(error)) from None


def _decode(path: str, body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise TVmazeError(f"TVmaze {path}: malformed JSON ({type(error).__name__})") from None
