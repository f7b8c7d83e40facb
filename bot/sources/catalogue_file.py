"""A catalogue file as a news source, read afresh on each poll."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.sources.base import Snapshot, SourceError
from db.model.catalogue_format import CatalogueError, load_catalogue_file


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
