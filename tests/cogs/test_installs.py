"""Where each slash command may be installed and used: read-only ones anywhere (a person's own
install, DMs, servers without the bot), the ones that act on a server only in that server."""

from __future__ import annotations

from bot.app.client import Cliffhanger
from bot.local.stand_in import MEMBER_USER_ID, LocalDiscord
from tests.messages import text_of

# Installable to a person's account as well as to servers; usable in servers, DMs, group DMs.
ANYWHERE = frozenset(
    {
        "release",
        "show",
        "cast",
        "news",
        "recap",
        "search",
        "upcoming",
        "remind",
        "reminders",
        "unremind",
        "help",
    }
)
# Installed with the bot to a server, and offered only in its channels.
SERVER_ONLY = frozenset({"subscribe", "unsubscribe", "subscriptions", "board", "catalogue"})

# Discord's numbers: installs 0 = server, 1 = user; contexts 0 = server, 1 = bot DM, 2 = group DM.
EVERY_INSTALL, EVERY_CONTEXT = [0, 1], [0, 1, 2]
SERVER_INSTALL, SERVER_CONTEXT = [0], [0]


def published(bot: Cliffhanger) -> dict[str, dict[str, object]]:
    """Each top-level slash command as the bot would publish it to Discord."""
    return {command.name: command.to_dict(bot.tree) for command in bot.tree.get_commands()}


def test_every_slash_command_is_classified_as_anywhere_or_server_only(bot: Cliffhanger) -> None:
    assert set(published(bot)) == ANYWHERE | SERVER_ONLY
    assert not ANYWHERE & SERVER_ONLY


def test_read_only_commands_are_installable_by_people_and_usable_everywhere(
    bot: Cliffhanger,
) -> None:
    commands = published(bot)
    for name in ANYWHERE:
        assert commands[name]["integration_types"] == EVERY_INSTALL, name
        assert commands[name]["contexts"] == EVERY_CONTEXT, name


def test_commands_that_act_on_a_server_are_installed_to_and_used_in_servers_only(
    bot: Cliffhanger,
) -> None:
    commands = published(bot)
    for name in SERVER_ONLY:
        assert commands[name]["integration_types"] == SERVER_INSTALL, name
        assert commands[name]["contexts"] == SERVER_CONTEXT, name


async def test_a_command_from_a_personal_install_in_a_server_without_the_bot_is_answered_privately(
    discord_stand_in: LocalDiscord,
) -> None:
    (reply,) = await discord_stand_in.interact(
        "release", {"show": "tiny pretty things"}, author_id=MEMBER_USER_ID, place="elsewhere"
    )
    assert reply.ephemeral
    assert "Cancelled" in text_of([reply])


async def test_upcoming_from_a_personal_install_in_a_server_without_the_bot_is_private(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.interact(
        "upcoming", {"window": "month"}, author_id=MEMBER_USER_ID, place="elsewhere"
    )
    assert replies
    assert all(reply.ephemeral for reply in replies)


async def test_the_same_command_in_a_server_with_the_bot_answers_in_the_channel(
    discord_stand_in: LocalDiscord,
) -> None:
    (reply,) = await discord_stand_in.interact(
        "release", {"show": "tiny pretty things"}, author_id=MEMBER_USER_ID
    )
    assert not reply.ephemeral


async def test_a_person_may_follow_a_show_from_a_server_without_the_bot(
    discord_stand_in: LocalDiscord,
) -> None:
    (reply,) = await discord_stand_in.interact(
        "remind", {"show": "tiny pretty things"}, author_id=MEMBER_USER_ID, place="elsewhere"
    )
    assert reply.ephemeral
    assert "I'll DM you" in text_of([reply])


async def test_a_slash_command_in_a_dm_with_the_bot_is_answered(
    discord_stand_in: LocalDiscord,
) -> None:
    (reply,) = await discord_stand_in.interact(
        "cast", {"show": "tiny pretty things"}, author_id=MEMBER_USER_ID, place="dm"
    )
    assert "Kylie Jefferson" in text_of([reply])
