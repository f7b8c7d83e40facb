"""The process's one SQLite connection, with migrations and serialised transactions."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

# SQLite's page cache for a bulk write: with its default 2 MB, inserting 100,000 shows read
# the indexes' pages back from the OS again and again (a third of the import's CPU time).
BULK_CACHE_KIB = 131_072


class DatabaseError(RuntimeError):
    """The database file can't be opened or upgraded; the message is for the operator."""


def migration_scripts() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every `db/migrations/NNNN_name.sql`, in order."""
    scripts = []
    for item in (resources.files("db") / "migrations").iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            scripts.append((int(name[:4]), name, item.read_text(encoding="utf-8")))
    scripts.sort()
    versions = [version for version, _, _ in scripts]
    if versions != list(range(1, len(versions) + 1)):
        raise DatabaseError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return scripts


class Database:
    """One aiosqlite connection for the whole process.

    aiosqlite runs every statement on one thread, but two tasks could still interleave
    statements inside each other's transaction; the lock makes each transaction, and each
    read outside one, whole.
    """

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
        target = str(path)
        try:
            if target != ":memory:":
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            connection = await aiosqlite.connect(target, isolation_level=None)
        except (sqlite3.Error, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            raise DatabaseError(f"can't open the database {target}: {reason}") from error
        database = cls(connection, target)
        try:
            connection.row_factory = aiosqlite.Row
            # Another process (a backup, an admin's sqlite3 shell) may hold the lock briefly.
            await connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await connection.execute("PRAGMA foreign_keys = ON")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
            await database.migrate()
        except sqlite3.DatabaseError as error:
            await connection.close()
            raise DatabaseError(f"can't use the database {target}: {error}") from error
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        async with self._lock:
            await self._connection.close()

    async def schema_version(self) -> int:
        row = await self.fetch_one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply every migration newer than the file's user_version; each in its own transaction."""
        current = await self.schema_version()
        scripts = migration_scripts()
        if current > len(scripts):
            raise DatabaseError(
                f"the database {self.path} is at schema version {current}, newer than this "
                f"program knows ({len(scripts)}): upgrade Cliffhanger"
            )
        pending = scripts[current:]
        if not pending:
            return len(scripts)
        # Rebuilding a table (the only way to change a CHECK) drops it, which with foreign keys
        # on would cascade into its children. The pragma is a no-op inside a transaction, so
        # it is switched around all of them, and each migration checks the keys before commit.
        enforced = await self.fetch_one("PRAGMA foreign_keys")
        await self._execute("PRAGMA foreign_keys = OFF")
        try:
            for version, name, sql in pending:
                async with self.transaction() as connection:
                    # executescript would COMMIT our transaction; run statement by statement.
                    for statement in _split_statements(sql):
                        await connection.execute(statement)
                    await _check_foreign_keys(connection, name)
                    await connection.execute(f"PRAGMA user_version = {version}")
                logger.info("applied migration %s", name)
        finally:
            if enforced is not None and enforced[0]:
                await self._execute("PRAGMA foreign_keys = ON")
        return len(scripts)

    @asynccontextmanager
    async def bulk_writing(self) -> AsyncIterator[None]:
        """Tuned for one large write (an import) while inside; as before afterwards."""
        row = await self.fetch_one("PRAGMA cache_size")
        await self._execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            if row is not None:
                await self._execute(f"PRAGMA cache_size = {int(row[0])}")

    async def _execute(self, sql: str) -> None:
        async with self._lock:
            await self._connection.execute(sql)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (cancellation included)."""
        async with self._lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                await self._connection.execute("ROLLBACK")
                raise
            else:
                await self._connection.execute("COMMIT")

    async def backup(self, target: str | Path) -> None:
        """A consistent copy of the live database (SQLite's online backup), safe while the
        bot keeps running and writing."""
        async with self._lock:
            destination = await aiosqlite.connect(str(target))
            try:
                await self._connection.backup(destination)
            finally:
                await destination.close()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection for several reads in a row, with no transaction opened."""
        async with self._lock:
            yield self._connection

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._lock:
            cursor = await self._connection.execute(sql, parameters)
            rows = await cursor.fetchall()
            await cursor.close()
            return list(rows)

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> aiosqlite.Row | None:
        async with self._lock:
            cursor = await self._connection.execute(sql, parameters)
            row = await cursor.fetchone()
            await cursor.close()
            return row


async def _check_foreign_keys(connection: aiosqlite.Connection, migration: str) -> None:
    cursor = await connection.execute("PRAGMA foreign_key_check")
    broken = await cursor.fetchall()
    await cursor.close()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise DatabaseError(
            f"after migration {migration}, {len(broken)} rows refer to rows that don't exist, "
            f"the first in {table} (row {rowid}, referring to {parent}); nothing was changed"
        )


def _split_statements(sql: str) -> Iterable[str]:
    """Split a migration into complete statements (sqlite3.complete_statement knows triggers)."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statement = pending.strip()
            if statement.strip(";").strip():
                yield statement
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in pending.splitlines()
    ):
        raise DatabaseError(f"migration ends with an incomplete statement: {pending.strip()[:60]}")
