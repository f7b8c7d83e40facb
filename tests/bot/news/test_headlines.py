"""Trade-press headlines through the running bot: read, placed on a show, applied, alerted once."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.client import Cliffhanger
from bot.local.stand_in import CHANNEL_ID, LocalDiscord
from bot.news import headlines as headlines_module
from bot.settings import NewsSource, Settings
from db.model.shows import Catalogue, SeasonEntry, ShowEntry
from tests.feed_server import Item, rss
from tests.messages import text_of
from tests.postgres import ENGINES, engine_settings

ALERT_MARK = "Cliffhanger alert #"
SHOWS = (
    ShowEntry(
        title="Slow Horses",
        platform="Apple TV+",
        status="airing",
        seasons=(SeasonEntry(5), SeasonEntry(6)),
    ),
    ShowEntry(title="Wednesday", platform="Netflix", status="renewed", seasons=(SeasonEntry(2),)),
    ShowEntry(title="Reacher", platform="Prime Video", status="airing"),
)


def fresh(hours: int = 1) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=hours)


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    return tmp_path / "feed.xml"


@pytest.fixture(params=ENGINES)
async def settings(
    request: pytest.FixtureRequest, tmp_path: Path, feed: Path
) -> AsyncIterator[Settings]:
    async with engine_settings(
        request,
        tmp_path / "cliffhanger.sqlite3",
        news_sources=(NewsSource("feeds"),),
        news_feeds=(f"file:{feed}",),
    ) as chosen:
        yield chosen


def publish(feed: Path, *items: Item, outlet: str = "TV News") -> None:
    feed.write_bytes(rss(*items, channel=outlet))


async def subscribed(bot: Cliffhanger, stand_in: LocalDiscord) -> None:
    await bot.services.catalogue.import_catalogue(Catalogue(shows=SHOWS))
    await stand_in.send("!subscribe all")


async def sync(bot: Cliffhanger, stand_in: LocalDiscord) -> tuple[str, str]:
    """The poll's report, and the alerts it sent to the channel."""
    report = text_of(await stand_in.send("!sync"))
    before = len(stand_in.sent)
    await bot.services.deliveries.drain(channel_id=CHANNEL_ID)
    return report, text_of(stand_in.sent[before:])


async def test_a_renewal_headline_renews_the_show_with_one_alert_naming_the_outlet(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("'Slow Horses' Renewed for Season 7 at Apple TV+", fresh(), key="sh"))

    report, alerts = await sync(bot, discord_stand_in)

    assert "1 changes" in report
    assert alerts.count(ALERT_MARK) == 1
    assert "Slow Horses: renewed" in alerts
    assert "airing → renewed" in alerts
    assert "source: TV News (https://news.example/sh)" in alerts
    show = await bot.services.catalogue.find("slow horses")
    assert show.entry.status == "renewed"
    assert [season.number for season in show.entry.seasons] == [5, 6, 7]


