"""End to end: the real bot serving some of a sharded bot's shards.

The fake Discord holds guilds on every one of four shards. A bot started with SHARD_COUNT=4
and SHARD_IDS=0-1 opens one gateway connection per shard it serves, is told only of its
shards' guilds, answers there, and posts an alert only in their channels: the other shards'
channels are another process's to serve, and their alerts wait in the outbox for it. Two
such processes on one database split the alerts between them, each channel once; a dropped
gateway is resumed shard by shard.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord, SentMessage, eventually
from tests.e2e.harness import BotLauncher, delivery_rows, renewed, seed_show, write_news

pytestmark = pytest.mark.e2e

TPT = "Tiny Pretty Things"
COUNT = 4
SERVED = (0, 1)
WITHIN = 60.0


def texts(messages: list[SentMessage]) -> str:
    return "\n".join(message.text() for message in messages)


def guilds_on_every_shard(discord_server: FakeDiscord) -> dict[int, list[int]]:
    """Two guilds on each shard, each with an "alerts" channel; shard -> its guilds' channels."""
    channels: dict[int, list[int]] = {}
    for shard in range(COUNT):
        for number in (1, 2):
            guild = discord_server.add_guild(
                f"Shard {shard} guild {number}", shard=shard, count=COUNT, channels=("alerts",)
            )
            channels.setdefault(shard, []).append(
                discord_server.channel_id("alerts", guild_id=guild)
            )
    return channels


async def subscribe_everywhere(
    discord_server: FakeDiscord, bots: BotLauncher, channels: list[int]
) -> None:
    """Subscribe every channel through the commands, with one unsharded bot that sees all."""
    bot = await bots.start_ready()
    for channel in channels:
        (confirmation,) = await discord_server.say(
            "!subscribe tiny pretty things", channel_id=channel
        )
        assert TPT in confirmation.text()
    await bots.stop(bot)


async def test_a_process_serves_its_shards_guilds_and_alerts_only_their_channels(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    by_shard = guilds_on_every_shard(discord_server)
    mine = [channel for shard in SERVED for channel in by_shard[shard]]
    theirs = [
        channel for shard in range(COUNT) if shard not in SERVED for channel in by_shard[shard]
    ]
    # Theirs first: their alerts come first in the outbox, so a process that took them would
    # post them before its own, not after the test has stopped looking.
    await subscribe_everywhere(discord_server, bots, theirs + mine)
    identified_before = len(discord_server.identifies)

    bot = await bots.start_ready(SHARD_COUNT=str(COUNT), SHARD_IDS="0-1")

    shards = sorted(
        tuple(identify["shard"]) for identify in discord_server.identifies[identified_before:]
    )
    assert shards == [(0, COUNT), (1, COUNT)], "one connection per shard served"
    assert "on shards 0-1 of 4" in bot.log()
    for channel in mine:
        assert discord_server.sessions_serving(discord_server.guild_of(channel)) == 1
    for channel in theirs:
        assert discord_server.sessions_serving(discord_server.guild_of(channel)) == 0
    # Commands are answered in a guild of each shard served.
    for channel in (by_shard[0][0], by_shard[1][0]):
        replies = await discord_server.say("!release tiny pretty things", channel_id=channel)
        assert "Cancelled" in texts(replies)

    (status,) = await discord_server.say("!status", channel_id=by_shard[0][0])
    assert "shards 0-1 of 4" in status.text()
    assert "of 24 a second" in status.text()

    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync", channel_id=by_shard[1][1])
    await eventually(
        lambda: all(discord_server.alerts_in(channel) for channel in mine),
        within=WITHIN,
        what="the alert in every channel of the shards served",
        abort=bots.death,
    )
    await bots.stop(bot)

    for channel in mine:
        assert len(discord_server.alert_posts(channel)) == 1, "each alert exactly once"
    for channel in theirs:
        assert discord_server.alert_posts(channel) == [], "another process's channel"
    # Never even attempted: waiting, untouched, for the process that serves their shards.
    states = sorted(row.state for row in delivery_rows(bots.database))
    assert states == ["delivered"] * len(mine) + ["pending"] * len(theirs)
    assert discord_server.unhandled == []


async def test_two_processes_on_one_database_alert_every_channel_exactly_once(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    by_shard = guilds_on_every_shard(discord_server)
    channels = [channel for shard in range(COUNT) for channel in by_shard[shard]]
    await subscribe_everywhere(discord_server, bots, channels)

    # `!sync` polls in the process it is sent to; the other serves its shards from the
    # shared outbox.
    polling, serving = await bots.start_shards(COUNT, "0-1", "2-3")
    for shard in range(COUNT):
        replies = await discord_server.say(
            "!release tiny pretty things", channel_id=by_shard[shard][0]
        )
        assert "Cancelled" in texts(replies)

    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync", channel_id=by_shard[0][0])
    await eventually(
        lambda: all(discord_server.alerts_in(channel) for channel in channels),
        within=WITHIN,
        what="the alert in every channel, from both processes",
        abort=bots.death,
    )
    await bots.stop(polling)
    await bots.stop(serving)

    for channel in channels:
        assert len(discord_server.alert_posts(channel)) == 1, "each alert exactly once"
    assert [row.state for row in delivery_rows(bots.database)] == ["delivered"] * len(channels)
    assert "serving shards 2-3 of 4" in serving.log()


async def test_each_shard_resumes_its_own_session_after_the_gateway_drops(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    by_shard = guilds_on_every_shard(discord_server)
    await bots.start_ready(SHARD_COUNT=str(COUNT), SHARD_IDS="0-1")

    await discord_server.drop_connections()

    await eventually(
        lambda: discord_server.resumes == 2 and discord_server.connected == 2,
        within=WITHIN,
        what="both shards to resume",
        abort=bots.death,
    )
    assert len(discord_server.identifies) == 2, "resumed, not identified anew"
    for shard in SERVED:
        replies = await discord_server.say("!release tpt", channel_id=by_shard[shard][0])
        assert "Cancelled" in texts(replies)
        assert discord_server.sessions_serving(discord_server.guild_of(by_shard[shard][0])) == 1
