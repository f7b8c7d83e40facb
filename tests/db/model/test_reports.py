"""A headline's news against what we know of a show: which facts change, and how it is told."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from db.model.headlines import CANCELLED, DATE, ENDING, RENEWED, HeadlineEvent
from db.model.news import Changed
from db.model.reports import Report, apply_report, platforms_agree
from db.model.shows import NewsEntry, PartialDate, SeasonEntry, ShowEntry

TODAY = datetime.date(2026, 3, 2)
AUTHOR = "source:feeds"


def report(headline: str = "A headline", *, backlog: bool = False) -> Report:
    return Report(headline, "Deadline", "https://deadline.example/a", TODAY, backlog=backlog)


def airing(**changes: object) -> ShowEntry:
    show = ShowEntry(
        title="Slow Horses",
        platform="Apple TV+",
        status="airing",
        seasons=(SeasonEntry(1, PartialDate(2022, 4, 1)), SeasonEntry(2, PartialDate(2023, 12, 1))),
    )
    return dataclasses.replace(show, **changes)


def test_a_renewal_with_its_season_is_one_change_of_status_with_the_season_announced() -> None:
    outcome = apply_report(
        airing(), HeadlineEvent(RENEWED, "Slow Horses", season=3), report(), author=AUTHOR
    )

    assert outcome.facts is not None
    assert outcome.change is not None
    assert outcome.facts.status == "renewed"
    assert [season.number for season in outcome.facts.seasons] == [1, 2, 3]
    assert outcome.facts.seasons[-1].confirmed is False
    assert outcome.change.entry.kind == "renewed"
    assert outcome.change.details.changed is Changed.STATUS
    assert (outcome.change.details.from_status, outcome.change.details.to_status) == (
        "airing",
        "renewed",
    )
    assert outcome.change.details.season == 3
    assert outcome.change.announce is True


def test_the_news_is_the_headline_reported_by_the_outlet_with_its_link_and_date() -> None:
    outcome = apply_report(
        airing(),
        HeadlineEvent(RENEWED, "Slow Horses", season=3),
        report("'Slow Horses' Renewed for Season 3"),
        author=AUTHOR,
    )

    assert outcome.change is not None
    entry = outcome.change.entry
    assert entry.text == "'Slow Horses' Renewed for Season 3"
    assert (entry.confidence, entry.source) == ("reported", "Deadline")
    assert entry.source_url == "https://deadline.example/a"
    assert entry.date == PartialDate(2026, 3, 2)
    assert outcome.change.author == AUTHOR


def test_a_renewal_we_already_hold_changes_nothing_and_confirms_the_renewal() -> None:
    known = airing(status="renewed", seasons=(*airing().seasons, SeasonEntry(3, confirmed=False)))

    outcome = apply_report(
        known, HeadlineEvent(RENEWED, "Slow Horses", season=3), report(), author=AUTHOR
    )

    assert outcome.facts is None
    assert outcome.change is None
    assert outcome.confirms == ("renewed", "season_announced")


def test_a_revival_after_a_cancellation_is_a_renewal() -> None:
    cancelled = airing(status="cancelled")

    outcome = apply_report(
        cancelled, HeadlineEvent(RENEWED, "Slow Horses", season=3), report(), author=AUTHOR
    )

    assert outcome.facts is not None
    assert outcome.facts.status == "renewed"
    assert outcome.change is not None
    assert outcome.change.details.from_status == "cancelled"


def test_a_show_saved_by_another_platform_moves_to_it() -> None:
    cancelled = airing(status="cancelled")
    saved = HeadlineEvent(RENEWED, "Slow Horses", season=3, platform="Netflix", revival=True)

    outcome = apply_report(cancelled, saved, report(), author=AUTHOR)

    assert outcome.facts is not None
    assert outcome.facts.platform == "Netflix"
    assert outcome.facts.status == "renewed"


def test_a_revival_by_the_shows_own_platform_keeps_the_name_on_record() -> None:
    cancelled = airing(status="cancelled", platform="Apple TV+")
    saved = HeadlineEvent(RENEWED, "Slow Horses", season=3, platform="Apple TV", revival=True)

    outcome = apply_report(cancelled, saved, report(), author=AUTHOR)

    assert outcome.facts is not None
    assert outcome.facts.platform == "Apple TV+"


def test_a_cancellation_drops_seasons_announced_but_never_made() -> None:
    renewed = airing(status="renewed", seasons=(*airing().seasons, SeasonEntry(3, confirmed=False)))

    outcome = apply_report(
        renewed, HeadlineEvent(CANCELLED, "Slow Horses"), report(), author=AUTHOR
    )

    assert outcome.facts is not None
    assert outcome.change is not None
    assert outcome.facts.status == "cancelled"
    assert [season.number for season in outcome.facts.seasons] == [1, 2]
    assert outcome.change.entry.kind == "cancelled"


def test_a_cancellation_of_a_show_that_ended_tells_nothing_new() -> None:
    outcome = apply_report(
        airing(status="ended"), HeadlineEvent(CANCELLED, "Slow Horses"), report(), author=AUTHOR
    )

    assert outcome.change is None
    assert outcome.confirms == ("cancelled", "ended")


def test_a_final_season_announced_marks_it_and_renews_the_show_for_it() -> None:
    outcome = apply_report(
        airing(), HeadlineEvent(ENDING, "Slow Horses", season=3), report(), author=AUTHOR
    )

    assert outcome.facts is not None
    assert outcome.change is not None
    assert outcome.facts.final_season == 3
    assert outcome.facts.status == "renewed"
    assert outcome.change.entry.kind == "ending"
    assert outcome.change.details.changed is Changed.FINAL_SEASON
    assert outcome.change.details.season == 3


def test_the_current_season_announced_as_the_last_leaves_the_status_alone() -> None:
    outcome = apply_report(
        airing(), HeadlineEvent(ENDING, "Slow Horses", season=2), report(), author=AUTHOR
    )

    assert outcome.facts is not None
    assert (outcome.facts.final_season, outcome.facts.status) == (2, "airing")


def test_a_final_season_we_know_tells_nothing_new() -> None:
    outcome = apply_report(
        airing(final_season=3),
        HeadlineEvent(ENDING, "Slow Horses", season=3),
        report(),
        author=AUTHOR,
    )

    assert outcome.change is None
    assert outcome.confirms == ("ending",)


def test_a_premiere_date_sets_the_seasons_release_date() -> None:
    show = airing(status="renewed", seasons=(*airing().seasons, SeasonEntry(3, confirmed=False)))
    event = HeadlineEvent(DATE, "Slow Horses", season=3, date=PartialDate(2026, 9, 4))

    outcome = apply_report(show, event, report(), author=AUTHOR)

    assert outcome.facts is not None
    assert outcome.change is not None
    assert outcome.facts.seasons[-1].release_date == PartialDate(2026, 9, 4)
    assert outcome.change.entry.kind == "release_date"
    assert outcome.change.details.changed is Changed.RELEASE_DATE
    assert (outcome.change.details.from_date, outcome.change.details.to_date) == (
        None,
        PartialDate(2026, 9, 4),
    )


def test_a_month_we_already_know_to_the_day_is_nothing_new() -> None:
    dated = airing(
        seasons=(*airing().seasons, SeasonEntry(3, PartialDate(2026, 9, 4), confirmed=False))
    )
    event = HeadlineEvent(DATE, "Slow Horses", season=3, date=PartialDate(2026, 9))

    outcome = apply_report(dated, event, report(), author=AUTHOR)

    assert outcome.change is None
    assert outcome.facts is None


def test_a_date_for_a_new_season_of_a_cancelled_show_renews_it() -> None:
    event = HeadlineEvent(DATE, "Slow Horses", season=3, date=PartialDate(2027, 1, 8))

    outcome = apply_report(airing(status="cancelled"), event, report(), author=AUTHOR)

    assert outcome.facts is not None
    assert outcome.facts.status == "renewed"


def test_a_date_headline_without_a_date_stores_no_fact() -> None:
    outcome = apply_report(
        airing(), HeadlineEvent(DATE, "Slow Horses", season=3), report(), author=AUTHOR
    )

    assert outcome.facts is None
    assert outcome.change is None


def test_a_report_older_than_our_newest_status_news_is_history_without_an_alert() -> None:
    newer = NewsEntry(PartialDate(2026, 5, 1), "cancelled", "Cancelled.", "confirmed", "Apple")
    show = airing(status="cancelled", news=(newer,))

    outcome = apply_report(
        show, HeadlineEvent(RENEWED, "Slow Horses", season=3), report(), author=AUTHOR
    )

    assert outcome.facts is None
    assert outcome.change is not None
    assert outcome.change.announce is False


def test_a_report_from_a_feeds_backlog_changes_the_facts_but_never_alerts() -> None:
    outcome = apply_report(
        airing(), HeadlineEvent(CANCELLED, "Slow Horses"), report(backlog=True), author=AUTHOR
    )

    assert outcome.facts is not None
    assert outcome.facts.status == "cancelled"
    assert outcome.change is not None
    assert outcome.change.announce is False


@pytest.mark.parametrize(
    ("known", "named", "agree"),
    [
        ("Netflix", "Netflix", True),
        ("Netflix", "Hulu", False),
        ("HBO", "Max", True),
        ("FX", "Hulu", True),
        ("Apple TV+", None, True),
        (None, "Netflix", True),
        ("Some Local Channel", "Netflix", True),
    ],
)
def test_platforms_disagree_only_when_both_are_known_and_never_share_a_show(
    known: str | None, named: str | None, agree: bool
) -> None:
    assert platforms_agree(known, named) is agree