async def test_speculation_and_other_news_change_nothing_and_alert_nobody(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(
        feed,
        Item("Will 'Slow Horses' Return for Season 8? Everything We Know", fresh(), key="q"),
        Item("'Reacher' Could Be Renewed, Sources Say", fresh(), key="r"),
        Item("Pedro Pascal Joins 'Wednesday' Season 3", fresh(), key="c"),
    )

    report, alerts = await sync(bot, discord_stand_in)

    assert "0 changes" in report
    assert ALERT_MARK not in alerts
    assert (await bot.services.catalogue.find("reacher")).entry.status == "airing"


async def test_a_second_poll_finds_nothing_new(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("Netflix Cancels 'Wednesday' After Two Seasons", fresh(), key="w"))
    await sync(bot, discord_stand_in)

    report, alerts = await sync(bot, discord_stand_in)

    assert "0 new headlines read" not in report  # nothing unseen: the count is left out
    assert "0 changes" in report
    assert ALERT_MARK not in alerts


async def test_the_same_story_from_a_second_outlet_is_one_event_listing_both(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("Netflix Cancels 'Wednesday' After Two Seasons", fresh(3), key="a"))
    _, first_alerts = await sync(bot, discord_stand_in)
    publish(
        feed,
        Item("'Wednesday' Canceled at Netflix", fresh(), key="b"),
        outlet="Another Outlet",
    )

    _, second_alerts = await sync(bot, discord_stand_in)

    assert first_alerts.count(ALERT_MARK) == 1
    assert ALERT_MARK not in second_alerts
    news = text_of(await discord_stand_in.send("!news wednesday"))
    assert news.count("cancelled") >= 1
    assert "Also reported by Another Outlet (https://news.example/b)" in news


async def test_a_feeds_old_items_enter_the_history_without_an_alert(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("Netflix Cancels 'Wednesday' After Two Seasons", fresh(24 * 30), key="o"))

    _, alerts = await sync(bot, discord_stand_in)

    assert ALERT_MARK not in alerts
    show = await bot.services.catalogue.find("wednesday")
    assert show.entry.status == "cancelled"
    assert any(entry.source_url == "https://news.example/o" for entry in show.entry.news)


async def test_a_platform_that_contradicts_the_shows_is_no_match(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("Hulu Cancels 'Reacher' After One Season", fresh(), key="x"))

    _, alerts = await sync(bot, discord_stand_in)

    assert ALERT_MARK not in alerts
    assert (await bot.services.catalogue.find("reacher")).entry.status == "airing"
    waiting = text_of(await discord_stand_in.send("!catalogue headlines"))
    assert "Hulu Cancels 'Reacher' After One Season" in waiting


async def test_a_show_saved_by_another_platform_is_renewed_there_with_one_alert(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("Netflix Saves 'Reacher' After Prime Video Cancellation", fresh(), key="r"))

    _, alerts = await sync(bot, discord_stand_in)

    assert alerts.count(ALERT_MARK) == 1
    reacher = (await bot.services.catalogue.find("reacher")).entry
    assert reacher.status == "renewed"
    assert reacher.platform == "Netflix"


async def test_an_unknown_show_waits_for_an_editor_who_can_attach_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, feed: Path
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(feed, Item("'Slow Horsies' Renewed for Season 7", fresh(), key="typo"))
    await sync(bot, discord_stand_in)

    status = text_of(await discord_stand_in.send("!status"))
    waiting = text_of(await discord_stand_in.send("!catalogue headlines"))
    attached = text_of(await discord_stand_in.send("!catalogue attach item: 1 show: slow horses"))

    assert "1 with news but no show found" in status
    assert "#1 · TV News" in waiting
    assert "no catalogued show by that title" in waiting
    assert "Attached to Slow Horses" in attached
    assert (await bot.services.catalogue.find("slow horses")).entry.status == "renewed"
    after = text_of(await discord_stand_in.send("!catalogue headlines"))
    assert "None: every headline with news was placed on a show." in after


async def test_attaching_a_headline_that_is_not_waiting_is_refused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    reply = text_of(await discord_stand_in.send("!catalogue attach item: 99 show: tpt"))

    assert "There is no headline #99 waiting for an editor" in reply


async def test_a_headline_that_fails_unexpectedly_is_set_aside_and_the_rest_applied(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    feed: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await subscribed(bot, discord_stand_in)
    publish(
        feed,
        Item("'Reacher' Renewed for Season 4", fresh(2), key="poison"),
        Item("Netflix Cancels 'Wednesday' After Two Seasons", fresh(), key="fine"),
    )
    real = headlines_module.read_headline

    def failing(title: str, **options: object) -> object:
        if "Reacher" in title:
            raise RuntimeError("a rule broke")
        return real(title, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(headlines_module, "read_headline", failing)

    first, alerts = await sync(bot, discord_stand_in)
    again, _ = await sync(bot, discord_stand_in)

    assert "1 changes" in first
    assert "Wednesday: cancelled" in alerts
    assert (await bot.services.catalogue.find("reacher")).entry.status == "airing"
    assert any("could not be applied" in record.getMessage() for record in caplog.records)
    assert "0 changes" in again  # set aside, not tried again at every poll
