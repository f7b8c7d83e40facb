"""End to end: Discord as it really behaves, against the real bot process.

The gateway closes with a resumable code (mid fan-out, mid command), invalidates the session
(resumable or not), asks the bot to reconnect, is slow to say HELLO; the REST API answers 429s
(global, a route's) exactly as Discord sends them, enforces a channel's bucket, has bursts of
server errors, and is slow. Every time the bot keeps answering and each alert reaches each
channel exactly once; and it never earns more than a handful of invalid requests.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.fake_discord import (
    FANS_ROLE_ID,
    FakeDiscord,
    SentMessage,
    eventually,
)
from tests.e2e.harness import BotLauncher, BotProcess, delivery_rows, renewed, seed_show, write_news

pytestmark = pytest.mark.e2e

TPT = "Tiny Pretty Things"
WITHIN = 60.0
# Far below Discord's ban (10,000 invalid requests in ten minutes): only what a test forced.
FEW_INVALID = 5


def texts(messages: list[SentMessage]) -> str:
    return "\n".join(message.text() for message in messages)


async def subscribed_channels(discord_server: FakeDiscord, count: int) -> list[int]:
    return [discord_server.add_channel(f"fans-{n}") for n in range(1, count + 1)]


async def subscribe_all(discord_server: FakeDiscord, channels: list[int]) -> None:
    for channel in channels:
        (confirmation,) = await discord_server.say(f"!subscribe tiny pretty things <#{channel}>")
        assert f"<#{channel}>" in confirmation.content


async def renew_and_sync(discord_server: FakeDiscord, news_file: Path) -> None:
    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.send_message("!sync")


async def every_channel_alerted_once(
    discord_server: FakeDiscord, bots: BotLauncher, bot: BotProcess, channels: list[int]
) -> None:
    """Wait for the fan-out to finish, stop the bot, and check it was exactly once."""
    await eventually(
        lambda: all(discord_server.alerts_in(channel) for channel in channels),
        within=WITHIN,
        what="every channel to have the alert",
        abort=bots.death,
    )
    await bots.stop(bot)
    assert [len(discord_server.alerts_in(channel)) for channel in channels] == [1] * len(channels)
    assert discord_server.nonce_repeats == 0
    assert {row.state for row in delivery_rows(bots.database)} == {"delivered"}
    assert discord_server.invalid_requests() <= FEW_INVALID


async def still_answers(discord_server: FakeDiscord) -> None:
    replies = await discord_server.say("!release tpt")
    assert f"{TPT}: release and renewal" in texts(replies)


async def resumed(discord_server: FakeDiscord, bots: BotLauncher, count: int = 1) -> None:
    await eventually(
        lambda: discord_server.resumes == count and discord_server.connected == 1,
        within=30,
        what="the bot to resume its gateway session",
        abort=bots.death,
    )


# ---------------------------------------------------------------------- the gateway


async def test_a_gateway_closed_mid_fan_out_resumes_and_the_fan_out_finishes_once(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    channels = await subscribed_channels(discord_server, 6)
    bot = await bots.start_ready()
    await subscribe_all(discord_server, channels)
    discord_server.hold_alerts_after(2)
    await renew_and_sync(discord_server, news_file)
    await eventually(
        lambda: len(discord_server.alert_posts()) > 2,
        within=WITHIN,
        what="the fan-out to be under way",
        abort=bots.death,
    )

    await discord_server.drop_connections()
    discord_server.release_held()

    await resumed(discord_server, bots)
    await still_answers(discord_server)
    assert len(discord_server.identifies) == 1
    await every_channel_alerted_once(discord_server, bots, bot, channels)
    assert [len(discord_server.alert_posts(channel)) for channel in channels] == [1] * 6


async def test_a_gateway_closed_mid_command_still_delivers_the_reply_and_resumes(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()
    discord_server.message_delay = 1.0
    general = discord_server.channel_id("general")
    await discord_server.send_message("!release tpt")
    await eventually(
        lambda: discord_server.count("POST", "/channels/{channel_id}/messages", general),
        within=20,
        what="the reply to be on its way",
        abort=bots.death,
    )

    await discord_server.drop_connections()

    (reply,) = await eventually(
        lambda: discord_server.sent_to(general) or None,
        within=20,
        what="the reply sent while the gateway was down",
        abort=bots.death,
    )
    assert "Cancelled" in reply.text()
    await resumed(discord_server, bots)
    discord_server.message_delay = 0.0
    await still_answers(discord_server)
    await bots.stop(bot)


@pytest.mark.parametrize(("resumable", "identifies", "resumes"), [(True, 1, 1), (False, 2, 0)])
async def test_an_invalid_session_is_resumed_or_identified_anew_and_commands_answered(
    discord_server: FakeDiscord,
    bots: BotLauncher,
    resumable: bool,
    identifies: int,
    resumes: int,
) -> None:
    bot = await bots.start_ready()

    await discord_server.invalidate_sessions(resumable=resumable)

    await eventually(
        lambda: (
            len(discord_server.identifies) == identifies
            and discord_server.resumes == resumes
            and discord_server.connected == 1
        ),
        within=30,
        what="the bot to be back on the gateway",
        abort=bots.death,
    )
    await still_answers(discord_server)
    await bots.stop(bot)


async def test_reconnect_is_obeyed_with_a_resume(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()

    await discord_server.ask_to_reconnect()

    await resumed(discord_server, bots)
    await still_answers(discord_server)
    assert len(discord_server.identifies) == 1
    await bots.stop(bot)


async def test_a_slow_hello_delays_the_login_but_not_what_follows(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    discord_server.hello_delay = 2.0

    bot = await bots.start_ready()
    await still_answers(discord_server)
    await discord_server.drop_connections()  # and the resume meets a slow HELLO too

    await resumed(discord_server, bots)
    await still_answers(discord_server)
    await bots.stop(bot)


async def test_the_bot_is_ready_as_soon_as_its_guilds_have_arrived(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = bots.start()
    await eventually(
        lambda: discord_server.ready_sent_at,
        within=45,
        what="READY to be sent",
        abort=bots.death,
    )
    await bot.wait_for_log("logged in as")

    # discord.py would wait 2 s after the last GUILD_CREATE; the guild list in READY says
    # none is left to come.
    assert time.monotonic() - discord_server.ready_sent_at[0] < 1.5
    await bots.stop(bot)


# ---------------------------------------------------------------------- the REST API


async def fan_out_meeting(
    discord_server: FakeDiscord,
    bots: BotLauncher,
    news_file: Path,
    *statuses: int,
    global_limit: bool = False,
) -> tuple[BotProcess, list[int], SentMessage]:
    """Five subscribed channels, a renewal whose alerts meet these answers first, and the
    owners' `!status` once they have been given."""
    channels = await subscribed_channels(discord_server, 5)
    bot = await bots.start_ready()
    await subscribe_all(discord_server, channels)
    discord_server.force(*statuses, global_limit=global_limit, alerts_only=True)

    await renew_and_sync(discord_server, news_file)
    await eventually(
        lambda: discord_server.forced_left == 0,
        within=WITHIN,
        what=f"the answers {statuses}",
        abort=bots.death,
    )
    (status,) = await discord_server.say("!status")
    return bot, channels, status


