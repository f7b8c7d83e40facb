"""Reading RSS and Atom feeds: one polite request per feed per poll, parsed into plain items.

Fetching stays in aiohttp (conditional GET with the validators the last answer gave, a
timeout, a size cap); parsing is feedparser's, which copes with RSS 0.9x/1.0/2.0, Atom, bad
encodings and broken XML, and runs in a thread so a large feed never stalls the event loop.
Whatever goes wrong with one feed is a `FeedError` naming it; callers read feeds
independently, so one failing feed never holds up the others.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime
import hashlib
import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import feedparser

from bot.sources.base import FeedItem, SourceError
from bot.sources.http import PRODUCT, BodyTooLarge, read_capped

logger = logging.getLogger(__name__)

USER_AGENT = f"{PRODUCT[:-1]}, reads headlines only)"
# Trade feeds are tens of KB; a few MB is already generous, and the cap bounds memory.
MAX_FEED_BYTES = 4 * 1024 * 1024
# Feeds carry their latest few dozen items; more than this is not a news feed.
MAX_ITEMS = 500
# A headline is one line; a "title" far longer than this is not one, so it is skipped.
MAX_TITLE_CHARS = 400
MAX_SUMMARY_CHARS = 1000
MAX_REDIRECTS = 3
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5, sock_read=10)
FILE_PREFIX = "file:"

_TAG = re.compile(r"<[^>]{0,500}>")
# "Deadline Hollywood - Article Feed" is Deadline Hollywood to a reader.
_FEED_SUFFIX = re.compile(
    r"\s*(?:[-–—:|]\s*)?(?:latest\s+)?(?:article|news|rss|atom)?\s*(?:feed|rss)\s*$", re.I
)
_SPACE = re.compile(r"\s+")


class FeedError(SourceError):
    """One feed could not be read this time; the others are read all the same."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the feed's server said to ask with next time, so an unchanged feed costs a 304."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FeedRead:
    feed: str
    items: tuple[FeedItem, ...]
    validators: Validators
    not_modified: bool = False


def clean_text(raw: object, limit: int) -> str | None:
    """Markup out, entities decoded however many times a scraper escaped them, one line."""
    if not isinstance(raw, str):
        return None
    text = raw
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _SPACE.sub(" ", _TAG.sub(" ", text)).strip()
    if not text or len(text) > limit:
        return None
    return text


def _published(entry: Any) -> datetime.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(parsed), datetime.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _link(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000:
        return None
    return value.strip()


def outlet_of(feed: str, parsed_title: object) -> str:
    """The name readers know the feed by: its own title, else the site's host."""
    title = clean_text(parsed_title, 120)
    if title and (name := _FEED_SUFFIX.sub("", title)):
        return name
    if feed.startswith(FILE_PREFIX):
        return Path(feed[len(FILE_PREFIX) :]).stem
    return urlsplit(feed).hostname or feed


def parse_feed(feed: str, body: bytes) -> tuple[FeedItem, ...]:
    """The usable items of a feed document; FeedError if nothing in it reads as a feed."""
    parsed = feedparser.parse(body)
    if parsed.get("bozo"):
        problem = type(parsed.get("bozo_exception")).__name__
        if not parsed.entries:
            raise FeedError(f"feed {feed}: not a readable feed ({problem})")
        logger.warning(
            "feed %s is malformed (%s); reading the %d items it holds",
            feed,
            problem,
            len(parsed.entries),
        )
    outlet = outlet_of(feed, parsed.feed.get("title"))
    items: list[FeedItem] = []
    for entry in parsed.entries[:MAX_ITEMS]:
        title = clean_text(entry.get("title"), MAX_TITLE_CHARS)
        if title is None:
            continue
        link = _link(entry.get("link"))
        guid = entry.get("id") if isinstance(entry.get("id"), str) else None
        identity = (guid or link or "")[:2000] or hashlib.sha256(title.encode()).hexdigest()
        items.append(
            FeedItem(
                feed=feed,
                outlet=outlet,
                title=title,
                link=link,
                guid=identity,
                published=_published(entry),
                summary=clean_text(entry.get("summary"), MAX_SUMMARY_CHARS),
            )
        )
    return tuple(items)


def _read_capped_file(feed: str, limit: int) -> bytes:
    path = Path(feed[len(FILE_PREFIX) :])
    try:
        with path.open("rb") as file:
            body = file.read(limit + 1)
    except OSError as error:
        raise FeedError(f"feed {feed}: can't read the file ({error.strerror})") from None
    if len(body) > limit:
        raise FeedError(f"feed {feed}: file too large")
    return body


class FeedReader:
    """Fetches and parses feeds over one HTTP session, created on first use."""

    def __init__(
        self,
        *,
        timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_FEED_BYTES,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._session: aiohttp.ClientSession | None = None

    def _session_now(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                    "text/xml;q=0.8, */*;q=0.1",
                },
                timeout=self.timeout,
                # One request per feed every poll, minutes apart: nothing to keep alive.
                connector=aiohttp.TCPConnector(force_close=True),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def read(self, feed: str, validators: Validators = Validators()) -> FeedRead:
        """One request (or one file read) and its items; `not_modified` when the server
        answered 304 to our validators."""
        if feed.startswith(FILE_PREFIX):
            body = await self._read_file(feed)
            new_validators = validators
        else:
            fetched = await self._fetch(feed, validators)
            if fetched is None:
                return FeedRead(feed, (), validators, not_modified=True)
            body, new_validators = fetched
        items = await asyncio.to_thread(parse_feed, feed, body)
        return FeedRead(feed, items, new_validators)

    async def _read_file(self, feed: str) -> bytes:
        return await asyncio.to_thread(_read_capped_file, feed, self.max_bytes)

    async def _fetch(self, feed: str, validators: Validators) -> tuple[bytes, Validators] | None:
        headers = {}
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        try:
            async with self._session_now().get(
                feed, headers=headers, max_redirects=MAX_REDIRECTS
            ) as response:
                if response.status == 304:
                    return None
                if response.status != 200:
                    raise FeedError(f"feed {feed}: HTTP {response.status}")
                body = await read_capped(response, self.max_bytes, f"feed {feed}")
                fresh = Validators(
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
                return body, fresh
        except BodyTooLarge as error:
            raise FeedError(str(error)) from None
        except TimeoutError:
            raise FeedError(f"feed {feed}: timed out") from None
        except aiohttp.TooManyRedirects:
            raise FeedError(f"feed {feed}: too many redirects") from None
        except aiohttp.ClientError as error:
            raise FeedError(f"feed {feed}: connection failed ({type(error).__name__})") from None
