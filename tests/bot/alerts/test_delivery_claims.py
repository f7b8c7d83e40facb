"""Two delivery workers draining one outbox at once, as two processes would on one
database: their claims keep each alert to each channel once."""

from __future__ import annotations

import asyncio

import pytest

from bot.alerts import delivery
from bot.alerts.delivery import DeliveryWorker
from bot.app.client import Cliffhanger
from bot.local.stand_in import GUILD_ID, LocalDiscord
from db.deliveries import DeliveryRepository
from db.subscriptions import SubscriptionRepository
from tests.alerting import tpt_id
from tests.bot.alerts.test_delivery import Clock, database_of, renew_tpt

CHANNELS = [1_100_000_000_000_001_000 + number for number in range(12)]


def worker_of(bot: Cliffhanger, process: str) -> DeliveryWorker:
    """A worker as another process would build it: its own claims, the same database."""
    database = database_of(bot)
    return DeliveryWorker(
        bot,
        DeliveryRepository(database, owner=process),
        SubscriptionRepository(database),
        clock=Clock(),
    )


async def test_two_workers_at_once_send_each_alert_once(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches, so that the two take turns claiming.
    monkeypatch.setattr(delivery, "BATCH", 3)
    show_id = await tpt_id(bot)
    for channel_id in CHANNELS:
        discord_stand_in.add_channel(channel_id)
        await SubscriptionRepository(database_of(bot)).subscribe(
            guild_id=GUILD_ID,
            channel_id=channel_id,
            show_id=show_id,
            kinds=(),
            role_id=None,
            created_by=1,
        )
    await renew_tpt(bot)

    results = await asyncio.gather(
        worker_of(bot, "process one").drain(), worker_of(bot, "process two").drain()
    )

    assert all(result.delivered > 0 for result in results)
    assert sum(result.delivered for result in results) == len(CHANNELS)
    assert all(len(discord_stand_in.sent_to(channel_id)) == 1 for channel_id in CHANNELS)
