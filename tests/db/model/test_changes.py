"""Change detection is pure: stored facts and a snapshot in, news events out."""

from __future__ import annotations

import datetime

from db.model.changes import detect_changes, merge_snapshot, season_out_change, seasons_out_on
from db.model.news import Changed, ChangeDetails
from db.model.shows import NewsEntry, PartialDate, SeasonEntry, ShowEntry

TODAY = datetime.date(2026, 11, 25)


def show(
    status: str = "airing", *seasons: SeasonEntry, news: tuple[NewsEntry, ...] = ()
) -> ShowEntry:
    return ShowEntry(title="Example", status=status, seasons=seasons, news=news)


def season(number: int, date: str | None = None) -> SeasonEntry:
    return SeasonEntry(number=number, release_date=PartialDate.parse(date) if date else None)


def changes(stored: ShowEntry, fresh: ShowEntry) -> list:
    return detect_changes(stored, fresh, author="source:test", source="test file", today=TODAY)


def test_unchanged_facts_give_no_news() -> None:
    stored = show("airing", season(1, "2025-01-01"))
    assert changes(stored, stored) == []


def test_a_status_change_is_one_event_from_and_to() -> None:
    (change,) = changes(show("airing"), show("ended"))
    assert change.entry.kind == "ended"
    assert change.details == ChangeDetails(Changed.STATUS, from_status="airing", to_status="ended")
    assert change.entry.confidence == "reported"
    assert change.entry.source == "test file"
    assert change.entry.date == PartialDate(2026, 11, 25)
    assert change.author == "source:test"


def test_a_renewal_is_a_renewed_event() -> None:
    (change,) = changes(show("awaiting"), show("renewed"))
    assert change.entry.kind == "renewed"


def test_an_unknown_status_in_a_snapshot_is_not_a_change() -> None:
    assert changes(show("renewed"), show("unknown")) == []


def test_a_missing_season_in_a_snapshot_is_not_a_change() -> None:
    stored = show("airing", season(1, "2025-01-01"), season(2, "2026-01-01"))
    assert changes(stored, show("airing", season(2, "2026-01-01"))) == []


def test_a_new_season_is_announced() -> None:
    (change,) = changes(show("renewed", season(1, "2025-01-01")), show("renewed", season(2)))
    assert change.entry.kind == "season_announced"
    assert change.details.season == 2


def test_a_release_date_set_then_moved_are_two_kinds_of_event() -> None:
    undated = show("renewed", season(1, "2025-01-01"), season(2))
    dated = show("renewed", season(1, "2025-01-01"), season(2, "2027-03"))
    (set_change,) = changes(undated, dated)
    assert set_change.entry.kind == "release_date"
    assert set_change.details.from_date is None
    assert set_change.details.to_date == PartialDate.parse("2027-03")
    moved = show("renewed", season(1, "2025-01-01"), season(2, "2027-05-02"))
    (move,) = changes(dated, moved)
    assert move.details.from_date == PartialDate.parse("2027-03")
    assert move.details.to_date == PartialDate.parse("2027-05-02")


def test_a_missing_date_in_a_snapshot_does_not_erase_the_stored_one() -> None:
    stored = show("renewed", season(2, "2027-03"))
    assert changes(stored, show("renewed", season(2))) == []
    assert merge_snapshot(stored, show("renewed", season(2))).seasons[
        0
    ].release_date == PartialDate(2027, 3)


def test_a_matching_news_item_becomes_the_source_of_the_change() -> None:
    evidence = NewsEntry(
        PartialDate.parse("2026-11-20"),
        "renewed",
        "Netflix renewed it.",
        "confirmed",
        "Netflix",
        "https://example.org/renewal",
    )
    (change,) = changes(show("awaiting"), show("renewed", news=(evidence,)))
    assert change.entry.confidence == "confirmed"
    assert change.entry.source_url == "https://example.org/renewal"
    assert change.entry.text == "Netflix renewed it."
    assert change.details.summary is not None
    assert "awaiting" in change.details.summary


def test_a_new_news_item_without_a_fact_change_is_news_of_its_own() -> None:
    note = NewsEntry(
        PartialDate.parse("2026-11"), "note", "Filming started.", "reported", "Deadline"
    )
    (change,) = changes(show("renewed"), show("renewed", news=(note,)))
    assert change.entry == note


def test_news_already_stored_is_not_news_again() -> None:
    note = NewsEntry(PartialDate.parse("2026-11"), "note", "Filming started.", "reported")
    assert changes(show("renewed", news=(note,)), show("renewed", news=(note,))) == []


def test_merge_keeps_stored_facts_the_snapshot_lacks() -> None:
    stored = ShowEntry(title="Example", platform="HBO", status="airing", summary="About it.")
    merged = merge_snapshot(stored, ShowEntry(title="Example", status="ended"))
    assert (merged.platform, merged.summary, merged.status) == ("HBO", "About it.", "ended")


def test_a_season_out_today_is_found_and_announced() -> None:
    entry = show("renewed", season(1, "2025-01-01"), season(2, "2026-11-25"))
    (out,) = seasons_out_on(entry, TODAY)
    change = season_out_change("Example", out, TODAY, "Netflix")
    assert change.entry.kind == "season_out"
    assert "season 2 is out today on Netflix" in change.entry.text
