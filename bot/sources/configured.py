"""The news source the settings ask for, and how to release it."""

from __future__ import annotations

from pathlib import Path

from bot.settings import DEFAULT_TVMAZE_BASE_URL, SettingsError
from bot.settings import NewsSource as NewsSourceSetting
from bot.sources.base import NewsSource, NoSource
from bot.sources.catalogue_file import FileSource
from bot.sources.tvmaze.source import build_tvmaze_source, tracked_from
from db.shows import ShowRepository


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
        return build_tvmaze_source(tvmaze_base_url, tracked_from(shows), state_path=state_path)
    return NoSource()


async def close_source(source: object) -> None:
    """Release what a source holds (TVmaze's HTTP session); sources without any have no close."""
    close = getattr(source, "close", None)
    if close is not None:
        await close()
