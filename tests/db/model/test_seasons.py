from __future__ import annotations

import datetime

import pytest

from db.model.seasons import (
    SeasonRef,
    find_season,
    released_seasons,
    resolve_season,
    split_title_and_season,
    standing,
)
from db.model.shows import EpisodeEntry, PartialDate, SeasonEntry, ShowEntry

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("typed", "title", "season"),
    [
        ("tiny pretty things season 2", "tiny pretty things", SeasonRef(2)),
        ("tpt s3", "tpt", SeasonRef(3)),
        ("tpt S02", "tpt", SeasonRef(2)),
        ("tpt s02e05", "tpt", SeasonRef(2)),
        ("season two of tiny pretty things", "tiny pretty things", SeasonRef(2)),
        ("tiny pretty things series 2", "tiny pretty things", SeasonRef(2)),
        ("2nd season of tpt", "tpt", SeasonRef(2)),
        ("tpt second season", "tpt", SeasonRef(2)),
        ("tpt next season", "tpt", SeasonRef(relative="next")),
        ("tpt new season", "tpt", SeasonRef(relative="next")),
        ("last season of tpt", "tpt", SeasonRef(relative="latest")),
        ("the final season of tpt", "tpt", SeasonRef(relative="final")),
        ("tiny pretty things", "tiny pretty things", None),
        ("the 100", "the 100", None),
        ("it's 2 late", "it's 2 late", None),
    ],
)
def test_a_season_is_read_before_or_after_the_title(
    typed: str, title: str, season: SeasonRef | None
) -> None:
    assert split_title_and_season(typed) == (title, season)


def test_the_last_of_several_seasons_named_is_the_one_asked_about() -> None:
    _, season = find_season("Season 1 debuted on Netflix on Dec. 14, 2020. What about Season 2")
    assert season == SeasonRef(2)


def show(*seasons: SeasonEntry, status: str = "airing", **fields: object) -> ShowEntry:
    return ShowEntry(title="Show", status=status, seasons=seasons, **fields)  # type: ignore[arg-type]


def season(number: int, start: str | None, finale: str | None = None) -> SeasonEntry:
    return SeasonEntry(
        number,
        release_date=PartialDate.parse(start) if start else None,
        finale=datetime.date.fromisoformat(finale) if finale else None,
    )


def test_a_show_whose_finale_is_weeks_past_with_nothing_scheduled_is_between_seasons() -> None:
    place = standing(show(season(1, "2026-03-01", "2026-04-20")), TODAY)
    assert (place.kind, place.season, place.ended_on) == ("between", 1, datetime.date(2026, 4, 20))


def test_an_episode_in_the_last_two_weeks_means_airing() -> None:
    assert standing(show(season(1, "2026-03-01", "2026-05-25")), TODAY).kind == "airing"


def test_a_finale_still_to_come_means_airing() -> None:
    assert standing(show(season(1, "2026-05-01", "2026-07-01")), TODAY).kind == "airing"


def test_a_next_episode_to_come_means_airing_and_a_first_one_a_premiere() -> None:
    airing = show(
        season(2, "2026-05-20"),
        next_episode=EpisodeEntry(season=2, number=3, date=datetime.date(2026, 6, 3)),
    )
    assert standing(airing, TODAY).kind == "airing"
    premiere = show(
        season(1, "2025-01-01", "2025-02-01"),
        next_episode=EpisodeEntry(season=2, number=1, date=datetime.date(2026, 9, 1)),
    )
    assert (standing(premiere, TODAY).kind, standing(premiere, TODAY).season) == ("upcoming", 2)


def test_a_next_episode_in_the_past_is_never_upcoming() -> None:
    stale = show(
        season(2, "2026-01-01"),
        next_episode=EpisodeEntry(season=2, number=3, date=datetime.date(2026, 2, 1)),
    )
    place = standing(stale, TODAY)
    assert place.next_episode is None
    assert place.kind == "between"


def test_no_dates_at_all_is_no_standing() -> None:
    assert standing(show(), TODAY).kind == "other"


def test_undated_seasons_below_an_announced_one_are_out() -> None:
    renewed = show(
        SeasonEntry(1), SeasonEntry(2), SeasonEntry(3, confirmed=False), status="renewed"
    )
    assert [item.number for item in released_seasons(renewed, TODAY)] == [1, 2]
    assert released_seasons(show(SeasonEntry(1), SeasonEntry(2)), TODAY) == []


def test_relative_seasons_resolve_against_the_ones_out() -> None:
    two = show(season(1, "2024-01-01"), season(2, "2025-01-01"), final_season=3)
    assert resolve_season(SeasonRef(relative="next"), two, TODAY) == 3
    assert resolve_season(SeasonRef(relative="latest"), two, TODAY) == 2
    assert resolve_season(SeasonRef(relative="final"), two, TODAY) == 3
    assert resolve_season(SeasonRef(relative="final"), show(season(1, "2024-01-01")), TODAY) is None
