"""Hostile feeds in one poll beside a good one: each failing feed is one clear log line and a
line of the poll report; nothing of theirs changes the catalogue; the good feed still counts."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

import pytest
from aiohttp import web

from bot.app.client import Cliffhanger
from bot.local.stand_in import LocalDiscord
from bot.settings import NewsSource, Settings
from tests.feed_server import FeedServer, Item, rss, serve
from tests.messages import text_of

NOW = datetime.datetime.now(datetime.UTC)
GOOD = Item("'Tiny Pretty Things' Renewed for Season 2 at Netflix", NOW, key="good")
HOSTILE = {
    "/broken.xml": serve(b"<rss><channel><title>x</title><item><title>Half"),
    "/html.xml": serve(b"<!doctype html><html><body><h1>Not a feed</h1>"),
    "/missing.xml": None,  # 404
    "/loop.xml": "redirect loop",
    "/huge.xml": "50 MB",
    "/entities.xml": serve(
        rss(
            Item("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; Friends", NOW, key="e"),
            Item("x" * 5000, NOW, key="long"),
        )
    ),
}


async def redirect_loop(request: web.Request) -> web.Response:
    raise web.HTTPFound(location="/loop.xml")


async def fifty_megabytes(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Length": str(50 * 1024 * 1024)})
    await response.prepare(request)
    return response


@pytest.fixture
def settings(tmp_path: Path, feed_server: FeedServer) -> Settings:
    for path, handler in HOSTILE.items():
        if handler == "redirect loop":
            feed_server.routes[path] = redirect_loop
        elif handler == "50 MB":
            feed_server.routes[path] = fifty_megabytes
        elif handler is not None:
            feed_server.routes[path] = handler  # type: ignore[assignment]
    feed_server.routes["/good.xml"] = serve(rss(GOOD))
    feeds = tuple(f"{feed_server.url}{path}" for path in (*HOSTILE, "/good.xml"))
    return Settings(
        database_path=tmp_path / "cliffhanger.sqlite3",
        news_sources=(NewsSource("feeds"),),
        news_feeds=feeds,
    )


async def test_hostile_feeds_are_each_reported_and_change_nothing(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = await bot.services.catalogue.find("tiny pretty things")

    with caplog.at_level(logging.WARNING):
        report = text_of(await discord_stand_in.send("!sync"))

    failing = {
        "/html.xml": "not a readable feed",
        "/missing.xml": "HTTP 404",
        "/loop.xml": "too many redirects",
        "/huge.xml": "response too large",
    }
    for path, problem in failing.items():
        assert f"not read this time: {feed_server.url}{path}: {problem}" in report
        logged = [
            r.getMessage() for r in caplog.records if f"{feed_server.url}{path}" in r.getMessage()
        ]
        assert len(logged) == 1
        assert problem in logged[0]
    (malformed,) = [r.getMessage() for r in caplog.records if "/broken.xml" in r.getMessage()]
    assert "is malformed" in malformed
    assert "reading the 1 items it holds" in malformed
    assert "Traceback" not in report
    after = await bot.services.catalogue.find("tiny pretty things")
    # The good feed's item is backlog-free news about a cancelled show: a revival, applied.
    assert after.entry.status == "renewed"
    assert before.entry.status == "cancelled"
    assert "new headlines read" in report
    waiting = text_of(await discord_stand_in.send("!catalogue headlines"))
    assert "<script>" not in waiting
