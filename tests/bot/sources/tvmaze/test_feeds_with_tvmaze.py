"""Headlines about shows the catalogue doesn't know, with TVmaze on: looked up there, imported
when TVmaze knows exactly one, and then applied like any other headline."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bot.app.client import Cliffhanger
from bot.local.stand_in import LocalDiscord
from bot.settings import NewsSource, Settings
from tests.feed_server import Item, rss
from tests.messages import text_of
from tests.tvmaze_server import GOT, FakeTVmaze, as_search_result, recorded

NOW = datetime.datetime.now(datetime.UTC)


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    return tmp_path / "feed.xml"


@pytest.fixture
def settings(tmp_path: Path, tvmaze: FakeTVmaze, feed: Path) -> Settings:
    return Settings(
        database_path=tmp_path / "cliffhanger.sqlite3",
        news_sources=(NewsSource("tvmaze"), NewsSource("feeds")),
        news_feeds=(f"file:{feed}",),
        tvmaze_base_url=tvmaze.url,
    )


def publish(feed: Path, title: str) -> None:
    feed.write_bytes(rss(Item(title, NOW, key="got")))


async def test_a_headline_about_a_show_tvmaze_knows_imports_it_and_applies_the_news(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze, feed: Path
) -> None:
    tvmaze.serve("/search/shows", as_search_result(recorded(GOT)))
    tvmaze.serve("/shows/82", recorded(GOT))
    publish(feed, "HBO Revives 'Game of Thrones' for Season 9")

    report = text_of(await discord_stand_in.send("!sync"))

    show = await bot.services.catalogue.find("game of thrones")
    assert show.entry.tvmaze_id == 82
    assert show.entry.status == "renewed"
    assert 9 in {season.number for season in show.entry.seasons}
    assert "HBO Revives 'Game of Thrones' for Season 9" in report
    assert "/search/shows" in tvmaze.paths()


async def test_a_title_tvmaze_finds_several_shows_for_waits_for_an_editor(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze, feed: Path
) -> None:
    got = recorded(GOT)
    twins = as_search_result(got) + as_search_result({**got, "id": 83, "premiered": "2030-01-01"})
    tvmaze.serve("/search/shows", twins)
    publish(feed, "HBO Revives 'Game of Thrones' for Season 9")

    report = text_of(await discord_stand_in.send("!sync"))
    waiting = text_of(await discord_stand_in.send("!catalogue headlines"))

    assert "Game of Thrones" not in report
    assert "more than one show by that title" in waiting
