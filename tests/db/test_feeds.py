"""Feed polling state and the feed items read, against a real SQLite file."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from db.connection import Database
from db.feeds import FeedRepository
from db.model.feeds import FeedState, NewItem
from db.model.shows import Catalogue, ShowEntry
from db.shows import ShowRepository

FEED = "https://trade.example/tv/feed/"
T0 = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)


def later(minutes: int) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=minutes)


class Clock:
    """The repository's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def feeds(database: Database, clock: Clock) -> FeedRepository:
    return FeedRepository(database, clock=clock)


def new_item(guid: str, outcome: str = "news", **fields: Any) -> NewItem:
    link = f"https://trade.example/{guid}"
    item = NewItem(FEED, guid, link, f"Headline {guid}", "Trade", T0, outcome)
    return dataclasses.replace(item, **fields)


async def good_poll(feeds: FeedRepository, etag: str, at: datetime.datetime) -> FeedState:
    return await feeds.save_state(
        FEED, etag=etag, last_modified=f"modified {etag}", polled_at=at, error=None
    )


# --------------------------------------------------------------------------- feed state


async def test_a_feed_never_polled_has_no_state(feeds: FeedRepository) -> None:
    assert await feeds.state(FEED) is None


async def test_the_first_good_poll_is_remembered_as_first_and_last(feeds: FeedRepository) -> None:
    saved = await good_poll(feeds, '"v1"', T0)
    assert saved == FeedState(FEED, '"v1"', 'modified "v1"', T0, T0, None)
    assert await feeds.state(FEED) == saved


async def test_a_later_poll_replaces_the_validators_and_keeps_the_first_time(
    feeds: FeedRepository,
) -> None:
    await good_poll(feeds, '"v1"', T0)
    saved = await good_poll(feeds, '"v2"', later(30))
    assert saved == FeedState(FEED, '"v2"', 'modified "v2"', T0, later(30), None)


async def test_a_failed_poll_keeps_the_validators_of_the_last_good_one(
    feeds: FeedRepository,
) -> None:
    await good_poll(feeds, '"v1"', T0)
    saved = await feeds.save_state(
        FEED, etag=None, last_modified=None, polled_at=later(30), error="HTTP 503"
    )
    assert saved == FeedState(FEED, '"v1"', 'modified "v1"', T0, later(30), "HTTP 503")


async def test_a_failed_first_poll_is_not_the_first_poll(feeds: FeedRepository) -> None:
    # Nothing was read, so the backlog is still ahead: the next good poll is the first.
    await feeds.save_state(FEED, etag='"x"', last_modified=None, polled_at=T0, error="timeout")
    saved = await good_poll(feeds, '"v1"', later(30))
    assert saved.first_polled_at == later(30)


async def test_a_good_poll_clears_the_last_error(feeds: FeedRepository) -> None:
    await feeds.save_state(FEED, etag=None, last_modified=None, polled_at=T0, error="timeout")
    assert (await good_poll(feeds, '"v1"', later(30))).last_error is None


# --------------------------------------------------------------------------- items


async def test_an_item_reads_back_as_remembered_with_when_it_was_seen(
    feeds: FeedRepository, clock: Clock
) -> None:
    clock.now = later(5)
    item = new_item("a", "ignored", detail="not about a season")
    item_id = await feeds.remember(item)
    stored = await feeds.item(item_id)
    assert stored is not None
    assert (stored.id, stored.seen_at) == (item_id, later(5))
    assert (stored.feed, stored.guid, stored.link, stored.title, stored.outlet) == (
        item.feed,
        item.guid,
        item.link,
        item.title,
        item.outlet,
    )
    assert (stored.published_at, stored.outcome, stored.show_id, stored.detail) == (
        T0,
        "ignored",
        None,
        "not about a season",
    )


async def test_an_unknown_item_id_reads_as_none(feeds: FeedRepository) -> None:
    assert await feeds.item(404) is None


