"""Who may run what, where: the permission matrix, through discord.py's real checks.

Actors: a plain member, a channel manager (Manage Channels), a server manager (Manage
Server), an editor (the editor role in the home server, no other rights) and an owner.
Places: a server channel, a thread in it, and a direct message; for slash commands also a
server the bot is not in, reached through a person's own install of the app.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.app.client import Cliffhanger
from bot.local.console import local_bot
from bot.local.stand_in import (
    CHANNEL_MANAGER_USER_ID,
    CONSOLE_USER_ID,
    EDITOR_ROLE_ID,
    EDITOR_USER_ID,
    GUILD_ID,
    MEMBER_USER_ID,
    SERVER_MANAGER_USER_ID,
    LocalDiscord,
)
from bot.settings import Settings

ACTORS = {
    "member": MEMBER_USER_ID,
    "channel manager": CHANNEL_MANAGER_USER_ID,
    "server manager": SERVER_MANAGER_USER_ID,
    "editor": EDITOR_USER_ID,
    "owner": CONSOLE_USER_ID,
}
REFUSALS = (
    "You need Manage Channels",
    "Only Cliffhanger's editors",
    "Only the bot's owners",
    "only works in a server channel",
    "I'm not in this server",
)
EVERYONE = frozenset(ACTORS)
MANAGERS = frozenset({"channel manager", "server manager", "owner"})
EDITORS = frozenset({"editor", "owner"})
OWNERS = frozenset({"owner"})

# command -> {place: who may run it there}
MATRIX: dict[str, dict[str, frozenset[str]]] = {
    "!release tpt": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!show tpt": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!cast tpt": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!news tpt": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!search pretty": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!recap tpt": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!help": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!upcoming week": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    # Reminders are a person's own: no permission, and no server needed.
    "!remind tpt": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!reminders": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!unremind all": {"channel": EVERYONE, "thread": EVERYONE, "dm": EVERYONE},
    "!subscribe tpt": {"channel": MANAGERS, "thread": MANAGERS, "dm": frozenset()},
    "!unsubscribe all": {"channel": MANAGERS, "thread": MANAGERS, "dm": frozenset()},
    "!subscriptions": {"channel": EVERYONE, "thread": EVERYONE, "dm": frozenset()},
    "!board all": {"channel": MANAGERS, "thread": MANAGERS, "dm": frozenset()},
    # Editors edit from the home server; owners from anywhere.
    "!catalogue alias show: tpt alias: pretty ballet": {
        "channel": EDITORS,
        "thread": EDITORS,
        "dm": OWNERS,
    },
    "!sync": {"channel": OWNERS, "thread": OWNERS, "dm": OWNERS},
    "!status": {"channel": OWNERS, "thread": OWNERS, "dm": OWNERS},
}
CASES = [
    (command, place, actor)
    for command, places in MATRIX.items()
    for place in places
    for actor in ACTORS
]


@pytest.fixture
async def with_editors(settings: Settings) -> AsyncIterator[tuple[Cliffhanger, LocalDiscord]]:
    editor_settings = replace(settings, home_guild_id=GUILD_ID, editor_role_id=EDITOR_ROLE_ID)
    async with local_bot(editor_settings) as started:
        yield started


@pytest.mark.parametrize(("command", "place", "actor"), CASES)
async def test_permission_matrix(
    with_editors: tuple[Cliffhanger, LocalDiscord], command: str, place: str, actor: str
) -> None:
    _, stand_in = with_editors
    if command.startswith("!unsubscribe"):
        # Something to remove, so that an allowed unsubscribe succeeds.
        await stand_in.send("!subscribe all", author_id=CONSOLE_USER_ID, place="channel")
        await stand_in.send("!subscribe all", author_id=CONSOLE_USER_ID, place="thread")
    replies = await stand_in.send(command, author_id=ACTORS[actor], place=place)
    text = "\n".join(reply.text() for reply in replies)
    refused = any(refusal in text for refusal in REFUSALS)
    allowed = actor in MATRIX[command][place]
    assert replies, f"{actor} got no reply to {command} in a {place}"
    assert refused != allowed, f"{actor} running {command} in a {place}: {text[:200]}"
    assert "Something went wrong" not in text


# Slash forms of the commands anyone may use anywhere, and of the board: command, options ->
# {place: who may run it there}. "elsewhere" is a server without the bot (a personal install).
NOBODY = frozenset[str]()
ANYWHERE = {"channel": EVERYONE, "dm": EVERYONE, "elsewhere": EVERYONE}
SLASH_MATRIX: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, frozenset[str]]] = {
    ("release", (("show", "tpt"),)): ANYWHERE,
    ("upcoming", (("window", "month"),)): ANYWHERE,
    ("remind", (("show", "tpt"),)): ANYWHERE,
    ("reminders", ()): ANYWHERE,
    ("unremind", (("show", "all"),)): ANYWHERE,
    ("board", (("scope", "all"),)): {"channel": MANAGERS, "dm": NOBODY, "elsewhere": NOBODY},
}
SLASH_CASES = [
    (command, options, place, actor)
    for (command, options), places in SLASH_MATRIX.items()
    for place in places
    for actor in ("member", "channel manager")
]


@pytest.mark.parametrize(("command", "options", "place", "actor"), SLASH_CASES)
async def test_slash_permission_matrix(
    discord_stand_in: LocalDiscord,
    command: str,
    options: tuple[tuple[str, str], ...],
    place: str,
    actor: str,
) -> None:
    replies = await discord_stand_in.interact(
        command, dict(options), author_id=ACTORS[actor], place=place
    )
    text = "\n".join(reply.text() for reply in replies)
    refused = any(refusal in text for refusal in REFUSALS)
    allowed = actor in SLASH_MATRIX[(command, options)][place]
    assert replies, f"{actor} got no reply to /{command} in a {place}"
    assert refused != allowed, f"{actor} running /{command} in a {place}: {text[:200]}"
    assert "Something went wrong" not in text
    if place == "elsewhere":
        assert all(reply.ephemeral for reply in replies), "a server without the bot sees nothing"
