"""Flood control: a burst is admitted, one more is warned once then ignored, per user, until
the window passes; the bot's owners are exempt."""

from __future__ import annotations

import pytest

from bot.app.flood import BURST, WINDOW_SECONDS, FloodGuard, Flooding
from bot.local.stand_in import CONSOLE_USER_ID, MEMBER_USER_ID, LocalDiscord
from tests.messages import text_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def admits(guard: FloodGuard, user_id: int) -> bool:
    """Whether the guard lets one more command of the user through."""
    try:
        guard.admit(user_id)
    except Flooding:
        return False
    return True


SEARCH_ANSWER = "== Shows matching “pretty” =="


def test_a_burst_within_the_limit_is_admitted() -> None:
    guard = FloodGuard(clock=FakeClock())
    assert [admits(guard, 1) for _ in range(BURST)] == [True] * BURST


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
    assert not admits(guard, 1)
    assert [admits(guard, 2) for _ in range(BURST - 1)] == [True] * (BURST - 1)


def test_the_window_passing_lets_a_user_back_in() -> None:
    clock = FakeClock()
    guard = FloodGuard(clock=clock)
    for _ in range(BURST):
        guard.admit(1)
    clock.now += WINDOW_SECONDS - 0.5
    assert not admits(guard, 1)
    clock.now += 0.5
    guard.admit(1)
    assert [admits(guard, 1) for _ in range(BURST - 1)] == [True] * (BURST - 1)


def test_a_user_who_floods_again_after_the_window_is_warned_again() -> None:
    clock = FakeClock()
    guard = FloodGuard(clock=clock)
    for _ in range(BURST):
        guard.admit(1)
    with pytest.raises(Flooding) as first:
        guard.admit(1)
    assert first.value.warn
    clock.now += WINDOW_SECONDS
    for _ in range(BURST):
        guard.admit(1)
    with pytest.raises(Flooding) as again:
        guard.admit(1)
    assert again.value.warn


def test_the_retry_after_is_when_the_oldest_command_leaves_the_window() -> None:
    clock = FakeClock()
    guard = FloodGuard(clock=clock)
    for _ in range(BURST):
        guard.admit(1)
        clock.now += 1.0
    with pytest.raises(Flooding) as refused:
        guard.admit(1)
    assert refused.value.retry_after == pytest.approx(WINDOW_SECONDS - BURST)
    assert f"try again in {round(WINDOW_SECONDS - BURST)} s" in str(refused.value)


async def test_a_flooding_member_is_told_once_and_others_are_still_answered(
    discord_stand_in: LocalDiscord,
) -> None:
    answered = [
        await discord_stand_in.send("!search pretty", author_id=MEMBER_USER_ID)
        for _ in range(BURST)
    ]
    assert all(replies for replies in answered)
    assert all(SEARCH_ANSWER in text_of(replies) for replies in answered)
    (warning,) = await discord_stand_in.send("!search pretty", author_id=MEMBER_USER_ID)
    assert "Slow down" in warning.content
    assert await discord_stand_in.send("!search pretty", author_id=MEMBER_USER_ID) == []
    assert await discord_stand_in.send("!search pretty", author_id=CONSOLE_USER_ID)


async def test_the_owner_is_never_throttled(discord_stand_in: LocalDiscord) -> None:
    for _ in range(BURST * 3):
        assert await discord_stand_in.send("!search pretty", author_id=CONSOLE_USER_ID)
    replies = await discord_stand_in.send("!search pretty", author_id=CONSOLE_USER_ID)
    assert SEARCH_ANSWER in text_of(replies)
    assert "Slow down" not in text_of(replies)


async def test_a_flood_of_questions_is_throttled_too(discord_stand_in: LocalDiscord) -> None:
    hints = [
        await discord_stand_in.send("@Cliffhanger good morning", author_id=MEMBER_USER_ID)
        for _ in range(BURST)
    ]
    assert all("Ask me about a show" in text_of(replies) for replies in hints)
    (warning,) = await discord_stand_in.send("@Cliffhanger hello", author_id=MEMBER_USER_ID)
    assert "Slow down" in warning.content
    assert await discord_stand_in.send("@Cliffhanger hello", author_id=MEMBER_USER_ID) == []


async def test_slash_commands_count_towards_the_same_limit(discord_stand_in: LocalDiscord) -> None:
    answered = [
        await discord_stand_in.interact("search", {"words": "pretty"}, author_id=MEMBER_USER_ID)
        for _ in range(BURST)
    ]
    assert all(SEARCH_ANSWER in text_of(replies) for replies in answered)
    (warning,) = await discord_stand_in.interact(
        "search", {"words": "pretty"}, author_id=MEMBER_USER_ID
    )
    assert "Slow down" in warning.content
    assert warning.ephemeral