async def test_an_item_remembered_again_keeps_its_id_and_first_outcome(
    feeds: FeedRepository,
) -> None:
    first = await feeds.remember(new_item("a", "news"))
    again = await feeds.remember(new_item("a", "ignored"))
    stored = await feeds.item(first)
    assert again == first
    assert stored is not None
    assert stored.outcome == "news"


async def test_the_same_article_under_another_guid_is_the_same_item(
    feeds: FeedRepository,
) -> None:
    first = await feeds.remember(new_item("a"))
    assert await feeds.remember(new_item("b", link="https://trade.example/a")) == first


async def test_items_without_a_link_are_told_apart_by_guid(feeds: FeedRepository) -> None:
    first = await feeds.remember(new_item("a", link=None))
    second = await feeds.remember(new_item("b", link=None))
    assert first != second


async def test_seen_finds_keys_stored_as_a_guid_or_as_a_link(feeds: FeedRepository) -> None:
    await feeds.remember(new_item("guid-1", link="https://trade.example/story"))
    keys = ["guid-1", "https://trade.example/story", "guid-2", "https://trade.example/other"]
    assert await feeds.seen(keys) == {"guid-1", "https://trade.example/story"}


async def test_seen_of_no_keys_is_empty(feeds: FeedRepository) -> None:
    assert await feeds.seen([]) == set()


async def test_unresolved_items_are_the_unmatched_and_ambiguous_newest_first(
    feeds: FeedRepository, clock: Clock
) -> None:
    for minute, (guid, outcome) in enumerate(
        [("a", "unmatched"), ("b", "news"), ("c", "ambiguous"), ("d", "unmatched")]
    ):
        clock.now = later(minute)
        await feeds.remember(new_item(guid, outcome))
    assert [item.guid for item in await feeds.unresolved()] == ["d", "c", "a"]
    assert [item.guid for item in await feeds.unresolved(limit=2)] == ["d", "c"]
    assert await feeds.count_unresolved() == 3


async def test_items_seen_in_the_same_second_list_the_last_remembered_first(
    feeds: FeedRepository,
) -> None:
    await feeds.remember(new_item("a", "unmatched"))
    await feeds.remember(new_item("b", "unmatched"))
    assert [item.guid for item in await feeds.unresolved()] == ["b", "a"]


async def test_an_item_attached_to_a_show_is_no_longer_unresolved(
    feeds: FeedRepository, database: Database
) -> None:
    _, (show_id,) = await ShowRepository(database).import_catalogue(
        Catalogue(shows=(ShowEntry(title="Last Call"),))
    )
    item_id = await feeds.remember(new_item("a", "ambiguous"))
    await feeds.set_outcome(item_id, "attached", show_id)
    stored = await feeds.item(item_id)
    assert stored is not None
    assert (stored.outcome, stored.show_id) == ("attached", show_id)
    assert await feeds.count_unresolved() == 0


async def test_an_outcome_must_be_one_the_schema_knows(feeds: FeedRepository) -> None:
    item_id = await feeds.remember(new_item("a", "unmatched"))
    with pytest.raises(ValueError, match="outcome"):
        await feeds.set_outcome(item_id, "solved", None)


async def test_a_deleted_show_leaves_its_items_without_a_show(
    feeds: FeedRepository, database: Database
) -> None:
    _, (show_id,) = await ShowRepository(database).import_catalogue(
        Catalogue(shows=(ShowEntry(title="Last Call"),))
    )
    item_id = await feeds.remember(new_item("a", "news", show_id=show_id))
    async with database.transaction() as connection:
        await connection.execute("DELETE FROM shows WHERE id = ?", (show_id,))
    stored = await feeds.item(item_id)
    assert stored is not None
    assert stored.show_id is None


async def test_forgetting_deletes_the_items_seen_before_a_moment(
    feeds: FeedRepository, clock: Clock
) -> None:
    for minute, guid in enumerate(["old", "at-the-moment", "kept"]):
        clock.now = later(minute * 10)
        await feeds.remember(new_item(guid))
    assert await feeds.forget_older_than(later(10)) == 1
    assert await feeds.seen(["old", "at-the-moment", "kept"]) == {"at-the-moment", "kept"}
