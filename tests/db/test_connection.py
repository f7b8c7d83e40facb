import datetime
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from db.connection import (
    BULK_CACHE_KIB,
    Connection,
    Database,
    DatabaseError,
    IntegrityError,
    _split_statements,
    migration_scripts,
)
from db.model.feeds import FEED_ITEM_OUTCOMES
from db.model.shows import EpisodeEntry
from db.model.vocabulary import CONFIDENCES, NEWS_KINDS, PRECISIONS, STATUSES
from db.shows import ShowRepository


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


async def test_a_bulk_write_has_a_larger_page_cache_and_gives_it_back(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "bot.sqlite3")
    try:
        before = (await database.fetch_one("PRAGMA cache_size"))[0]
        async with database.bulk_writing():
            during = (await database.fetch_one("PRAGMA cache_size"))[0]
        after = (await database.fetch_one("PRAGMA cache_size"))[0]
        assert (during, after) == (-BULK_CACHE_KIB, before)
        assert -during > abs(before)
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
        ("outcome", FEED_ITEM_OUTCOMES),
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


def database_at_version(path: Path, version: int) -> sqlite3.Connection:
    """A file built by the first `version` migrations only, as an older bot left it."""
    connection = sqlite3.connect(path, isolation_level=None)
    for number, _, sql in migration_scripts()[:version]:
        for statement in _split_statements(sql):
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {number}")
    return connection


ALERTS_AT_VERSION_2 = """
INSERT INTO shows (id, title) VALUES (1, 'One'), (2, 'Two');
INSERT INTO news_events (id, show_id, reported_on, kind, text, confidence, author, details)
    VALUES (7, 1, '2026-01-02', 'renewed', 'Renewed.', 'confirmed', 'source:test',
            '{"field": "status"}'),
           (9, 2, '2026-01-03', 'cancelled', 'Cancelled.', 'reported', 'catalogue', '{}');
INSERT INTO subscriptions (id, guild_id, channel_id, show_id, created_by)
    VALUES (3, 10, 100, 1, 5), (4, 10, 200, NULL, 5);
INSERT INTO deliveries (id, event_id, subscription_id, channel_id, state, message_id)
    VALUES (11, 7, 3, 100, 'delivered', 555),
           (12, 9, 4, 200, 'pending', NULL);
"""


