"""The alert pipeline's tests run the bot on each engine; fault injection for the delivery
tests, kept out of the stand-in the console runs on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.local.stand_in import LocalDiscord
from bot.settings import Settings
from tests.alerting import ChannelFaults
from tests.postgres import ENGINES, engine_settings


@pytest.fixture(params=ENGINES)
async def settings(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Settings]:
    """The bot's settings on a SQLite file, or on a PostgreSQL database of the test's own."""
    async with engine_settings(request, tmp_path / "cliffhanger.sqlite3") as chosen:
        yield chosen


@pytest.fixture
def faults(discord_stand_in: LocalDiscord) -> ChannelFaults:
    """Sends that fail or lose their answer, and hidden history, set per channel by the test."""
    return ChannelFaults(discord_stand_in)
