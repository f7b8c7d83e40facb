"""The `upcoming` reply: soonest first, followed shows first, windows apart, no guess as a date."""

from __future__ import annotations

import datetime

from bot.replies.formatting import noon_utc
from bot.replies.upcoming import (
    FOLLOWED_HEADING,
    LOOSE_HEADING,
    MAX_LISTED,
    MAX_LOOSE_LISTED,
    MORE_HEADING,
    OTHERS_HEADING,
    board_reply,
    upcoming_reply,
)
from db.model.shows import PartialDate
from db.model.upcoming import UpcomingItem, UpcomingRequest

MONTH = UpcomingRequest(days=30)


def season(show_id: int, title: str, date: PartialDate, *, confirmed: bool = True) -> UpcomingItem:
    return UpcomingItem(
        show_id=show_id,
        title=title,
        platform="Netflix",
        season=2,
        date=date,
        confirmed=confirmed,
    )


def stamp(day: datetime.date) -> int:
    return int(noon_utc(day).timestamp())


def description(items: list[UpcomingItem], **kwargs: object) -> str:
    (embed,) = upcoming_reply(MONTH, items, **kwargs).embeds  # type: ignore[arg-type]
    return embed.description or ""


def fields(items: list[UpcomingItem], **kwargs: object) -> dict[str, str]:
    (embed,) = upcoming_reply(MONTH, items, **kwargs).embeds  # type: ignore[arg-type]
    return {field.name or "": field.value or "" for field in embed.fields}


def test_each_dated_season_shows_title_season_platform_and_discord_timestamps() -> None:
    day = datetime.date(2027, 3, 4)
    text = description([season(1, "Heartstopper", PartialDate(2027, 3, 4))])
    assert text == (
        f"• **Heartstopper** season 2 · Netflix · <t:{stamp(day)}:D> (<t:{stamp(day)}:R>)"
    )


def test_the_soonest_comes_first() -> None:
    later = season(1, "Aaa", PartialDate(2027, 3, 20))
    sooner = season(2, "Zzz", PartialDate(2027, 3, 4))
    text = description([later, sooner])
    assert text.index("Zzz") < text.index("Aaa")


def test_a_next_episode_is_listed_with_its_moment() -> None:
    airs_at = datetime.datetime(2027, 3, 4, 21, tzinfo=datetime.UTC)
    episode = UpcomingItem(
        show_id=1,
        title="Slow Horses",
        platform="Apple TV+",
        season=6,
        date=PartialDate(2027, 3, 4),
        episode=3,
        episode_name="Uneasy Lies",
        airs_at=airs_at,
    )
    moment = int(airs_at.timestamp())
    assert description([episode]) == (
        f"• **Slow Horses** S6E3 “Uneasy Lies” · Apple TV+ · <t:{moment}:F> (<t:{moment}:R>)"
    )


def test_windows_and_unconfirmed_days_are_listed_apart_as_dated_loosely() -> None:
    listed = fields(
        [
            season(1, "Dated", PartialDate(2027, 3, 4)),
            season(2, "Windowed", PartialDate(2027, part="early")),
            season(3, "Guessed", PartialDate(2027, 3, 9), confirmed=False),
        ]
    )
    loose = listed[LOOSE_HEADING]
    assert "**Windowed** season 2 · Netflix · early 2027" in loose
    assert "**Guessed** season 2 · Netflix · 9 March 2027, not confirmed" in loose
    assert "<t:" not in loose
    assert "Dated" not in loose


def test_in_a_channel_with_subscriptions_the_followed_shows_come_first() -> None:
    followed = season(7, "Followed", PartialDate(2027, 3, 20))
    other = season(8, "Other", PartialDate(2027, 3, 4))
    listed = fields([followed, other], followed=frozenset({7}))
    assert list(listed)[:2] == [FOLLOWED_HEADING, OTHERS_HEADING]
    assert "Followed" in listed[FOLLOWED_HEADING]
    assert "Other" in listed[OTHERS_HEADING]


def test_an_empty_window_says_so_and_shows_the_next_one() -> None:
    day = datetime.date(2027, 6, 1)
    text = description([], next_item=season(1, "Later", PartialDate(2027, 6, 1)))
    assert text.startswith("Nothing has an announced date in the next 30 days.")
    assert f"The next one: **Later** season 2 · Netflix · <t:{stamp(day)}:D>" in text


def test_an_empty_window_with_nothing_later_says_that_too() -> None:
    assert "No later date is announced either." in description([])


def test_titles_cannot_ping_or_format() -> None:
    text = description([season(1, "@everyone *bold*", PartialDate(2027, 3, 4))])
    assert "@everyone" not in text
    assert "\\*bold\\*" in text


def test_a_crowded_window_lists_the_soonest_and_counts_the_rest_in_one_message() -> None:
    first = datetime.date(2027, 1, 1)
    dated = [
        season(
            n, f"Show {n:04}", PartialDate.parse((first + datetime.timedelta(n % 300)).isoformat())
        )
        for n in range(1, 1001)
    ]
    loose = [season(2000 + n, f"Loose {n:03}", PartialDate(2027)) for n in range(100)]
    reply = upcoming_reply(MONTH, dated + loose)

    (embed,) = reply.embeds
    assert (embed.description or "").count("• ") == MAX_LISTED
    shown = {field.name: field.value or "" for field in embed.fields}
    assert f"{1000 - MAX_LISTED:,} more" in shown[MORE_HEADING]
    assert "upcoming week netflix" in shown[MORE_HEADING]
    assert shown[LOOSE_HEADING].count("• ") == MAX_LOOSE_LISTED
    assert f"{100 - MAX_LOOSE_LISTED} more" in shown[LOOSE_HEADING]


def test_followed_shows_count_towards_the_listed_ones() -> None:
    day = PartialDate(2027, 1, 5)
    items = [season(n, f"Show {n:03}", day) for n in range(1, 101)]
    reply = upcoming_reply(MONTH, items, followed=frozenset(range(1, 11)))
    text = "\n".join(field.value or "" for embed in reply.embeds for field in embed.fields)
    assert text.count("• ") == MAX_LISTED
    assert f"{100 - MAX_LISTED} more" in text


def test_a_board_bullets_each_season_and_not_its_empty_line() -> None:
    today = datetime.date(2027, 3, 1)
    (embed,) = board_reply(
        [season(1, "Heartstopper", PartialDate(2027, 3, 4))], everything=True, today=today
    ).embeds
    assert (embed.description or "").startswith("• **Heartstopper** season 2")
    (empty,) = board_reply([], everything=True, today=today).embeds
    assert empty.description == "Nothing has an announced date in the next 30 days."
