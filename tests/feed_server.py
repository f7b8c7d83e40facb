"""A feed site on 127.0.0.1 for the feed tests: a real aiohttp server, one handler per
path, every request logged; and small RSS documents to serve."""

from __future__ import annotations

import datetime
import email.utils
import html
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

RECORDED = Path(__file__).parent / "fixtures" / "news" / "feeds"
DEADLINE = RECORDED / "swelbyboy_deadline-hollywood_9aaea5b.xml"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


PUBLISHED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True, slots=True)
class Item:
    title: str
    published: datetime.datetime | None = PUBLISHED
    # Names its GUID and link; by default the item's place in the feed does.
    key: str | None = None


def rss(*items: str | Item, channel: str = "TV News") -> bytes:
    """An RSS 2.0 document; a plain string is an item published at PUBLISHED."""
    body = []
    for number, item in enumerate(items):
        if isinstance(item, str):
            item = Item(item)
        key = item.key or f"item-{number}"
        date = (
            f"<pubDate>{email.utils.format_datetime(item.published)}</pubDate>"
            if item.published is not None
            else ""
        )
        body.append(
            f"<item><title>{html.escape(item.title)}</title>"
            f"<link>https://news.example/{key}</link><guid>{key}</guid>{date}</item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{channel}</title>{''.join(body)}</channel></rss>"
    ).encode()


class FeedServer:
    """A feed site on 127.0.0.1: one handler per path, every request logged."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[web.Request] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404)
        return await handler(request)


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    feeds = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", feeds.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    feeds.url = f"http://127.0.0.1:{port}"
    yield feeds
    await runner.cleanup()


def serve(body: bytes, **headers: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, headers=headers, content_type="application/rss+xml")

    return handler
