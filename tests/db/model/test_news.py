"""Change details: one typed value, one JSON form, and every row stored before it still reads."""

from __future__ import annotations

import json

import pytest

from db.model.news import Changed, ChangeDetails, NewsChange
from db.model.shows import NewsEntry, PartialDate

STATUS_CHANGE = ChangeDetails(Changed.STATUS, from_status="airing", to_status="ended")
SEASON_ANNOUNCED = ChangeDetails(Changed.SEASON, 3, to_date=PartialDate(2027, part="late"))
DATE_SET = ChangeDetails(Changed.RELEASE_DATE, 2, to_date=PartialDate(2027, 3))
DATE_MOVED = ChangeDetails(
    Changed.RELEASE_DATE,
    2,
    from_date=PartialDate(2027, part="early"),
    to_date=PartialDate(2027, 5, 2),
    summary="Example: season 2 release date moved: early 2027 → 2 May 2027.",
)
SEASON_OUT = ChangeDetails(Changed.SEASON_OUT, 2, to_date=PartialDate(2026, 6, 1))
FINAL_SEASON = ChangeDetails(Changed.FINAL_SEASON, 3)


@pytest.mark.parametrize(
    ("stored", "details"),
    [
        ("{}", ChangeDetails()),
        ('{"field": "status", "from": "airing", "to": "ended"}', STATUS_CHANGE),
        (
            '{"field": "season", "season": 3, "to": "2027", "to_precision": "late"}',
            SEASON_ANNOUNCED,
        ),
        ('{"field": "release_date", "from": null, "season": 2, "to": "2027-03"}', DATE_SET),
        (
            '{"field": "release_date", "from": "2027", "from_precision": "early", "season": 2, '
            '"summary": "Example: season 2 release date moved: early 2027 → 2 May 2027.", '
            '"to": "2027-05-02"}',
            DATE_MOVED,
        ),
        ('{"field": "season_out", "season": 2, "to": "2026-06-01"}', SEASON_OUT),
        ('{"field": "season", "season": 3, "to": null}', ChangeDetails(Changed.SEASON, 3)),
    ],
)
def test_rows_stored_before_the_version_key_read_as_they_were_written(
    stored: str, details: ChangeDetails
) -> None:
    assert ChangeDetails.from_json(stored) == details


@pytest.mark.parametrize(
    "details",
    [
        ChangeDetails(),
        STATUS_CHANGE,
        SEASON_ANNOUNCED,
        DATE_SET,
        DATE_MOVED,
        SEASON_OUT,
        FINAL_SEASON,
    ],
)
def test_details_read_back_as_written(details: ChangeDetails) -> None:
    assert ChangeDetails.from_json(details.to_json()) == details


def test_the_json_keeps_the_shape_sql_reads() -> None:
    assert json.loads(DATE_MOVED.to_json()) == {
        "version": 1,
        "field": "release_date",
        "season": 2,
        "from": "2027",
        "from_precision": "early",
        "to": "2027-05-02",
        "summary": "Example: season 2 release date moved: early 2027 → 2 May 2027.",
    }
    assert json.loads(ChangeDetails().to_json()) == {"version": 1}


def test_a_final_season_is_stored_as_its_field_and_season() -> None:
    assert json.loads(FINAL_SEASON.to_json()) == {
        "version": 1,
        "field": "final_season",
        "season": 3,
    }


def test_a_final_season_names_no_statuses_nor_dates() -> None:
    with pytest.raises(ValueError, match="statuses"):
        ChangeDetails(Changed.FINAL_SEASON, 3, to_status="ended")
    with pytest.raises(ValueError, match="dates"):
        ChangeDetails(Changed.FINAL_SEASON, 3, to_date=PartialDate(2027))


def test_from_and_to_without_a_field_say_nothing_that_could_be_read() -> None:
    assert ChangeDetails.from_json('{"from": "airing", "to": "renewed"}') == ChangeDetails()


def test_a_field_from_a_later_version_keeps_what_this_one_knows() -> None:
    later = '{"version": 2, "field": "rating", "season": 4, "summary": "Rated 15."}'
    assert ChangeDetails.from_json(later) == ChangeDetails(season=4, summary="Rated 15.")


def test_a_status_change_has_no_dates_and_a_date_change_no_statuses() -> None:
    with pytest.raises(ValueError, match="dates"):
        ChangeDetails(Changed.STATUS, to_date=PartialDate(2027))
    with pytest.raises(ValueError, match="statuses"):
        ChangeDetails(Changed.RELEASE_DATE, to_status="renewed")


def test_details_are_a_json_object() -> None:
    with pytest.raises(ValueError, match="object"):
        ChangeDetails.from_json("[]")


def news_change(confidence: str = "reported", **fields: bool) -> NewsChange:
    entry = NewsEntry(PartialDate(2026, 5, 1), "ending", "Season 3 will be its last.", confidence)
    return NewsChange(entry, author="source:test", **fields)


def test_news_is_announced_by_default() -> None:
    assert news_change().alerts


def test_news_recorded_without_announcing_never_alerts() -> None:
    assert not news_change(announce=False).alerts


def test_a_guess_never_alerts_even_when_announced() -> None:
    assert not news_change("speculation").alerts
