"""End to end: the real bot process, over real sockets, against a Discord stand-in on 127.0.0.1.

Each test starts `python -m bot run` as a user would, with DISCORD_API_BASE and
DISCORD_GATEWAY_URL pointing at the fake, and checks what reached "Discord": the request
bodies the bot sent, the messages that exist in each channel, and the database it left.
"""

from __future__ import annotations

import asyncio
import datetime
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.alerts.delivery import LANES
from tests.e2e.fake_discord import (
    AUTOCOMPLETE,
    BOT_USER_ID,
    GUILD_ID,
    FakeDiscord,
    SentMessage,
    eventually,
    pings_nobody,
)
from tests.e2e.harness import (
    BotLauncher,
    assert_clean_log,
    bot_environment,
    delivery_rows,
    renewed,
    seed_show,
    write_news,
)
from tests.e2e.loopback import GUARD_MARKER, guard_installed

pytestmark = pytest.mark.e2e

TPT = "Tiny Pretty Things"
DELIVERY_TIMEOUT = 60.0
# discord.py's own message-content intent bit, as sent in IDENTIFY.
MESSAGE_CONTENT_INTENT = 1 << 15


def texts(messages: list[SentMessage]) -> str:
    return "\n".join(message.text() for message in messages)


# ---------------------------------------------------------------------- logging in and asking


