"""Choosing the engine, and moving a SQLite database into PostgreSQL."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from db.connection import (
    Connection,
    Database,
    DatabaseError,
    DatabaseSetupError,
    SqliteDatabase,
)
from db.postgresql import PostgresDatabase, safe_url

logger = logging.getLogger(__name__)

# Every table, parents before children (the order the copy inserts them in).
TABLES = (
    "shows",
    "platforms",
    "show_aliases",
    "seasons",
    "recap_points",
    "cast_members",
    "news_events",
    "news_sources",
    "meta",
    "subscriptions",
    "deliveries",
    "feeds",
    "feed_items",
    "reminders",
    "boards",
)
# Tables whose ids come from a sequence on PostgreSQL, moved past the copied ids afterwards.
_IDENTITY_TABLES = (
    "shows",
    "recap_points",
    "news_events",
    "news_sources",
    "subscriptions",
    "deliveries",
    "feed_items",
)
_COPY_BATCH = 5000


async def open_database(path: str | Path, url: str | None = None) -> Database:
    """PostgreSQL at `url` when it is given, else the SQLite file at `path`; migrated."""
    if url is not None:
        return await PostgresDatabase.connect(url)
    return await SqliteDatabase.open_file(path)


@dataclass(frozen=True, slots=True)
class CopyReport:
    """Rows per table, as counted in the target after the copy (equal to the source's)."""

    counts: tuple[tuple[str, int], ...]


async def copy_database(source: SqliteDatabase, url: str) -> CopyReport:
    """Copy every row of `source` into the empty PostgreSQL database at `url` (migrated first),
    in one transaction, then check each table's count against the source's.

    Ids are kept, so deliveries keep their events, nonces and alert references: an alert
    queued or half sent in SQLite is neither lost nor sent again by the PostgreSQL process.
    """
    target = await PostgresDatabase.connect(url)
    try:
        expected = {table: await _count(source, table) for table in TABLES}
        async with target.transaction() as connection:
            found = [table for table in TABLES if await _count(connection, table)]
            if found:
                raise DatabaseSetupError(
                    f"the database {safe_url(url)} is not empty ({', '.join(found)} have "
                    "rows): copy-database only fills an empty one"
                )
            for table in TABLES:
                columns = await _columns(connection, table)
                await _copy_table(source, connection, table, columns)
            # The SQLite process's claims mean nothing to the processes that will share this.
            await connection.execute(
                "UPDATE deliveries SET claimed_by = NULL, lease_until = NULL "
                "WHERE claimed_by IS NOT NULL"
            )
            for table in _IDENTITY_TABLES:
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
            counts = []
            for table in TABLES:
                copied = await _count(connection, table)
                if copied != expected[table]:
                    raise DatabaseError(
                        f"{table}: {expected[table]} rows in {source.path} but {copied} copied; "
                        "nothing was kept"
                    )
                counts.append((table, copied))
    finally:
        await target.close()
    logger.info("copied %s into %s", source.path, safe_url(url))
    return CopyReport(tuple(counts))


async def _count(database: Database | Connection, table: str) -> int:
    return int(await database.fetch_value(f"SELECT count(*) FROM {table}"))


async def _columns(connection: Connection, table: str) -> list[str]:
    rows = await connection.fetch_all(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in rows]


async def _copy_table(
    source: SqliteDatabase, target: Connection, table: str, columns: list[str]
) -> None:
    listed = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    # DO NOTHING: a trigger may have written the row already (platforms, from shows); the
    # counts checked afterwards still catch any row missing.
    insert = f"INSERT INTO {table} ({listed}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    async with source.reading() as reader:
        # One pass over the table, a batch in memory at a time.
        cursor = await reader.raw.execute(f"SELECT {listed} FROM {table}")
        try:
            while rows := await cursor.fetchmany(_COPY_BATCH):
                await target.executemany(insert, [tuple(row) for row in rows])
        finally:
            await cursor.close()
