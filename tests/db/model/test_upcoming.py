"""Reading `upcoming`'s window and platform, and the days a loose date may stand for."""

from __future__ import annotations

import datetime

import pytest

from db.model.shows import PartialDate
from db.model.upcoming import (
    MAX_DAYS,
    UpcomingItem,
    UpcomingRequest,
    UpcomingRequestError,
    date_span,
    on_platform,
    overlaps,
    parse_upcoming_request,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", UpcomingRequest(days=30)),
        ("week", UpcomingRequest(days=7)),
        ("next week", UpcomingRequest(days=7)),
        ("month", UpcomingRequest(days=30)),
        ("this MONTH", UpcomingRequest(days=30)),
        ("14 days", UpcomingRequest(days=14)),
        ("14days", UpcomingRequest(days=14)),
        ("90", UpcomingRequest(days=90)),
        ("week netflix", UpcomingRequest(days=7, platform="netflix")),
        ("netflix week", UpcomingRequest(days=7, platform="netflix")),
        ("10 days on prime video", UpcomingRequest(days=10, platform="prime video")),
        ("hbo", UpcomingRequest(days=30, platform="hbo")),
    ],
)
def test_a_window_and_a_platform_are_read_in_any_order(
    text: str, expected: UpcomingRequest
) -> None:
    assert parse_upcoming_request(text) == expected


@pytest.mark.parametrize("text", ["0 days", f"{MAX_DAYS + 1} days", "99999999 days"])
def test_a_window_outside_one_day_to_a_year_is_refused(text: str) -> None:
    with pytest.raises(UpcomingRequestError, match="1 to 366 days"):
        parse_upcoming_request(text)


def test_a_window_counts_today_as_its_first_day() -> None:
    today = datetime.date(2027, 3, 1)
    assert UpcomingRequest(days=7).end(today) == datetime.date(2027, 3, 7)
    assert UpcomingRequest(days=7).describe() == "the next 7 days"


@pytest.mark.parametrize(
    ("date", "first", "last"),
    [
        (PartialDate(2027, 3, 4), (2027, 3, 4), (2027, 3, 4)),
        (PartialDate(2027, 2), (2027, 2, 1), (2027, 2, 28)),
        (PartialDate(2027), (2027, 1, 1), (2027, 12, 31)),
        (PartialDate(2027, part="early"), (2027, 1, 1), (2027, 4, 30)),
        (PartialDate(2027, part="mid"), (2027, 5, 1), (2027, 8, 31)),
        (PartialDate(2027, part="late"), (2027, 9, 1), (2027, 12, 31)),
    ],
)
def test_a_partial_date_spans_every_day_it_may_stand_for(
    date: PartialDate, first: tuple[int, int, int], last: tuple[int, int, int]
) -> None:
    assert date_span(date) == (datetime.date(*first), datetime.date(*last))


def test_a_window_overlapping_the_asked_days_is_in_it() -> None:
    start, end = datetime.date(2027, 8, 20), datetime.date(2027, 9, 18)
    assert overlaps(PartialDate(2027, part="late"), start, end)
    assert not overlaps(PartialDate(2027, part="early"), start, end)
    assert not overlaps(PartialDate(2027, 10, 1), start, end)


MARCH_4 = PartialDate(2027, 3, 4)


def item(platform: str | None, date: PartialDate = MARCH_4) -> UpcomingItem:
    return UpcomingItem(show_id=1, title="Show", platform=platform, season=2, date=date)


def test_a_platform_matches_any_part_of_the_shows_case_and_spacing_aside() -> None:
    assert on_platform(item("Prime Video"), "prime")
    assert on_platform(item("Prime  Video"), "PRIME video")
    assert not on_platform(item("Netflix"), "prime")
    assert not on_platform(item(None), "netflix")
    assert on_platform(item(None), None)


def test_only_a_confirmed_day_counts_as_dated() -> None:
    assert item("Netflix").dated
    assert not item("Netflix", PartialDate(2027, 3)).dated
    assert not UpcomingItem(1, "Show", None, 2, PartialDate(2027, 3, 4), confirmed=False).dated
