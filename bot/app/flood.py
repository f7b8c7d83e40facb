"""Flood control: one user can't keep the bot busy for everyone else."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from discord.ext import commands

# Five commands in any ten seconds is more than a person types; a script hits it at once.
BURST = 5
WINDOW_SECONDS = 10.0


class Flooding(commands.CheckFailure):
    """Too many commands from one user; `warn` is False once they were told, so that the
    bot does not answer a flood with a flood of its own."""

    def __init__(self, retry_after: float, *, warn: bool) -> None:
        super().__init__(f"Slow down a little: try again in {max(1, round(retry_after))} s.")
        self.retry_after = retry_after
        self.warn = warn


@dataclass
class FloodGuard:
    burst: int = BURST
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _recent: dict[int, list[float]] = field(default_factory=dict)
    _warned_until: dict[int, float] = field(default_factory=dict)

    def admit(self, user_id: int) -> None:
        """Count one command for the user, or raise Flooding if they are over the limit."""
        now = self.clock()
        recent = [moment for moment in self._recent.get(user_id, []) if now - moment < self.window]
        if len(recent) >= self.burst:
            retry_after = self.window - (now - recent[0])
            warn = self._warned_until.get(user_id, 0.0) <= now
            self._warned_until[user_id] = now + retry_after
            self._recent[user_id] = recent
            raise Flooding(retry_after, warn=warn)
        recent.append(now)
        self._recent[user_id] = recent
        if len(self._recent) > 10_000:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        # Bounded memory in a bot with many users: drop everyone quiet for a whole window.
        for user_id in [
            user for user, moments in self._recent.items() if now - moments[-1] >= self.window
        ]:
            del self._recent[user_id]
            self._warned_until.pop(user_id, None)