def everything_in(
    connection: sqlite3.Connection, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the alert tables; with `columns`, only those (the ones an older version
    had, since later migrations add some)."""
    tables = ("shows", "news_events", "subscriptions", "deliveries")
    return {
        table: connection.execute(
            f"SELECT {', '.join(columns[table]) if columns else '*'} FROM {table} ORDER BY id"
        ).fetchall()
        for table in tables
    }


def columns_in(connection: sqlite3.Connection) -> dict[str, list[str]]:
    tables = ("shows", "news_events", "subscriptions", "deliveries")
    return {
        table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        for table in tables
    }


@pytest.fixture
def alerts_at_version_2(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    with closing(database_at_version(path, 2)) as old:
        old.executescript(ALERTS_AT_VERSION_2)
    return path


async def test_news_events_and_their_deliveries_survive_the_rebuild_for_ending(
    alerts_at_version_2: Path,
) -> None:
    with closing(sqlite3.connect(alerts_at_version_2)) as old:
        columns = columns_in(old)
        before = everything_in(old, columns)
    database = await Database.open(alerts_at_version_2)
    await database.close()
    with closing(sqlite3.connect(alerts_at_version_2)) as upgraded:
        after = everything_in(upgraded, columns)
    # Later versions add columns (shows' final season, deliveries' user); every row and id of
    # version 2 is still there, with the values it had.
    assert after == before


async def test_the_rebuilt_news_events_accept_ending_and_still_enforce_foreign_keys(
    alerts_at_version_2: Path,
) -> None:
    database = await Database.open(alerts_at_version_2)
    try:
        async with database.transaction() as connection:
            await connection.execute(
                "INSERT INTO news_events (show_id, reported_on, kind, text, confidence) "
                "VALUES (1, '2026-02', 'ending', 'Season 3 is the last.', 'confirmed')"
            )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            async with database.transaction() as connection:
                await connection.execute(
                    "INSERT INTO deliveries (event_id, subscription_id, channel_id) "
                    "VALUES (404, 3, 300)"
                )
        async with database.transaction() as connection:
            await connection.execute("DELETE FROM news_events WHERE id = 7")
        remaining = await database.fetch_all("SELECT id FROM deliveries")
        assert [row["id"] for row in remaining] == [12]
    finally:
        await database.close()


async def test_a_migration_that_would_leave_a_dangling_reference_is_refused_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    with closing(database_at_version(path, 2)) as old:
        # Written with foreign keys off, as an admin's sqlite3 shell would.
        old.executescript(ALERTS_AT_VERSION_2 + "DELETE FROM subscriptions WHERE id = 4;")
    with pytest.raises(DatabaseError, match="deliveries"):
        await Database.open(path)
    with closing(sqlite3.connect(path)) as kept:
        assert kept.execute("PRAGMA user_version").fetchone() == (2,)
        tables = kept.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        assert ("news_sources",) not in tables


async def test_version_4_moves_a_stored_next_episode_out_of_extra(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    episode = {
        "season": 6,
        "number": 3,
        "name": "Uneasy Lies",
        "date": "2026-06-04",
        "airs_at": "2026-06-05T01:00:00+00:00",
    }
    with closing(database_at_version(path, 3)) as old:
        old.execute(
            "INSERT INTO shows (id, title, extra) VALUES (1, 'Slow Horses', ?), (2, 'Two', ?)",
            (
                json.dumps({"next_episode": episode, "tvmaze_updated": 5}),
                json.dumps({"next_episode": {"name": "no season"}}),
            ),
        )
    database = await Database.open(path)
    try:
        show = await ShowRepository(database).get(1)
        other = await ShowRepository(database).get(2)
    finally:
        await database.close()
    assert show is not None
    assert other is not None
    assert show.entry.next_episode == EpisodeEntry(
        season=6,
        number=3,
        name="Uneasy Lies",
        date=datetime.date(2026, 6, 4),
        airs_at=datetime.datetime(2026, 6, 5, 1, tzinfo=datetime.UTC),
    )
    assert show.entry.extra == {"tvmaze_updated": 5}
    # An incomplete one is no episode: dropped, never half read.
    assert (other.entry.next_episode, other.entry.extra) == (None, {})


async def test_version_6_moves_a_dm_recipient_out_of_channel_id(alerts_at_version_2: Path) -> None:
    with closing(sqlite3.connect(alerts_at_version_2, isolation_level=None)) as old:
        old.execute("PRAGMA foreign_keys = OFF")
        for number, _, sql in migration_scripts()[2:5]:
            for statement in _split_statements(sql):
                old.execute(statement)
            old.execute(f"PRAGMA user_version = {number}")
        # Version 5 kept a DM's user in channel_id, with no subscription.
        old.execute("INSERT INTO deliveries (id, event_id, channel_id) VALUES (13, 7, 4242)")
    database = await Database.open(alerts_at_version_2)
    try:
        rows = await database.fetch_all(
            "SELECT id, subscription_id, channel_id, user_id FROM deliveries ORDER BY id"
        )
        assert [tuple(row) for row in rows] == [
            (11, 3, 100, None),
            (12, 4, 200, None),
            (13, None, None, 4242),
        ]
        # Exactly one recipient, and a DM belongs to no subscription.
        for values in ("(9, 3, 100, 4242)", "(9, NULL, NULL, NULL)", "(9, 3, NULL, 4242)"):
            with pytest.raises(IntegrityError, match="CHECK"):
                async with database.transaction() as connection:
                    await connection.execute(
                        "INSERT INTO deliveries (event_id, subscription_id, channel_id, user_id) "
                        f"VALUES {values}"
                    )
    finally:
        await database.close()


async def test_many_rows_go_in_at_once_on_either_engine(database: Database) -> None:
    # More rows than one of SQLite's statements takes, and on PostgreSQL by COPY.
    rows = [(f"key {number:04d}", str(number)) for number in range(1000)]
    async with database.transaction() as connection:
        await connection.insert_rows("INSERT INTO meta (key, value) VALUES (?, ?)", rows)
    stored = await database.fetch_all(
        "SELECT key, value FROM meta WHERE key LIKE 'key %' ORDER BY key"
    )
    assert [(row[0], row[1]) for row in stored] == rows


async def test_many_rows_breaking_a_constraint_raise_an_integrity_error(
    database: Database,
) -> None:
    rows = [("same key", "1"), ("same key", "2")]
    with pytest.raises(IntegrityError):
        async with database.transaction() as connection:
            await connection.insert_rows("INSERT INTO meta (key, value) VALUES (?, ?)", rows)
    assert await database.fetch_one("SELECT 1 FROM meta WHERE key = 'same key'") is None


async def test_inserts_started_together_are_written_in_order_on_either_engine(
    database: Database,
) -> None:
    # Shows first, then their seasons: each insert needs the one before it written.
    shows = [(number, f"Show {number}", f"show {number}") for number in range(1, 301)]
    seasons = [(number, 1) for number in range(1, 301)]
    async with database.transaction() as connection:
        writing = await connection.start_inserts(
            [
                ("INSERT INTO shows (id, title, title_key) VALUES (?, ?, ?)", shows),
                ("INSERT INTO seasons (show_id, number) VALUES (?, ?)", seasons),
            ]
        )
        following = await connection.start_inserts(
            [("INSERT INTO seasons (show_id, number) VALUES (?, ?)", [(1, 2)])], after=writing
        )
        await following
    stored = await database.fetch_all(
        "SELECT show_id, number FROM seasons ORDER BY show_id, number"
    )
    assert [(row[0], row[1]) for row in stored] == sorted([*seasons, (1, 2)])


async def test_inserts_started_together_raise_a_broken_constraint_when_awaited(
    database: Database,
) -> None:
    rows = [("same key", "1"), ("same key", "2")]

    async def insert_and_wait(connection: Connection) -> None:
        await (
            await connection.start_inserts([("INSERT INTO meta (key, value) VALUES (?, ?)", rows)])
        )

    with pytest.raises(IntegrityError):
        async with database.transaction() as connection:
            await insert_and_wait(connection)
    assert await database.fetch_one("SELECT 1 FROM meta WHERE key = 'same key'") is None


async def test_none_is_stored_as_null(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "null.sqlite3")
    try:
        async with database.transaction() as connection:
            await connection.insert_rows(
                "INSERT INTO shows (title, title_key, platform) VALUES (?, ?, ?)",
                [("Nowhere", "nowhere", None)],
            )
        row = await database.fetch_one("SELECT typeof(platform) FROM shows WHERE title = 'Nowhere'")
        assert row is not None
        assert row[0] == "null"
    finally:
        await database.close()
