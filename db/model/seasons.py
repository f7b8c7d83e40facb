"""Seasons as people name them, and where a show stands between them. Pure: no clock of its own.

Reading: "season 2", "s02", "season two", "series 2" (British), "2nd season", "next season",
"last season", "final season", before or after the title, in a command or a question.

Standing: from the seasons' dates and the next episode, not from the status word alone. A show
is airing when an episode aired in the last `AIRING_DAYS` days or the next one is due within
the run; between seasons when its last season's finale is past and nothing is scheduled. A
date in the past is never upcoming, and what is not on record is said to be missing, never
counted as zero.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from db.model.shows import EpisodeEntry, SeasonEntry, ShowEntry

# An episode this recent, or a next one due this soon, means the season is still running.
AIRING_DAYS = 14

_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}
_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
# Words for a season relative to the ones on record.
_RELATIVE_WORDS = {
    "next": "next",
    "new": "next",
    "another": "next",
    "upcoming": "next",
    "coming": "next",
    "last": "latest",
    "latest": "latest",
    "previous": "latest",
    "recent": "latest",
    "final": "final",
    "this": "current",
    "current": "current",
}
_SEASON = r"(?:season|series)"
_NUMBER = rf"(?:[0-9]{{1,4}}|{'|'.join(_NUMBER_WORDS)})"
_ORDINAL = rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)|{'|'.join(_ORDINAL_WORDS)})"
_RELATIVE = rf"(?:most\s+recent|{'|'.join(_RELATIVE_WORDS)})"
# Case-insensitive on raw text: words are whole, so "s2" inside "ss2x" is no season.
_REFERENCE = re.compile(
    rf"(?<![\w'’])(?:"
    rf"{_SEASON}\s*#?\s*(?P<number>{_NUMBER})(?![\w'’])"
    rf"|s(?P<short>[0-9]{{1,4}})(?:\s*e[0-9]{{1,4}})?(?![\w'’])"
    rf"|(?P<ordinal>{_ORDINAL})\s+{_SEASON}(?![\w'’])"
    rf"|(?P<relative>{_RELATIVE})\s+{_SEASON}(?![\w'’])"
    rf")",
    re.IGNORECASE,
)
# "the final season of X", "season 2 of X": the joining words go with the season.
_WITH_JOINS = re.compile(
    rf"(?:(?<![\w'’])the\s+)?(?:{_REFERENCE.pattern})(?:\s+(?:of|for|from|in)(?![\w'’]))?",
    re.IGNORECASE,
)
_JOINING = re.compile(r"^(?:of|for|from|in)\s+|\s+(?:of|for|from|in)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SeasonRef:
    """A season as typed: a number, or one relative to the seasons on record."""

    number: int | None = None
    relative: str | None = None  # "next", "latest", "final", "current"

    def describe(self) -> str:
        if self.number is not None:
            return f"season {self.number}"
        return f"the {self.relative} season"


def _number_of(text: str) -> int:
    text = text.casefold()
    if text.isdigit():
        return int(text)
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    if text in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[text]
    return int(text[:-2])  # "2nd"


def find_season(text: str) -> tuple[str, SeasonRef | None]:
    """The text without its season reference, and the reference (the last, when several:
    "season 1 came out in 2020; what about season 2?" asks about season 2)."""
    matches = list(_REFERENCE.finditer(text))
    if not matches:
        return text, None
    reference: SeasonRef | None = None
    for match in reversed(matches):
        reference = _reference_of(match)
        if reference is not None:
            break
    if reference is None:
        return text, None
    rest = _REFERENCE.sub(" ", text)
    return " ".join(rest.split()), reference


def _reference_of(match: re.Match[str]) -> SeasonRef | None:
    for group in ("number", "short", "ordinal"):
        if match[group]:
            number = _number_of(match[group])
            return SeasonRef(number=number) if number >= 1 else None
    relative = " ".join(match["relative"].casefold().split())
    return SeasonRef(relative=_RELATIVE_WORDS.get(relative, "latest"))


def split_title_and_season(text: str) -> tuple[str, SeasonRef | None]:
    """A command's argument as a title and a season: "tpt s3", "season 2 of tiny pretty
    things", "tiny pretty things series two" (joining words such as "of" go too)."""
    _, reference = find_season(text)
    if reference is None:
        return text.strip(), None
    rest = " ".join(_WITH_JOINS.sub(" ", text).split())
    return _JOINING.sub("", rest).strip(" -:,.;!?"), reference


