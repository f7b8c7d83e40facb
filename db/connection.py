"""The storage interface every repository uses, and its SQLite implementation.

Repositories write one SQL text for both engines (the common subset: `?` placeholders,
ON CONFLICT, RETURNING, no rowid, no JSON functions, no NOCASE); `Connection` runs it on
whichever engine the process was started with. What the engines really do differently
(schema version, migrations, locking, backup) lives in the `Database` implementations:
SQLite here, PostgreSQL in db/postgresql.py.
"""

from __future__ import annotations

import asyncio
import fcntl
import itertools
import logging
import os
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
DIALECTS = ("sqlite", "postgresql")

# SQLite's page cache for a bulk write: with its default 2 MB, inserting 100,000 shows read
# the indexes' pages back from the OS again and again (a third of the import's CPU time).
BULK_CACHE_KIB = 131_072


# sqlite3 binds a None through its adaptation protocol: an adapter looked up and not found,
# then two attribute lookups that fail. Adapted to itself (by a builtin that returns None
# for any key) it is one lookup found: importing 100,000 shows binds 2.1 million of them,
# and this took 0.5 s off aiosqlite's thread.
sqlite3.register_adapter(type(None), {}.get)


class DatabaseError(RuntimeError):
    """The database can't be opened or upgraded; the message is for the operator."""


class DatabaseSetupError(DatabaseError):
    """The database as configured can't be used (unreachable, refused, newer than this
    program, not the empty target a copy needs): the operator's to fix, as a bad setting."""


class IntegrityError(DatabaseError):
    """A statement broke a constraint (a unique key, a foreign key, a CHECK)."""


class Row(Protocol):
    """A result row, read by column name or by position (sqlite3.Row and asyncpg.Record)."""

    def __getitem__(self, key: int | str, /) -> Any: ...


