"""Recap builders are pure: which season a request means, and the text that hides the story."""

from __future__ import annotations

import datetime

import pytest

from bot.catalogue.recaps import RecapRequest, choose_season, read_request, recap_reply
from bot.errors import UserFacingError
from bot.replies.formatting import MESSAGE_LIMIT, split_message
from db.model.shows import PartialDate, SeasonEntry, ShowEntry
from db.model.titles import TitleEntry, TitleIndex
from tests.messages import inside_tags, outside_tags

TODAY = datetime.date(2026, 11, 25)


def season(number: int, released: str | None, *recap: str) -> SeasonEntry:
    release_date = PartialDate.parse(released) if released else None
    return SeasonEntry(number=number, release_date=release_date, recap=recap)


def show(*seasons: SeasonEntry, title: str = "Example") -> ShowEntry:
    return ShowEntry(title=title, seasons=seasons)


# --- reading "<title> [season]" -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tiny pretty things 1", RecapRequest("tiny pretty things", 1)),
        ("tiny pretty things", RecapRequest("tiny pretty things", None)),
        ("tiny pretty things season 2", RecapRequest("tiny pretty things", 2)),
        ("Tiny Pretty Things Season2", RecapRequest("Tiny Pretty Things", 2)),
        ("tpt s2", RecapRequest("tpt", 2)),
        ("  tiny   pretty things   3 ", RecapRequest("tiny pretty things", 3)),
    ],
)
def test_the_season_is_the_last_word_when_it_is_a_number(
    typed: str, expected: RecapRequest
) -> None:
    assert read_request(typed) == expected


def test_a_lone_number_is_a_title_not_a_season() -> None:
    assert read_request("1883") == RecapRequest("1883", None)


def test_a_number_inside_the_title_is_not_a_season() -> None:
    assert read_request("9-1-1 lone star") == RecapRequest("9-1-1 lone star", None)


def test_a_number_longer_than_any_season_stays_in_the_title() -> None:
    assert read_request("show 12345") == RecapRequest("show 12345", None)


def test_only_ascii_digits_make_a_season() -> None:
    assert read_request("show ٣") == RecapRequest("show ٣", None)


def test_a_title_typed_exactly_is_recognised_despite_case_and_punctuation() -> None:
    index = TitleIndex(
        [
            TitleEntry(show_id=1, title="The 100", year=2014, platform=None),
            TitleEntry(show_id=2, title="Beverly Hills, 90210", year=1990, platform=None),
        ]
    )
    assert index.is_title("the 100")
    assert index.is_title("beverly hills 90210")
    assert not index.is_title("the 100 2")


# --- choosing the season ---------------------------------------------------------------------


def test_an_asked_for_season_is_the_one_recapped() -> None:
    entry = show(season(1, "2020-01-01", "one"), season(2, "2021-01-01", "two"))
    assert choose_season(entry, 1, TODAY, prefix="!").number == 1


def test_without_a_season_the_latest_released_one_is_recapped() -> None:
    entry = show(season(1, "2020-01-01", "one"), season(2, "2021-01-01", "two"))
    assert choose_season(entry, None, TODAY, prefix="!").number == 2


def test_a_season_not_out_yet_is_not_the_default_while_a_released_one_has_a_recap() -> None:
    entry = show(season(1, "2020-01-01", "one"), season(2, "2027-06-01", "two"))
    assert choose_season(entry, None, TODAY, prefix="!").number == 1


def test_a_released_season_without_a_recap_yields_to_the_latest_that_has_one() -> None:
    entry = show(season(1, "2020-01-01", "one"), season(2, "2021-01-01"))
    assert choose_season(entry, None, TODAY, prefix="!").number == 1


def test_with_nothing_released_the_highest_season_with_a_recap_is_recapped() -> None:
    entry = show(season(1, None, "one"), season(2, None, "two"), season(3, None))
    assert choose_season(entry, None, TODAY, prefix="!").number == 2


def test_a_season_that_does_not_exist_lists_the_seasons_with_recaps() -> None:
    entry = show(season(1, "2020-01-01", "one"), season(2, "2021-01-01", "two"), season(3, None))
    with pytest.raises(UserFacingError) as raised:
        choose_season(entry, 7, TODAY, prefix="!")
    assert raised.value.message == (
        "Example has no season 7 on record. Recaps are on record for seasons 1 and 2."
    )


def test_a_season_that_exists_without_a_recap_says_so() -> None:
    entry = show(season(1, "2020-01-01", "one"), season(2, None))
    with pytest.raises(UserFacingError) as raised:
        choose_season(entry, 2, TODAY, prefix="!")
    assert raised.value.message == (
        "There's no recap of season 2 of Example yet. Recaps are on record for season 1."
    )


def test_a_show_without_any_recap_suggests_show_and_news_with_the_prefix() -> None:
    entry = show(season(1, "2020-01-01"), title="Quiet Show")
    with pytest.raises(UserFacingError) as raised:
        choose_season(entry, None, TODAY, prefix="?")
    assert "no recap of Quiet Show" in raised.value.message
    assert "`?show Quiet Show`" in raised.value.message
    assert "`?news Quiet Show`" in raised.value.message


# --- the reply -------------------------------------------------------------------------------


def test_the_reply_opens_with_a_heading_that_spoils_nothing(
    tiny_pretty_things: ShowEntry,
) -> None:
    content = recap_reply(tiny_pretty_things, tiny_pretty_things.seasons[0]).content
    assert content is not None
    heading = content.splitlines()[0]
    assert heading == "Recap of Tiny Pretty Things, season 1 — spoilers below"


def test_every_recap_point_sits_in_a_spoiler_tag_of_its_own(
    tiny_pretty_things: ShowEntry,
) -> None:
    points = tiny_pretty_things.seasons[0].recap
    content = recap_reply(tiny_pretty_things, tiny_pretty_things.seasons[0]).content
    assert content is not None
    assert inside_tags(content) == list(points)
    assert outside_tags(content).split("\n")[1:] == ["• "] * len(points)


def test_the_reply_is_plain_content_for_clean_splitting(tiny_pretty_things: ShowEntry) -> None:
    reply = recap_reply(tiny_pretty_things, tiny_pretty_things.seasons[0])
    assert reply.embeds == ()


def test_a_hostile_point_can_neither_close_its_tag_nor_ping() -> None:
    point = "a || b @everyone <@123456789012345678> ```code``` |"
    content = recap_reply(show(season(1, None, point)), season(1, None, point)).content
    assert content is not None
    assert content.count("||") == 2
    assert "@everyone" not in content
    assert "<@123456789012345678>" not in content
    assert "`" not in content


def test_a_hostile_title_cannot_open_a_tag_or_ping_in_the_heading() -> None:
    entry = show(season(1, None, "x"), title="Pipes || @everyone")
    content = recap_reply(entry, entry.seasons[0]).content
    assert content is not None
    heading = content.splitlines()[0]
    assert "||" not in heading
    assert "@everyone" not in heading


def test_a_point_too_long_for_one_message_splits_without_leaving_a_tag_open() -> None:
    point = " ".join(f"word{index:04d}" for index in range(400))
    messages = split_message(
        recap_reply(show(season(1, None, point)), season(1, None, point)).content or ""
    )
    assert len(messages) > 1
    for message in messages:
        assert len(message) <= MESSAGE_LIMIT
        assert message.count("||") % 2 == 0
    hidden = " ".join(" ".join(inside_tags(message)) for message in messages)
    assert hidden.split() == point.split()
