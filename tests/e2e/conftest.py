"""Fixtures for the end-to-end tests: the fake Discord, the news file, and real bot processes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import BotLauncher, seed_show, write_news
from tests.e2e.loopback import refuse_non_loopback


def pytest_configure(config: pytest.Config) -> None:
    # Registered here so the marker needs nothing outside tests/e2e; deselect with -m "not e2e".
    config.addinivalue_line("markers", "e2e: starts the real bot process against a fake Discord")


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[None]:
    """In this process too, nothing may leave 127.0.0.1."""
    undo = refuse_non_loopback()
    yield
    undo()


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    assert server.failures == [], "the fake Discord itself failed"


@pytest.fixture
def news_file(tmp_path: Path) -> Path:
    """The `file:` news source, saying at first exactly what the catalogue already knows."""
    path = tmp_path / "news.json"
    write_news(path, seed_show("Tiny Pretty Things"))
    return path


@pytest.fixture
async def bots(
    discord_server: FakeDiscord, tmp_path: Path, news_file: Path
) -> AsyncIterator[BotLauncher]:
    launcher = BotLauncher(discord_server, tmp_path, news_file)
    # A wait on the fake fails at once, with the bot's log, if the bot has died.
    discord_server.abort_probe = launcher.death
    try:
        yield launcher
    finally:
        launcher.kill_all()
