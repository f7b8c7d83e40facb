"""The show commands through discord.py's own dispatch, on the local transport."""

from __future__ import annotations

import pytest

from bot.local.stand_in import MEMBER_USER_ID, LocalDiscord, SentMessage, render_text
from tests.messages import inside_tags, outside_tags, text_of

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


def embed_of(replies: list[SentMessage]) -> tuple[str, str, dict[str, str]]:
    """The one embed of a one-message answer: its title, description and fields by name, as
    a reader sees them (dates rendered, links spelled out)."""
    (message,) = replies
    (embed,) = message.embeds
    fields = {render_text(field["name"]): render_text(field["value"]) for field in embed["fields"]}
    return embed["title"], render_text(embed.get("description") or ""), fields


def assert_is_the_tpt_release_answer(replies: list[SentMessage]) -> None:
    """Each fact of the release answer in its own place, not merely somewhere in the text."""
    title, description, fields = embed_of(replies)
    assert title == "Tiny Pretty Things: release and renewal"
    assert description.startswith("**Cancelled after one season: season 2 is not coming.**")
    assert (
        "Reported, not officially confirmed · as of November 2021 · source: Brennan Clost"
        in description
    )
    assert fields["Latest season: 1"] == (
        "released 14 December 2020 on Netflix · 10 episodes · 54–58 min each"
    )
    assert fields["Platform"] == "Netflix"
    assert fields["Status"] == "Cancelled"


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
    assert_is_the_tpt_release_answer(replies)
    assert_no_pings(replies)


