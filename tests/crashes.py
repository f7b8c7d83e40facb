"""A process killed at a chosen point, for the tests of what a restart completes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from db.news import NewsRepository


class ProcessKilled(RuntimeError):
    """Stands for the process dying: nothing after it runs."""


@contextmanager
def killed_at_news_record(call: int) -> Iterator[None]:
    """NewsRepository.record works until its `call`-th call, which dies as a killed process
    would; leaving the block restores it, as a restart does."""
    original = NewsRepository.record
    calls = 0

    async def record_then_die(self: NewsRepository, *args: Any, **kwargs: Any) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == call:
            raise ProcessKilled("process killed")
        return await original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NewsRepository, "record", record_then_die)
        yield
