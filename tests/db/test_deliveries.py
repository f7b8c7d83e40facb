"""The outbox shared by processes: split by shard, and claimed for a lease so that each
delivery is one process's at a time and a dead process's claims pass to another; on each
engine."""

from __future__ import annotations

import asyncio
import datetime

import pytest

from db.connection import Database
from db.deliveries import LEASE, DeliveryRepository
from db.model.clock import utc_now
from db.model.news import Changed, ChangeDetails, Delivery, NewsChange
from db.model.shards import Shards, shard_of
from db.model.shows import Catalogue, NewsEntry, PartialDate, ShowEntry
from db.news import NewsRepository
from db.reminders import ReminderRepository
from db.shows import ShowRepository
from db.subscriptions import SubscriptionRepository

COUNT = 4
FIRST_HALF, SECOND_HALF = Shards((0, 1), COUNT), Shards((2, 3), COUNT)
# Guilds on every shard, several each, with ids as Discord makes them (timestamp bits high).
GUILDS = [(1_000_000 + index) << 22 | 4321 for index in range(12)]
READER = 777


@pytest.fixture
async def show_id(database: Database) -> int:
    _, (show,) = await ShowRepository(database).import_catalogue(
        Catalogue(shows=(ShowEntry(title="One"),))
    )
    return show


async def subscribe_every_guild(database: Database, show_id: int) -> dict[int, int]:
    """Two channels in each guild follow the show; channel id -> its guild's id."""
    channels: dict[int, int] = {}
    for number, guild in enumerate(GUILDS):
        for channel in (guild + 10 * number + 1, guild + 10 * number + 2):
            await SubscriptionRepository(database).subscribe(
                guild_id=guild,
                channel_id=channel,
                show_id=show_id,
                kinds=(),
                role_id=None,
                created_by=1,
            )
            channels[channel] = guild
    return channels


async def record_news(database: Database, show_id: int) -> None:
    await NewsRepository(database).record(
        show_id,
        [
            NewsChange(
                entry=NewsEntry(
                    PartialDate.parse("2026-11-25"), "renewed", "Renewed", "reported", "T"
                ),
                author="source:test",
                details=ChangeDetails(Changed.STATUS, from_status="airing", to_status="renewed"),
            )
        ],
    )


async def drain(deliveries: DeliveryRepository, shards: Shards) -> list[Delivery]:
    """What one process delivers: every due row it may send, in batches, marked delivered."""
    sent: list[Delivery] = []
    soon = utc_now() + datetime.timedelta(seconds=1)
    while batch := await deliveries.due(soon, limit=5, shards=shards):
        for delivery in batch:
            await deliveries.mark_delivered(delivery.id, 1)
            sent.append(delivery)
    return sent


async def test_two_processes_split_one_outbox_with_nothing_twice_and_nothing_left(
    database: Database, show_id: int
) -> None:
    channels = await subscribe_every_guild(database, show_id)
    await record_news(database, show_id)
    deliveries = DeliveryRepository(database)

    first = await drain(deliveries, FIRST_HALF)
    second = await drain(deliveries, SECOND_HALF)

    assert {shard_of(channels[d.channel_id], COUNT) for d in first} == {0, 1}  # type: ignore[index]
    assert {shard_of(channels[d.channel_id], COUNT) for d in second} == {2, 3}  # type: ignore[index]
    sent_to = [delivery.channel_id for delivery in first + second]
    assert sorted(sent_to) == sorted(channels)
    assert (await deliveries.backlog()).pending == 0


async def test_a_process_is_not_offered_another_process_s_channels(
    database: Database, show_id: int
) -> None:
    channels = await subscribe_every_guild(database, show_id)
    await record_news(database, show_id)
    soon = utc_now() + datetime.timedelta(seconds=1)

    offered = await DeliveryRepository(database).due(soon, shards=Shards((3,), COUNT))

    assert offered
    assert all(shard_of(channels[d.channel_id], COUNT) == 3 for d in offered)  # type: ignore[index]


async def test_a_reminder_dm_may_go_out_from_any_process(database: Database, show_id: int) -> None:
    await ReminderRepository(database).add(READER, show_id)
    await record_news(database, show_id)
    soon = utc_now() + datetime.timedelta(seconds=1)
    deliveries = DeliveryRepository(database)

    for shards in (FIRST_HALF, SECOND_HALF):
        (dm,) = await deliveries.due(soon, shards=shards)
        assert dm.user_id == READER


async def test_the_next_wake_up_counts_only_this_process_s_rows(
    database: Database, show_id: int
) -> None:
    channels = await subscribe_every_guild(database, show_id)
    await record_news(database, show_id)
    deliveries = DeliveryRepository(database)
    later = utc_now() + datetime.timedelta(minutes=5)
    soon = utc_now() + datetime.timedelta(seconds=1)
    for delivery in await deliveries.due(soon, limit=1000):
        assert delivery.channel_id is not None
        if FIRST_HALF.owns(channels[delivery.channel_id]):
            await deliveries.mark_delivered(delivery.id, 1)
        else:
            await deliveries.retry_later(delivery.id, "503", later, attempts=1)

    assert await deliveries.next_due_at(FIRST_HALF) is None
    assert await deliveries.next_due_at(SECOND_HALF) == later.replace(microsecond=0)
    assert await deliveries.next_due_at() == later.replace(microsecond=0)


