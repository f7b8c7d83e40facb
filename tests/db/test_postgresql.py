"""What is PostgreSQL's own: placeholders, connecting, migrating, the schema version."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import asyncpg
import pytest

from db.connection import DatabaseSetupError, migration_scripts
from db.model.feeds import FEED_ITEM_OUTCOMES
from db.model.vocabulary import CONFIDENCES, NEWS_KINDS, PRECISIONS, STATUSES
from db.postgresql import PostgresDatabase, numbered, safe_url
from tests.postgres import GUARDED_PASSWORD, GUARDED_ROLE, PostgresServer


def test_placeholders_are_numbered_outside_quoted_text() -> None:
    sql = "SELECT ? , 'what?' AS \"who?\" WHERE a = ? AND b LIKE '%''?%' OR c = ?"
    assert numbered(sql) == (
        "SELECT $1 , 'what?' AS \"who?\" WHERE a = $2 AND b LIKE '%''?%' OR c = $3"
    )


def test_a_url_shown_never_holds_its_password() -> None:
    shown = safe_url("postgresql://bot:s3cret@db.example:5432/cliffhanger")
    assert "s3cret" not in shown
    assert shown == "postgresql://bot:***@db.example:5432/cliffhanger"


@pytest.fixture
async def bare_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """A database with nothing in it, not even the schema."""
    url = await postgres_server.create_empty()
    yield url
    await postgres_server.drop(url)


async def test_a_new_database_is_migrated_to_the_latest_version(bare_url: str) -> None:
    database = await PostgresDatabase.connect(bare_url)
    try:
        assert await database.schema_version() == len(migration_scripts("postgresql"))
        assert await database.fetch_value("SELECT count(*) FROM shows") == 0
    finally:
        await database.close()


async def test_processes_starting_together_migrate_once(bare_url: str) -> None:
    opened = await asyncio.gather(*(PostgresDatabase.connect(bare_url) for _ in range(3)))
    try:
        versions = await opened[0].fetch_all("SELECT version FROM schema_version")
        assert [row[0] for row in versions] == [len(migration_scripts("postgresql"))]
    finally:
        for database in opened:
            await database.close()


async def test_a_database_newer_than_the_program_is_refused(postgres_url: str) -> None:
    connection = await asyncpg.connect(postgres_url)
    await connection.execute("UPDATE schema_version SET version = 999")
    await connection.close()
    with pytest.raises(DatabaseSetupError, match="schema version 999, newer than this program"):
        await PostgresDatabase.connect(postgres_url)


async def test_a_failed_transaction_leaves_nothing_behind(postgres_url: str) -> None:
    database = await PostgresDatabase.connect(postgres_url)
    try:
        with pytest.raises(RuntimeError):
            await _insert_then_crash(database)
        assert await database.fetch_value("SELECT count(*) FROM shows") == 0
    finally:
        await database.close()


async def _insert_then_crash(database: PostgresDatabase) -> None:
    async with database.transaction() as connection:
        await connection.execute("INSERT INTO shows (title) VALUES (?)", ("Half Done",))
        raise RuntimeError("crash mid-way")


async def test_a_wrong_password_is_one_clear_error_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.url("postgres", user=GUARDED_ROLE, password="wrong-horse")
    with pytest.raises(DatabaseSetupError, match="password authentication failed") as raised:
        await PostgresDatabase.connect(url)
    assert "wrong-horse" not in str(raised.value)
    assert "\n" not in str(raised.value)


async def test_the_right_password_connects(postgres_server: PostgresServer) -> None:
    url = postgres_server.url("template_empty", user=GUARDED_ROLE, password=GUARDED_PASSWORD)
    database = await PostgresDatabase.connect(url, migrate=False)
    try:
        assert await database.fetch_value("SELECT 1") == 1
    finally:
        await database.close()


async def test_an_unreachable_server_is_one_clear_error() -> None:
    # A closed loopback port: refused at once, without any network.
    with pytest.raises(DatabaseSetupError, match="can't connect to the database") as raised:
        await PostgresDatabase.connect("postgresql://bot:s3cret@127.0.0.1:9/cliffhanger")
    assert "s3cret" not in str(raised.value)


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("status", STATUSES.values),
        ("kind", NEWS_KINDS.values),
        ("confidence", CONFIDENCES.values),
        ("release_precision", PRECISIONS.values),
        ("outcome", FEED_ITEM_OUTCOMES),
    ],
)
def test_the_schema_checks_the_vocabulary(column: str, words: tuple[str, ...]) -> None:
    # As on SQLite: the CHECK lists are frozen copies of the vocabulary, and the newest
    # migration that lists a column is the one in force.
    schema = "\n".join(sql for _, _, sql in migration_scripts("postgresql"))
    listed = re.findall(rf"CHECK \({column} IN \(([^)]*)\)", schema)[-1]
    assert tuple(re.findall(r"'([^']*)'", listed)) == words
