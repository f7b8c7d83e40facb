"""News sources: where fresh snapshots of shows, and headlines, come from on each poll."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from db.model.shows import ShowEntry


class SourceError(Exception):
    """The source could not be read this time; the poll produces nothing and retries later."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a news feed, as read: a headline with where and when it was published."""

    feed: str
    outlet: str
    title: str
    link: str | None
    # The item's identity across polls: its GUID, else its link, else a hash of its title.
    guid: str
    published: datetime.datetime | None
    summary: str | None


@dataclass(frozen=True, slots=True)
class Headline:
    item: FeedItem
    # Published before its feed was first polled: history, never an alert (no storm at start).
    backlog: bool = False


@dataclass(frozen=True, slots=True)
class Snapshot:
    shows: tuple[ShowEntry, ...]
    requests: int = 0
    # Items not seen before, read and applied one by one by the news pipeline.
    headlines: tuple[Headline, ...] = ()
    # What failed without failing the whole source (one feed of several), for the poll report.
    problems: tuple[str, ...] = ()


class NewsSource(Protocol):
    name: str  # for logs and owners: may name a file or a URL
    label: str  # for alerts and answers: the attribution users see

    async def fetch(self) -> Snapshot: ...
