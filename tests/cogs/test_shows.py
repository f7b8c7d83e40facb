"""The show commands through discord.py's own dispatch, on the local transport."""

from __future__ import annotations

import pytest

from bot.local.stand_in import MEMBER_USER_ID, LocalDiscord, SentMessage
from tests.messages import text_of

TPT_RELEASE_FACTS = (
    "Cancelled after one season",
    "season 2 is not coming",
    "Netflix",
    "14 December 2020",
    "10 episodes",
    "54–58 min",
    "source:",
    "November 2021",
)


def assert_no_pings(messages: list[SentMessage]) -> None:
    for message in messages:
        assert message.allowed_mentions is not None
        assert message.allowed_mentions.get("parse") == []
        assert not message.allowed_mentions.get("replied_user")


@pytest.mark.parametrize(
    "title",
    ["tiny pretty things", "TINY PRETTY THINGS", "tiny prety thing", "tpt", "Tiny-Pretty Things!"],
)
async def test_release_answers_with_the_cancellation_and_season_one(
    discord_stand_in: LocalDiscord, title: str
) -> None:
    replies = await discord_stand_in.send(f"!release {title}")
    text = text_of(replies)
    for fact in TPT_RELEASE_FACTS:
        assert fact in text
    assert_no_pings(replies)


async def test_release_never_presents_the_2022_guess_as_a_date(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!release tiny pretty things"))
    assert "2022" not in text


async def test_release_without_a_title_prints_usage(discord_stand_in: LocalDiscord) -> None:
    text = text_of(await discord_stand_in.send("!release"))
    assert "Usage: `!release <show>`" in text
    assert "Traceback" not in text


async def test_an_unknown_title_says_not_found_with_a_way_forward(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!release zzzz qqqq"))
    assert "couldn't find a show called “zzzz qqqq”" in text
    assert "!search" in text
    assert "Recently in the news: Tiny Pretty Things" in text


async def test_a_near_miss_lists_the_closest_matches(discord_stand_in: LocalDiscord) -> None:
    text = text_of(await discord_stand_in.send("!release tiny pretty"))
    assert "Tiny Pretty Things" in text


async def test_a_hostile_title_is_echoed_inert(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.send("!release @everyone **zzzz** ||x||")
    assert "@everyone" not in text_of(replies)
    assert_no_pings(replies)


async def test_show_and_its_info_alias_give_the_premise_and_source_novel(
    discord_stand_in: LocalDiscord,
) -> None:
    for command in ("!show tpt", "!info tpt"):
        text = text_of(await discord_stand_in.send(command))
        for fact in (
            "Michael MacLennan",
            "Shiny Broken Pieces",
            "Archer School of Ballet",
            "Sona Charaipotra",
            "Netflix",
            "Cancelled",
        ):
            assert fact in text


async def test_the_sequel_misspelling_resolves_but_the_answer_spells_it_right(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!show shining broken pieces"))
    assert "Shiny Broken Pieces" in text
    assert "Shining" not in text


async def test_cast_lists_actors_with_characters_and_hides_why_one_would_not_return(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!cast tiny pretty things"))
    assert "Kylie Jefferson** as Neveah Stroyer" in text
    assert "Lauren Holly** as Monique DuBois" in text
    outside_spoilers = "".join(text.split("||")[0::2])
    assert "dies" not in outside_spoilers
    assert "Bayardo De Murguia:" not in outside_spoilers


async def test_news_lists_the_timeline_oldest_first_with_confidence(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!news tiny pretty things"))
    speculation = text.index("Speculation")
    cancelled = text.index("November 2021 · cancelled")
    assert speculation < cancelled
    assert "NetflixLife" in text


async def test_search_lists_matches_with_year_and_platform(discord_stand_in: LocalDiscord) -> None:
    assert "Tiny Pretty Things (2020, Netflix)" in text_of(
        await discord_stand_in.send("!search pretty")
    )


async def test_help_lists_every_command_with_an_example(discord_stand_in: LocalDiscord) -> None:
    text = text_of(await discord_stand_in.send("!help"))
    for command in ("!release", "!show", "!cast", "!news", "!search", "!help"):
        assert command in text
    assert "synccommands" not in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("@Cliffhanger when is tiny pretty things season 2 coming out?", "season 2 is not coming"),
        ("@Cliffhanger is tiny pretty things renewed?", "Cancelled after one season"),
        ("@Cliffhanger who is in tiny pretty things?", "Kylie Jefferson"),
        ("hey <@1100000000000000001> any news on tpt?", "news history"),
        ("@Cliffhanger what is tiny pretty things about?", "Archer School of Ballet"),
    ],
)
async def test_a_question_mentioning_the_bot_gets_the_matching_answer(
    discord_stand_in: LocalDiscord, question: str, expected: str
) -> None:
    assert expected in text_of(await discord_stand_in.send(question))


async def test_a_question_it_cannot_place_gets_a_hint(discord_stand_in: LocalDiscord) -> None:
    text = text_of(await discord_stand_in.send("@Cliffhanger good morning"))
    assert "Ask me about a show" in text


async def test_a_typo_of_a_command_gets_a_suggestion(discord_stand_in: LocalDiscord) -> None:
    assert "Did you mean `!release`?" in text_of(await discord_stand_in.send("!relase tpt"))


async def test_a_word_that_is_no_command_of_ours_gets_no_reply(
    discord_stand_in: LocalDiscord,
) -> None:
    assert await discord_stand_in.send("!play some music") == []


async def test_messages_from_other_members_are_answered_too(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.send("!release tpt", author_id=MEMBER_USER_ID)
    assert "Cancelled after one season" in text_of(replies)


async def test_the_slash_release_command_answers_like_the_prefix_one(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.interact("release", {"show": "tiny prety thing"})
    text = text_of(replies)
    for fact in TPT_RELEASE_FACTS:
        assert fact in text
    assert_no_pings(replies)


async def test_a_slash_error_is_a_private_reply(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.interact("release", {"show": "zzzz qqqq"})
    assert len(replies) == 1
    assert replies[0].ephemeral
    assert "couldn't find" in replies[0].content


async def test_autocomplete_offers_labelled_choices_with_stable_ids(
    discord_stand_in: LocalDiscord,
) -> None:
    choices = await discord_stand_in.autocomplete("release", {"show": "tiny"}, "show")
    assert choices[0]["name"] == "Tiny Pretty Things (2020, Netflix)"
    assert choices[0]["value"].startswith("id:")
    assert len(choices) <= 25


async def test_an_autocomplete_choice_is_accepted_by_the_command(
    discord_stand_in: LocalDiscord,
) -> None:
    choices = await discord_stand_in.autocomplete("release", {"show": "tp"}, "show")
    replies = await discord_stand_in.interact("release", {"show": choices[0]["value"]})
    assert "Cancelled after one season" in text_of(replies)


async def test_a_forged_autocomplete_id_is_refused(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.interact("release", {"show": "id:999999"})
    assert "no longer in the catalogue" in text_of(replies)
