"""What each channel is talking about: the show a question without a title is about.

A show becomes a channel's subject when a command answers about it, a question is answered
about it, or an alert about it is posted there. Memory only, bounded, and forgotten after
`SUBJECT_SECONDS`: a restart or a quarter of an hour of silence about shows starts afresh.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

SUBJECT_SECONDS = 15 * 60
# One small entry per channel; the least recently active go first beyond this.
MAX_CHANNELS = 10_000


@dataclass(frozen=True, slots=True)
class Subject:
    show_id: int
    title: str
    since: float  # the clock's reading when it became the subject


class Conversations:
    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        seconds: float = SUBJECT_SECONDS,
        max_channels: int = MAX_CHANNELS,
    ) -> None:
        self._clock = clock
        self._seconds = seconds
        self._max_channels = max_channels
        self._subjects: OrderedDict[int, Subject] = OrderedDict()

    def remember(self, channel_id: int | None, show_id: int, title: str) -> None:
        if channel_id is None:
            return
        self._subjects.pop(channel_id, None)
        self._subjects[channel_id] = Subject(show_id, title, self._clock())
        while len(self._subjects) > self._max_channels:
            self._subjects.popitem(last=False)

    def subject(self, channel_id: int | None) -> Subject | None:
        """The show the channel talked about in the last `SUBJECT_SECONDS`, if any."""
        if channel_id is None:
            return None
        subject = self._subjects.get(channel_id)
        if subject is None:
            return None
        if self._clock() - subject.since > self._seconds:
            del self._subjects[channel_id]
            return None
        return subject

    def __len__(self) -> int:
        return len(self._subjects)
