"""Shows as the model knows them: frozen dataclasses, no storage, no Discord."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from db.model.vocabulary import PRECISIONS, YEAR_PARTS

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# [0-9], never \d: \d also matches other scripts' digits, which int() would then accept.
_PARTIAL_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


_PARTS_TEXT = f"{', '.join(YEAR_PARTS[:-1])} or {YEAR_PARTS[-1]}"  # "early, mid or late"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month, the year, or only a part of a year ("late 2027")."""

    year: int
    month: int | None = None
    day: int | None = None
    part: str | None = None  # one of YEAR_PARTS, only with year precision

    def __post_init__(self) -> None:
        # Checked here too (not only in parse) because other layers build these directly.
        if not is_whole(self.year) or not 1 <= self.year <= 9999:
            raise ValueError(f"year must be 1..9999, got {self.year!r}")
        if self.month is not None and (not is_whole(self.month) or not 1 <= self.month <= 12):
            raise ValueError(f"month must be 1..12, got {self.month!r}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            if not is_whole(self.day):
                raise ValueError(f"day must be a whole number, got {self.day!r}")
            datetime.date(self.year, self.month, self.day)  # raises on 30 February etc.
        if self.part is not None:
            if self.part not in YEAR_PARTS:
                raise ValueError(f"part must be {_PARTS_TEXT}, got {self.part!r}")
            if self.month is not None:
                raise ValueError("early/mid/late only qualify a bare year")

    @classmethod
    def parse(cls, text: str, precision: str | None = None) -> PartialDate:
        if (
            cls is PartialDate
            and isinstance(text, str)
            and (precision is None or isinstance(precision, str))
        ):
            # A catalogue repeats its dates, and parsing one was a fifth of validating a
            # show. The benchmark's 100,000 shows have 18,000 distinct season dates: a cache
            # of 8,192 found 80 % of 246,536 dates read, one of 65,536 all but the first.
            return _parsed_date(text, precision)
        return cls._parse(text, precision)

    @classmethod
    def _parse(cls, text: str, precision: str | None = None) -> PartialDate:
        if not isinstance(text, str):
            raise ValueError(f"expected a date string, got {described(text)}")
        match = _PARTIAL_DATE_RE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {described(text)}")
        year, month, day = (int(group) if group else None for group in match.groups())
        implied = "day" if day is not None else "month" if month is not None else "year"
        part: str | None = None
        if precision is not None:
            word = PRECISIONS.get(precision)
            if word is None:
                raise ValueError(
                    f"unknown precision {described(precision)}, "
                    f"expected one of {', '.join(PRECISIONS.values)}"
                )
            # A part of a year ("late") qualifies a bare year, the others name their own form.
            if implied != ("year" if word.year_part else precision):
                raise ValueError(
                    f"precision {precision!r} needs a {word.date_format} date,"
                    f" got {described(text)}"
                )
            if word.year_part:
                part = precision
        assert year is not None  # the pattern always captures the year
        try:
            return cls(year, month, day, part)
        except ValueError:
            raise ValueError(f"not a calendar date: {described(text)}") from None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return self.part or "year"

    @property
    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def exact(self) -> datetime.date | None:
        if self.day is None or self.month is None:
            return None
        return datetime.date(self.year, self.month, self.day)

    def display(self) -> str:
        if self.month is None:
            return f"{self.part} {self.year}" if self.part else str(self.year)
        month_name = _MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month_name} {self.year}"
        return f"{self.day} {month_name} {self.year}"

    def sort_key(self) -> tuple[int, int, int]:
        # Unknown parts sort as 0, i.e. before any known month/day of the same year.
        return (self.year, self.month or 0, self.day or 0)


@functools.lru_cache(maxsize=65_536)
def _parsed_date(text: str, precision: str | None) -> PartialDate:
    return PartialDate._parse(text, precision)


@dataclass(frozen=True, slots=True)
class SeasonEntry:
    number: int
    release_date: PartialDate | None = None
    episodes: int | None = None
    runtime_minutes: tuple[int, int] | None = None
    recap: tuple[str, ...] = ()  # spoilers, one point each
    confirmed: bool = True  # False: an announced or speculative season
    # The day its last episode airs (or aired): what tells "airing" from "between seasons".
    finale: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class EpisodeEntry:
    """One scheduled episode, as a source (TVmaze) gives the next one."""

    season: int
    date: datetime.date  # the air date where it first airs
    number: int | None = None  # specials have none
    name: str | None = None
    # The exact moment, UTC; None for a streamer's drop, which has a day but no time.
    airs_at: datetime.datetime | None = None


@dataclass(frozen=True, slots=True)
class CastEntry:
    actor: str
    character: str | None = None
    note: str | None = None  # spoiler-free
    returning: bool | None = None  # expected back for the next season
    spoiler: str | None = None  # plot-revealing; shown only inside spoiler tags


@dataclass(frozen=True, slots=True)
class NewsEntry:
    date: PartialDate  # when it was reported
    kind: str
    text: str
    confidence: str
    source: str | None = None
    source_url: str | None = None
    # Other outlets that reported the same news: label is the outlet, url its article.
    also: tuple[LinkEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkEntry:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class ShowEntry:
    title: str
    aliases: tuple[str, ...] = ()
    platform: str | None = None
    status: str = "unknown"
    final_season: int | None = None  # the season announced as the show's last
    premiered: datetime.date | None = None
    genres: tuple[str, ...] = ()
    created_by: tuple[str, ...] = ()
    based_on: str | None = None
    sequel: str | None = None  # source material a next season would adapt
    summary: str | None = None  # spoiler-free premise
    show_type: str | None = None  # JSON key "type"
    content_rating: str | None = None
    setting: str | None = None
    ordered: PartialDate | None = None
    tvmaze_id: int | None = None
    imdb_id: str | None = None
    links: tuple[LinkEntry, ...] = ()
    seasons: tuple[SeasonEntry, ...] = ()  # sorted by number
    cast: tuple[CastEntry, ...] = ()
    news: tuple[NewsEntry, ...] = ()  # in the order given
    next_episode: EpisodeEntry | None = None
    # Unknown show keys, kept verbatim so an import/export cycle loses nothing.
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True, slots=True)
class Catalogue:
    shows: tuple[ShowEntry, ...]


def is_whole(value: object) -> bool:
    # bool is a subclass of int, but `"episodes": true` is a mistake, never a count.
    return isinstance(value, int) and not isinstance(value, bool)


def described(value: object) -> str:
    """A short, log-safe description of an offending value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, int) and value.bit_length() > 128:
        return "a very long number"  # repr() itself refuses ints beyond 4300 digits
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


@dataclass(frozen=True, slots=True)
class ShowTitle:
    """What title resolution needs to know about a show."""

    show_id: int
    title: str
    year: int | None  # premiere year
    platform: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackedShow:
    """The few facts a TVmaze poll needs of a stored show with a TVmaze id."""

    tvmaze_id: int
    title: str
    status: str
    links: tuple[LinkEntry, ...]
    extra: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredShow:
    id: int
    entry: ShowEntry
    updated_at: str

    @property
    def title(self) -> str:
        return self.entry.title


@dataclass(frozen=True, slots=True)
class ImportCounts:
    added: int = 0
    updated: int = 0
    seasons: int = 0
    cast: int = 0
    news_added: int = 0
    recap_points: int = 0

    def describe(self) -> str:
        return (
            f"{self.added} shows added, {self.updated} updated, {self.seasons} seasons, "
            f"{self.cast} cast credits, {self.recap_points} recap points, "
            f"{self.news_added} new news events"
        )
