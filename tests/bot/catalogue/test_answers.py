"""Issue 12's examples, each through the console stand-in: seasons in commands, questions
answered first in one line, the channel's show remembered, and the truth between seasons."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Cliffhanger
from bot.catalogue.conversation import SUBJECT_SECONDS, Conversations
from bot.local.stand_in import LocalDiscord
from bot.sources.tvmaze.mapping import show_entry
from db.model.shows import CastEntry, Catalogue, SeasonEntry, ShowEntry
from tests.conftest import FIXTURES
from tests.messages import inside_tags, outside_tags, text_of

TVMAZE = FIXTURES / "tvmaze"


def recorded(name: str) -> dict[str, Any]:
    return json.loads((TVMAZE / name).read_text(encoding="utf-8-sig"))


def set_today(bot: Cliffhanger, now: datetime.datetime) -> None:
    # The catalogue's clocks are built with the bot; a test moves them to the day it needs.
    catalogue = bot.services.catalogue
    catalogue._clock = now.date  # type: ignore[method-assign]
    catalogue._now = lambda: now


async def add(bot: Cliffhanger, *shows: ShowEntry) -> None:
    await bot.services.catalogue.import_catalogue(Catalogue(shows=shows))


def slow_horses(today: datetime.date, *, next_episode: bool) -> dict[str, Any]:
    """A TVmaze-shaped record (hand-built, as the real one of the day is not recorded):
    season 6 finished five weeks before `today`, or is airing with its third episode next."""
    start = today - datetime.timedelta(days=70)
    finale = today - datetime.timedelta(days=35)
    seasons = [
        {"number": number, "premiereDate": f"{2021 + number}-04-01", "endDate": None}
        for number in range(1, 6)
    ]
    seasons.append(
        {
            "number": 6,
            "premiereDate": start.isoformat(),
            "endDate": finale.isoformat(),
            "episodeOrder": 6,
        }
    )
    record: dict[str, Any] = {
        "id": 990002,
        "url": "https://www.tvmaze.com/shows/990002/slow-horses",
        "name": "Slow Horses",
        "status": "Running",
        "premiered": "2022-04-01",
        "webChannel": {"name": "Apple TV+"},
        "updated": 1_780_000_000,
        "_embedded": {"seasons": seasons},
    }
    if next_episode:
        seasons[-1]["premiereDate"] = (today - datetime.timedelta(days=10)).isoformat()
        seasons[-1]["endDate"] = (today + datetime.timedelta(days=21)).isoformat()
        airs = datetime.datetime.combine(
            today + datetime.timedelta(days=4), datetime.time(1, 0), datetime.UTC
        )
        record["_embedded"]["nextepisode"] = {
            "season": 6,
            "number": 3,
            "name": "Uneasy Lies",
            "airdate": (airs.date() - datetime.timedelta(days=1)).isoformat(),
            "airtime": "21:00",
            "airstamp": airs.isoformat(),
        }
    return record


NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


# --- seasons in commands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("!release tiny pretty things season 2", "season 2 is not coming"),
        ("!release tpt s3", "season 3 is not coming"),
        ("!release tpt S02", "season 2 is not coming"),
        ("!release season two of tiny pretty things", "season 2 is not coming"),
        ("!release tiny pretty things series 2", "season 2 is not coming"),
        ("!release tpt 2nd season", "season 2 is not coming"),
        ("!release tpt next season", "season 2 is not coming"),
        ("!release tpt season 1", "Season 1: released"),
        ("!release tpt last season", "Season 1: released"),
    ],
)
async def test_a_season_after_or_before_the_title_is_answered_about(
    discord_stand_in: LocalDiscord, command: str, expected: str
) -> None:
    text = text_of(await discord_stand_in.send(command))
    assert expected in text
    assert "couldn't find" not in text


async def test_recap_cast_and_news_take_a_season_too(discord_stand_in: LocalDiscord) -> None:
    recap = text_of(await discord_stand_in.send("!recap tpt last season"))
    assert "Recap of Tiny Pretty Things, season 1" in recap
    cast = text_of(await discord_stand_in.send("!cast tpt season 2"))
    assert "Season 2: the main cast on record" in cast
    news = text_of(await discord_stand_in.send("!news tiny pretty things s2"))
    assert "news about season 2" in news


async def test_a_season_without_a_title_asks_which_show(discord_stand_in: LocalDiscord) -> None:
    assert "Which show's season 2?" in text_of(await discord_stand_in.send("!release season 2"))


# --- titles as people type them ------------------------------------------------------------


async def test_initialisms_are_computed_from_every_title(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add(
        bot,
        ShowEntry(title="The Big Bang Theory", status="ended"),
        ShowEntry(title="How to Get Away with Murder", status="ended"),
        ShowEntry(title="Game of Thrones", status="ended"),
    )
    for typed, title in (
        ("tbbt", "The Big Bang Theory"),
        ("htgawm", "How to Get Away with Murder"),
        ("got", "Game of Thrones"),
        ("b99", "Brooklyn Nine-Nine"),
    ):
        text = text_of(await discord_stand_in.send(f"!release {typed}"))
        assert f"== {title}: release and renewal ==" in text


async def test_a_short_form_two_shows_share_is_asked_about(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add(bot, ShowEntry(title="Game of Thrones"), ShowEntry(title="Gift of Tongues"))
    text = text_of(await discord_stand_in.send("!release got"))
    assert "Did you mean" in text
    assert "Game of Thrones" in text
    assert "Gift of Tongues" in text


async def test_platform_and_year_words_are_tolerated(discord_stand_in: LocalDiscord) -> None:
    for typed in ("netflix tiny pretty things", "tiny pretty things 2020 netflix series"):
        text = text_of(await discord_stand_in.send(f"!release {typed}"))
        assert "== Tiny Pretty Things: release and renewal ==" in text


async def test_a_near_miss_of_several_words_is_offered_never_chosen(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(
        await discord_stand_in.send(
            "@Cliffhanger When will Season 2 of Pretty Little Things be Released?"
        )
    )
    assert "Tiny Pretty Things" in text
    assert "release and renewal" not in text  # offered, not answered


# --- the question's intent, answered first -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        ("Who plays Bette in Tiny Pretty Things?", "Casimere Jollette plays Bette Whitlaw."),
        ("who does Kylie Jefferson play in tpt", "Kylie Jefferson plays Neveah Stroyer."),
        ("how many episodes does tpt have?", "Tiny Pretty Things has 10 episodes over one season."),
        ("how long are the episodes of tpt?", "Episodes of Tiny Pretty Things run 54–58 minutes."),
        ("where can I watch tiny pretty things?", "Tiny Pretty Things is on Netflix."),
        ("is tpt on Netflix?", "Yes: Tiny Pretty Things is on Netflix."),
        (
            "is tiny pretty things cancelled?",
            "Yes, cancelled after one season (reported, November 2021).",
        ),
    ],
)
async def test_a_question_gets_its_one_line_answer_then_the_card(
    discord_stand_in: LocalDiscord, question: str, first_line: str
) -> None:
    (reply,) = await discord_stand_in.send(f"@Cliffhanger {question}")
    assert reply.content == first_line
    assert reply.embeds  # the card follows


@pytest.mark.parametrize(
    "question",
    [
        "So, who pushed the Tiny Pretty Things dancer?",
        "Did Cassie stab Ramon in Tiny Pretty Things?",
        "who died at the end of tiny pretty things?",
        "how did tiny pretty things end?",
    ],
)
async def test_questions_about_what_happened_get_the_recap_inside_tags(
    discord_stand_in: LocalDiscord, question: str
) -> None:
    text = text_of(await discord_stand_in.send(f"@Cliffhanger {question}"))
    assert "Recap of Tiny Pretty Things, season 1 — spoilers below" in text
    assert inside_tags(text)
    assert "Ramon" not in outside_tags(text)
    assert "release and renewal" not in text


async def test_a_question_it_cannot_place_gets_a_short_hint(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("@Cliffhanger will there be new tv this fall?"))
    assert "Which show do you mean?" in text


# --- conversation context ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("So… when is season 2?", "season 2 is not coming"),
        ("Has it been canceled?", "Yes, cancelled after one season"),
        ("Where has the show gone? Has it been canceled or will it renew?", "Yes, cancelled"),
    ],
)
async def test_a_question_without_a_show_is_about_the_channels_show_and_says_so(
    discord_stand_in: LocalDiscord, question: str, expected: str
) -> None:
    await discord_stand_in.send("!release tiny pretty things")
    (reply,) = await discord_stand_in.send(f"@Cliffhanger {question}")
    assert reply.content.startswith("About Tiny Pretty Things: ")
    assert expected in reply.text()
    assert "couldn't find" not in reply.text()


async def test_the_channels_show_is_the_last_one_talked_about(
    discord_stand_in: LocalDiscord,
) -> None:
    await discord_stand_in.send("!release tiny pretty things")
    await discord_stand_in.send("@Cliffhanger is warrior nun renewed?")
    (reply,) = await discord_stand_in.send("@Cliffhanger when is season 3?")
    assert reply.content.startswith("About Warrior Nun: ")


async def test_the_channels_show_is_forgotten_after_fifteen_minutes(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    seconds = [0.0]
    bot.services.catalogue.conversations = Conversations(clock=lambda: seconds[0])
    await discord_stand_in.send("!release tiny pretty things")
    seconds[0] = SUBJECT_SECONDS - 1
    assert "About Tiny Pretty Things" in text_of(
        await discord_stand_in.send("@Cliffhanger has it been canceled?")
    )
    seconds[0] += SUBJECT_SECONDS + 1
    text = text_of(await discord_stand_in.send("@Cliffhanger has it been canceled?"))
    assert "Which show do you mean?" in text


async def test_other_channels_have_their_own_subject(discord_stand_in: LocalDiscord) -> None:
    await discord_stand_in.send("!release tiny pretty things")
    text = text_of(await discord_stand_in.send("@Cliffhanger has it been canceled?", place="dm"))
    assert "Which show do you mean?" in text


def test_the_memory_is_bounded() -> None:
    memory = Conversations(clock=lambda: 0.0, max_channels=3)
    for channel in range(10):
        memory.remember(channel, channel, f"show {channel}")
    assert len(memory) == 3
    assert memory.subject(0) is None
    assert memory.subject(9) is not None


# --- truth between seasons -----------------------------------------------------------------


async def test_silicon_valley_running_with_nothing_scheduled_is_between_seasons(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    today = datetime.date(2017, 9, 21)
    record = recorded("tvmaze4j_singlesearch_silicon-valley_embed_episodes.json")
    await add(bot, show_entry(record, today=today))
    set_today(bot, datetime.datetime(2017, 9, 21, 12, tzinfo=datetime.UTC))
    text = text_of(await discord_stand_in.send("!release silicon valley"))
    assert "Between seasons: season 4 ended on 25 June 2017; season 5 has not been announced." in (
        text
    )
    assert "airing now" not in text


async def test_silicon_valley_with_its_seasons_list_says_the_same(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    today = datetime.date(2017, 9, 21)
    record = recorded("tvmaze4j_singlesearch_silicon-valley_embed_episodes.json")
    seasons = recorded("tvmaze4j_show_143_seasons.json")
    await add(bot, show_entry(record, today=today, seasons=seasons))
    set_today(bot, datetime.datetime(2017, 9, 21, 12, tzinfo=datetime.UTC))
    text = text_of(await discord_stand_in.send("!release silicon valley"))
    assert "season 4 ended on 25 June 2017" in text


async def test_slow_horses_five_weeks_after_its_finale_is_between_seasons(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add(bot, show_entry(slow_horses(NOW.date(), next_episode=False), today=NOW.date()))
    set_today(bot, NOW)
    text = text_of(await discord_stand_in.send("!release slow horses"))
    assert "Between seasons: season 6 ended on" in text
    assert "airing now" not in text


async def test_the_next_episode_of_slow_horses_has_its_time_as_discord_timestamps(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add(bot, show_entry(slow_horses(NOW.date(), next_episode=True), today=NOW.date()))
    set_today(bot, NOW)
    (reply,) = await discord_stand_in.send(
        "@Cliffhanger When does the next episode of Slow Horses air?"
    )
    stamp = int(datetime.datetime(2026, 6, 5, 1, tzinfo=datetime.UTC).timestamp())
    assert reply.content == (
        f"The next episode of Slow Horses is S6E3 “Uneasy Lies”, <t:{stamp}:F> (<t:{stamp}:R>)."
    )
    # The console shows the moment as plain text.
    assert "5 June 2026 01:00 UTC" in reply.text()
    card = reply.text()
    assert "Season 6 is airing: next, episode 3 of 6" in card


async def test_justified_without_seasons_says_they_are_not_on_record(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    record = recorded("apefind_singlesearch_justified.json")
    await add(bot, show_entry(record, today=NOW.date()))
    text = text_of(await discord_stand_in.send("!release justified"))
    assert "Ended; its seasons are not on record." in text
    assert "no seasons" not in text


async def test_a_past_next_episode_is_never_called_upcoming(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    record = slow_horses(NOW.date(), next_episode=True)
    await add(bot, show_entry(record, today=NOW.date()))
    set_today(bot, NOW + datetime.timedelta(days=30))
    text = text_of(
        await discord_stand_in.send("@Cliffhanger when is the next episode of slow horses?")
    )
    assert "No next episode of Slow Horses is scheduled on record." in text
    assert "Uneasy Lies" not in text


async def test_a_character_named_in_a_question_gets_the_cast_answer(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    lost = ShowEntry(
        title="Lost",
        status="ended",
        seasons=(SeasonEntry(1),),
        cast=(CastEntry("Cynthia Watros", "Libby Smith"),),
    )
    await add(bot, lost)
    (reply,) = await discord_stand_in.send(
        "@Cliffhanger What can you tell me about Libby’s Lost return?"
    )
    assert reply.content == "Cynthia Watros plays Libby Smith."


def test_the_fixture_records_are_unchanged_by_reading() -> None:
    record = recorded("apefind_singlesearch_justified.json")
    before = copy.deepcopy(record)
    show_entry(record, today=NOW.date())
    assert record == before
    assert Path(TVMAZE / "SOURCES.md").read_text(encoding="utf-8").count("tvmaze-more") >= 1
