"""News events, subscriptions and the delivery outbox against a real SQLite file and a real
PostgreSQL database."""

from __future__ import annotations

import datetime

import pytest

from db.connection import Database, IntegrityError
from db.deliveries import DeliveryRepository
from db.model.clock import utc_now
from db.model.news import Changed, ChangeDetails, NewsChange, SubscriptionLimitReached
from db.model.shows import Catalogue, LinkEntry, NewsEntry, PartialDate, ShowEntry
from db.news import NewsRepository
from db.shows import ShowRepository
from db.subscriptions import SubscriptionRepository

GUILD, OTHER_GUILD = 10, 20
CHANNEL, OTHER_CHANNEL = 100, 200


@pytest.fixture
async def show_ids(database: Database) -> list[int]:
    _, ids = await ShowRepository(database).import_catalogue(
        Catalogue(shows=(ShowEntry(title="One"), ShowEntry(title="Two")))
    )
    return ids


def change(kind: str = "renewed", confidence: str = "reported") -> NewsChange:
    return NewsChange(
        entry=NewsEntry(PartialDate.parse("2026-11-25"), kind, f"{kind} news", confidence, "Test"),
        author="source:test",
        details=ChangeDetails(Changed.STATUS, from_status="airing", to_status=kind),
    )


async def subscribe(
    database: Database, show_id: int | None, channel: int = CHANNEL, **kwargs: object
) -> None:
    await SubscriptionRepository(database).subscribe(
        guild_id=kwargs.pop("guild_id", GUILD),  # type: ignore[arg-type]
        channel_id=channel,
        show_id=show_id,
        kinds=kwargs.pop("kinds", ()),  # type: ignore[arg-type]
        role_id=None,
        created_by=1,
        **kwargs,  # type: ignore[arg-type]
    )


async def due(database: Database) -> list:
    return await DeliveryRepository(database).due(utc_now() + datetime.timedelta(seconds=1))


async def test_recording_news_enqueues_one_delivery_per_subscribed_channel(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, show_ids[0], CHANNEL)
    await subscribe(database, None, OTHER_CHANNEL)
    await NewsRepository(database).record(show_ids[0], [change()])
    assert sorted(delivery.channel_id for delivery in await due(database)) == [
        CHANNEL,
        OTHER_CHANNEL,
    ]


async def test_a_channel_following_a_show_and_all_shows_hears_once(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, show_ids[0])
    await subscribe(database, None)
    await NewsRepository(database).record(show_ids[0], [change()])
    assert len(await due(database)) == 1
    (delivery,) = await due(database)
    assert delivery.channel_id == CHANNEL
    assert delivery.event.show_id == show_ids[0]


async def test_other_shows_news_is_not_delivered(database: Database, show_ids: list[int]) -> None:
    await subscribe(database, show_ids[0])
    await NewsRepository(database).record(show_ids[1], [change()])
    assert await due(database) == []


async def test_a_kinds_filter_keeps_only_those_alerts(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, show_ids[0], kinds=("release_date",))
    await NewsRepository(database).record(show_ids[0], [change("renewed"), change("release_date")])
    (delivery,) = await due(database)
    assert delivery.event.entry.kind == "release_date"


async def test_speculation_and_notes_are_history_not_alerts(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, show_ids[0])
    await NewsRepository(database).record(
        show_ids[0], [change("release_date", "speculation"), change("note")]
    )
    assert await due(database) == []
    assert len(await NewsRepository(database).events_for(show_ids[0])) == 2


async def test_news_and_facts_are_recorded_together_or_not_at_all(
    database: Database, show_ids: list[int]
) -> None:
    broken = NewsChange(
        entry=NewsEntry(PartialDate.parse("2026-11-25"), "not-a-kind", "x", "reported"),
        author="source:test",
    )
    with pytest.raises(Exception, match=r"(?i)check"):
        await NewsRepository(database).record(
            show_ids[0], [change(), broken], facts=ShowEntry(title="Renamed")
        )
    assert await NewsRepository(database).events_for(show_ids[0]) == []
    assert [title.title for title in await ShowRepository(database).titles()] == ["One", "Two"]


async def test_a_guild_cannot_exceed_its_subscription_limit(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, show_ids[0], limit=1)
    with pytest.raises(SubscriptionLimitReached):
        await subscribe(database, show_ids[1], limit=1)
    await subscribe(database, show_ids[0], limit=1)


async def test_guilds_see_and_remove_only_their_own_subscriptions(
    database: Database, show_ids: list[int]
) -> None:
    repository = SubscriptionRepository(database)
    await subscribe(database, show_ids[0], CHANNEL, guild_id=GUILD)
    await subscribe(database, show_ids[0], OTHER_CHANNEL, guild_id=OTHER_GUILD)
    assert [sub.channel_id for sub in await repository.for_guild(GUILD)] == [CHANNEL]
    assert not await repository.unsubscribe(
        guild_id=GUILD, channel_id=OTHER_CHANNEL, show_id=show_ids[0]
    )
    assert len(await repository.for_guild(OTHER_GUILD)) == 1