class Connection(Protocol):
    """One connection, inside a transaction or a run of reads."""

    dialect: str

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]: ...

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> Row | None: ...

    async def fetch_value(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The first column of the first row, None when there is no row."""
        ...

    async def serialize(self, key: str) -> None:
        """Hold `key` until the transaction ends: what a read decides is written before any
        other process's transaction holding the same key reads. SQLite's BEGIN IMMEDIATE
        already makes every writer wait; PostgreSQL takes an advisory lock."""
        ...

    async def next_ids(self, table: str, count: int) -> list[int]:
        """`count` fresh ids for rows of `table` inserted with explicit ids."""
        ...

    async def insert_rows(self, insert: str, rows: Sequence[Sequence[Any]]) -> None:
        """`insert` (INSERT INTO table (columns) VALUES (?, …)) for every row, the way
        this engine takes many rows fastest; any other statement runs once per row."""
        ...

    async def start_inserts(
        self, inserts: Sequence[Inserts], *, after: Awaitable[None] | None = None
    ) -> Awaitable[None]:
        """`insert_rows` for each (insert, rows), in order, begun once `after` is done: what
        it returns finishes when they are written, raising as they would. Meanwhile the
        caller may prepare what comes next, but must run no other statement on this
        connection until it has awaited that."""
        ...


# An INSERT statement and the rows it is run for.
Inserts = tuple[str, Sequence[Sequence[Any]]]


def migration_scripts(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """(version, name, sql) for every `db/migrations/<dialect>/NNNN_name.sql`, in order."""
    scripts = []
    for item in (resources.files("db") / "migrations" / dialect).iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            scripts.append((int(name[:4]), name, item.read_text(encoding="utf-8")))
    scripts.sort()
    versions = [version for version, _, _ in scripts]
    if versions != list(range(1, len(versions) + 1)):
        raise DatabaseError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return scripts


def newer_schema(where: str, version: int, known: int) -> DatabaseSetupError:
    return DatabaseSetupError(
        f"the database {where} is at schema version {version}, newer than this program "
        f"knows ({known}): upgrade Cliffhanger"
    )


class Database(ABC):
    """The process's database: SQLite (one connection) or PostgreSQL (a pool)."""

    dialect: str
    # Where it is, fit to print: a file's path, or a URL without its password.
    path: str

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
        """The SQLite database at `path`, created and migrated as needed."""
        return await SqliteDatabase.open_file(path, busy_timeout_ms=busy_timeout_ms)

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def migrate(self) -> int:
        """Apply every migration newer than the database; returns the version it is at."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """A connection in a transaction: committed at the end, rolled back on any exception
        (cancellation included)."""

    @abstractmethod
    def reading(self) -> AbstractAsyncContextManager[Connection]:
        """A connection for several reads in a row, with no transaction opened."""

    @abstractmethod
    async def backup(self, target: str | Path) -> None: ...

    @abstractmethod
    async def hold(self, name: str) -> bool:
        """Take, or keep, the lock `name` that one process at a time may hold; True while this
        one holds it. It is let go when this process closes the database or dies, however it
        dies (killed, crashed, cut off), so another can take it at its next try."""

    @abstractmethod
    async def let_go(self, name: str) -> None:
        """Give up `name` if this process holds it."""

    @asynccontextmanager
    async def bulk_writing(self) -> AsyncIterator[None]:
        """Tuned for one large write (an import) while inside, as this engine needs; as
        before afterwards. Nothing to tune unless an engine says otherwise."""
        yield

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]:
        async with self.reading() as connection:
            return await connection.fetch_all(sql, parameters)

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> Row | None:
        async with self.reading() as connection:
            return await connection.fetch_one(sql, parameters)

    async def fetch_value(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        async with self.reading() as connection:
            return await connection.fetch_value(sql, parameters)


class SqliteConnection:
    """aiosqlite's connection behind the `Connection` protocol."""

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.raw = connection

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        try:
            cursor = await self.raw.execute(sql, parameters)
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from error
        changed = cursor.rowcount
        await cursor.close()
        return changed

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            await self.raw.executemany(sql, rows)
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from error

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]:
        # INSERT … RETURNING comes here too.
        try:
            return list(await self.raw.execute_fetchall(sql, parameters))
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from error

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> Row | None:
        try:
            cursor = await self.raw.execute(sql, parameters)
            row = await cursor.fetchone()
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from error
        await cursor.close()
        return row

    async def fetch_value(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]

    async def serialize(self, key: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE made this the only writer until it commits."""

    async def next_ids(self, table: str, count: int) -> list[int]:
        # The ids SQLite would give one by one: nobody else writes inside our transaction.
        first = int(await self.fetch_value(f"SELECT coalesce(max(id), 0) FROM {table}")) + 1
        return list(range(first, first + count))

    async def insert_rows(self, insert: str, rows: Sequence[Sequence[Any]]) -> None:
        for sql, parameters in _multi_row_inserts(insert, rows):
            await self.executemany(sql, parameters)

    async def start_inserts(
        self, inserts: Sequence[Inserts], *, after: Awaitable[None] | None = None
    ) -> Awaitable[None]:
        # Every statement is queued on aiosqlite's thread at once, so that thread writes them
        # all (SQLite's own work needs no GIL) while this one prepares the next: importing
        # 100,000 shows, each waited for the other for a third of the time.
        statements = [
            statement
            for insert, rows in inserts
            if rows
            for statement in _multi_row_inserts(insert, rows)
        ]
        if after is not None:
            await after
        writing = [asyncio.ensure_future(self.executemany(sql, rows)) for sql, rows in statements]
        # A task's first step puts its statement in aiosqlite's queue: one turn of the loop
        # queues them all, in order.
        await asyncio.sleep(0)
        return asyncio.ensure_future(_all_done(writing))


# Parameters in one statement: SQLite before 3.32 allows no more.
_MAX_PARAMETERS = 999

# An executemany call: the statement and its parameters.
_Statement = tuple[str, Sequence[Sequence[Any]]]


def _multi_row_inserts(insert: str, rows: Sequence[Sequence[Any]]) -> list[_Statement]:
    """SQLite's statements for `insert` (INSERT ... VALUES (?, ...)) of every row, as many
    rows a statement as its parameters allow: on the benchmark's import the shows' and
    seasons' inserts took a quarter less CPU than with a statement a row. The number of rows
    is fixed, so the text, and with it the compiled statement, stays the same; the rest go a
    row a statement."""
    if " VALUES (" not in insert:  # INSERT … SELECT: a statement a row
        return [(insert, rows)]
    head, values = insert.split(" VALUES ")
    width = values.count("?")
    per_statement = max(1, _MAX_PARAMETERS // width)
    whole = len(rows) - len(rows) % per_statement
    statements: list[_Statement] = []
    if whole:
        statements.append(
            (
                f"{head} VALUES {', '.join([values] * per_statement)}",
                [
                    tuple(itertools.chain.from_iterable(rows[start : start + per_statement]))
                    for start in range(0, whole, per_statement)
                ],
            )
        )
    if whole < len(rows):
        statements.append((insert, rows[whole:]))
    return statements


async def _all_done(tasks: Sequence[asyncio.Future[None]]) -> None:
    """Wait for every task, then raise the first one's error, if any: a failed statement
    must not leave the others' errors unretrieved."""
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


class SqliteDatabase(Database):
    """One aiosqlite connection for the whole process.

    aiosqlite runs every statement on one thread, but two tasks could still interleave
    statements inside each other's transaction; the lock makes each transaction, and each
    read outside one, whole.
    """

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._connection = connection
        self._wrapped = SqliteConnection(connection)
        self._lock = asyncio.Lock()
        self.path = path
        # Lock files held open (their descriptors), by name: see `hold`.
        self._held: dict[str, int] = {}

    @classmethod
    async def open_file(
        cls, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> SqliteDatabase:
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
        for name in list(self._held):
            await self.let_go(name)
        async with self._lock:
            await self._connection.close()

    async def hold(self, name: str) -> bool:
        """An exclusive OS file lock (flock) on a file beside the database: the kernel lets it
        go when the process exits in any way, which no row in the database could promise.
        A database in memory belongs to this process alone, so it always holds it."""
        if self.path == ":memory:" or name in self._held:
            return True
        descriptor = os.open(f"{self.path}-{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        except BaseException:
            os.close(descriptor)
            raise
        self._held[name] = descriptor
        return True

    async def let_go(self, name: str) -> None:
        descriptor = self._held.pop(name, None)
        if descriptor is not None:
            # Closing the descriptor drops the lock: flock belongs to the open file.
            os.close(descriptor)

    async def schema_version(self) -> int:
        row = await self.fetch_one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply every migration newer than the file's user_version; each in its own transaction."""
        current = await self.schema_version()
        scripts = migration_scripts("sqlite")
        if current > len(scripts):
            raise newer_schema(self.path, current, len(scripts))
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
    async def transaction(self) -> AsyncIterator[SqliteConnection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (cancellation included)."""
        async with self._lock:
            try:
                await self._connection.execute("BEGIN IMMEDIATE")
            except BaseException:
                # Cancelled while BEGIN ran on aiosqlite's thread: it may have begun anyway,
                # and the next transaction would find this one still open.
                if self._connection.in_transaction:
                    await self._connection.execute("ROLLBACK")
                raise
            try:
                yield self._wrapped
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
    async def reading(self) -> AsyncIterator[SqliteConnection]:
        async with self._lock:
            yield self._wrapped


async def _check_foreign_keys(connection: SqliteConnection, migration: str) -> None:
    broken = await connection.fetch_all("PRAGMA foreign_key_check")
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
