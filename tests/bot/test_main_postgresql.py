"""The command line on PostgreSQL: bad DATABASE_URLs and servers, backup, and copy-database,
each through the real `python -m bot` in a subprocess."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from db.connection import Database
from db.deliveries import DeliveryRepository
from db.model.clock import utc_now
from db.model.news import Changed, ChangeDetails, NewsChange
from db.model.shows import NewsEntry, PartialDate
from db.news import NewsRepository
from db.postgresql import PostgresDatabase
from db.shows import ShowRepository, seed_if_new
from db.subscriptions import SubscriptionRepository
from tests.bot.test_main import run_bot
from tests.postgres import GUARDED_ROLE, PostgresServer

SECRET = "do-not-print-me"


def assert_one_clear_line(result: object, *, contains: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    assert stderr.strip().count("\n") == 0, stderr
    assert contains in stderr
    assert "Traceback" not in stderr
    assert SECRET not in stderr + result.stdout  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        f"mysql://bot:{SECRET}@db.example/cliffhanger",
        f"postgresql://bot:{SECRET}@db.example:port/cliffhanger",
        f"postgresql://bot:{SECRET}@db.example:5432/",
    ],
)
def test_a_malformed_database_url_is_one_clear_line(tmp_path: Path, url: str) -> None:
    result = run_bot(tmp_path, "ask", "!help", env={"DATABASE_URL": url})
    assert_one_clear_line(result, contains="DATABASE_URL must")


def test_an_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    # A closed loopback port: refused at once, without any network.
    url = f"postgresql://bot:{SECRET}@127.0.0.1:9/cliffhanger"
    result = run_bot(tmp_path, "ask", "!help", env={"DATABASE_URL": url})
    assert_one_clear_line(result, contains="can't connect to the database")


def test_a_wrong_password_is_one_clear_line(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    url = postgres_server.url("postgres", user=GUARDED_ROLE, password=SECRET)
    result = run_bot(tmp_path, "ask", "!help", env={"DATABASE_URL": url})
    assert_one_clear_line(result, contains="password authentication failed")


async def test_a_database_with_a_newer_schema_is_one_clear_line(
    tmp_path: Path, postgres_url: str
) -> None:
    connection = await asyncpg.connect(postgres_url)
    await connection.execute("UPDATE schema_version SET version = 999")
    await connection.close()
    result = run_bot(tmp_path, "ask", "!help", env={"DATABASE_URL": postgres_url})
    assert_one_clear_line(result, contains="newer than this program knows")


async def test_the_bot_answers_from_postgresql(tmp_path: Path, postgres_url: str) -> None:
    result = run_bot(
        tmp_path, "ask", "!release tiny pretty things", env={"DATABASE_URL": postgres_url}
    )
    assert result.returncode == 0, result.stderr
    assert "Tiny Pretty Things" in result.stdout
    assert not (tmp_path / "cli.sqlite3").exists()


async def test_backup_of_postgresql_delegates_to_pg_dump(
    tmp_path: Path, seeded_postgres_url: str
) -> None:
    target = tmp_path / "backup.dump"
    result = run_bot(tmp_path, "backup", str(target), env={"DATABASE_URL": seeded_postgres_url})
    assert result.returncode == 0, result.stderr
    assert "pg_dump" in result.stdout
    # pg_dump's custom format starts with its magic.
    assert target.read_bytes().startswith(b"PGDMP")


async def sqlite_with_a_queue(path: Path) -> list[tuple[int, str]]:
    """A SQLite database as a running bot leaves it: the catalogue, a subscription, and two
    alerts in the outbox, one delivered and one still pending. Returns (id, state) of each."""
    database = await Database.open(path)
    try:
        await seed_if_new(database)
        (show,) = [title for title in await ShowRepository(database).titles()][:1]
        subscriptions = SubscriptionRepository(database)
        for channel in (101, 102):
            await subscriptions.subscribe(
                guild_id=10, channel_id=channel, show_id=None, kinds=(), role_id=None, created_by=1
            )
        change = NewsChange(
            entry=NewsEntry(PartialDate(2026, 11, 25), "renewed", "Renewed.", "reported"),
            author="source:test",
            details=ChangeDetails(Changed.STATUS, from_status="airing", to_status="renewed"),
        )
        await NewsRepository(database).record(show.show_id, [change])
        deliveries = DeliveryRepository(database)
        first, _ = await deliveries.due(utc_now())
        await deliveries.mark_sending(first.id)
        await deliveries.mark_delivered(first.id, 555)
        rows = await database.fetch_all("SELECT id, state FROM deliveries ORDER BY id")
        return [(row["id"], row["state"]) for row in rows]
    finally:
        await database.close()


async def test_copy_database_moves_everything_with_its_ids_and_states(
    tmp_path: Path, postgres_url: str
) -> None:
    source = tmp_path / "cli.sqlite3"
    outbox = await sqlite_with_a_queue(source)
    result = run_bot(tmp_path, "copy-database", postgres_url)
    assert result.returncode == 0, result.stderr
    assert "deliveries     2" in result.stdout
    copied = await PostgresDatabase.connect(postgres_url)
    try:
        rows = await copied.fetch_all("SELECT id, state FROM deliveries ORDER BY id")
        assert [(row["id"], row["state"]) for row in rows] == outbox
        # Only the pending alert is left to send, under the id its nonce was made from.
        (pending,) = await DeliveryRepository(copied).due(utc_now())
        assert (pending.id, pending.state) == outbox[1]
        # New rows get ids after the copied ones.
        new_id = await copied.fetch_value(
            "INSERT INTO shows (title, title_key) VALUES ('New', 'new') RETURNING id"
        )
        assert new_id > await copied.fetch_value(
            "SELECT max(id) FROM shows WHERE id < ?", (new_id,)
        )
    finally:
        await copied.close()


async def test_copy_database_refuses_a_database_that_is_not_empty(
    tmp_path: Path, seeded_postgres_url: str
) -> None:
    await sqlite_with_a_queue(tmp_path / "cli.sqlite3")
    result = run_bot(tmp_path, "copy-database", seeded_postgres_url)
    assert_one_clear_line(result, contains="is not empty")