async def test_a_paused_channel_gets_no_new_deliveries(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, show_ids[0])
    await NewsRepository(database).record(show_ids[0], [change()])
    await SubscriptionRepository(database).pause_channel(CHANNEL, "403 Forbidden")
    await NewsRepository(database).record(show_ids[0], [change("release_date")])
    assert await due(database) == []
    (subscription,) = await SubscriptionRepository(database).for_guild(GUILD)
    assert subscription.paused_reason == "403 Forbidden"
    assert (await DeliveryRepository(database).backlog()).paused == 1


async def test_a_delivery_goes_from_pending_to_delivered(
    database: Database, show_ids: list[int]
) -> None:
    deliveries = DeliveryRepository(database)
    await subscribe(database, show_ids[0])
    await NewsRepository(database).record(show_ids[0], [change()])
    (delivery,) = await due(database)
    await deliveries.mark_sending(delivery.id)
    (sending,) = await due(database)
    assert (sending.state, sending.attempts) == ("sending", 1)
    await deliveries.mark_delivered(delivery.id, 555)
    assert await due(database) == []
    assert (await deliveries.backlog()).delivered == 1


async def test_a_retried_delivery_waits_until_its_time(
    database: Database, show_ids: list[int]
) -> None:
    deliveries = DeliveryRepository(database)
    await subscribe(database, show_ids[0])
    await NewsRepository(database).record(show_ids[0], [change()])
    (delivery,) = await due(database)
    later = utc_now() + datetime.timedelta(minutes=5)
    await deliveries.retry_later(delivery.id, "503", later, attempts=1)
    assert await due(database) == []
    assert await deliveries.next_due_at() == later.replace(microsecond=0)


async def store_an_old_season_out(database: Database, show_id: int) -> None:
    """A row as the bot wrote it before details had a version."""
    async with database.transaction() as connection:
        await connection.execute(
            "INSERT INTO news_events (show_id, reported_on, kind, text, confidence, details) "
            "VALUES (?, '2026-06-01', 'season_out', 'Out today.', 'confirmed', ?)",
            (show_id, '{"field": "season_out", "season": 2, "to": "2026-06-01"}'),
        )


async def test_details_stored_before_their_version_key_still_read(
    database: Database, show_ids: list[int]
) -> None:
    await store_an_old_season_out(database, show_ids[0])
    (event,) = await NewsRepository(database).events_for(show_ids[0])
    assert event.details == ChangeDetails(
        Changed.SEASON_OUT, 2, to_date=PartialDate.parse("2026-06-01")
    )


async def test_seasons_announced_out_are_found_in_old_and_new_details(
    database: Database, show_ids: list[int]
) -> None:
    await store_an_old_season_out(database, show_ids[0])
    out = NewsChange(
        entry=NewsEntry(PartialDate.parse("2026-11-25"), "season_out", "Out.", "confirmed"),
        author="schedule:daily",
        details=ChangeDetails(Changed.SEASON_OUT, 3, to_date=PartialDate.parse("2026-11-25")),
    )
    await NewsRepository(database).record(show_ids[0], [out])
    assert await NewsRepository(database).announced_seasons_out(show_ids[0]) == {2, 3}


def dated(kind: str, date: str, *, announce: bool = True) -> NewsChange:
    entry = NewsEntry(PartialDate.parse(date), kind, f"{kind} on {date}", "confirmed", "Test")
    return NewsChange(entry, author="source:test", announce=announce)


async def test_news_recorded_without_announcing_is_history_and_never_delivered(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, None)
    news = NewsRepository(database)
    await news.record(show_ids[0], [dated("renewed", "2026-01-05", announce=False)])
    assert await due(database) == []
    assert [event.entry.kind for event in await news.events_for(show_ids[0])] == ["renewed"]


async def test_only_the_announced_changes_of_one_recording_are_delivered(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, None)
    _, loud = await NewsRepository(database).record(
        show_ids[0],
        [dated("renewed", "2026-01-05", announce=False), dated("ending", "2026-02-01")],
    )
    assert [delivery.event.id for delivery in await due(database)] == [loud]


async def test_the_latest_of_some_kinds_is_the_newest_reported_of_them(
    database: Database, show_ids: list[int]
) -> None:
    news = NewsRepository(database)
    await news.record(
        show_ids[0],
        [dated("ending", "2026-03"), dated("renewed", "2026-05-01"), dated("note", "2026-06-01")],
    )
    await news.record(show_ids[1], [dated("renewed", "2026-07-01")])
    latest = await news.latest_of_kinds(show_ids[0], ["renewed", "ending"])
    assert latest is not None
    assert latest.entry.text == "renewed on 2026-05-01"


