"""The catalogue version moves in the transaction that changes what a title index reads, on
each engine, and stays put otherwise."""

from __future__ import annotations

import pytest

from db.connection import Database
from db.model.catalogue_format import parse_catalogue
from db.model.shows import Catalogue
from db.shows import ShowRepository


def catalogue(*shows: dict[str, object]) -> Catalogue:
    return parse_catalogue({"shows": list(shows)}, origin="test")


async def test_an_import_moves_the_version(database: Database) -> None:
    shows = ShowRepository(database)
    before = await shows.catalogue_version()
    await shows.import_catalogue(catalogue({"title": "Moving Show", "aliases": ["Mover"]}))
    assert await shows.catalogue_version() > before


async def test_a_new_alias_moves_the_version(database: Database) -> None:
    shows = ShowRepository(database)
    await shows.import_catalogue(catalogue({"title": "Moving Show"}))
    before = await shows.catalogue_version()
    await shows.import_catalogue(catalogue({"title": "Moving Show", "aliases": ["Mover"]}))
    assert await shows.catalogue_version() > before


async def test_a_change_no_title_index_reads_leaves_the_version(database: Database) -> None:
    shows = ShowRepository(database)
    (show_id,) = (await shows.import_catalogue(catalogue({"title": "Moving Show"})))[1]
    before = await shows.catalogue_version()
    async with database.transaction() as connection:
        await connection.execute("UPDATE shows SET status = 'renewed' WHERE id = ?", (show_id,))
    assert await shows.catalogue_version() == before


async def test_a_rolled_back_change_leaves_the_version(database: Database) -> None:
    shows = ShowRepository(database)
    before = await shows.catalogue_version()

    async def add_then_fail() -> None:
        async with database.transaction() as connection:
            await connection.execute("INSERT INTO shows (title) VALUES ('Never Kept')")
            raise RuntimeError("changed my mind")

    with pytest.raises(RuntimeError):
        await add_then_fail()
    assert await shows.catalogue_version() == before


async def test_a_database_without_the_counter_reads_as_version_zero(database: Database) -> None:
    async with database.transaction() as connection:
        await connection.execute("DELETE FROM meta WHERE key = 'catalogue_version'")
    assert await ShowRepository(database).catalogue_version() == 0


async def test_the_shows_changed_since_a_version_are_listed(database: Database) -> None:
    shows = ShowRepository(database)
    await shows.import_catalogue(catalogue({"title": "Before"}))
    before = await shows.catalogue_version()
    _, added = await shows.import_catalogue(catalogue({"title": "After"}, {"title": "Later"}))
    assert await shows.titles_changed_since(before, limit=10) == sorted(added)


async def test_more_changes_than_the_limit_are_not_listed(database: Database) -> None:
    shows = ShowRepository(database)
    before = await shows.catalogue_version()
    await shows.import_catalogue(catalogue({"title": "After"}, {"title": "Later"}))
    assert await shows.titles_changed_since(before, limit=1) is None
