"""`board`: one message per channel, posted once and edited in place as news changes it."""

from __future__ import annotations

from bot.app.client import Cliffhanger
from bot.local.stand_in import CHANNEL_ID, MEMBER_USER_ID, LocalDiscord, http_error
from tests.alerting import ChannelFaults
from tests.cogs.test_upcoming import add_shows, in_days, show
from tests.messages import text_of


def board_posts(stand_in: LocalDiscord) -> list[int]:
    """Ids of the boards posted (not edited) in the console's channel."""
    return [
        index
        for index, message in enumerate(stand_in.sent_to(CHANNEL_ID))
        if message.edited is None and message.embeds and "Board for" in str(message.embeds)
    ]


async def test_a_board_is_posted_then_edited_in_place_after_a_change(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(bot, show("Sooner Show", "HBO", in_days(3)))
    text = text_of(await discord_stand_in.send("!board all"))
    assert "Sooner Show" in text
    assert "Coming out in the next 30 days" in text
    assert len(board_posts(discord_stand_in)) == 1

    # Nothing changed: a poll edits nothing.
    before = len(discord_stand_in.sent)
    await discord_stand_in.send("!sync")
    assert not [message for message in discord_stand_in.sent[before:] if message.edited]

    await add_shows(bot, show("Later Show", "Netflix", in_days(10)))
    replies = await discord_stand_in.send("!sync")
    (edit,) = [message for message in replies if message.edited is not None]
    assert "Later Show" in edit.text()
    assert "Sooner Show" in edit.text()
    assert len(board_posts(discord_stand_in)) == 1
    # Edits never ping anyone.
    assert edit.allowed_mentions == {"parse": []}


async def test_a_board_lists_only_the_channels_subscribed_shows(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(
        bot, show("Sooner Show", "HBO", in_days(3)), show("Later Show", "Netflix", in_days(10))
    )
    await discord_stand_in.send("!subscribe sooner show")
    text = text_of(await discord_stand_in.send("!board"))
    assert "Sooner Show" in text
    assert "Later Show" not in text


async def test_a_deleted_board_is_posted_again_once_and_the_old_id_forgotten(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(bot, show("Sooner Show", "HBO", in_days(3)))
    await discord_stand_in.send("!board all")
    board = await bot.services.boards.boards.get(CHANNEL_ID)
    assert board is not None
    assert board.message_id is not None
    discord_stand_in.delete_message(CHANNEL_ID, board.message_id)

    await add_shows(bot, show("Later Show", "Netflix", in_days(10)))
    await discord_stand_in.send("!sync")
    again = await bot.services.boards.boards.get(CHANNEL_ID)
    assert again is not None
    assert again.message_id not in (None, board.message_id)
    assert len(board_posts(discord_stand_in)) == 2
    # The new message is the one edited from now on.
    await add_shows(bot, show("Third Show", "Netflix", in_days(12)))
    replies = await discord_stand_in.send("!sync")
    (edit,) = [message for message in replies if message.edited is not None]
    assert edit.edited == again.message_id
    assert len(board_posts(discord_stand_in)) == 2


async def test_a_channel_that_forbids_the_bot_pauses_its_board(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(bot, show("Sooner Show", "HBO", in_days(3)))
    faults = ChannelFaults(discord_stand_in)
    faults.fail_sends(CHANNEL_ID, http_error(403, 50013, "Missing Permissions"))
    text = text_of(await discord_stand_in.send("!board all"))
    assert "I can't post in" in text
    board = await bot.services.boards.boards.get(CHANNEL_ID)
    assert board is not None
    assert board.paused_reason is not None
    # Paused: a poll doesn't knock again.
    assert await bot.services.boards.refresh_all() == 0
    # Running `board` again resumes it.
    await discord_stand_in.send("!board all")
    resumed = await bot.services.boards.boards.get(CHANNEL_ID)
    assert resumed is not None
    assert resumed.paused_reason is None
    assert resumed.message_id is not None


async def test_only_channel_managers_may_post_a_board(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    text = text_of(await discord_stand_in.send("!board all", author_id=MEMBER_USER_ID))
    assert "You need Manage Channels" in text
    assert await bot.services.boards.boards.get(CHANNEL_ID) is None
