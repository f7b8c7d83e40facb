"""The words of the domain, each defined once with what users read for it.

A word's `value` is what is stored: in the database, the catalogue format and the tests, so a
value never changes. Everything else about a word (how it reads, which other words it leads
to) sits beside it here, so adding a word is one edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar


@dataclass(frozen=True, slots=True)
class Word:
    value: str


W = TypeVar("W", bound=Word)


class Words(Generic[W]):
    """An ordered vocabulary: its values in their order, and each word by its value."""

    def __init__(self, *words: W) -> None:
        self._by_value = {word.value: word for word in words}
        if len(self._by_value) != len(words):
            raise ValueError("a vocabulary lists each value once")
        self.values = tuple(self._by_value)

    def __iter__(self) -> Iterator[W]:
        return iter(self._by_value.values())

    def __contains__(self, value: object) -> bool:
        return value in self._by_value

    def __getitem__(self, value: str) -> W:
        return self._by_value[value]

    def get(self, value: object) -> W | None:
        return self._by_value.get(value) if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Status(Word):
    label: str
    # News kinds whose items back this status, when a reply says how sure it is.
    evidence: tuple[str, ...] = ()
    # The news kind that announces a move to this status.
    announced_by: str = "status"


STATUSES: Words[Status] = Words(
    Status("in_development", "in development", evidence=("status", "season_announced")),
    Status("airing", "airing", evidence=("status", "season_out")),
    Status(
        "renewed",
        "renewed",
        evidence=("renewed", "season_announced", "status"),
        announced_by="renewed",
    ),
    Status("awaiting", "awaiting a renewal decision", evidence=("status",)),
    Status("cancelled", "cancelled", evidence=("cancelled", "status"), announced_by="cancelled"),
    Status("ended", "ended", evidence=("ended", "cancelled", "status"), announced_by="ended"),
    Status("unknown", "unknown"),
)


def status_news_kind(status: str) -> str:
    """The news kind announcing a move to `status`; a status we do not know is plain news."""
    word = STATUSES.get(status)
    return word.announced_by if word is not None else "status"


@dataclass(frozen=True, slots=True)
class Confidence(Word):
    label: str
    # A guess is kept in a show's history, but never alerted nor taken as evidence.
    guess: bool = False


CONFIDENCES: Words[Confidence] = Words(
    Confidence("confirmed", "Confirmed"),
    Confidence("reported", "Reported, not officially confirmed"),
    Confidence("speculation", "Speculation", guess=True),
)


def is_guess(confidence: str) -> bool:
    word = CONFIDENCES.get(confidence)
    return word is not None and word.guess


@dataclass(frozen=True, slots=True)
class NewsKind(Word):
    headline: str  # an alert's title: "<show>: <headline>"
    # News items in a snapshot that can be the source of a detected change of this kind.
    sources: tuple[str, ...]
    about_dates: bool = False  # backs what a reply says about the next release


NEWS_KINDS: Words[NewsKind] = Words(
    NewsKind("renewed", "renewed", ("renewed", "status"), about_dates=True),
    NewsKind("cancelled", "cancelled", ("cancelled", "status")),
    NewsKind("ended", "ended", ("ended", "cancelled", "status")),
    # The coming or current season is the show's last: an ending foretold, not yet a status.
    NewsKind("ending", "final season announced", ("ending",)),
    NewsKind("status", "status changed", ("status",)),
    NewsKind(
        "season_announced",
        "new season announced",
        ("season_announced", "renewed", "release_date"),
        about_dates=True,
    ),
    NewsKind("release_date", "release date", ("release_date",), about_dates=True),
    NewsKind("season_out", "new season out today", ("season_out",)),
    NewsKind("note", "news", ("note",)),
)


DATE_NEWS_KINDS = tuple(kind.value for kind in NEWS_KINDS if kind.about_dates)


@dataclass(frozen=True, slots=True)
class AlertKind(Word):
    """What a subscription can filter on."""

    label: str
    # What people type for it; the first is the one suggested to them.
    typed: tuple[str, ...]
    covers: tuple[str, ...]  # the news kinds it alerts on


ALERT_KINDS: Words[AlertKind] = Words(
    AlertKind(
        "renewed",
        "renewals",
        typed=("renewed", "renewal", "renewals"),
        covers=("renewed", "season_announced"),
    ),
    AlertKind(
        "ended",
        "cancellations and endings",
        typed=(
            "cancelled",
            "canceled",
            "cancellation",
            "cancellations",
            "ended",
            "ending",
            "final",
        ),
        covers=("cancelled", "ended", "ending"),
    ),
    AlertKind(
        "release_date",
        "release dates set or moved",
        typed=("dates", "date", "release_date", "release-date"),
        covers=("release_date",),
    ),
    AlertKind(
        "season_out",
        "seasons out today",
        typed=("out", "released", "season_out", "premieres"),
        covers=("season_out",),
    ),
    AlertKind("status", "other status changes", typed=("status",), covers=("status",)),
)


ALERT_KIND_OF_NEWS = {news: alert.value for alert in ALERT_KINDS for news in alert.covers}


ALERT_KIND_OF_TYPED = {typed: alert.value for alert in ALERT_KINDS for typed in alert.typed}


SUGGESTED_ALERT_WORDS = tuple(alert.typed[0] for alert in ALERT_KINDS)


@dataclass(frozen=True, slots=True)
class Precision(Word):
    date_format: str  # the form of date it qualifies
    year_part: bool = False  # "late 2027": a part of a year, written after the date's year


PRECISIONS: Words[Precision] = Words(
    Precision("day", "YYYY-MM-DD"),
    Precision("month", "YYYY-MM"),
    Precision("year", "YYYY"),
    Precision("early", "YYYY", year_part=True),
    Precision("mid", "YYYY", year_part=True),
    Precision("late", "YYYY", year_part=True),
)


YEAR_PARTS = tuple(precision.value for precision in PRECISIONS if precision.year_part)
