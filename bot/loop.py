"""Sharing the event loop with the gateway, timers and every other task during long work."""

from __future__ import annotations

import asyncio

# A task asleep whose timer fell due while another worked needs three turns of the loop to
# run: one moves its timer to the queue behind what was already waiting, the timer's callback
# then wakes the task with a call of its own, queued behind the next step of whoever works.
TURNS_FOR_A_DUE_TIMER = 3


async def let_others_run() -> None:
    """Let every other task run before this one goes on, those whose timer fell due during
    its last step included; one turn of the loop let a sleeping task wait through two steps."""
    for _ in range(TURNS_FOR_A_DUE_TIMER):
        await asyncio.sleep(0)
