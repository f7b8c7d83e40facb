from __future__ import annotations

import pytest

from bot.app.flood import BURST, WINDOW_SECONDS, FloodGuard, Flooding
from bot.local.stand_in import CONSOLE_USER_ID, MEMBER_USER_ID, LocalDiscord


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_within_the_limit_is_admitted() -> None:
    guard = FloodGuard(clock=FakeClock())
    for _ in range(BURST):
        guard.admit(1)


def test_one_more_is_refused_with_a_warning_then_silently() -> None:
    guard = FloodGuard(clock=FakeClock())
    for _ in range(BURST):
        guard.admit(1)
    with pytest.raises(Flooding) as first:
        guard.admit(1)
    assert first.value.warn
    assert 0 < first.value.retry_after <= WINDOW_SECONDS
    with pytest.raises(Flooding) as second:
        guard.admit(1)
    assert not second.value.warn


def test_the_limit_is_per_user() -> None:
    guard = FloodGuard(clock=FakeClock())
    for _ in range(BURST):
        guard.admit(1)
    guard.admit(2)


def test_the_window_passing_lets_a_user_back_in() -> None:
    clock = FakeClock()
    guard = FloodGuard(clock=clock)
    for _ in range(BURST):
        guard.admit(1)
    clock.now += WINDOW_SECONDS
    guard.admit(1)


async def test_a_flooding_member_is_told_once_and_others_are_still_answered(
    discord_stand_in: LocalDiscord,
) -> None:
    answered = [
        await discord_stand_in.send("!search pretty", author_id=MEMBER_USER_ID)
        for _ in range(BURST)
    ]
    assert all(replies for replies in answered)
    (warning,) = await discord_stand_in.send("!search pretty", author_id=MEMBER_USER_ID)
    assert "Slow down" in warning.content
    assert await discord_stand_in.send("!search pretty", author_id=MEMBER_USER_ID) == []
    assert await discord_stand_in.send("!search pretty", author_id=CONSOLE_USER_ID)


async def test_the_owner_is_never_throttled(discord_stand_in: LocalDiscord) -> None:
    for _ in range(BURST * 3):
        assert await discord_stand_in.send("!search pretty", author_id=CONSOLE_USER_ID)


async def test_a_flood_of_questions_is_throttled_too(discord_stand_in: LocalDiscord) -> None:
    for _ in range(BURST):
        await discord_stand_in.send("@Cliffhanger good morning", author_id=MEMBER_USER_ID)
    (warning,) = await discord_stand_in.send("@Cliffhanger hello", author_id=MEMBER_USER_ID)
    assert "Slow down" in warning.content


async def test_slash_commands_count_towards_the_same_limit(discord_stand_in: LocalDiscord) -> None:
    for _ in range(BURST):
        await discord_stand_in.interact("search", {"words": "pretty"}, author_id=MEMBER_USER_ID)
    (warning,) = await discord_stand_in.interact(
        "search", {"words": "pretty"}, author_id=MEMBER_USER_ID
    )
    assert "Slow down" in warning.content
    assert warning.ephemeral
