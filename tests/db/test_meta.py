"""Named values the deployment shares, on either engine."""

from __future__ import annotations

from db.connection import Database
from db.meta import MetaRepository


async def test_a_value_never_put_is_none(database: Database) -> None:
    assert await MetaRepository(database).get("never") is None


async def test_a_value_put_is_read_back_by_another_repository(database: Database) -> None:
    await MetaRepository(database).put("poll", '{"covered_since": 1}')

    assert await MetaRepository(database).get("poll") == '{"covered_since": 1}'


async def test_putting_a_value_again_replaces_it(database: Database) -> None:
    meta = MetaRepository(database)
    await meta.put("poll", "first")
    await meta.put("poll", "second")

    assert await meta.get("poll") == "second"
