"""Outbox claims: several processes drain one outbox, each delivery by one of them at a time,
and a dead process's claims pass to another once their lease has run out."""

from __future__ import annotations

import asyncio
import datetime

import pytest

from db.connection import Database
from db.deliveries import LEASE, DeliveryRepository
from db.model.clock import utc_now
from db.model.news import Changed, ChangeDetails, NewsChange
from db.model.shows import Catalogue, NewsEntry, PartialDate, ShowEntry
from db.news import NewsRepository
from db.shows import ShowRepository
from db.subscriptions import SubscriptionRepository

GUILD = 10


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
            guild_id=GUILD, channel_id=channel, show_id=None, kinds=(), role_id=None, created_by=1
        )
    await NewsRepository(database).record(show_id, [renewal()])


def soon() -> datetime.datetime:
    return utc_now() + datetime.timedelta(seconds=1)


async def test_a_claimed_delivery_is_not_handed_to_another_process(database: Database) -> None:
    await queue_alerts(database, 3)
    first = DeliveryRepository(database, owner="first")
    second = DeliveryRepository(database, owner="second")
    assert len(await first.due(soon())) == 3
    assert await second.due(soon()) == []


async def test_a_process_gets_its_own_claims_again(database: Database) -> None:
    await queue_alerts(database, 2)
    first = DeliveryRepository(database, owner="first")
    claimed = await first.due(soon())
    assert await first.due(soon()) == claimed


async def test_a_dead_process_s_claims_pass_to_another_after_the_lease(
    database: Database,
) -> None:
    await queue_alerts(database, 2)
    dead = DeliveryRepository(database, owner="dead")
    await dead.due(soon())
    survivor = DeliveryRepository(database, owner="survivor")
    assert await survivor.due(soon() + LEASE / 2) == []
    assert len(await survivor.due(soon() + LEASE * 2)) == 2


async def test_a_claim_taken_over_can_no_longer_be_sent_by_its_first_holder(
    database: Database,
) -> None:
    await queue_alerts(database, 1)
    slow = DeliveryRepository(database, owner="slow")
    (delivery,) = await slow.due(soon())
    other = DeliveryRepository(database, owner="other")
    await other.due(soon() + LEASE * 2)
    assert not await slow.mark_sending(delivery.id)
    assert await other.mark_sending(delivery.id)


async def test_a_delivery_retried_later_is_anybody_s(database: Database) -> None:
    await queue_alerts(database, 1)
    first = DeliveryRepository(database, owner="first")
    (delivery,) = await first.due(soon())
    await first.retry_later(delivery.id, "503", soon(), attempts=1)
    (again,) = await DeliveryRepository(database, owner="second").due(soon())
    assert again.id == delivery.id


async def test_released_claims_are_taken_at_once(database: Database) -> None:
    await queue_alerts(database, 2)
    stopping = DeliveryRepository(database, owner="stopping")
    await stopping.due(soon())
    assert await stopping.release_claims() == 2
    assert len(await DeliveryRepository(database, owner="next").due(soon())) == 2


async def test_processes_claiming_at_once_share_the_outbox_without_overlap(
    database: Database,
) -> None:
    await queue_alerts(database, 40)
    claimers = [DeliveryRepository(database, owner=f"process {n}") for n in range(4)]
    batches = await asyncio.gather(*(claimer.due(soon(), limit=10) for claimer in claimers))
    claimed = [delivery.id for batch in batches for delivery in batch]
    assert len(claimed) == len(set(claimed)) == 40


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_on_sqlite_every_claim_is_the_one_process_s(database: Database) -> None:
    # A restart after a crash takes up the queue at once, as before claims existed.
    await queue_alerts(database, 2)
    await DeliveryRepository(database).due(soon())
    assert len(await DeliveryRepository(database).due(soon())) == 2
