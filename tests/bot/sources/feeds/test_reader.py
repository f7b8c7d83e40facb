"""Reading feeds: real HTTP on 127.0.0.1, the recorded Deadline feed, and hostile feeds."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.sources.feeds.reader import (
    USER_AGENT,
    FeedError,
    FeedReader,
    Validators,
    clean_text,
    parse_feed,
)
from tests.feed_server import DEADLINE, FeedServer, rss, serve


@pytest.fixture
async def reader() -> AsyncIterator[FeedReader]:
    feed_reader = FeedReader(timeout=aiohttp.ClientTimeout(total=2))
    yield feed_reader
    await feed_reader.close()


def test_the_recorded_deadline_feed_reads_as_ten_items_with_clean_titles() -> None:
    items = parse_feed(f"file:{DEADLINE}", DEADLINE.read_bytes())

    assert len(items) == 10
    assert {item.outlet for item in items} == {"Deadline Hollywood"}
    assert all("&amp;" not in item.title and "&#" not in item.title for item in items)
    assert items[0].published == datetime.datetime(2026, 1, 29, 4, 52, 52, tzinfo=datetime.UTC)
    assert all(item.link and item.link.startswith("https://deadline.com/") for item in items)
    assert len({item.guid for item in items}) == 10


async def test_a_file_feed_is_read_from_disk(reader: FeedReader) -> None:
    read = await reader.read(f"file:{DEADLINE}")

    assert len(read.items) == 10
    assert read.not_modified is False


async def test_a_missing_file_feed_is_a_feed_error_naming_it(
    reader: FeedReader, tmp_path: Path
) -> None:
    with pytest.raises(FeedError, match=r"missing\.xml: can't read the file"):
        await reader.read(f"file:{tmp_path / 'missing.xml'}")


async def test_an_http_feed_is_fetched_once_with_our_user_agent(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss("'Slow Horses' Renewed for Season 7"))

    read = await reader.read(f"{feed_server.url}/tv.xml")

    assert [item.title for item in read.items] == ["'Slow Horses' Renewed for Season 7"]
    assert read.items[0].outlet == "TV News"
    assert read.items[0].link == "https://news.example/item-0"
    assert read.items[0].guid == "item-0"
    assert len(feed_server.requests) == 1
    assert feed_server.requests[0].headers["User-Agent"] == USER_AGENT


async def test_the_next_read_asks_conditionally_and_a_304_costs_nothing(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    async def conditional(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(
            body=rss("A headline"),
            headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"},
        )

    feed_server.routes["/tv.xml"] = conditional
    first = await reader.read(f"{feed_server.url}/tv.xml")

    second = await reader.read(f"{feed_server.url}/tv.xml", first.validators)

    assert first.validators == Validators('"v1"', "Mon, 02 Mar 2026 10:00:00 GMT")
    assert second.not_modified is True
    assert second.items == ()
    assert second.validators == first.validators
    assert feed_server.requests[1].headers["If-Modified-Since"] == "Mon, 02 Mar 2026 10:00:00 GMT"


async def test_a_404_is_a_feed_error_naming_the_feed(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    with pytest.raises(FeedError, match=r"/gone\.xml: HTTP 404"):
        await reader.read(f"{feed_server.url}/gone.xml")


async def test_a_feed_that_hangs_times_out(feed_server: FeedServer) -> None:
    answer = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await answer.wait()
        return web.Response(body=b"")

    feed_server.routes["/slow.xml"] = hang
    impatient = FeedReader(timeout=aiohttp.ClientTimeout(total=0.3))
    try:
        with pytest.raises(FeedError, match="timed out"):
            await impatient.read(f"{feed_server.url}/slow.xml")
    finally:
        answer.set()
        await impatient.close()


async def test_a_50_mb_body_is_refused_without_reading_it_all(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    sent: list[int] = []

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        chunk = b"<!-- padding -->" * 4096
        try:
            for _ in range(50 * 1024 * 1024 // len(chunk)):
                await response.write(chunk)
                sent.append(len(chunk))
        except (ConnectionResetError, ConnectionError):
            pass
        return response

    feed_server.routes["/huge.xml"] = huge

    with pytest.raises(FeedError, match="too large"):
        await reader.read(f"{feed_server.url}/huge.xml")
    assert sum(sent) < 50 * 1024 * 1024


async def test_a_body_announcing_50_mb_is_refused_at_once(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    async def announced(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(50 * 1024 * 1024)})
        await response.prepare(request)
        return response

    feed_server.routes["/announced.xml"] = announced

    with pytest.raises(FeedError, match="too large"):
        await reader.read(f"{feed_server.url}/announced.xml")


async def test_a_redirect_is_followed(feed_server: FeedServer, reader: FeedReader) -> None:
    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(location="/new.xml")

    feed_server.routes["/old.xml"] = moved
    feed_server.routes["/new.xml"] = serve(rss("Moved headline"))

    read = await reader.read(f"{feed_server.url}/old.xml")

    assert [item.title for item in read.items] == ["Moved headline"]


async def test_a_redirect_loop_is_a_feed_error(feed_server: FeedServer, reader: FeedReader) -> None:
    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(location="/loop.xml")

    feed_server.routes["/loop.xml"] = loop

    with pytest.raises(FeedError, match="too many redirects"):
        await reader.read(f"{feed_server.url}/loop.xml")
    assert len(feed_server.requests) <= 4


async def test_html_that_is_no_feed_is_a_feed_error(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    feed_server.routes["/page.xml"] = serve(b"<html><body><p>Not a feed <b>at all")

    with pytest.raises(FeedError, match="not a readable feed"):
        await reader.read(f"{feed_server.url}/page.xml")


async def test_broken_xml_still_yields_the_items_it_holds(
    feed_server: FeedServer, reader: FeedReader
) -> None:
    broken = rss("'Reacher' Renewed for Season 4", "Second item")[:-20]
    feed_server.routes["/broken.xml"] = serve(broken)

    read = await reader.read(f"{feed_server.url}/broken.xml")

    assert read.items[0].title == "'Reacher' Renewed for Season 4"


def test_markup_and_entities_escaped_twice_are_cleaned_from_titles() -> None:
    feed = rss(
        "&lt;em&gt;Andor&lt;/em&gt; &amp;amp;amp; &amp;#8216;Rogue One&amp;#8217; Stars Reunite"
    )

    (item,) = parse_feed("https://news.example/feed", feed)

    assert item.title == "Andor & ‘Rogue One’ Stars Reunite"


def test_a_title_of_5000_characters_is_no_headline_and_is_skipped() -> None:
    items = parse_feed("https://news.example/feed", rss("x" * 5000, "A real headline"))

    assert [item.title for item in items] == ["A real headline"]


def test_an_item_without_guid_or_link_is_known_by_a_hash_of_its_title() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Only a title</title></item></channel></rss>"
    )

    (first,) = parse_feed("https://news.example/feed", body)
    (again,) = parse_feed("https://news.example/feed", body)

    assert first.guid == again.guid
    assert len(first.guid) == 64
    assert first.link is None


def test_an_atom_feed_reads_like_rss() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>Atom TV</title><entry><title>'Severance' Season 3 Sets Premiere Date</title>"
        b'<link href="https://atom.example/severance"/><id>tag:atom.example,2026:1</id>'
        b"<updated>2026-03-02T10:00:00Z</updated></entry></feed>"
    )

    (item,) = parse_feed("https://atom.example/feed", body)

    assert item.title == "'Severance' Season 3 Sets Premiere Date"
    assert item.outlet == "Atom TV"
    assert item.link == "https://atom.example/severance"
    assert item.guid == "tag:atom.example,2026:1"


def test_a_feed_in_a_legacy_encoding_is_decoded() -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Les Misérables renouvelée</title></item></channel></rss>"
    ).encode("latin-1")

    (item,) = parse_feed("https://news.example/feed", body)

    assert item.title == "Les Misérables renouvelée"


def test_clean_text_refuses_what_is_not_one_line_of_text() -> None:
    assert clean_text(None, 100) is None
    assert clean_text("   ", 100) is None
    assert clean_text("a\n  b\t c", 100) == "a b c"
    assert clean_text("y" * 101, 100) is None
