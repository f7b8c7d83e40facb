"""News sources: where fresh snapshots of shows come from on each poll."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.settings import NewsSource as NewsSourceSetting
from bot.settings import SettingsError
from db.catalogue_format import CatalogueError, ShowEntry, load_catalogue_file

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


class FileSource:
    """A catalogue file in the import format, read afresh on each poll."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = f"file:{path}"
        self.label = "Cliffhanger's catalogue"

    async def fetch(self) -> Snapshot:
        try:
            catalogue = await asyncio.to_thread(load_catalogue_file, self.path)
        except CatalogueError as error:
            raise SourceError(str(error)) from error
        return Snapshot(shows=catalogue.shows, requests=1)


def build_source(setting: NewsSourceSetting) -> NewsSource:
    if setting.kind == "file" and setting.path is not None:
        return FileSource(setting.path)
    if setting.kind == "tvmaze":
        raise SettingsError("NEWS_SOURCE=tvmaze is not available in this version yet")
    return NoSource()
