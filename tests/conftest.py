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
from db.model.shows import ShowEntry
from tests import seed

# The feed site fixture (`feed_server`) serves tests in several folders; tests.postgres gives
# the `database` and `seeded_database` fixtures, on SQLite and on a PostgreSQL server started
# by the first test that needs it.
pytest_plugins = ["tests.feed_server", "tests.postgres"]

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
def tiny_pretty_things() -> ShowEntry:
    """The shipped catalogue's show, as parsed from db/seed/catalogue.json."""
    return seed.tiny_pretty_things()
