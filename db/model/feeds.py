"""Trade-press feeds as storage knows them: each feed's polling state and each item read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# What became of a feed item; stored, so a value never changes.
# news: recorded as news; history: recorded without alerts; known: the catalogue already had
# it; also: listed as another outlet of stored news; ignored: not about what comes next;
# unmatched, ambiguous: no show or several, left to an editor; attached: an editor chose one.
FEED_ITEM_OUTCOMES = (
    "news",
    "history",
    "known",
    "also",
    "ignored",
    "unmatched",
    "ambiguous",
    "attached",
)


UNMATCHED, AMBIGUOUS = "unmatched", "ambiguous"
UNRESOLVED_OUTCOMES = (UNMATCHED, AMBIGUOUS)
# What an editor reads about an item left to them.
WHY_UNRESOLVED = {
    UNMATCHED: "no catalogued show by that title",
    AMBIGUOUS: "more than one show by that title",
}


def check_outcome(outcome: str) -> None:
    if outcome not in FEED_ITEM_OUTCOMES:
        expected = ", ".join(FEED_ITEM_OUTCOMES)
        raise ValueError(f"unknown feed item outcome {outcome!r}, expected one of {expected}")


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the last polls of one feed left: validators for a conditional GET, and times."""

    url: str
    etag: str | None
    last_modified: str | None
    # The first poll that read the feed: until then its items are a backlog, not news.
    first_polled_at: datetime.datetime | None
    last_polled_at: datetime.datetime | None
    last_error: str | None  # the last poll's failure; None when it succeeded


@dataclass(frozen=True, slots=True)
class NewItem:
    """A feed item read for the first time, with what became of it."""

    feed: str
    guid: str
    link: str | None
    title: str
    outlet: str | None
    published_at: datetime.datetime | None
    outcome: str
    show_id: int | None = None
    detail: str | None = None  # why: the rule, the candidates, the news event

    def __post_init__(self) -> None:
        check_outcome(self.outcome)


@dataclass(frozen=True, slots=True)
class FeedItemRecord:
    id: int
    feed: str
    guid: str
    link: str | None
    title: str
    outlet: str | None
    published_at: datetime.datetime | None
    seen_at: datetime.datetime
    outcome: str
    show_id: int | None
    detail: str | None
