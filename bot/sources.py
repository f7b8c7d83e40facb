"""News sources: where fresh snapshots of shows come from on each poll."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.settings import DEFAULT_TVMAZE_BASE_URL, SettingsError
from bot.settings import NewsSource as NewsSourceSetting
from db.catalogue_format import CatalogueError, ShowEntry, load_catalogue_file
from db.shows import ShowRepository

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


def build_source(
    setting: NewsSourceSetting,
    *,
    tvmaze_base_url: str = DEFAULT_TVMAZE_BASE_URL,
    shows: ShowRepository | None = None,
    state_path: Path | None = None,
) -> NewsSource:
    """The configured source. TVmaze follows the stored shows that have a TVmaze id, so it
    needs the catalogue (`shows`); `state_path` keeps what it saw across restarts."""
    if setting.kind == "file" and setting.path is not None:
        return FileSource(setting.path)
    if setting.kind == "tvmaze":
        if shows is None:
            raise SettingsError(
                "NEWS_SOURCE=tvmaze needs the catalogue: it follows the stored shows"
            )
        # Imported here: the TVmaze modules import this one for SourceError and Snapshot.
        from bot.tvmaze import build_tvmaze_source, tracked_from

        return build_tvmaze_source(tvmaze_base_url, tracked_from(shows), state_path=state_path)
    return NoSource()


async def close_source(source: object) -> None:
    """Release what a source holds (TVmaze's HTTP session); sources without any have no close."""
    close = getattr(source, "close", None)
    if close is not None:
        await close()
