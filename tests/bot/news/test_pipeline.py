"""NewsService: polls of a file source become facts, events and deliveries, or nothing."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.catalogue.service import CatalogueService
from bot.news.pipeline import NewsService
from bot.sources.catalogue_file import FileSource
from db.connection import Database
from db.deliveries import DeliveryRepository
from db.model.catalogue_format import parse_catalogue
from db.model.news import Delivery, NewsEvent
from db.model.shows import PartialDate
from db.subscriptions import SubscriptionRepository
from tests.alerting import write_catalogue

NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)
GUILD = 10
CHANNEL, OTHER_CHANNEL, UNRELATED_CHANNEL = 100, 200, 300


def show(**changes: Any) -> dict[str, Any]:
    """A show as the source file gives it; keys set to None are left out."""
    data: dict[str, Any] = {
        "title": "Test Show",
        "platform": "Netflix",
        "status": "airing",
        "premiered": "2025-03-01",
        "seasons": [{"number": 1, "release_date": "2025-03-01", "episodes": 8}],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def replace_file(path: Path, content: str | None) -> None:
    """The source file with new text, or gone (None)."""
    if content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
async def catalogue(database: Database) -> CatalogueService:
    service = await CatalogueService.load(database)
    await service.import_catalogue(
        parse_catalogue({"shows": [show(), {"title": "Other Show"}]}, origin="test")
    )
    return service


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    return write_catalogue(tmp_path / "source.json", show())


@pytest.fixture
def news(database: Database, catalogue: CatalogueService, source_file: Path) -> NewsService:
    return NewsService(database, catalogue, (FileSource(source_file),), clock=lambda: NOW)


async def show_id(catalogue: CatalogueService, title: str = "Test Show") -> int:
    return (await catalogue.find(title)).id


async def events(news: NewsService, title: str = "Test Show") -> list[NewsEvent]:
    return await news.news.events_for(await show_id(news.catalogue, title))


async def deliveries(database: Database) -> list[Delivery]:
    return await DeliveryRepository(database).due(NOW + datetime.timedelta(days=365))


async def subscribe(
    database: Database, channel: int, show: int | None, kinds: tuple[str, ...] = ()
) -> None:
    await SubscriptionRepository(database).subscribe(
        guild_id=GUILD, channel_id=channel, show_id=show, kinds=kinds, role_id=None, created_by=1
    )


# --------------------------------------------------------------------------- change detection


async def test_an_unchanged_source_makes_no_events(news: NewsService) -> None:
    result = await news.poll()
    assert result.error is None
    assert result.changes == ()
    assert await events(news) == []


async def test_a_status_change_makes_one_event_and_one_delivery_per_matching_subscription(
    news: NewsService, database: Database, source_file: Path
) -> None:
    test_show = await show_id(news.catalogue)
    await subscribe(database, CHANNEL, test_show)
    await subscribe(database, OTHER_CHANNEL, None, ("renewed",))
    await subscribe(database, UNRELATED_CHANNEL, test_show, ("release_date",))
    write_catalogue(source_file, show(status="renewed"))
    result = await news.poll()
    (event,) = await events(news)
    assert event.entry.kind == "renewed"
    assert event.details.from_status == "airing"
    assert event.details.to_status == "renewed"
    assert len(result.changes) == 1
    assert sorted(delivery.channel_id for delivery in await deliveries(database)) == [
        CHANNEL,
        OTHER_CHANNEL,
    ]
    assert (await news.catalogue.find("test show")).entry.status == "renewed"


async def test_a_second_poll_of_the_same_change_makes_nothing_more(
    news: NewsService, database: Database, source_file: Path
) -> None:
    await subscribe(database, CHANNEL, None)
    write_catalogue(source_file, show(status="renewed"))
    await news.poll()
    second = await news.poll()
    assert second.changes == ()
    assert len(await events(news)) == 1
    assert len(await deliveries(database)) == 1


async def test_a_change_backed_by_the_sources_news_item_is_announced_once(
    news: NewsService, database: Database, source_file: Path
) -> None:
    await subscribe(database, CHANNEL, None)
    cancellation = {
        "date": "2026-11-24",
        "kind": "cancelled",
        "text": "Netflix cancels Test Show after one season.",
        "confidence": "confirmed",
        "source": "Deadline",
        "source_url": "https://deadline.com/test-show-cancelled",
    }
    write_catalogue(source_file, show(status="ended", news=[cancellation]))
    await news.poll()
    again = await news.poll()
    assert again.changes == ()
    (event,) = await events(news)
    assert event.entry.source_url == "https://deadline.com/test-show-cancelled"
    assert len(await deliveries(database)) == 1


async def test_a_release_date_set_is_a_dates_alert(
    news: NewsService, database: Database, source_file: Path
) -> None:
    await subscribe(database, CHANNEL, None, ("release_date",))
    seasons = [
        {"number": 1, "release_date": "2025-03-01", "episodes": 8},
        {"number": 2},
    ]
    write_catalogue(source_file, show(seasons=seasons))
    await news.poll()
    seasons[1]["release_date"] = "2027-04"
    write_catalogue(source_file, show(seasons=seasons))
    await news.poll()
    kinds = [event.entry.kind for event in await events(news)]
    assert kinds == ["season_announced", "release_date"]
    (delivery,) = await deliveries(database)
    assert delivery.event.details.to_date == PartialDate.parse("2027-04")


@pytest.mark.parametrize("missing", ["status", "platform", "seasons", "premiered"])
async def test_a_missing_field_is_never_a_change(
    news: NewsService, source_file: Path, missing: str
) -> None:
    write_catalogue(source_file, show(**{missing: None}))
    result = await news.poll()
    assert result.changes == ()
    assert await events(news) == []
    stored = (await news.catalogue.find("test show")).entry
    assert (stored.status, stored.platform, len(stored.seasons)) == ("airing", "Netflix", 1)


async def test_a_premiere_year_only_one_side_knows_still_matches_the_stored_show(
    news: NewsService, source_file: Path
) -> None:
    write_catalogue(source_file, {"title": "Other Show", "premiered": "2024-01-01"})
    result = await news.poll()
    assert result.shows_added == 0
    assert (await news.catalogue.find("other show")).entry.premiered == datetime.date(2024, 1, 1)


async def test_an_unknown_status_is_never_a_change(news: NewsService, source_file: Path) -> None:
    write_catalogue(source_file, show(status="unknown"))
    await news.poll()
    assert await events(news) == []
    assert (await news.catalogue.find("test show")).entry.status == "airing"


@pytest.mark.parametrize(
    "content", [None, "{not json", '{"shows": [{"title": "Test Show", "status": "maybe"}]}']
)
async def test_a_source_error_is_logged_and_changes_nothing(
    news: NewsService,
    database: Database,
    source_file: Path,
    caplog: pytest.LogCaptureFixture,
    content: str | None,
) -> None:
    await subscribe(database, CHANNEL, None)
    replace_file(source_file, content)
    with caplog.at_level(logging.WARNING, logger="bot.news.pipeline"):
        result = await news.poll()
    assert result.error is not None
    assert "Nothing was changed" in result.describe()
    assert any("news source" in record.message for record in caplog.records)
    assert await events(news) == []
    assert await deliveries(database) == []
    assert news.last_poll is result


async def test_a_show_new_to_the_catalogue_is_added_quietly(
    news: NewsService, database: Database, source_file: Path
) -> None:
    await subscribe(database, CHANNEL, None)
    newcomer = {
        "title": "Brand New Show",
        "status": "renewed",
        "news": [
            {"date": "2026-11-20", "kind": "renewed", "text": "Renewed.", "confidence": "confirmed"}
        ],
    }
    write_catalogue(source_file, show(), newcomer)
    result = await news.poll()
    assert result.shows_added == 1
    assert result.changes == ()
    assert (await news.catalogue.find("brand new show")).title == "Brand New Show"
    assert await deliveries(database) == []


async def test_speculation_in_the_source_is_history_not_an_alert(
    news: NewsService, database: Database, source_file: Path
) -> None:
    await subscribe(database, CHANNEL, None)
    guess = {
        "date": "2026-11-20",
        "kind": "release_date",
        "text": "Maybe 2028.",
        "confidence": "speculation",
    }
    write_catalogue(source_file, show(news=[guess]))
    await news.poll()
    assert len(await events(news)) == 1
    assert await deliveries(database) == []


async def test_queued_alerts_wake_the_delivery_worker(
    news: NewsService, database: Database, source_file: Path
) -> None:
    woken: list[bool] = []
    news.on_enqueued = lambda: woken.append(True)
    await news.poll()
    assert woken == []
    write_catalogue(source_file, show(status="renewed"))
    await news.poll()
    assert woken == [True]


# --------------------------------------------------------------------------- seasons out


async def release_season_two_on(
    catalogue: CatalogueService, day: datetime.date, *, confirmed: bool = True
) -> None:
    seasons = [
        {"number": 1, "release_date": "2025-03-01"},
        {"number": 2, "release_date": day.isoformat(), "confirmed": confirmed},
    ]
    await catalogue.import_catalogue(
        parse_catalogue({"shows": [show(seasons=seasons)]}, origin="test")
    )


async def test_a_season_out_today_is_announced(news: NewsService, database: Database) -> None:
    day = NOW.date()
    await subscribe(database, CHANNEL, None, ("season_out",))
    await release_season_two_on(news.catalogue, day)
    (announced,) = await news.announce_seasons_out(day)
    assert announced.details.season == 2
    assert "season 2 is out today on Netflix" in announced.entry.text
    (delivery,) = await deliveries(database)
    assert delivery.event.entry.kind == "season_out"


async def test_a_season_out_is_announced_once_however_often_the_job_runs(
    news: NewsService, database: Database
) -> None:
    day = NOW.date()
    await subscribe(database, CHANNEL, None)
    await release_season_two_on(news.catalogue, day)
    await news.announce_seasons_out(day)
    assert await news.announce_seasons_out(day) == []
    assert len(await events(news)) == 1
    assert len(await deliveries(database)) == 1


async def test_no_season_out_on_another_day(news: NewsService) -> None:
    await release_season_two_on(news.catalogue, NOW.date())
    assert await news.announce_seasons_out(NOW.date() - datetime.timedelta(days=1)) == []


async def test_an_unconfirmed_season_is_never_announced_as_out(news: NewsService) -> None:
    await release_season_two_on(news.catalogue, NOW.date(), confirmed=False)
    assert await news.announce_seasons_out(NOW.date()) == []
