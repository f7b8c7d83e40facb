"""One process at a time leads, on each engine; a leader that goes lets another take over."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from db.backends import open_database
from db.connection import Database
from db.leadership import LOCK_NAME, Leadership
from db.postgresql import PostgresDatabase


@pytest.fixture
async def other(database: Database) -> AsyncIterator[Database]:
    """A second process's view of the same database: its own connections and its own locks."""
    url = database.url if isinstance(database, PostgresDatabase) else None
    opened = await open_database(database.path, url)
    yield opened
    await opened.close()


async def test_of_two_processes_only_one_leads(database: Database, other: Database) -> None:
    first, second = Leadership(database, "first"), Leadership(other, "second")
    assert await first.try_lead()
    assert not await second.try_lead()
    # Asked again at the next tick, each keeps its part.
    assert await first.try_lead()
    assert not await second.try_lead()


async def test_a_closed_leader_lets_the_other_lead(database: Database, other: Database) -> None:
    first, second = Leadership(database, "first"), Leadership(other, "second")
    assert await first.try_lead()
    await database.let_go(LOCK_NAME)
    assert await second.try_lead()
    assert not await first.try_lead()


async def test_the_followers_name_the_leader(database: Database, other: Database) -> None:
    first, second = Leadership(database, "host-a pid 1"), Leadership(other, "host-b pid 2")
    await first.try_lead()
    await second.try_lead()
    status = await second.status()
    assert (status.leads, status.holder) == (False, "host-a pid 1")
    assert (await first.status()).leads


async def test_a_leader_whose_connection_is_cut_loses_the_lead_to_the_other(
    postgres_url: str,
) -> None:
    # What a leader killed with SIGKILL leaves: its session gone, and with it the lock.
    leader_db = await PostgresDatabase.connect(postgres_url)
    other_db = await PostgresDatabase.connect(postgres_url)
    try:
        leader, follower = Leadership(leader_db, "leader"), Leadership(other_db, "follower")
        assert await leader.try_lead()
        assert not await follower.try_lead()
        admin = await asyncpg.connect(postgres_url)
        try:
            # The only advisory lock held in this database of the test's own.
            ended = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                "WHERE locktype = 'advisory' AND granted AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            assert ended == 1
        finally:
            await admin.close()
        # The terminated backend lets go of its locks as it exits, a moment after the signal;
        # a follower retries at each tick.
        assert await eventually_leads(follower)
        assert not await leader.try_lead()
    finally:
        await leader_db.close()
        await other_db.close()


async def eventually_leads(leadership: Leadership, within: float = 10.0) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await leadership.try_lead():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True