async def test_a_global_429_mid_fan_out_is_waited_out_and_shown_in_status(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    discord_server.forced_retry_after = 2.0
    bot, channels, status = await fan_out_meeting(
        discord_server, bots, news_file, 429, global_limit=True
    )

    assert "1 global" in status.text()
    assert "retry after 2.0 s" in status.text()
    await every_channel_alerted_once(discord_server, bots, bot, channels)
    # One 429 and the bot stopped: nothing more was refused.
    assert discord_server.answered(429) == 1


async def test_a_routes_bucket_is_respected_and_its_429_retried(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()
    discord_server.channel_limit = (2, 1.0)

    for _ in range(5):
        await discord_server.send_message("!release tpt")
    replies = await discord_server.say("!release tpt", replies=6, within=30)

    assert len(replies) == 6
    # discord.py reads the bucket from the headers and waits. On a loaded machine a reply
    # released the moment the bucket resets may still meet one 429, which it then waits out.
    bucket_429s = discord_server.answered(429)
    assert bucket_429s <= 1
    discord_server.channel_limit = None
    discord_server.force(429)
    (reply,) = await discord_server.say("!release tpt")
    assert "Cancelled" in reply.text()
    (status,) = await discord_server.say("!status")
    assert f"0 global, {bucket_429s + 1} on a route" in status.text()
    await bots.stop(bot)


async def test_a_burst_of_server_errors_slows_the_fan_out_which_finishes_once(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    bot, channels, status = await fan_out_meeting(discord_server, bots, news_file, 500, 502, 503)

    assert "3 server errors since start (last: 503)" in status.text()
    await every_channel_alerted_once(discord_server, bots, bot, channels)


async def test_a_slow_api_slows_the_fan_out_which_finishes_once_and_commands_are_answered(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    channels = await subscribed_channels(discord_server, 2)
    bot = await bots.start_ready()
    await subscribe_all(discord_server, channels)
    # Five seconds for every answer, as in Discord's bad hours; the requests are kept few.
    discord_server.response_delay = 5.0

    await renew_and_sync(discord_server, news_file)
    replies = await discord_server.say("!release tpt", within=30)

    assert f"{TPT}: release and renewal" in texts(replies)
    await every_channel_alerted_once(discord_server, bots, bot, channels)


# ---------------------------------------------------------------------- gaps


async def test_a_role_ping_allows_that_role_and_nothing_else(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    general = discord_server.channel_id("general")
    bot = await bots.start_ready()
    (confirmation,) = await discord_server.say(f"!subscribe tiny pretty things <@&{FANS_ROLE_ID}>")
    assert f"<@&{FANS_ROLE_ID}>" in confirmation.content
    assert confirmation.allowed_mentions is not None
    assert not confirmation.allowed_mentions.get("roles"), "the confirmation pings nobody"

    await renew_and_sync(discord_server, news_file)
    (alert,) = await eventually(
        lambda: discord_server.alerts_in(general) or None,
        within=WITHIN,
        what="the alert",
        abort=bots.death,
    )

    assert alert.content == f"<@&{FANS_ROLE_ID}>"
    # Nothing parsed from the text, no users, no @everyone: that one role only.
    assert alert.allowed_mentions == {"parse": [], "roles": [FANS_ROLE_ID]}
    await bots.stop(bot)


async def test_synccommands_global_publishes_everywhere(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()
    assert "global" not in discord_server.synced_commands

    (reply,) = await discord_server.say("!synccommands global")

    assert "globally" in reply.content
    published = {command["name"] for command in discord_server.synced_commands["global"]}
    assert {"release", "subscribe", "recap"} <= published
    await bots.stop(bot)