async def test_release_never_presents_the_2022_guess_as_a_date(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!release tiny pretty things"))
    assert "2022" not in text
    # The guess is missing from an answer, not from an empty reply.
    assert "season 2 is not coming" in text


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
    # The shipped shows with the newest news, newest first.
    assert "Recently in the news: Supacell, Shadow and Bone, Warrior Nun." in text


async def test_a_near_miss_lists_the_closest_matches(discord_stand_in: LocalDiscord) -> None:
    text = text_of(await discord_stand_in.send("!release tiny pretty"))
    assert "Tiny Pretty Things" in text
    assert "couldn't find a show called “tiny pretty”" in text
    assert "Closest matches:\n• Tiny Pretty Things (2020, Netflix)" in text


async def test_a_hostile_title_is_echoed_inert(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.send("!release @everyone **zzzz** ||x||")
    assert "@everyone" not in text_of(replies)
    # Echoed, but defused: the mention broken by a zero-width space, the markdown escaped.
    assert "“@\u200beveryone \\*\\*zzzz\\*\\* \\|\\|x\\|\\|”" in text_of(replies)
    assert_no_pings(replies)


async def test_show_and_its_info_alias_give_the_premise_and_source_novel(
    discord_stand_in: LocalDiscord,
) -> None:
    answers = []
    for command in ("!show tpt", "!info tpt"):
        replies = await discord_stand_in.send(command)
        text = text_of(replies)
        for fact in (
            "Michael MacLennan",
            "Shiny Broken Pieces",
            "Archer School of Ballet",
            "Sona Charaipotra",
            "Netflix",
            "Cancelled",
        ):
            assert fact in text
        title, premise, fields = embed_of(replies)
        assert title == "Tiny Pretty Things"
        assert premise.startswith("When the star pupil of Chicago's elite Archer School of Ballet")
        assert fields["Based on"] == (
            "Tiny Pretty Things, the 2015 novel by Sona Charaipotra and Dhonielle Clayton"
        )
        assert fields["Sequel material"] == "Shiny Broken Pieces (2016)"
        assert fields["Created by"] == "Michael MacLennan"
        assert fields["Platform"] == "Netflix"
        assert fields["Status"].startswith("Cancelled\n")
        answers.append(text)
    assert answers[0] == answers[1]


async def test_the_sequel_misspelling_resolves_but_the_answer_spells_it_right(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.send("!show shining broken pieces")
    text = text_of(replies)
    assert "Shiny Broken Pieces" in text
    assert "Shining" not in text
    title, _, fields = embed_of(replies)
    assert title == "Tiny Pretty Things"
    assert fields["Sequel material"] == "Shiny Broken Pieces (2016)"


async def test_cast_lists_actors_with_characters_and_hides_why_one_would_not_return(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!cast tiny pretty things"))
    assert "Kylie Jefferson** as Neveah Stroyer" in text
    assert "Lauren Holly** as Monique DuBois" in text
    outside_spoilers = "".join(text.split("||")[0::2])
    assert "dies" not in outside_spoilers
    assert "Bayardo De Murguia:" not in outside_spoilers
    assert outside_tags(text) == outside_spoilers
    (why,) = inside_tags(text)
    assert why.startswith("Bayardo De Murguia: Ramon dies at the end of season 1")


async def test_news_lists_the_timeline_oldest_first_with_confidence(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!news tiny pretty things"))
    speculation = text.index("Speculation")
    cancelled = text.index("November 2021 · cancelled")
    assert speculation < cancelled
    assert "NetflixLife" in text
    guess = text.index("December 2020 · release date")
    told = text.index("20 January 2021 · note")
    assert guess < told < cancelled
    # Each entry carries how sure it is, after its own text and before the next entry.
    assert guess < text.index("*Speculation · as of December 2020 · source: fan news sites*") < told
    assert (
        told < text.index("*Reported, not officially confirmed · as of 20 January 2021") < cancelled
    )
    assert cancelled < text.index("*Reported, not officially confirmed · as of November 2021")


async def test_search_lists_matches_with_year_and_platform(discord_stand_in: LocalDiscord) -> None:
    assert "Tiny Pretty Things (2020, Netflix)" in text_of(
        await discord_stand_in.send("!search pretty")
    )


async def test_help_lists_every_command_with_an_example(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.send("!help")
    text = text_of(replies)
    for command in ("!release", "!show", "!cast", "!news", "!search", "!help"):
        assert command in text
    assert "synccommands" not in text
    _, _, fields = embed_of(replies)
    for command, example in fields.items():
        assert command.startswith("!")
        # What the command does, then an example that uses it.
        what, usage = example.rsplit("\n", 1)
        assert what
        assert usage.startswith(f"`{command}")
        assert usage.endswith("`")
    assert {"!release", "!show", "!cast", "!news", "!search", "!help", "!recap"} <= set(fields)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "@Cliffhanger when is tiny pretty things season 2 coming out?",
            ("season 2 is not coming", "== Tiny Pretty Things: release and renewal =="),
        ),
        (
            "@Cliffhanger is tiny pretty things renewed?",
            ("Cancelled after one season", "== Tiny Pretty Things: release and renewal =="),
        ),
        (
            "@Cliffhanger who is in tiny pretty things?",
            (
                "Kylie Jefferson",
                "**Kylie Jefferson** as Neveah Stroyer",
                "Tiny Pretty Things: cast",
            ),
        ),
        (
            "hey <@1100000000000000001> any news on tpt?",
            ("news history", "-- November 2021 · cancelled", "-- December 2020 · release date"),
        ),
        (
            "@Cliffhanger what is tiny pretty things about?",
            ("Archer School of Ballet", "== Tiny Pretty Things ==\nWhen the star pupil"),
        ),
    ],
)
async def test_a_question_mentioning_the_bot_gets_the_matching_answer(
    discord_stand_in: LocalDiscord, question: str, expected: tuple[str, ...]
) -> None:
    text = text_of(await discord_stand_in.send(question))
    for fact in expected:
        assert fact in text


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
    assert_is_the_tpt_release_answer(replies)


async def test_the_slash_release_command_answers_like_the_prefix_one(
    discord_stand_in: LocalDiscord,
) -> None:
    replies = await discord_stand_in.interact("release", {"show": "tiny prety thing"})
    text = text_of(replies)
    for fact in TPT_RELEASE_FACTS:
        assert fact in text
    assert_is_the_tpt_release_answer(replies)
    assert text == text_of(await discord_stand_in.send("!release tiny prety thing"))
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
    assert_is_the_tpt_release_answer(replies)


async def test_a_forged_autocomplete_id_is_refused(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.interact("release", {"show": "id:999999"})
    assert "no longer in the catalogue" in text_of(replies)
