"""No command shows a plot outcome of Tiny Pretty Things outside spoiler tags.

Every command, in every form (prefix, slash, a question mentioning the bot), runs on the
shipped catalogue through the local transport. Discord renders each message's content, embed
description, field and footer on its own, so each is checked on its own: its tags must pair
up, and what is left after removing everything inside `||…||` must not carry the recap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.local.stand_in import LocalDiscord, SentMessage
from tests.messages import outside_tags
from tests.seed import seed_recap

# Words that give each season 1 recap point away, in the seed's order. Names that the cast
# list shows openly (Delia, Cassie, Ramon, June) are not markers on their own.
RECAP_MARKERS: tuple[tuple[str, ...], ...] = (
    ("returns to the academy", "press"),
    ("pushed", "persuades", "blame"),
    ("long-awaited performance", "shocking secret"),
    ("accepting money", "business people", "in danger"),
    ("Katrina", "new director", "stab wound"),
    ("boasts", "implicated", "death", "June's father"),
    ("Topher", "stay on"),
    ("close again", "relationship"),
    ("never came", "feud", "earned her place", "torn between"),
)
# The same facts in the words people use for them, and the cast list's one spoiler.
OTHER_SPOILER_WORDS = ("stabbed", "donations", "murdered", "killed", "dies")

PREFIX_COMMANDS = (
    "!release tiny pretty things",
    "!show tiny pretty things",
    "!info tpt",
    "!cast tiny pretty things",
    "!news tiny pretty things",
    "!search tiny pretty things",
    "!help",
    "!recap tiny pretty things",
    "!recap tiny pretty things 1",
    "!recap tiny pretty things 2",
)
QUESTIONS = (
    "@Cliffhanger when is tiny pretty things season 2 coming out?",
    "@Cliffhanger is tiny pretty things renewed?",
    "@Cliffhanger who is in tiny pretty things?",
    "@Cliffhanger any news on tiny pretty things?",
    "@Cliffhanger what is tiny pretty things about?",
    "@Cliffhanger tiny pretty things",
    "@Cliffhanger recap tiny pretty things",
    "@Cliffhanger what happened in tiny pretty things?",
)
SLASH_COMMANDS: tuple[tuple[str, dict[str, str]], ...] = (
    ("release", {"show": "tiny pretty things"}),
    ("show", {"show": "tiny pretty things"}),
    ("cast", {"show": "tiny pretty things"}),
    ("news", {"show": "tiny pretty things"}),
    ("search", {"words": "tiny pretty things"}),
    ("help", {}),
    ("recap", {"show": "tiny pretty things"}),
)


def rendered_parts(message: SentMessage) -> Iterator[str]:
    """Each piece of a message that Discord parses for spoiler tags on its own."""
    yield message.content
    for embed in message.embeds:
        yield embed.get("title") or ""
        yield embed.get("description") or ""
        for embed_field in embed.get("fields") or []:
            yield embed_field["name"]
            yield embed_field["value"]
        footer: dict[str, Any] = embed.get("footer") or {}
        yield footer.get("text") or ""
        author: dict[str, Any] = embed.get("author") or {}
        yield author.get("name") or ""


def leaks(visible: str) -> list[str]:
    words = [word for markers in RECAP_MARKERS for word in markers] + list(OTHER_SPOILER_WORDS)
    return [word for word in words if re.search(rf"\b{re.escape(word)}\b", visible, re.IGNORECASE)]


async def every_reply(discord_stand_in: LocalDiscord) -> list[SentMessage]:
    replies: list[SentMessage] = []
    for line in (*PREFIX_COMMANDS, *QUESTIONS):
        answer = await discord_stand_in.send(line)
        assert answer, f"no reply to {line!r}"
        replies += answer
    for command, options in SLASH_COMMANDS:
        answer = await discord_stand_in.interact(command, options)
        assert answer, f"no reply to /{command}"
        replies += answer
    return replies


def test_each_marker_names_something_its_recap_point_says() -> None:
    # Keeps the markers honest: reworded recap text must come with reworded markers.
    points = seed_recap()
    assert len(points) == len(RECAP_MARKERS)
    for point, markers in zip(points, RECAP_MARKERS, strict=True):
        for marker in markers:
            assert re.search(rf"\b{re.escape(marker)}\b", point, re.IGNORECASE), marker


async def test_every_spoiler_tag_in_every_reply_is_closed(discord_stand_in: LocalDiscord) -> None:
    for message in await every_reply(discord_stand_in):
        for part in rendered_parts(message):
            assert part.count("||") % 2 == 0, part


async def test_no_reply_shows_a_recap_fact_outside_spoiler_tags(
    discord_stand_in: LocalDiscord,
) -> None:
    visible = "\n".join(
        outside_tags(part)
        for message in await every_reply(discord_stand_in)
        for part in rendered_parts(message)
    )
    assert leaks(visible) == []


async def test_the_recap_reply_holds_every_recap_point_inside_tags(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.send("!recap tiny pretty things")
    hidden = [point for message in replies for point in message.content.split("||")[1::2]]
    assert hidden == list(seed_recap())


@pytest.mark.parametrize("line", [*PREFIX_COMMANDS, *QUESTIONS])
async def test_no_single_command_leaks_on_its_own(
    discord_stand_in: LocalDiscord, line: str
) -> None:
    # The same check per command, so a failure names the command that leaked.
    replies = await discord_stand_in.send(line)
    visible = "\n".join(
        outside_tags(part) for message in replies for part in rendered_parts(message)
    )
    assert leaks(visible) == []
