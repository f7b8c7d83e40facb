"""A local TVmaze for every test here; a module that needs shows served overrides `tvmaze`
with a fixture of the same name that asks for this one and serves them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.tvmaze_server import FakeTVmaze


@pytest.fixture
async def tvmaze() -> AsyncIterator[FakeTVmaze]:
    """A started local TVmaze that serves nothing yet; closed after the test."""
    server = FakeTVmaze()
    await server.start()
    yield server
    await server.close()
