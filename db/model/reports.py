"""What a headline's news does to what we know of a show: the rules, pure.

A report (one event read from one headline, with its outlet, link and date) either changes
the show's facts, and is then one news event with one alert; or it only tells what we already
know, and is then one more source of the event that first told it; or it is older than what
we know, and then goes into the history without touching the facts. Reports read from a
feed's backlog (published before we first polled it) never alert.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from db.model.headlines import CANCELLED, DATE, ENDING, RENEWED, HeadlineEvent, platform_named
from db.model.news import Changed, ChangeDetails, NewsChange
from db.model.shows import NewsEntry, PartialDate, SeasonEntry, ShowEntry

# Platforms owned together, between which shows move or are listed either way (TVmaze lists
# a network show under its network, a headline may name the streamer, and back).
_PLATFORM_FAMILIES = (
    frozenset({"HBO", "HBO Max", "Max", "Cinemax"}),
    frozenset({"Hulu", "FX on Hulu", "FX", "Disney+", "ABC", "Freeform"}),
    frozenset({"CBS", "Paramount+", "Showtime"}),
    frozenset({"NBC", "Peacock", "USA Network", "Syfy", "Bravo"}),
    frozenset({"AMC", "IFC", "Sundance TV", "Shudder", "BBC America"}),
    frozenset({"BBC", "BBC America", "BritBox"}),
    frozenset({"ITV", "BritBox"}),
    frozenset({"Fox", "Tubi"}),
)

# The news kinds whose newest item tells a show's status as of its date.
_STATUS_NEWS = ("renewed", "season_announced", "cancelled", "ended", "ending", "status")
# The news kinds of the event a report of each headline kind can be one more source of.
CONFIRMED_KINDS: dict[str, tuple[str, ...]] = {
    RENEWED: ("renewed", "season_announced"),
    CANCELLED: ("cancelled", "ended"),
    ENDING: ("ending",),
    DATE: ("release_date", "season_announced"),
}
_CONCLUDED = ("cancelled", "ended")


@dataclass(frozen=True, slots=True)
class Report:
    """Who published a headline, where and when."""

    headline: str
    outlet: str
    url: str | None
    published: datetime.date
    backlog: bool = False


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    facts: ShowEntry | None = None  # the show's new facts; None: unchanged
    change: NewsChange | None = None  # the news to record; None: nothing new
    # Nothing new: the kinds of the event this report is one more source of.
    confirms: tuple[str, ...] = ()


def platforms_agree(known: str | None, named: str | None) -> bool:
    """False only when both are known platforms that never share a show."""
    if known is None or named is None:
        return True
    ours, theirs = platform_named(known), platform_named(named)
    if ours is None or theirs is None or ours == theirs:
        return True
    return any(ours in family and theirs in family for family in _PLATFORM_FAMILIES)


def apply_report(
    stored: ShowEntry, event: HeadlineEvent, report: Report, *, author: str
) -> ReportOutcome:
    """The outcome of one reported event for a show we know as `stored`."""
    rule = _RULES[event.kind]
    kind, facts, details = rule(stored, event)
    if facts is None:
        return ReportOutcome(confirms=CONFIRMED_KINDS[event.kind])
    day = PartialDate(report.published.year, report.published.month, report.published.day)
    entry = NewsEntry(
        date=day,
        kind=kind,
        text=report.headline,
        confidence="reported",
        source=report.outlet,
        source_url=report.url,
    )
    if _newest(stored, _news_kinds_for(event.kind)) > day.sort_key():
        # What we know is newer than this report: it is history, not a change of facts.
        return ReportOutcome(change=NewsChange(entry, author, details, announce=False))
    return ReportOutcome(
        facts=facts,
        change=NewsChange(entry, author, details, announce=not report.backlog),
    )


_Ruling = tuple[str, ShowEntry | None, ChangeDetails]


def _renewed(stored: ShowEntry, event: HeadlineEvent) -> _Ruling:
    numbers = {season.number for season in stored.seasons}
    season = event.season
    concluded = stored.status in _CONCLUDED
    if not concluded and (season in numbers if season is not None else stored.status == "renewed"):
        return "renewed", None, ChangeDetails()
    seasons = stored.seasons
    if season is not None and season not in numbers:
        seasons = _with_season(seasons, SeasonEntry(season, confirmed=False))
    final = stored.final_season if season is None or season <= (stored.final_season or 0) else None
    platform = stored.platform
    if event.revival and not platforms_agree(stored.platform, event.platform):
        platform = event.platform  # saved by another platform: its new home
    facts = dataclasses.replace(
        stored, status="renewed", seasons=seasons, final_season=final, platform=platform
    )
    if stored.status == "renewed":
        return "renewed", facts, ChangeDetails(Changed.SEASON, season)
    details = ChangeDetails(Changed.STATUS, season, from_status=stored.status, to_status="renewed")
    return "renewed", facts, details


def _cancelled(stored: ShowEntry, event: HeadlineEvent) -> _Ruling:
    if stored.status in _CONCLUDED:
        return "cancelled", None, ChangeDetails()
    # Seasons announced but never made are not coming now.
    seasons = tuple(season for season in stored.seasons if season.confirmed)
    facts = dataclasses.replace(stored, status="cancelled", seasons=seasons)
    details = ChangeDetails(Changed.STATUS, from_status=stored.status, to_status="cancelled")
    return "cancelled", facts, details


def _ending(stored: ShowEntry, event: HeadlineEvent) -> _Ruling:
    numbers = {season.number for season in stored.seasons}
    season = event.season or _upcoming_season(stored)
    if stored.final_season == season:
        return "ending", None, ChangeDetails()
    seasons = stored.seasons
    status = stored.status
    if season not in numbers:
        seasons = _with_season(seasons, SeasonEntry(season, confirmed=False))
        status = "renewed"
    facts = dataclasses.replace(stored, status=status, seasons=seasons, final_season=season)
    return "ending", facts, ChangeDetails(Changed.FINAL_SEASON, season)


def _dated(stored: ShowEntry, event: HeadlineEvent) -> _Ruling:
    date = event.date
    if date is None:
        # "Sets a premiere date" without saying which: news, but no fact to store.
        return "release_date", None, ChangeDetails()
    number = event.season or _upcoming_season(stored)
    old = next((season for season in stored.seasons if season.number == number), None)
    if old is not None and old.release_date is not None and _same_or_finer(old.release_date, date):
        return "release_date", None, ChangeDetails()
    status = stored.status
    if old is None:
        season = SeasonEntry(number, release_date=date, confirmed=False)
        if status in (*_CONCLUDED, "awaiting", "unknown"):
            status = "renewed"
    else:
        season = dataclasses.replace(old, release_date=date)
    facts = dataclasses.replace(stored, status=status, seasons=_with_season(stored.seasons, season))
    details = ChangeDetails(
        Changed.RELEASE_DATE,
        number,
        from_date=old.release_date if old is not None else None,
        to_date=date,
    )
    return "release_date", facts, details


_RULES = {RENEWED: _renewed, CANCELLED: _cancelled, ENDING: _ending, DATE: _dated}


def _news_kinds_for(headline_kind: str) -> tuple[str, ...]:
    return ("release_date",) if headline_kind == DATE else _STATUS_NEWS


def _newest(stored: ShowEntry, kinds: tuple[str, ...]) -> tuple[int, int, int]:
    dates = [entry.date.sort_key() for entry in stored.news if entry.kind in kinds]
    return max(dates, default=(0, 0, 0))


def _upcoming_season(stored: ShowEntry) -> int:
    """The season a headline means when it names none: one announced but not yet dated,
    else the one after the last."""
    undated = [season.number for season in stored.seasons if season.release_date is None]
    if undated:
        return min(undated)
    return max((season.number for season in stored.seasons), default=0) + 1


def _with_season(seasons: tuple[SeasonEntry, ...], season: SeasonEntry) -> tuple[SeasonEntry, ...]:
    kept = [existing for existing in seasons if existing.number != season.number]
    return tuple(sorted((*kept, season), key=lambda entry: entry.number))


def _same_or_finer(known: PartialDate, reported: PartialDate) -> bool:
    """Whether `known` already says `reported` (or more precisely, within it)."""
    if known == reported:
        return True
    if known.year != reported.year or reported.day is not None:
        return False
    return reported.month is None or (known.month == reported.month and known.day is not None)
