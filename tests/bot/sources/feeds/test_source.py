"""The feeds source: what a poll hands the pipeline, and what it keeps for the next poll."""

from __future__ import annotations

import datetime

import aiohttp
import pytest
from aiohttp import web

from bot.sources.base import SourceError
from bot.sources.feeds.reader import FeedReader
from bot.sources.feeds.source import FeedsSource
from db.connection import Database
from db.feeds import FeedRepository
from db.model.feeds import NewItem
from tests.feed_server import FeedServer, Item, rss, serve

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
FRESH = NOW - datetime.timedelta(hours=2)
OLD = NOW - datetime.timedelta(days=10)


def source_for(feeds: list[str], database: Database) -> FeedsSource:
    reader = FeedReader(timeout=aiohttp.ClientTimeout(total=2))
    return FeedsSource(feeds, FeedRepository(database), reader=reader, clock=lambda: NOW)


async def remember_all(database: Database, source: FeedsSource) -> None:
    """What the pipeline does with each headline it applied."""
    snapshot = await source.fetch()
    for headline in snapshot.headlines:
        item = headline.item
        await FeedRepository(database).remember(
            NewItem(
                item.feed, item.guid, item.link, item.title, item.outlet, item.published, "ignored"
            )
        )
    await source.acknowledge()


async def test_a_first_poll_marks_what_is_older_than_a_day_as_backlog(
    feed_server: FeedServer, database: Database
) -> None:
    feed_server.routes["/tv.xml"] = serve(
        rss(Item("Old news", OLD, key="old"), Item("Today's news", FRESH, key="new"))
    )
    source = source_for([f"{feed_server.url}/tv.xml"], database)

    snapshot = await source.fetch()
    await source.close()

    assert [(headline.item.title, headline.backlog) for headline in snapshot.headlines] == [
        ("Old news", True),
        ("Today's news", False),
    ]
    assert snapshot.requests == 1
    assert snapshot.shows == ()


async def test_an_item_without_a_date_is_taken_as_news(
    feed_server: FeedServer, database: Database
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss(Item("Undated", None)))
    source = source_for([f"{feed_server.url}/tv.xml"], database)

    (headline,) = (await source.fetch()).headlines
    await source.close()

    assert headline.backlog is False


async def test_items_remembered_after_a_poll_are_never_handed_over_again(
    feed_server: FeedServer, database: Database
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss(Item("Seen once", FRESH, key="a")))
    source = source_for([f"{feed_server.url}/tv.xml"], database)
    await remember_all(database, source)

    again = await source.fetch()
    await source.close()

    assert again.headlines == ()


async def test_the_next_poll_asks_conditionally_once_the_last_was_applied(
    feed_server: FeedServer, database: Database
) -> None:
    async def conditional(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(body=rss(Item("News", FRESH)), headers={"ETag": '"v1"'})

    feed_server.routes["/tv.xml"] = conditional
    source = source_for([f"{feed_server.url}/tv.xml"], database)
    await remember_all(database, source)

    second = await source.fetch()
    await source.close()

    assert second.headlines == ()
    assert feed_server.requests[1].headers["If-None-Match"] == '"v1"'


async def test_a_poll_that_was_never_applied_reads_the_feed_in_full_again(
    feed_server: FeedServer, database: Database
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss(Item("News", FRESH)), ETag='"v1"')
    source = source_for([f"{feed_server.url}/tv.xml"], database)
    await source.fetch()  # the pipeline died before applying it: no acknowledge

    again = await source.fetch()
    await source.close()

    assert [headline.item.title for headline in again.headlines] == ["News"]
    assert "If-None-Match" not in feed_server.requests[1].headers


async def test_the_same_article_in_two_feeds_is_one_headline(
    feed_server: FeedServer, database: Database
) -> None:
    story = Item("'Hacks' Renewed for Season 5", FRESH, key="hacks")
    feed_server.routes["/a.xml"] = serve(rss(story, channel="Outlet A"))
    feed_server.routes["/b.xml"] = serve(rss(story, channel="Outlet B"))
    source = source_for([f"{feed_server.url}/a.xml", f"{feed_server.url}/b.xml"], database)

    snapshot = await source.fetch()
    await source.close()

    assert [headline.item.outlet for headline in snapshot.headlines] == ["Outlet A"]


async def test_a_failing_feed_is_reported_and_the_others_are_read(
    feed_server: FeedServer, database: Database
) -> None:
    feed_server.routes["/good.xml"] = serve(rss(Item("Good news", FRESH)))
    gone = f"{feed_server.url}/gone.xml"
    source = source_for([gone, f"{feed_server.url}/good.xml"], database)

    snapshot = await source.fetch()
    await source.close()

    assert [headline.item.title for headline in snapshot.headlines] == ["Good news"]
    assert snapshot.problems == (f"{gone}: HTTP 404",)
    state = await FeedRepository(database).state(gone)
    assert state is not None
    assert state.last_error == "HTTP 404"


async def test_when_no_feed_can_be_read_the_poll_fails_and_names_them(
    feed_server: FeedServer, database: Database
) -> None:
    source = source_for([f"{feed_server.url}/a.xml", f"{feed_server.url}/b.xml"], database)

    with pytest.raises(SourceError, match=r"no feed could be read: .*a\.xml: HTTP 404"):
        await source.fetch()
    await source.close()