async def test_the_bot_logs_in_and_answers_a_release_question_pinging_nobody(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()
    (identify,) = discord_server.identifies
    assert identify["intents"] & MESSAGE_CONTENT_INTENT, "prefix commands need message content"

    replies = await discord_server.say("!release tiny pretty things")

    answer = texts(replies)
    assert "Cancelled" in answer
    assert "Netflix" in answer
    assert "14 December 2020" in answer
    assert all(pings_nobody(reply.allowed_mentions) for reply in replies)
    await bots.stop(bot)
    assert discord_server.unhandled == []


async def test_slash_commands_are_published_to_the_dev_guild_and_answered_by_callback(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready(DEV_GUILD_ID=str(GUILD_ID))
    published = {command["name"] for command in discord_server.synced_commands[str(GUILD_ID)]}
    assert {"release", "subscribe", "recap"} <= published
    assert "global" not in discord_server.synced_commands, "publishing everywhere is deliberate"
    channel_posts = discord_server.count("POST", "/channels/{channel_id}/messages")

    interaction = await discord_server.interact("release", {"show": "tiny pretty things"})

    (callback,) = interaction.callbacks
    assert callback["type"] == 4, "a message in answer to the command, not deferred"
    answer = texts(interaction.messages)
    assert "Cancelled" in answer
    assert "14 December 2020" in answer
    assert all(pings_nobody(message.allowed_mentions) for message in interaction.messages)
    # The answer went to the interaction, not as a separate post in the channel.
    assert discord_server.count("POST", "/channels/{channel_id}/messages") == channel_posts
    await bots.stop(bot)
    assert discord_server.unhandled == []


async def test_typing_a_title_in_a_slash_command_offers_matching_titles(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()

    interaction = await discord_server.interact(
        "release", {"show": "tiny pre"}, kind=AUTOCOMPLETE, focused="show"
    )

    assert any(choice["name"].startswith(TPT) for choice in interaction.choices)
    await bots.stop(bot)


async def test_an_answer_with_a_time_carries_discord_timestamps(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    bot = await bots.start_ready()
    airs = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(days=9)
    heartstopper = seed_show("Heartstopper")
    heartstopper["next_episode"] = {
        "season": 2,
        "number": 1,
        "name": "Meet",
        "date": airs.date().isoformat(),
        "airs_at": airs.isoformat(),
    }
    write_news(news_file, seed_show(TPT), heartstopper)
    await discord_server.say("!sync")

    (reply,) = await discord_server.say(
        f"<@{BOT_USER_ID}> when is the next episode of heartstopper?"
    )
    stamp = int(airs.timestamp())
    assert f"<t:{stamp}:F>" in reply.content
    assert f"<t:{stamp}:R>" in reply.content
    assert pings_nobody(reply.allowed_mentions)
    await bots.stop(bot)


# ---------------------------------------------------------------------- alerts


async def test_a_subscribed_channel_gets_one_alert_when_the_source_reports_a_renewal(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    general = discord_server.channel_id("general")
    bot = await bots.start_ready()
    (confirmation,) = await discord_server.say("!subscribe tiny pretty things")
    assert TPT in confirmation.text()

    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync")

    (alert,) = await eventually(
        lambda: discord_server.alerts_in(general),
        within=DELIVERY_TIMEOUT,
        what="the renewal alert",
        abort=bots.death,
    )
    assert TPT in alert.text()
    assert "renewed" in alert.text().lower()
    assert pings_nobody(alert.allowed_mentions)
    # Polling the same news again announces nothing more.
    (second_poll,) = await discord_server.say("!sync")
    assert "0 changes" in second_poll.text()
    await bots.stop(bot)
    assert len(discord_server.alerts_in(general)) == 1
    assert len(discord_server.alert_posts(general)) == 1
    assert [row.state for row in delivery_rows(bots.database)] == ["delivered"]


async def test_a_board_is_posted_once_and_edited_in_place_when_news_changes_it(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    general = discord_server.channel_id("general")
    bot = await bots.start_ready()
    # The board, then the confirmation.
    board, confirmation = await discord_server.say("!board all", replies=2)
    assert "Coming out in the next 30 days" in board.text()
    assert "board" in confirmation.text().lower()
    assert pings_nobody(board.allowed_mentions)
    assert "Heartstopper" not in board.text()

    soon = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=10)
    heartstopper = seed_show("Heartstopper")
    heartstopper["seasons"][1] = {"number": 2, "release_date": soon.isoformat()}
    write_news(news_file, seed_show(TPT), heartstopper)
    await discord_server.say("!sync")

    (edit,) = await eventually(
        lambda: discord_server.edits or None,
        within=DELIVERY_TIMEOUT,
        what="the board's edit",
        abort=bots.death,
    )
    assert edit.message_id == board.message_id
    assert edit.channel_id == general
    assert "Heartstopper" in edit.text()
    # Edits never ping anyone.
    assert pings_nobody(edit.allowed_mentions)
    await bots.stop(bot)
    boards = [message for message in discord_server.sent if "Board for" in message.text()]
    assert boards == [board], "the board was edited, never posted a second time"
    assert discord_server.unhandled == []


FAN_OUT = 30
ANSWERED_BEFORE_CRASH = 5


async def test_after_a_crash_mid_fan_out_every_channel_gets_the_alert_exactly_once(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    channels = [discord_server.add_channel(f"alerts-{n:02}") for n in range(1, FAN_OUT + 1)]
    first = await bots.start_ready()
    for channel in channels:
        (confirmation,) = await discord_server.say(f"!subscribe tiny pretty things <#{channel}>")
        assert f"<#{channel}>" in confirmation.content
    # Discord will create the next alert but never answer: the crash lands between Discord
    # posting an alert and the bot recording that it did.
    discord_server.hold_alerts_after(ANSWERED_BEFORE_CRASH)
    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync")
    await eventually(
        lambda: len(discord_server.alert_posts()) > ANSWERED_BEFORE_CRASH,
        within=DELIVERY_TIMEOUT,
        what="the fan-out to start",
        abort=bots.death,
    )
    first.kill()
    # Posted by Discord, never answered: one per lane the worker had under way.
    in_flight = {post.channel_id for post in discord_server.alert_posts()[ANSWERED_BEFORE_CRASH:]}
    assert 1 <= len(in_flight) <= LANES
    assert ANSWERED_BEFORE_CRASH + len(in_flight) < FAN_OUT, "the crash was not mid fan-out"
    discord_server.release_held()
    lookups_before = {
        channel: discord_server.count("GET", "/channels/{channel_id}/messages", channel)
        for channel in in_flight
    }

    second = await bots.start_ready()
    await eventually(
        lambda: all(discord_server.alerts_in(channel) for channel in channels),
        within=DELIVERY_TIMEOUT,
        what="every channel to have the alert",
        abort=bots.death,
    )
    await bots.stop(second)

    alerts = {channel: len(discord_server.alerts_in(channel)) for channel in channels}
    assert alerts == dict.fromkeys(channels, 1)
    # Not even a repeat for Discord's nonce check to drop: the restarted bot looked in each
    # channel whose alert was in flight, found it, and did not send it again.
    posts = {channel: len(discord_server.alert_posts(channel)) for channel in channels}
    assert posts == dict.fromkeys(channels, 1)
    assert discord_server.nonce_repeats == 0
    for channel, before in lookups_before.items():
        assert discord_server.count("GET", "/channels/{channel_id}/messages", channel) > before
    rows = delivery_rows(bots.database)
    assert sorted(row.channel_id for row in rows) == sorted(channels)
    assert {row.state for row in rows} == {"delivered"}


async def test_sigterm_mid_fan_out_exits_cleanly_and_the_next_start_finishes_the_job(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    # Two answered, then every lane's next alert held: some never started.
    count = 2 + 2 * LANES
    channels = [discord_server.add_channel(f"news-{n}") for n in range(1, count + 1)]
    first = await bots.start_ready()
    for channel in channels:
        await discord_server.say(f"!subscribe tiny pretty things <#{channel}>")
    discord_server.hold_alerts_after(2)
    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync")
    await eventually(
        lambda: len(discord_server.alert_posts()) == 2 + LANES,
        within=DELIVERY_TIMEOUT,
        what="every lane to have an alert in flight",
        abort=bots.death,
    )

    await bots.stop(first)

    # Two answered, one per lane in flight when the signal came, the rest never started.
    rows = delivery_rows(bots.database)
    assert Counter(row.state for row in rows) == {
        "delivered": 2,
        "sending": LANES,
        "pending": count - 2 - LANES,
    }
    # "sending" means "may have reached Discord", so the next start looks before it sends:
    # they must be the alerts that really went out, not ones that were never attempted.
    in_flight = {row.channel_id: row.id for row in rows if row.state == "sending"}
    held_posts = discord_server.alert_posts()[2:]
    assert {post.channel_id for post in held_posts} == set(in_flight)
    for post in held_posts:
        assert post.body["embeds"][0]["footer"]["text"].startswith(
            f"Cliffhanger alert #{in_flight[post.channel_id]} "
        )
    discord_server.release_held()

    second = await bots.start_ready()
    await eventually(
        lambda: all(discord_server.alerts_in(channel) for channel in channels),
        within=DELIVERY_TIMEOUT,
        what="every channel to have the alert",
        abort=bots.death,
    )
    await bots.stop(second)
    assert [len(discord_server.alerts_in(channel)) for channel in channels] == [1] * count
    assert [len(discord_server.alert_posts(channel)) for channel in channels] == [1] * count
    assert {row.state for row in delivery_rows(bots.database)} == {"delivered"}


@pytest.mark.parametrize(("status", "meaning"), [(403, "forbidden"), (404, "deleted")])
async def test_a_channel_that_refuses_the_bot_is_paused_and_the_others_still_get_the_alert(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path, status: int, meaning: str
) -> None:
    first, refusing, last = (
        discord_server.add_channel(name) for name in ("fans", meaning, "spoilers")
    )
    bot = await bots.start_ready()
    for channel in (first, refusing, last):
        await discord_server.say(f"!subscribe tiny pretty things <#{channel}>")
    discord_server.refuse_channel(refusing, status)

    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync")
    await eventually(
        lambda: discord_server.alerts_in(first) and discord_server.alerts_in(last),
        within=DELIVERY_TIMEOUT,
        what="the alert in the channels that accept it",
        abort=bots.death,
    )
    # The refusing channel is served in a lane of its own, maybe last.
    await eventually(
        lambda: {row.state for row in delivery_rows(bots.database)} <= {"delivered", "paused"},
        within=DELIVERY_TIMEOUT,
        what="every delivery to be done with",
        abort=bots.death,
    )

    (listing,) = await discord_server.say("!subscriptions")
    lines = listing.text().splitlines()
    (refusing_line,) = [line for line in lines if f"<#{refusing}>" in line]
    assert "paused" in refusing_line
    assert not any("paused" in line for line in lines if f"<#{refusing}>" not in line)
    # One refusal is enough: the bot does not keep knocking.
    assert discord_server.count("POST", "/channels/{channel_id}/messages", refusing) == 1
    await bots.stop(bot)
    states = {row.channel_id: row.state for row in delivery_rows(bots.database)}
    assert states == {first: "delivered", refusing: "paused", last: "delivered"}


# ---------------------------------------------------------------------- staying connected


async def test_when_discord_drops_the_gateway_the_bot_resumes_and_keeps_answering(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()

    await discord_server.drop_connections()

    await eventually(
        lambda: discord_server.resumes == 1 and discord_server.connected == 1,
        within=30,
        what="the bot to resume its gateway session",
        abort=bots.death,
    )
    replies = await discord_server.say("!release tpt")
    assert "Cancelled" in texts(replies)
    assert len(discord_server.identifies) == 1, "resumed, not a second login"
    await bots.stop(bot)


# ---------------------------------------------------------------------- starting up


async def test_a_refused_message_content_intent_stops_the_bot_naming_the_switch(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    discord_server.refuse_intents = True

    bot = bots.start()

    assert await bot.wait_exit() == 1
    assert "MESSAGE CONTENT INTENT" in bot.log().splitlines()[-1]
    assert_clean_log(bot.log(), discord_server.token)


async def test_a_rejected_token_stops_the_bot_with_a_clear_message(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = bots.start(DISCORD_TOKEN="not-the-token-discord-knows")

    assert await bot.wait_exit() == 1
    assert bot.log().splitlines()[-1].startswith("cliffhanger: Discord rejected DISCORD_TOKEN")
    assert_clean_log(bot.log(), "not-the-token-discord-knows")
    assert discord_server.identifies == [], "no gateway session without a valid token"


# ---------------------------------------------------------------------- the loopback promise

PROBE = """
import socket, sitecustomize
assert getattr(sitecustomize, "LOOPBACK_ONLY", False), "the loopback guard is not installed"
attempts = {
    "connect": lambda: socket.create_connection(("192.0.2.1", 9), timeout=1),
    "lookup": lambda: socket.getaddrinfo("discord.com", 443),
}
for name, attempt in attempts.items():
    try:
        attempt()
    except PermissionError:
        print(name, "refused")
    else:
        print(name, "went through")
"""


async def test_the_bot_process_cannot_reach_beyond_loopback(tmp_path: Path) -> None:
    environment = bot_environment(
        api_base="http://127.0.0.1:9/api/v10",
        gateway_url="ws://127.0.0.1:9/gateway",
        database=tmp_path / "unused.sqlite3",
        news_file=tmp_path / "unused.json",
        token="unused",
    )
    probe = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        PROBE,
        env=environment,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(probe.communicate(), timeout=30)

    assert probe.returncode == 0, stderr.decode()
    assert stdout.decode().split() == ["connect", "refused", "lookup", "refused"]
    assert GUARD_MARKER in stderr.decode()


def test_this_test_process_cannot_reach_beyond_loopback() -> None:
    assert guard_installed()
    with pytest.raises(PermissionError, match=GUARD_MARKER):
        socket.create_connection(("192.0.2.1", 9), timeout=1)


def test_every_url_the_bot_is_given_is_loopback(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="not a loopback URL"):
        bot_environment(
            api_base="https://discord.com/api/v10",
            gateway_url="ws://127.0.0.1:9/gateway",
            database=tmp_path / "unused.sqlite3",
            news_file=tmp_path / "unused.json",
            token="unused",
        )
