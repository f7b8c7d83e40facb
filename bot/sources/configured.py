"""The news sources the settings ask for, and how to release them."""

from __future__ import annotations

from bot.settings import DEFAULT_NEWS_FEEDS, DEFAULT_TVMAZE_BASE_URL, Settings, SettingsError
from bot.settings import NewsSource as NewsSourceSetting
from bot.sources.base import NewsSource
from bot.sources.catalogue_file import FileSource
from bot.sources.feeds.source import FeedsSource
from bot.sources.tvmaze.source import DatabaseStateStore, build_tvmaze_source, tracked_from
from db.connection import Database
from db.feeds import FeedRepository
from db.meta import MetaRepository
from db.shows import ShowRepository


def build_sources(settings: Settings, database: Database) -> tuple[NewsSource, ...]:
    """Every source NEWS_SOURCE names, in its order."""
    shows = ShowRepository(database)
    return tuple(
        build_source(
            setting,
            tvmaze_base_url=settings.tvmaze_base_url,
            shows=shows,
            feeds=settings.news_feeds,
            database=database,
        )
        for setting in settings.news_sources
    )


def build_source(
    setting: NewsSourceSetting,
    *,
    tvmaze_base_url: str = DEFAULT_TVMAZE_BASE_URL,
    shows: ShowRepository | None = None,
    feeds: tuple[str, ...] = DEFAULT_NEWS_FEEDS,
    database: Database | None = None,
) -> NewsSource:
    """One configured source. TVmaze follows the stored shows that have a TVmaze id, so it
    needs the catalogue (`shows`); given the `database`, it keeps how far it read there, as
    the feeds keep what they saw."""
    if setting.kind == "file" and setting.path is not None:
        return FileSource(setting.path)
    if setting.kind == "tvmaze":
        if shows is None:
            raise SettingsError(
                "NEWS_SOURCE=tvmaze needs the catalogue: it follows the stored shows"
            )
        state = None if database is None else DatabaseStateStore(MetaRepository(database))
        return build_tvmaze_source(tvmaze_base_url, tracked_from(shows), state=state)
    if setting.kind == "feeds":
        if database is None:
            raise SettingsError("NEWS_SOURCE=feeds needs the database: it remembers what it read")
        return FeedsSource(feeds, FeedRepository(database))
    raise SettingsError(f"unknown news source {setting.describe()!r}")


async def close_source(source: object) -> None:
    """Release what a source holds (an HTTP session); sources without any have no close."""
    close = getattr(source, "close", None)
    if close is not None:
        await close()
