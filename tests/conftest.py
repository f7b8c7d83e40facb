"""Shared fixtures: settings on a temporary database, the real bot on the local transport, and
databases opened directly for the repository and pipeline tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.client import Cliffhanger
from bot.local.console import local_bot
from bot.local.stand_in import LocalDiscord
from bot.settings import Settings
from db.connection import Database
from db.model.shows import ShowEntry
from db.shows import seed_if_new
from tests import seed

# The feed site fixture (`feed_server`) serves tests in several folders.
pytest_plugins = ["tests.feed_server"]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # No news source, said outright: on Discord the default is every source, and no test
    # may reach the network. A test that polls sets its own.
    return Settings(database_path=tmp_path / "cliffhanger.sqlite3", news_sources=())


@pytest.fixture
async def local(settings: Settings) -> AsyncIterator[tuple[Cliffhanger, LocalDiscord]]:
    async with local_bot(settings) as started:
        yield started


@pytest.fixture
def bot(local: tuple[Cliffhanger, LocalDiscord]) -> Cliffhanger:
    return local[0]


@pytest.fixture
def discord_stand_in(local: tuple[Cliffhanger, LocalDiscord]) -> LocalDiscord:
    return local[1]


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database with no shows in it: each test imports what it needs."""
    # Its own file, so that a test may also start the bot on `settings` without sharing it.
    opened = await Database.open(tmp_path / "repositories.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def seeded_database(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database holding the shipped catalogue, as the bot's first start leaves it."""
    opened = await Database.open(tmp_path / "seeded.sqlite3")
    await seed_if_new(opened)
    yield opened
    await opened.close()


@pytest.fixture
def tiny_pretty_things() -> ShowEntry:
    """The shipped catalogue's show, as parsed from db/seed/catalogue.json."""
    return seed.tiny_pretty_things()
