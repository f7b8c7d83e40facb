"""News sources: where fresh snapshots of shows come from on each poll."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from db.model.shows import ShowEntry

logger = logging.getLogger(__name__)


class SourceError(Exception):
    """The source could not be read this time; the poll produces nothing and retries later."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    shows: tuple[ShowEntry, ...]
    requests: int = 0


class NewsSource(Protocol):
    name: str  # for logs and owners: may name a file or a URL
    label: str  # for alerts and answers: the attribution users see

    async def fetch(self) -> Snapshot: ...


class NoSource:
    """NEWS_SOURCE=none: only editors' changes make news."""

    name = "none"
    label = "Cliffhanger's editors"

    async def fetch(self) -> Snapshot:
        return Snapshot(shows=())
