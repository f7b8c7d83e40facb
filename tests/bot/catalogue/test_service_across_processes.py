"""The catalogue service keeps its title index up with changes made through another process
on the same database, on each engine."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.catalogue import service as service_module
from bot.catalogue.service import CatalogueService
from db.backends import open_database
from db.connection import Database
from db.model.catalogue_format import parse_catalogue
from db.model.shows import Catalogue
from db.postgresql import PostgresDatabase


def catalogue(*shows: dict[str, object]) -> Catalogue:
    return parse_catalogue({"shows": list(shows)}, origin="test")


NEW_SHOW = catalogue({"title": "Far Away Show"})


@pytest.fixture
async def here(database: Database) -> AsyncIterator[CatalogueService]:
    service = await CatalogueService.load(database)
    yield service
    await service.close()


@pytest.fixture
async def elsewhere(database: Database) -> AsyncIterator[CatalogueService]:
    """The catalogue of another process on the same database: its own connections."""
    url = database.url if isinstance(database, PostgresDatabase) else None
    other = await open_database(database.path, url)
    service = await CatalogueService.load(other)
    yield service
    await service.close()
    await other.close()


async def test_an_import_elsewhere_is_found_here_once_caught_up(
    here: CatalogueService, elsewhere: CatalogueService
) -> None:
    await elsewhere.import_catalogue(NEW_SHOW)
    assert await here.catch_up()
    assert (await here.find_stored("far away show")).entry.title == "Far Away Show"


async def test_catching_up_with_nothing_changed_keeps_the_index(here: CatalogueService) -> None:
    index = await here.ready()
    assert not await here.catch_up()
    assert here.index is index


async def test_a_show_renamed_elsewhere_is_found_here_by_its_new_title_only(
    here: CatalogueService, elsewhere: CatalogueService
) -> None:
    await elsewhere.import_catalogue(catalogue({"title": "Old Name", "tvmaze_id": 5}))
    await here.catch_up()
    index = here.index
    await elsewhere.import_catalogue(catalogue({"title": "New Name", "tvmaze_id": 5}))
    assert await here.catch_up()
    assert here.index.is_title("New Name")
    assert not here.index.is_title("Old Name")
    # Refreshed show by show, not rebuilt.
    assert here.index is index


async def test_past_the_limit_the_index_is_rebuilt_whole(
    here: CatalogueService, elsewhere: CatalogueService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_module, "CATCH_UP_LIMIT", 1)
    index = here.index
    await elsewhere.import_catalogue(catalogue({"title": "First Show"}, {"title": "Second Show"}))
    assert await here.catch_up()
    assert here.index is not index
    assert here.index.is_title("First Show")
    assert here.index.is_title("Second Show")
