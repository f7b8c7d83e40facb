"""News events, subscriptions and deliveries as plain frozen dataclasses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from db.model.shows import NewsEntry, PartialDate
from db.model.vocabulary import ALERT_KIND_OF_NEWS, is_guess

MAX_SUBSCRIPTIONS_PER_GUILD = 50
MAX_REMINDERS_PER_USER = 50


def is_alert_worthy(entry: NewsEntry) -> bool:
    """Only facts are announced: a guess goes in the history, never to a channel."""
    return entry.kind in ALERT_KIND_OF_NEWS and not is_guess(entry.confidence)


class Changed(StrEnum):
    """What a news event changed: the "field" of its stored details."""

    STATUS = "status"
    SEASON = "season"  # a season announced
    RELEASE_DATE = "release_date"  # a season's release date set or moved
    SEASON_OUT = "season_out"
    FINAL_SEASON = "final_season"  # a season announced as the show's last


_DATED_CHANGES = frozenset({Changed.SEASON, Changed.RELEASE_DATE, Changed.SEASON_OUT})


@dataclass(frozen=True, slots=True)
class ChangeDetails:
    """What a news event changed, from what to what; all empty for news that changed no fact.

    Stored as JSON in news_events.details, written by `to_json` and read by `from_json` only.
    Version 1 added the "version" key to the shape written before it (version 0), which it
    otherwise keeps: "field", "season" (which SQL reads as $.season), "from"/"to" as a status
    or a date, a date's "from_precision"/"to_precision" when it is a part of a year, "summary".
    """

    changed: Changed | None = None
    season: int | None = None
    from_status: str | None = None
    to_status: str | None = None
    from_date: PartialDate | None = None
    to_date: PartialDate | None = None
    summary: str | None = None  # the change in words, when the event's text is its source's

    VERSION: ClassVar[int] = 1

    def __post_init__(self) -> None:
        # "from" and "to" share their JSON keys, so only `changed` says how to read them back.
        statuses = (self.from_status, self.to_status)
        if self.changed is not Changed.STATUS and statuses != (None, None):
            raise ValueError(f"statuses given for a change of {self.changed}")
        if self.changed not in _DATED_CHANGES and (self.from_date, self.to_date) != (None, None):
            raise ValueError(f"dates given for a change of {self.changed}")

    def to_json(self) -> str:
        data: dict[str, Any] = {"version": self.VERSION}
        if self.changed is not None:
            data["field"] = self.changed.value
        if self.season is not None:
            data["season"] = self.season
        for key, status, date in (
            ("from", self.from_status, self.from_date),
            ("to", self.to_status, self.to_date),
        ):
            if status is not None:
                data[key] = status
            elif date is not None:
                data[key] = date.iso
                if date.part is not None:
                    data[f"{key}_precision"] = date.precision
        if self.summary is not None:
            data["summary"] = self.summary
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ChangeDetails:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"change details must be a JSON object, got {text[:100]!r}")
        # Version 0 is version 1 without the key, so both read alike. A later version, written
        # by a newer bot, is read for the keys this one knows rather than losing the alert.
        try:
            changed = Changed(data["field"]) if "field" in data else None
        except ValueError:
            changed = None  # a field this version does not describe: keep the rest
        season = data.get("season")
        return cls(
            changed=changed,
            season=season if isinstance(season, int) else None,
            from_status=_text(data, "from") if changed is Changed.STATUS else None,
            to_status=_text(data, "to") if changed is Changed.STATUS else None,
            from_date=_date(data, "from") if changed in _DATED_CHANGES else None,
            to_date=_date(data, "to") if changed in _DATED_CHANGES else None,
            summary=_text(data, "summary"),
        )


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _date(data: dict[str, Any], key: str) -> PartialDate | None:
    value = _text(data, key)
    return None if value is None else PartialDate.parse(value, _text(data, f"{key}_precision"))


@dataclass(frozen=True, slots=True)
class NewsChange:
    """One news event about to be recorded, with who made it and what it changed."""

    entry: NewsEntry
    author: str
    details: ChangeDetails = ChangeDetails()
    # False: history only. News read late (a feed's backlog on its first poll) is true but
    # stale, and a channel should not hear of last month's renewal as if it were new.
    announce: bool = True

    @property
    def alerts(self) -> bool:
        return self.announce and is_alert_worthy(self.entry)


@dataclass(frozen=True, slots=True)
class NewsEvent:
    id: int
    show_id: int
    show_title: str
    entry: NewsEntry
    author: str
    details: ChangeDetails
    detected_at: str


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    show_id: int | None
    show_title: str | None
    kinds: tuple[str, ...]
    role_id: int | None
    created_by: int
    paused_reason: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """An alert for one subscription's channel, or (`user_id` set) one person's reminder DM."""

    id: int
    channel_id: int | None
    state: str
    attempts: int
    role_id: int | None
    event: NewsEvent
    # The show's own page (its first link), for alerts whose news names no URL.
    show_link: str | None = None
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Backlog:
    pending: int
    sending: int
    failed: int
    paused: int
    delivered: int


class SubscriptionLimitReached(Exception):
    pass


class ReminderLimitReached(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Reminder:
    """One show a person asked to be sent DMs about."""

    show_id: int
    show_title: str
    paused: bool = False


@dataclass(frozen=True, slots=True)
class Board:
    """A channel's upcoming board: one message, edited in place."""

    channel_id: int
    guild_id: int
    # Every show, rather than the channel's subscribed ones.
    everything: bool
    message_id: int | None
    shown: str | None
    paused_reason: str | None
