"""Fault injection for the delivery tests, kept out of the stand-in the console runs on."""

from __future__ import annotations

import pytest

from bot.local.stand_in import LocalDiscord
from tests.alerting import ChannelFaults


@pytest.fixture
def faults(discord_stand_in: LocalDiscord) -> ChannelFaults:
    """Sends that fail or lose their answer, and hidden history, set per channel by the test."""
    return ChannelFaults(discord_stand_in)
