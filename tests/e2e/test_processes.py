"""End to end: three bot processes, one shard each, sharing one PostgreSQL database.

The fake Discord holds guilds on each of three shards with 312 subscribed channels among
them. One news change fans out to every channel; the process serving shard 2 is killed
with SIGKILL half way through its share (the fake holds back its answers past that point, so
"half way" is the same on every run) and started again. Every channel ends with the alert
exactly once, the shared outbox says so, the surviving processes answer in their guilds
while the third is down, and the news source is polled once per interval, not once per
process.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from db.postgresql import PostgresDatabase
from db.shows import ShowRepository
from db.subscriptions import SubscriptionRepository
from tests.e2e.fake_discord import OWNER_ID, FakeDiscord, eventually
from tests.e2e.harness import BotLauncher, delivery_rows, renewed, seed_show, write_news

pytestmark = pytest.mark.e2e

TPT = "Tiny Pretty Things"
COUNT = 3
GUILDS_PER_SHARD = 4
# Under the 50 subscriptions a guild may have: 3 shards x 4 guilds x 26 = 312 channels.
CHANNELS_PER_GUILD = 26
DOOMED = 2  # the shard whose process is killed
WITHIN = 120.0
POLL_INTERVAL = 60.0  # POLL_INTERVAL_MINUTES=1, as the harness sets it
POLL_LINE = "Poll of file:"


def guilds_on_three_shards(discord_server: FakeDiscord) -> dict[int, list[int]]:
    """Four guilds on each shard, 26 channels each; shard -> its guilds' channels."""
    channels: dict[int, list[int]] = {}
    for shard in range(COUNT):
        for number in range(GUILDS_PER_SHARD):
            guild = discord_server.add_guild(
                f"Shard {shard} guild {number}",
                shard=shard,
                count=COUNT,
                channels=tuple(f"alerts-{n}" for n in range(CHANNELS_PER_GUILD)),
            )
            channels.setdefault(shard, []).extend(
                channel
                for channel, guild_id in discord_server.channel_guilds.items()
                if guild_id == guild
            )
    return channels


async def subscribe(url: str, discord_server: FakeDiscord, channels: list[int]) -> None:
    """Every channel follows the show, written straight into the shared database: 312
    `!subscribe` round trips would only make the test slower, and test_shards.py covers them."""
    database = await PostgresDatabase.connect(url)
    try:
        titles = await ShowRepository(database).titles()
        show_id = next(title.show_id for title in titles if title.title == TPT)
        repository = SubscriptionRepository(database)
        for channel in channels:
            await repository.subscribe(
                guild_id=discord_server.guild_of(channel),
                channel_id=channel,
                show_id=show_id,
                kinds=(),
                role_id=None,
                created_by=OWNER_ID,
            )
    finally:
        await database.close()


def polls(bots: BotLauncher) -> int:
    return sum(bot.log().count(POLL_LINE) for bot in bots.processes)


async def test_three_processes_alert_every_channel_once_though_one_is_killed_half_way(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path, seeded_postgres_url: str
) -> None:
    by_shard = guilds_on_three_shards(discord_server)
    channels = [channel for shard in range(COUNT) for channel in by_shard[shard]]
    assert len(channels) >= 300
    await subscribe(seeded_postgres_url, discord_server, channels)
    doomed_share = by_shard[DOOMED]
    half = len(doomed_share) // 2
    discord_server.hold_alerts_after(half, channels=doomed_share)
    # The news is there before any process starts: the first poll, whichever process runs
    # it, fans it out.
    write_news(news_file, renewed(seed_show(TPT)))
    bots.database_settings = {"DATABASE_URL": seeded_postgres_url}

    started = time.monotonic()
    *survivors, doomed = await bots.start_shards(
        COUNT, *(str(shard) for shard in range(COUNT)), only_first_polls=True
    )

    def doomed_alerts() -> int:
        return sum(len(discord_server.alerts_in(channel)) for channel in doomed_share)

    await eventually(
        lambda: doomed_alerts() > half,
        within=WITHIN,
        what=f"half of shard {DOOMED}'s alerts",
        abort=bots.death,
    )
    doomed.kill()
    assert half < doomed_alerts() < len(doomed_share), "killed half way through its share"
    # Its last post was created but never answered: the process died before hearing so.
    discord_server.release_held()
    await eventually(
        lambda: discord_server.sessions_serving(discord_server.guild_of(doomed_share[0])) == 0,
        within=WITHIN,
        what=f"shard {DOOMED}'s gateway connection to close",
    )

    for shard in range(COUNT):
        if shard == DOOMED:
            continue
        (reply, *_) = await discord_server.say(
            "!release tiny pretty things", channel_id=by_shard[shard][0]
        )
        assert TPT in reply.text(), f"shard {shard}'s process answers while shard 2's is down"

    restarted = bots.start(SHARD_COUNT=str(COUNT), SHARD_IDS=str(DOOMED), NEWS_SOURCE="none")
    await restarted.wait_for_log("logged in as")
    # The dead process's claims wait out their lease, then the restarted one sends them.
    await eventually(
        lambda: all(discord_server.alerts_in(channel) for channel in channels),
        within=WITHIN,
        what="the alert in every channel",
        abort=bots.death,
    )
    # Long enough for a repeat, had the restart or a survivor resent anything.
    await asyncio.sleep(2)
    elapsed = time.monotonic() - started
    for bot in (*survivors, restarted):
        await bots.stop(bot)

    for channel in channels:
        assert len(discord_server.alerts_in(channel)) == 1, "each alert exactly once"
    rows = delivery_rows(bots.outbox)
    assert sorted(row.channel_id for row in rows) == sorted(channels), "one row per channel"
    assert {row.state for row in rows} == {"delivered"}
    # Polls begin half an interval after a start and repeat each interval: one process
    # polling, never one per process.
    assert 1 <= polls(bots) <= elapsed // POLL_INTERVAL + 1
    assert discord_server.unhandled == []
