"""End to end, what concerns one person: reminder DMs (delivered once, restart-safe; DMs
closed pausing them without a retry storm) and a slash command used through a person's own
install of the app in a server the bot is not in."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.fake_discord import MEMBER_ID, FakeDiscord, eventually, pings_nobody
from tests.e2e.harness import BotLauncher, renewed, seed_show, write_news

pytestmark = pytest.mark.e2e

TPT = "Tiny Pretty Things"
WARRIOR_NUN = "Warrior Nun"
DELIVERY_TIMEOUT = 60.0
# Long enough for a delivery round, and a retry the backoff would have made, to show up.
QUIET_SECONDS = 3.0


def reminder_states(database: Path) -> list[tuple[int, str]]:
    """The outbox's DMs, read after the bot has exited."""
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(
            "SELECT user_id, state FROM deliveries WHERE user_id IS NOT NULL ORDER BY id"
        ).fetchall()


def dm_opens(discord_server: FakeDiscord) -> int:
    return discord_server.count("POST", "/users/@me/channels")


async def test_a_reminder_reaches_the_person_by_dm_once_and_never_again_after_a_restart(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    bot = await bots.start_ready()
    (confirmation,) = await discord_server.say("!remind tiny pretty things", author_id=MEMBER_ID)
    assert "I'll DM you" in confirmation.text()

    write_news(news_file, renewed(seed_show(TPT)))
    await discord_server.say("!sync")
    (dm,) = await eventually(
        lambda: discord_server.dms_to(MEMBER_ID) or None,
        within=DELIVERY_TIMEOUT,
        what="the reminder DM",
        abort=bots.death,
    )
    assert TPT in dm.text()
    assert "renewed" in dm.text().lower()
    assert pings_nobody(dm.allowed_mentions)
    assert dm_opens(discord_server) == 1
    await bots.stop(bot)

    again = await bots.start_ready()
    (poll,) = await discord_server.say("!sync")
    assert "0 changes" in poll.text()
    await asyncio.sleep(QUIET_SECONDS)
    await bots.stop(again)

    assert len(discord_server.dms_to(MEMBER_ID)) == 1
    assert len(discord_server.dm_posts(MEMBER_ID)) == 1
    assert reminder_states(bots.database) == [(MEMBER_ID, "delivered")]
    assert discord_server.unhandled == []


async def test_closed_dms_pause_the_reminders_after_one_refusal_and_the_person_is_told(
    discord_server: FakeDiscord, bots: BotLauncher, news_file: Path
) -> None:
    discord_server.closed_dms.add(MEMBER_ID)
    bot = await bots.start_ready()
    await discord_server.say("!remind tiny pretty things", author_id=MEMBER_ID)
    await discord_server.say("!remind warrior nun", author_id=MEMBER_ID)

    # Two shows' news at once: two DMs queued for a person who accepts none.
    write_news(news_file, renewed(seed_show(TPT)), renewed(seed_show(WARRIOR_NUN)))
    await discord_server.say("!sync")
    await eventually(
        lambda: discord_server.dm_posts(MEMBER_ID) or None,
        within=DELIVERY_TIMEOUT,
        what="the refused DM",
        abort=bots.death,
    )
    # Another poll and time for any retry: nobody knocks on the closed door again.
    await discord_server.say("!sync")
    await asyncio.sleep(QUIET_SECONDS)
    (refused,) = discord_server.dm_posts(MEMBER_ID)
    assert refused.status == 403
    assert discord_server.dms_to(MEMBER_ID) == []

    notice, listing = await discord_server.say("!reminders", author_id=MEMBER_ID, replies=2)
    assert "DMs with me are closed" in notice.text()
    assert pings_nobody(notice.allowed_mentions)
    assert TPT in listing.text()
    # Told once: the next command is answered without it.
    (plain,) = await discord_server.say("!reminders", author_id=MEMBER_ID)
    assert "DMs with me are closed" not in plain.text()
    await bots.stop(bot)

    assert len(discord_server.dm_posts(MEMBER_ID)) == 1
    assert discord_server.invalid_requests() == 1
    assert sorted(state for _, state in reminder_states(bots.database)) == ["paused", "paused"]


async def test_a_slash_command_from_a_personal_install_in_a_server_without_the_bot_is_private(
    discord_server: FakeDiscord, bots: BotLauncher
) -> None:
    bot = await bots.start_ready()

    interaction = await discord_server.interact(
        "release", {"show": "tiny pretty things"}, author_id=MEMBER_ID, elsewhere=True
    )

    (callback,) = interaction.callbacks
    assert callback["type"] == 4
    (answer,) = interaction.messages
    assert answer.ephemeral, "only the person who asked sees it"
    assert "Cancelled" in answer.text()
    assert pings_nobody(answer.allowed_mentions)
    # Nothing was asked about that server: no channel, guild or member look-ups.
    assert discord_server.count("GET", "/channels/{channel_id}") == 0
    await bots.stop(bot)
    assert discord_server.unhandled == []
