"""News events, subscriptions and deliveries as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.model.shows import NewsEntry
from db.model.vocabulary import ALERT_KIND_OF_NEWS, is_guess

MAX_SUBSCRIPTIONS_PER_GUILD = 50


def is_alert_worthy(entry: NewsEntry) -> bool:
    """Only facts are announced: a guess goes in the history, never to a channel."""
    return entry.kind in ALERT_KIND_OF_NEWS and not is_guess(entry.confidence)


@dataclass(frozen=True, slots=True)
class NewsChange:
    """One news event about to be recorded, with who made it and what it changed."""

    entry: NewsEntry
    author: str
    details: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class NewsEvent:
    id: int
    show_id: int
    show_title: str
    entry: NewsEntry
    author: str
    details: dict[str, Any] = field(hash=False)
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
    id: int
    channel_id: int
    state: str
    attempts: int
    role_id: int | None
    event: NewsEvent
    # The show's own page (its first link), for alerts whose news names no URL.
    show_link: str | None = None


@dataclass(frozen=True, slots=True)
class Backlog:
    pending: int
    sending: int
    failed: int
    paused: int
    delivered: int


class SubscriptionLimitReached(Exception):
    pass
