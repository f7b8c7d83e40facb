"""Faults: a busy or broken database, crashes and restarts mid-poll, overlapping polls.

For each: the bot keeps working, and loses and repeats nothing.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.catalogue.service import CatalogueService
from bot.news.pipeline import NewsService
from bot.sources.catalogue_file import FileSource
from db.connection import Database, DatabaseError, _split_statements, migration_scripts
from db.model.shows import Catalogue, ShowEntry
from db.shows import ShowRepository
from db.subscriptions import SubscriptionRepository
from tests.crashes import ProcessKilled, killed_at_news_record

PROJECT = Path(__file__).parents[1]


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[tuple[Path, threading.Event]]:
    """Another process-like writer holding the database's write lock until released."""
    path = tmp_path / "busy.sqlite3"
    release = threading.Event()
    locked = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(10)
        connection.execute("COMMIT")
        connection.close()

    asyncio.run(_create(path))
    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(5)
    yield path, release
    release.set()
    thread.join(5)


async def _create(path: Path) -> None:
    database = await Database.open(path)
    await database.close()


async def test_a_briefly_locked_database_is_waited_for(
    held_lock: tuple[Path, threading.Event],
) -> None:
    path, release = held_lock
    database = await Database.open(path)
    try:
        asyncio.get_running_loop().call_later(0.3, release.set)
        counts, _ = await ShowRepository(database).import_catalogue(
            Catalogue(shows=(ShowEntry(title="Waited For"),))
        )
        assert counts.added == 1
    finally:
        await database.close()


async def test_a_database_locked_too_long_fails_whole_and_recovers(
    held_lock: tuple[Path, threading.Event],
) -> None:
    path, release = held_lock
    database = await Database.open(path, busy_timeout_ms=100)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await ShowRepository(database).import_catalogue(
                Catalogue(shows=(ShowEntry(title="Too Soon"),))
            )
        release.set()
        await asyncio.sleep(0.2)
        counts, _ = await ShowRepository(database).import_catalogue(
            Catalogue(shows=(ShowEntry(title="Later"),))
        )
        assert counts.added == 1
        assert [title.title for title in await ShowRepository(database).titles()] == ["Later"]
    finally:
        await database.close()


async def test_a_database_from_an_older_version_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    (first_version, _, first_sql), *_ = migration_scripts()
    with sqlite3.connect(path) as connection:
        for statement in _split_statements(first_sql):
            connection.execute(statement)
        connection.execute("INSERT INTO shows (title, status) VALUES ('Kept', 'airing')")
        connection.execute(f"PRAGMA user_version = {first_version}")
    database = await Database.open(path)
    try:
        assert await database.schema_version() == len(migration_scripts())
        assert [title.title for title in await ShowRepository(database).titles()] == ["Kept"]
        assert await SubscriptionRepository(database).for_guild(1) == []
    finally:
        await database.close()


def run_cli(tmp_path: Path, database: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "DATABASE_PATH": str(database),
            "NEWS_SOURCE": "none",
            "PYTHONPATH": str(PROJECT),
            "PATH": "/usr/bin:/bin",
        },
        timeout=60,
        check=False,
    )


def test_a_corrupt_database_file_gives_one_clear_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = run_cli(tmp_path, corrupt, "ask", "!release tpt")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("cliffhanger: can't use the database")
    assert result.stderr.strip().count("\n") == 0


def test_an_unusable_database_path_gives_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run_cli(tmp_path, blocker / "bot.sqlite3", "ask", "!release tpt")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("cliffhanger: can't open the database")
    assert result.stderr.strip().count("\n") == 0


async def test_opening_a_path_under_a_file_raises_database_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError):
        await Database.open(blocker / "bot.sqlite3")


NewsSetup = tuple[Database, CatalogueService, FileSource]


@pytest.fixture
async def two_show_news(tmp_path: Path) -> AsyncIterator[NewsSetup]:
    database = await Database.open(tmp_path / "news.sqlite3")
    source_file = tmp_path / "news.json"
    shows = (ShowEntry(title="One", status="airing"), ShowEntry(title="Two", status="airing"))
    catalogue = await CatalogueService.load(database)
    await catalogue.import_catalogue(Catalogue(shows=shows))
    for show_id in (1, 2):
        await SubscriptionRepository(database).subscribe(
            guild_id=1, channel_id=10, show_id=show_id, kinds=(), role_id=None, created_by=1
        )
    source_file.write_text(
        json.dumps(
            {"shows": [{"title": "One", "status": "ended"}, {"title": "Two", "status": "ended"}]}
        )
    )
    yield database, catalogue, FileSource(source_file)
    await database.close()


async def events(database: Database) -> list[tuple[int, str]]:
    rows = await database.fetch_all("SELECT show_id, kind FROM news_events ORDER BY show_id")
    return [(row["show_id"], row["kind"]) for row in rows]


async def test_a_poll_that_dies_midway_is_completed_by_the_next_without_repeats(
    two_show_news: NewsSetup,
) -> None:
    database, catalogue, source = two_show_news
    crashing = NewsService(database, catalogue, (source,))
    with killed_at_news_record(2), pytest.raises(ProcessKilled):
        await crashing.poll()
    assert await events(database) == [(1, "ended")]
    restarted = NewsService(database, await CatalogueService.load(database), (source,))
    await restarted.poll()
    assert await events(database) == [(1, "ended"), (2, "ended")]
    deliveries = await database.fetch_one("SELECT count(*) FROM deliveries")
    assert deliveries is not None
    assert deliveries[0] == 2


async def test_overlapping_polls_record_each_change_once(two_show_news: NewsSetup) -> None:
    database, catalogue, source = two_show_news
    news = NewsService(database, catalogue, (source,))
    await asyncio.gather(news.poll(), news.poll(), news.poll())
    assert await events(database) == [(1, "ended"), (2, "ended")]
