"""What is coming: reading `upcoming`'s window and platform, and the dated items it lists."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from db.model.shows import PartialDate

WEEK_DAYS = 7
MONTH_DAYS = 30
DEFAULT_DAYS = MONTH_DAYS
# A year and a day: enough for "what's coming this year", short enough to stay one message.
MAX_DAYS = 366
MAX_PLATFORM_LENGTH = 60

# The months each part of a year covers, for windows like "late 2027".
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DAYS = re.compile(r"(\d+)\s*(?:days?|d)?", re.IGNORECASE)


class UpcomingRequestError(ValueError):
    """A window that can't be read; the message is said to the user as it is."""


@dataclass(frozen=True, slots=True)
class UpcomingRequest:
    days: int = DEFAULT_DAYS
    platform: str | None = None

    def describe(self) -> str:
        if self.days == WEEK_DAYS:
            return "the next 7 days"
        return "the next day" if self.days == 1 else f"the next {self.days} days"

    def end(self, start: datetime.date) -> datetime.date:
        # The window counts today as its first day.
        return start + datetime.timedelta(days=self.days - 1)


def parse_upcoming_request(text: str) -> UpcomingRequest:
    """`week`, `month` or `N days` (in any place), and whatever else is the platform."""
    words = text.split()
    days: int | None = None
    rest: list[str] = []
    index = 0
    while index < len(words):
        word = words[index].casefold()
        following = words[index + 1].casefold() if index + 1 < len(words) else ""
        if days is None and word in ("week", "month"):
            days = WEEK_DAYS if word == "week" else MONTH_DAYS
        elif days is None and _DAYS.fullmatch(word):
            digits = _DAYS.fullmatch(word)[1]  # type: ignore[index]
            # A number too long to be a window is refused before it is ever converted.
            days = int(digits) if len(digits) <= 6 else MAX_DAYS + 1
            if following in ("day", "days"):
                index += 1
        elif word in ("next", "this", "the", "in", "on", "for", "a", "of") and not rest:
            pass  # "next week", "this month on netflix"
        else:
            rest.append(words[index])
        index += 1
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UpcomingRequestError(f"Pick a window of 1 to {MAX_DAYS} days, `week` or `month`.")
    platform = " ".join(word for word in rest if word.casefold() not in ("on", "only")) or None
    if platform is not None and len(platform) > MAX_PLATFORM_LENGTH:
        raise UpcomingRequestError("That platform name is too long.")
    return UpcomingRequest(days=days or DEFAULT_DAYS, platform=platform)


@dataclass(frozen=True, slots=True)
class UpcomingItem:
    """A season (or one episode, when `episode` is set) and when it comes out."""

    show_id: int
    title: str
    platform: str | None
    season: int
    date: PartialDate
    confirmed: bool = True
    episode: int | None = None
    episode_name: str | None = None
    airs_at: datetime.datetime | None = None  # the UTC moment, when the time is known

    @property
    def dated(self) -> bool:
        """Announced to the day: a window ("late 2027") or an unconfirmed date is not."""
        return self.date.exact is not None and self.confirmed

    def sort_key(self) -> tuple[tuple[int, int, int], str, int, int]:
        return (self.date.sort_key(), self.title.casefold(), self.season, self.episode or 0)


def date_span(date: PartialDate) -> tuple[datetime.date, datetime.date]:
    """The first and last day a partial date may stand for."""
    if date.exact is not None:
        return date.exact, date.exact
    if date.month is not None:
        last = calendar.monthrange(date.year, date.month)[1]
        return datetime.date(date.year, date.month, 1), datetime.date(date.year, date.month, last)
    first_month, last_month = _PART_MONTHS.get(date.part or "", (1, 12))
    last = calendar.monthrange(date.year, last_month)[1]
    return datetime.date(date.year, first_month, 1), datetime.date(date.year, last_month, last)


def overlaps(date: PartialDate, start: datetime.date, end: datetime.date) -> bool:
    first, last = date_span(date)
    return first <= end and last >= start


def on_platform(item: UpcomingItem, platform: str | None) -> bool:
    """A platform as typed matches any part of the show's ("prime" finds "Prime Video")."""
    return platform is None or platform_matches(item.platform, platform)


def platform_matches(platform: str | None, wanted: str) -> bool:
    """Whether a show's platform contains the one typed, case and spacing aside."""
    if platform is None:
        return False
    return " ".join(wanted.casefold().split()) in " ".join(platform.casefold().split())


@dataclass(frozen=True, slots=True)
class ComingWindow:
    """What `upcoming` shows of a window: its first dated items (soonest first, and the
    followed shows' ones however far in), every loose one it may show, and how many of each
    the window holds in all."""

    items: list[UpcomingItem]
    dated_total: int
    loose_total: int
