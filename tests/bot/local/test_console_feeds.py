"""The trade-press source as an operator meets it: feeds on a web server, the console, `!sync`,
one alert per piece of news, nothing for rumours, nothing twice, the export showing sources."""

from __future__ import annotations

import asyncio
import datetime
import json
from pathlib import Path

from db.shows import shipped_catalogue
from tests.alerting import write_catalogue
from tests.bot.test_main import run_bot
from tests.feed_server import FeedServer, Item, rss, serve

ALERT_MARK = "Cliffhanger alert #"
NOW = datetime.datetime.now(datetime.UTC)
SHOWS = (
    {
        "title": "Slow Horses",
        "platform": "Apple TV+",
        "status": "airing",
        "seasons": [{"number": 5, "release_date": "2025-09-24"}, {"number": 6}],
    },
    {
        "title": "Wednesday",
        "platform": "Netflix",
        "status": "renewed",
        "seasons": [{"number": 2, "release_date": "2025-08-06"}, {"number": 3}],
    },
    {
        "title": "Severance",
        "platform": "Apple TV+",
        "status": "renewed",
        "seasons": [{"number": 2, "release_date": "2025-01-17"}, {"number": 3}],
    },
    {
        "title": "The Bear",
        "platform": "FX",
        "status": "renewed",
        "seasons": [{"number": 4, "release_date": "2025-06-25"}, {"number": 5}],
    },
    {"title": "Reacher", "platform": "Prime Video", "status": "airing"},
)
NEWS = (
    Item("'Slow Horses' Renewed for Season 7 at Apple TV+", NOW, key="renewed"),
    Item("Netflix Cancels 'Wednesday' After Two Seasons", NOW, key="cancelled"),
    Item("'Severance' to End With Season 4", NOW, key="ending"),
    Item("'The Bear' Season 5 Sets June 24 Premiere Date", NOW, key="date"),
)
RUMOURS = (
    Item("Will 'Slow Horses' Return for Season 8? Everything We Know", NOW, key="question"),
    Item("'Reacher' Could Be Renewed, Sources Say", NOW, key="rumour"),
    Item("Why 'Wednesday' Was Really Canceled", NOW, key="opinion"),
)


async def bot_command(tmp_path: Path, feeds: str, *arguments: str, stdin: str = "") -> str:
    # In a thread: the feed server answers from this test's event loop meanwhile.
    result = await asyncio.to_thread(
        run_bot,
        tmp_path,
        *arguments,
        stdin=stdin,
        env={"NEWS_SOURCE": "feeds", "NEWS_FEEDS": feeds},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


async def test_every_status_headline_prints_one_alert_and_rumours_print_none(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss(*NEWS, *RUMOURS, channel="TV News"))
    feeds = f"{feed_server.url}/tv.xml"
    catalogue = write_catalogue(tmp_path / "shows.json", *SHOWS)
    await bot_command(tmp_path, feeds, "import", str(catalogue))

    synced = await bot_command(tmp_path, feeds, "console", stdin="!subscribe all\n!sync\n")

    assert synced.count(ALERT_MARK) == 4
    for title in (
        "Slow Horses: renewed",
        "Wednesday: cancelled",
        "Severance: final season announced",
        "The Bear: release date",
    ):
        assert synced.count(title) == 1
    assert "Reacher" not in synced
    assert "7 new headlines read" in synced
    assert "4 changes" in synced


async def test_a_second_sync_and_a_restart_print_nothing_new(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss(*NEWS, *RUMOURS))
    feeds = f"{feed_server.url}/tv.xml"
    catalogue = write_catalogue(tmp_path / "shows.json", *SHOWS)
    await bot_command(tmp_path, feeds, "import", str(catalogue))
    first = await bot_command(tmp_path, feeds, "console", stdin="!subscribe all\n!sync\n!sync\n")

    restarted = await bot_command(tmp_path, feeds, "console", stdin="!sync\n")

    assert first.count(ALERT_MARK) == 4
    assert first.split("Poll of ")[2].count("0 changes") == 1
    assert ALERT_MARK not in restarted
    assert "0 changes" in restarted


async def test_the_export_shows_the_new_facts_with_the_articles_as_sources(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/tv.xml"] = serve(rss(*NEWS, *RUMOURS, channel="TV News"))
    feeds = f"{feed_server.url}/tv.xml"
    catalogue = write_catalogue(tmp_path / "shows.json", *SHOWS)
    await bot_command(tmp_path, feeds, "import", str(catalogue))
    await bot_command(tmp_path, feeds, "console", stdin="!sync\n")

    await bot_command(tmp_path, feeds, "export", str(tmp_path / "out.json"))

    exported = {
        show["title"]: show
        for show in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["shows"]
    }
    assert exported["Slow Horses"]["status"] == "renewed"
    assert exported["Wednesday"]["status"] == "cancelled"
    assert exported["Severance"]["final_season"] == 4
    assert exported["Reacher"]["status"] == "airing"
    (bear_five,) = [season for season in exported["The Bear"]["seasons"] if season["number"] == 5]
    assert bear_five["release_date"].endswith("-06-24")
    shipped = {show.title for show in shipped_catalogue().shows}
    sources = {
        item["source_url"]: item["source"]
        for title, show in exported.items()
        if title not in shipped
        for item in show.get("news", [])
        if item.get("source_url")
    }
    assert sources == {f"https://news.example/{item.key}": "TV News" for item in NEWS}
