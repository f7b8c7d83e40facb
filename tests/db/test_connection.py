import re
import sqlite3
from pathlib import Path

import pytest

from db.connection import Database, DatabaseError, migration_scripts
from db.model.vocabulary import CONFIDENCES, NEWS_KINDS, PRECISIONS, STATUSES


async def test_a_new_file_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "new" / "bot.sqlite3")
    try:
        assert await database.schema_version() == len(migration_scripts())
    finally:
        await database.close()


async def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    first = await Database.open(path)
    await first.close()
    again = await Database.open(path)
    try:
        assert await again.migrate() == len(migration_scripts())
        assert await again.schema_version() == len(migration_scripts())
    finally:
        await again.close()


async def test_the_connection_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "bot.sqlite3")
    try:
        assert (await database.fetch_one("PRAGMA journal_mode"))[0] == "wal"
        assert (await database.fetch_one("PRAGMA foreign_keys"))[0] == 1
        assert (await database.fetch_one("PRAGMA busy_timeout"))[0] >= 1000
    finally:
        await database.close()


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "bot.sqlite3")
    try:
        with pytest.raises(RuntimeError):
            await _insert_then_crash(database)
        assert (await database.fetch_one("SELECT count(*) FROM shows"))[0] == 0
    finally:
        await database.close()


async def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 999")
    with pytest.raises(DatabaseError, match="newer"):
        await Database.open(path)


async def test_a_file_that_is_not_a_database_gives_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="can't use the database"):
        await Database.open(path)


async def _insert_then_crash(database: Database) -> None:
    async with database.transaction() as connection:
        await connection.execute("INSERT INTO shows (title) VALUES ('Half Done')")
        raise RuntimeError("crash mid-way")


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("status", STATUSES.values),
        ("kind", NEWS_KINDS.values),
        ("confidence", CONFIDENCES.values),
        ("release_precision", PRECISIONS.values),
    ],
)
async def test_the_schema_checks_the_vocabulary(
    tmp_path: Path, column: str, words: tuple[str, ...]
) -> None:
    # The migrations' CHECK lists are frozen copies of the vocabulary: a word added to one
    # needs a migration for the other.
    database = await Database.open(tmp_path / "bot.sqlite3")
    try:
        rows = await database.fetch_all("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
    finally:
        await database.close()
    schema = "\n".join(row[0] for row in rows)
    (listed,) = re.findall(rf"CHECK \({column} IN \(([^)]*)\)", schema)
    assert tuple(re.findall(r"'([^']*)'", listed)) == words