async def test_without_shards_every_row_is_offered(database: Database, show_id: int) -> None:
    channels = await subscribe_every_guild(database, show_id)
    await record_news(database, show_id)
    soon = utc_now() + datetime.timedelta(seconds=1)

    offered = await DeliveryRepository(database).due(soon, limit=1000)

    assert sorted(d.channel_id for d in offered) == sorted(channels)  # type: ignore[type-var]


def renewal() -> NewsChange:
    return NewsChange(
        entry=NewsEntry(PartialDate.parse("2026-11-25"), "renewed", "Renewed.", "reported"),
        author="source:test",
        details=ChangeDetails(Changed.STATUS, from_status="airing", to_status="renewed"),
    )


async def queue_alerts(database: Database, channels: int) -> None:
    """One renewal alert queued for each of `channels` channels."""
    _, (show_id,) = await ShowRepository(database).import_catalogue(
        Catalogue(shows=(ShowEntry(title="One"),))
    )
    subscriptions = SubscriptionRepository(database)
    for channel in range(1, channels + 1):
        await subscriptions.subscribe(
            guild_id=GUILDS[0],
            channel_id=channel,
            show_id=None,
            kinds=(),
            role_id=None,
            created_by=1,
        )
    await NewsRepository(database).record(show_id, [renewal()])


def in_a_second() -> datetime.datetime:
    return utc_now() + datetime.timedelta(seconds=1)


async def test_a_claimed_delivery_is_not_handed_to_another_process(database: Database) -> None:
    await queue_alerts(database, 3)
    first = DeliveryRepository(database, owner="first")
    second = DeliveryRepository(database, owner="second")
    assert len(await first.due(in_a_second())) == 3
    assert await second.due(in_a_second()) == []


async def test_a_process_gets_its_own_claims_again(database: Database) -> None:
    await queue_alerts(database, 2)
    first = DeliveryRepository(database, owner="first")
    claimed = await first.due(in_a_second())
    assert await first.due(in_a_second()) == claimed


async def test_a_dead_process_s_claims_pass_to_another_after_the_lease(
    database: Database,
) -> None:
    await queue_alerts(database, 2)
    dead = DeliveryRepository(database, owner="dead")
    await dead.due(in_a_second())
    survivor = DeliveryRepository(database, owner="survivor")
    assert await survivor.due(in_a_second() + LEASE / 2) == []
    assert len(await survivor.due(in_a_second() + LEASE * 2)) == 2


async def test_a_claim_taken_over_can_no_longer_be_sent_by_its_first_holder(
    database: Database,
) -> None:
    await queue_alerts(database, 1)
    slow = DeliveryRepository(database, owner="slow")
    (delivery,) = await slow.due(in_a_second())
    other = DeliveryRepository(database, owner="other")
    await other.due(in_a_second() + LEASE * 2)
    assert not await slow.mark_sending(delivery.id)
    assert await other.mark_sending(delivery.id)


async def test_a_delivery_retried_later_is_anybody_s(database: Database) -> None:
    await queue_alerts(database, 1)
    first = DeliveryRepository(database, owner="first")
    (delivery,) = await first.due(in_a_second())
    await first.retry_later(delivery.id, "503", in_a_second(), attempts=1)
    (again,) = await DeliveryRepository(database, owner="second").due(in_a_second())
    assert again.id == delivery.id


async def test_released_claims_are_taken_at_once(database: Database) -> None:
    await queue_alerts(database, 2)
    stopping = DeliveryRepository(database, owner="stopping")
    await stopping.due(in_a_second())
    assert await stopping.release_claims() == 2
    assert len(await DeliveryRepository(database, owner="next").due(in_a_second())) == 2


async def test_processes_claiming_at_once_share_the_outbox_without_overlap(
    database: Database,
) -> None:
    await queue_alerts(database, 40)
    claimers = [DeliveryRepository(database, owner=f"process {n}") for n in range(4)]
    batches = await asyncio.gather(*(claimer.due(in_a_second(), limit=10) for claimer in claimers))
    claimed = [delivery.id for batch in batches for delivery in batch]
    assert len(claimed) == len(set(claimed)) == 40


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_on_sqlite_every_claim_is_the_one_process_s(database: Database) -> None:
    # A restart after a crash takes up the queue at once, as before claims existed.
    await queue_alerts(database, 2)
    await DeliveryRepository(database).due(in_a_second())
    assert len(await DeliveryRepository(database).due(in_a_second())) == 2
