"""The recap command through discord.py's own dispatch, on the local transport."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from bot.app.client import Cliffhanger
from bot.local.console import local_bot
from bot.local.stand_in import LocalDiscord, SentMessage
from bot.replies.formatting import MESSAGE_LIMIT
from bot.settings import Settings
from db.model.shows import Catalogue, PartialDate, SeasonEntry, ShowEntry
from tests.messages import content_of, inside_tags, outside_tags
from tests.seed import seed_recap

HEADING = "Recap of Tiny Pretty Things, season 1 — spoilers below"
_INVISIBLE = re.compile("[\u200b-\u200f\u2060]")


def assert_is_the_season_one_recap(messages: list[SentMessage]) -> None:
    assert messages[0].content.startswith(HEADING + "\n")
    hidden = [point for message in messages for point in inside_tags(message.content)]
    assert hidden == list(seed_recap())


def released_season(number: int, *recap: str) -> SeasonEntry:
    return SeasonEntry(number=number, release_date=PartialDate(2020 + number, 1, 10), recap=recap)


async def add_show(bot: Cliffhanger, show: ShowEntry) -> None:
    await bot.services.catalogue.import_catalogue(Catalogue(shows=(show,)))


# --- prefix --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "!recap tiny pretty things 1",
        "!recap tiny pretty things season 1",
        "!recap tpt s1",
        "!recap Tiny Prety Thing 1",
    ],
)
async def test_prefix_recap_of_a_season_gives_every_point_in_tags(
    discord_stand_in: LocalDiscord, command: str
) -> None:
    assert_is_the_season_one_recap(await discord_stand_in.send(command))


async def test_without_a_season_the_latest_released_one_is_recapped(
    discord_stand_in: LocalDiscord,
) -> None:
    assert_is_the_season_one_recap(await discord_stand_in.send("!recap tiny pretty things"))


async def test_a_prefix_recap_is_posted_in_the_channel_without_pings(
    discord_stand_in: LocalDiscord,
) -> None:
    for message in await discord_stand_in.send("!recap tpt"):
        assert not message.ephemeral
        assert message.allowed_mentions == {"parse": []}


async def test_a_season_that_does_not_exist_lists_the_seasons_with_recaps(
    discord_stand_in: LocalDiscord,
) -> None:
    text = content_of(await discord_stand_in.send("!recap tiny pretty things 7"))
    assert (
        text == "Tiny Pretty Things has no season 7 on record. Recaps are on record for season 1."
    )


async def test_a_show_without_a_recap_suggests_show_and_news(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_show(bot, ShowEntry(title="Quiet Harbour", seasons=(released_season(1),)))
    text = content_of(await discord_stand_in.send("!recap quiet harbour"))
    assert "no recap of Quiet Harbour" in text
    assert "`!show Quiet Harbour`" in text
    assert "`!news Quiet Harbour`" in text


async def test_the_suggestions_use_the_configured_prefix(tmp_path: Path) -> None:
    settings = Settings(database_path=tmp_path / "prefix.sqlite3", command_prefix="?")
    async with local_bot(settings) as (bot, transport):
        await add_show(bot, ShowEntry(title="Quiet Harbour", seasons=(released_season(1),)))
        text = content_of(await transport.send("?recap quiet harbour"))
    assert "`?show Quiet Harbour`" in text
    assert "`!" not in text


async def test_recap_without_a_title_prints_usage_with_the_season_as_optional(
    discord_stand_in: LocalDiscord,
) -> None:
    text = content_of(await discord_stand_in.send("!recap"))
    assert text == "Usage: `!recap <show> [season]`. For example: `!recap tiny pretty things 1`"


async def test_an_unknown_title_says_not_found(discord_stand_in: LocalDiscord) -> None:
    text = content_of(await discord_stand_in.send("!recap zzzz qqqq 2"))
    assert "couldn't find a show called “zzzz qqqq”" in text


async def test_a_title_ending_in_a_number_is_not_read_as_a_season(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_show(
        bot,
        ShowEntry(
            title="Station 19",
            seasons=(released_season(1, "First season."), released_season(2, "Second season.")),
        ),
    )
    latest = content_of(await discord_stand_in.send("!recap station 19"))
    first = content_of(await discord_stand_in.send("!recap station 19 1"))
    assert latest.startswith("Recap of Station 19, season 2")
    assert first.startswith("Recap of Station 19, season 1")


# --- slash ---------------------------------------------------------------------------------


async def test_slash_recap_is_private_by_default(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.interact("recap", {"show": "tiny pretty things"})
    assert_is_the_season_one_recap(replies)
    assert all(message.ephemeral for message in replies)


async def test_slash_recap_can_be_posted_publicly(discord_stand_in: LocalDiscord) -> None:
    # Python values, as discord.py hands them over from Discord's integer and boolean options.
    replies = await discord_stand_in.interact(
        "recap",
        {"show": "tpt", "season": 1, "public": True},
    )
    assert_is_the_season_one_recap(replies)
    assert not any(message.ephemeral for message in replies)


async def test_slash_recap_reads_a_season_typed_into_the_title(
    discord_stand_in: LocalDiscord,
) -> None:
    assert_is_the_season_one_recap(
        await discord_stand_in.interact("recap", {"show": "tiny pretty things 1"})
    )


async def test_a_slash_season_that_does_not_exist_is_a_private_error(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.interact(
        "recap",
        {"show": "tpt", "season": 3},
    )
    assert len(replies) == 1
    assert replies[0].ephemeral
    assert "has no season 3" in replies[0].content


async def test_recap_autocomplete_offers_the_same_choices_as_release(
    discord_stand_in: LocalDiscord,
) -> None:
    recap_choices = await discord_stand_in.autocomplete("recap", {"show": "tiny"}, "show")
    release_choices = await discord_stand_in.autocomplete("release", {"show": "tiny"}, "show")
    assert recap_choices == release_choices
    assert recap_choices[0]["name"] == "Tiny Pretty Things (2020, Netflix)"


async def test_an_autocomplete_choice_is_accepted_by_recap(
    discord_stand_in: LocalDiscord,
) -> None:
    choices = await discord_stand_in.autocomplete("recap", {"show": "tp"}, "show")
    replies = await discord_stand_in.interact("recap", {"show": choices[0]["value"]})
    assert_is_the_season_one_recap(replies)


# --- questions and help ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "@Cliffhanger recap tiny pretty things",
        "@Cliffhanger what happened in tiny pretty things?",
        "@Cliffhanger remind me what happened in tpt",
    ],
)
async def test_a_recap_question_mentioning_the_bot_gets_the_latest_recap(
    discord_stand_in: LocalDiscord, question: str
) -> None:
    assert_is_the_season_one_recap(await discord_stand_in.send(question))


async def test_help_lists_recap_with_its_example(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.send("!help")
    text = "\n".join(message.text() for message in replies)
    assert "The story so far of a season, every point inside spoiler tags" in text
    assert "`!recap tiny pretty things 1`" in text


# --- hostile recap text -----------------------------------------------------------------------

HOSTILE_BODY = " ".join(f"word{index:04d}" for index in range(334))  # 3006 characters
HOSTILE_POINT = (
    "Opening || fake close @everyone @here <@&1100000000000000300> "
    "```py\nprint('code block')\n``` " + HOSTILE_BODY
)


@pytest.fixture
async def hostile_recap(bot: Cliffhanger, discord_stand_in: LocalDiscord) -> list[SentMessage]:
    assert len(HOSTILE_BODY) > 3000
    await add_show(
        bot,
        ShowEntry(
            title="Hostile Recap Show",
            premiered=datetime.date(2021, 1, 10),
            seasons=(released_season(1, HOSTILE_POINT, "A short second point."),),
        ),
    )
    return await discord_stand_in.send("!recap hostile recap show")


def test_a_hostile_recap_is_sent_in_several_messages_within_the_limit(
    hostile_recap: list[SentMessage],
) -> None:
    assert len(hostile_recap) > 1
    assert all(len(message.content) <= MESSAGE_LIMIT for message in hostile_recap)


def test_every_message_of_a_hostile_recap_has_balanced_tags(
    hostile_recap: list[SentMessage],
) -> None:
    for message in hostile_recap:
        assert message.content.count("||") % 2 == 0
    for message in hostile_recap[1:]:
        # A point cut across messages is reopened where the next message starts.
        assert message.content.startswith(("||", "• ||"))


def test_a_hostile_recap_cannot_ping(hostile_recap: list[SentMessage]) -> None:
    for message in hostile_recap:
        assert message.allowed_mentions == {"parse": []}
        assert "@everyone" not in message.content
        assert "@here" not in message.content
        assert "<@&1100000000000000300>" not in message.content


def test_nothing_of_a_hostile_point_shows_outside_its_tags(
    hostile_recap: list[SentMessage],
) -> None:
    visible = "".join(outside_tags(message.content) for message in hostile_recap)
    assert " ".join(visible.replace("•", "").split()) == (
        "Recap of Hostile Recap Show, season 1 — spoilers below"
    )


def test_a_hostile_point_arrives_whole_inside_its_tags(hostile_recap: list[SentMessage]) -> None:
    hidden = " ".join(
        _INVISIBLE.sub("", part)
        for message in hostile_recap
        for part in inside_tags(message.content)
    )
    assert HOSTILE_BODY in " ".join(hidden.split())
    assert hidden.rstrip().endswith("A short second point.")