# --------------------------------------------------------------------------- standing


def released_seasons(show: ShowEntry, today: datetime.date) -> list[SeasonEntry]:
    """Seasons that are out: an exact release day that has come, a past window, or a finale
    that has aired. Seasons come in order, so an undated season below one that is out, or
    below one only announced, is out too ("renewed for season 6" after five)."""
    out = {season.number for season in show.seasons if _is_out(season, today)}
    announced = [season.number for season in show.seasons if not season.confirmed]
    ceiling = max([*out, *announced], default=0)
    return [
        season
        for season in show.seasons
        if season.number in out
        or (
            season.confirmed
            and season.release_date is None
            and season.finale is None
            and season.number < ceiling
        )
    ]


def _is_out(season: SeasonEntry, today: datetime.date) -> bool:
    if not season.confirmed:
        return False
    date = season.release_date
    if date is None:
        return season.finale is not None and season.finale <= today
    return bool(
        (date.exact and date.exact <= today) or (date.exact is None and date.year < today.year)
    )


def upcoming_episode(
    show: ShowEntry, today: datetime.date, now: datetime.datetime | None = None
) -> EpisodeEntry | None:
    """The next episode on record, if it is still to come (a stale one is history)."""
    episode = show.next_episode
    if episode is None:
        return None
    if episode.airs_at is not None and now is not None:
        return episode if episode.airs_at > now else None
    return episode if episode.date >= today else None


def last_aired(show: ShowEntry, today: datetime.date) -> datetime.date | None:
    """The latest day an episode is known to have aired: a past finale, or a next episode
    whose day has come."""
    days = [season.finale for season in show.seasons if season.finale and season.finale <= today]
    episode = show.next_episode
    if episode is not None and episode.date <= today:
        days.append(episode.date)
    return max(days, default=None)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a show is in its run, as of a day.

    `kind`: "airing" (a season is running), "between" (its last season is over and nothing
    is scheduled, though the show has not ended), "upcoming" (a later season has a date),
    or "other" (the status word is all there is to go on).
    """

    kind: str
    season: int | None = None  # airing: the season running; between: the one that ended
    ended_on: datetime.date | None = None  # between: that season's finale
    next_episode: EpisodeEntry | None = None


def standing(
    show: ShowEntry, today: datetime.date, now: datetime.datetime | None = None
) -> Standing:
    """Airing or between seasons, judged from dates, for a show that has not ended."""
    episode = upcoming_episode(show, today, now)
    released = released_seasons(show, today)
    current = released[-1] if released else None
    if episode is not None:
        premiere = episode.number == 1 and (current is None or episode.season > current.number)
        if not premiere:
            return Standing("airing", season=episode.season, next_episode=episode)
        return Standing("upcoming", season=episode.season, next_episode=episode)
    if current is None:
        return Standing("other")
    aired = last_aired(show, today)
    recent = today - datetime.timedelta(days=AIRING_DAYS)
    if current.finale is not None and current.finale > today:
        return Standing("airing", season=current.number)  # finale still to come
    started = current.release_date.exact if current.release_date else None
    if aired is not None and aired >= recent:
        return Standing("airing", season=current.number)
    if started is not None and started >= recent and current.finale is None:
        return Standing("airing", season=current.number)  # just started, run unknown
    if aired is not None or current.finale is not None:
        return Standing("between", season=current.number, ended_on=current.finale or aired)
    return Standing("other", season=current.number)


def resolve_season(reference: SeasonRef, show: ShowEntry, today: datetime.date) -> int | None:
    """The season number a reference means for this show; None when it means none on
    record ("the final season" of a show that has not announced one)."""
    if reference.number is not None:
        return reference.number
    released = released_seasons(show, today)
    latest = released[-1].number if released else 0
    if reference.relative == "next":
        return latest + 1
    if reference.relative in ("latest", "current"):
        return latest or None
    # "final": the one announced as the last, or the last one of a show that is over.
    if show.final_season is not None:
        return show.final_season
    if show.status in ("cancelled", "ended"):
        return latest or None
    return None
