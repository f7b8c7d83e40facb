"""Shared fixtures: settings on a temporary database, and the real bot on the local transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.client import Cliffhanger
from bot.local.console import local_bot
from bot.local.stand_in import LocalDiscord
from bot.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_path=tmp_path / "cliffhanger.sqlite3")


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