async def test_the_latest_of_news_reported_the_same_day_is_the_last_recorded(
    database: Database, show_ids: list[int]
) -> None:
    news = NewsRepository(database)
    _, last = await news.record(
        show_ids[0], [dated("renewed", "2026-05-01"), dated("ending", "2026-05-01")]
    )
    latest = await news.latest_of_kinds(show_ids[0], ("renewed", "ending"))
    assert latest is not None
    assert latest.id == last


async def test_a_show_without_news_of_those_kinds_has_no_latest(
    database: Database, show_ids: list[int]
) -> None:
    news = NewsRepository(database)
    await news.record(show_ids[0], [dated("note", "2026-05-01")])
    assert await news.latest_of_kinds(show_ids[0], ["renewed", "ending"]) is None
    assert await news.latest_of_kinds(show_ids[0], []) is None


DEADLINE_URL = "https://deadline.example/renewed"


async def recorded_renewal(database: Database, show_id: int) -> int:
    (event_id,) = await NewsRepository(database).record(show_id, [dated("renewed", "2026-05-01")])
    return event_id


async def news_of(database: Database, show_id: int) -> tuple[NewsEntry, ...]:
    stored = await ShowRepository(database).get(show_id)
    assert stored is not None
    return stored.entry.news


async def test_another_outlet_is_listed_with_the_news_it_reported(
    database: Database, show_ids: list[int]
) -> None:
    event_id = await recorded_renewal(database, show_ids[0])
    news = NewsRepository(database)
    added = await news.add_source(event_id, "Deadline", DEADLINE_URL, PartialDate(2026, 5, 2))
    assert added
    (entry,) = await news_of(database, show_ids[0])
    assert entry.also == (LinkEntry("Deadline", DEADLINE_URL),)


async def test_other_outlets_are_listed_by_the_day_they_reported(
    database: Database, show_ids: list[int]
) -> None:
    event_id = await recorded_renewal(database, show_ids[0])
    news = NewsRepository(database)
    await news.add_source(event_id, "Variety", "https://v.example/a", PartialDate(2026, 5, 3))
    await news.add_source(event_id, "Deadline", "https://d.example/a", PartialDate(2026, 5, 2))
    await news.add_source(event_id, "TVLine", "https://t.example/a", PartialDate(2026, 5, 3))
    (entry,) = await news_of(database, show_ids[0])
    assert [outlet.label for outlet in entry.also] == ["Deadline", "Variety", "TVLine"]


async def test_an_article_already_listed_is_not_listed_twice(
    database: Database, show_ids: list[int]
) -> None:
    event_id = await recorded_renewal(database, show_ids[0])
    news = NewsRepository(database)
    await news.add_source(event_id, "Deadline", DEADLINE_URL, PartialDate(2026, 5, 2))
    again = await news.add_source(event_id, "Deadline", DEADLINE_URL, PartialDate(2026, 5, 4))
    assert not again
    (entry,) = await news_of(database, show_ids[0])
    assert len(entry.also) == 1


async def test_the_article_an_event_came_from_is_not_another_outlet(
    database: Database, show_ids: list[int]
) -> None:
    entry = NewsEntry(
        PartialDate(2026, 5, 1), "renewed", "Renewed.", "confirmed", "TVLine", "https://t.example/a"
    )
    news = NewsRepository(database)
    (event_id,) = await news.record(show_ids[0], [NewsChange(entry, author="source:test")])
    assert not await news.add_source(event_id, "TVLine", "https://t.example/a", entry.date)


async def test_an_outlet_without_a_url_is_kept_once_and_not_shown_as_a_link(
    database: Database, show_ids: list[int]
) -> None:
    event_id = await recorded_renewal(database, show_ids[0])
    news = NewsRepository(database)
    assert await news.add_source(event_id, "Trade Paper", None, PartialDate(2026, 5, 2))
    assert not await news.add_source(event_id, "Trade Paper", None, PartialDate(2026, 5, 3))
    (entry,) = await news_of(database, show_ids[0])
    assert entry.also == ()


async def test_listing_another_outlet_alerts_nobody(
    database: Database, show_ids: list[int]
) -> None:
    event_id = await recorded_renewal(database, show_ids[0])
    await subscribe(database, None)
    await NewsRepository(database).add_source(
        event_id, "Deadline", DEADLINE_URL, PartialDate(2026, 5, 2)
    )
    assert await due(database) == []


async def test_an_event_read_for_its_alert_lists_the_other_outlets_known_by_then(
    database: Database, show_ids: list[int]
) -> None:
    await subscribe(database, None)
    event_id = await recorded_renewal(database, show_ids[0])
    await NewsRepository(database).add_source(
        event_id, "Deadline", DEADLINE_URL, PartialDate(2026, 5, 2)
    )
    (delivery,) = await due(database)
    assert delivery.event.entry.also == (LinkEntry("Deadline", DEADLINE_URL),)


async def test_another_outlet_needs_a_name(database: Database, show_ids: list[int]) -> None:
    event_id = await recorded_renewal(database, show_ids[0])
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        await NewsRepository(database).add_source(event_id, "", None, PartialDate(2026, 5, 2))
