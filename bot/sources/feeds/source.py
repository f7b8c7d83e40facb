"""The trade press as a news source: every configured feed, read once a poll.

A poll hands the pipeline only the items it has never seen (by GUID or link), each marked as
backlog when it was published more than a day before its feed was first polled: a feed holds
weeks of items, and a new feed must not replay them as alerts, while the last day's news is
still news. Which items were seen, and
the validators for the next conditional GET, are saved only once the pipeline has applied
the poll (`acknowledge`): a poll that dies half way is simply read again.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.logs import source_failure
from bot.sources.base import FeedItem, Headline, Snapshot, SourceError
from bot.sources.feeds.reader import FeedError, FeedRead, FeedReader, Validators
from db.feeds import FeedRepository
from db.model.clock import utc_now
from db.model.feeds import FeedState

logger = logging.getLogger(__name__)

LABEL = "the trade press"
# How old an item may be, at a feed's first poll, and still be news rather than backlog.
FRESH = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Read:
    feed: str
    state: FeedState | None
    result: FeedRead | None = None
    error: str | None = None


class FeedsSource:
    name = "feeds"
    label = LABEL

    def __init__(
        self,
        feeds: Sequence[str],
        repository: FeedRepository,
        *,
        reader: FeedReader | None = None,
        clock: Callable[[], datetime.datetime] = utc_now,
    ) -> None:
        self.feeds = tuple(feeds)
        self.repository = repository
        self.reader = reader or FeedReader()
        self._clock = clock
        self._unacknowledged: list[FeedRead] = []
        self._polled_at = clock()

    async def close(self) -> None:
        await self.reader.close()

    async def fetch(self) -> Snapshot:
        self._polled_at = self._clock()
        reads = await asyncio.gather(*(self._read(feed) for feed in self.feeds))
        problems = [f"{read.feed}: {read.error}" for read in reads if read.error is not None]
        for read in reads:
            if read.error is not None:
                logger.warning(
                    "feed %s failed: %s",
                    read.feed,
                    read.error,
                    extra=source_failure(self.name, read.error),
                )
                await self.repository.save_state(
                    read.feed,
                    etag=None,
                    last_modified=None,
                    polled_at=self._polled_at,
                    error=read.error,
                )
        done = [read for read in reads if read.result is not None]
        if not done:
            raise SourceError("no feed could be read: " + "; ".join(problems))
        self._unacknowledged = [read.result for read in done if read.result is not None]
        headlines = await self._new_headlines(done)
        return Snapshot(
            shows=(),
            requests=len(reads),
            headlines=tuple(headlines),
            problems=tuple(problems),
        )

    async def acknowledge(self) -> None:
        """The poll was applied: keep each feed's validators for the next conditional GET."""
        for read in self._unacknowledged:
            await self.repository.save_state(
                read.feed,
                etag=read.validators.etag,
                last_modified=read.validators.last_modified,
                polled_at=self._polled_at,
                error=None,
            )
        self._unacknowledged = []

    async def _read(self, feed: str) -> _Read:
        state = await self.repository.state(feed)
        validators = (
            Validators(state.etag, state.last_modified) if state is not None else Validators()
        )
        try:
            return _Read(feed, state, result=await self.reader.read(feed, validators))
        except FeedError as error:
            return _Read(feed, state, error=str(error).removeprefix(f"feed {feed}: "))

    async def _new_headlines(self, reads: Sequence[_Read]) -> list[Headline]:
        items = [item for read in reads if read.result for item in read.result.items]
        already = await self.repository.seen([key for item in items for key in _keys(item)])
        # A feed never read before is read for the first time by this very poll.
        firsts = {
            read.feed: (read.state.first_polled_at if read.state else None) or self._polled_at
            for read in reads
        }
        headlines: list[Headline] = []
        for item in items:
            # The same article syndicated by two feeds (or listed twice) is one item.
            if already.intersection(_keys(item)):
                continue
            already.update(_keys(item))
            headlines.append(Headline(item, backlog=_is_backlog(item, firsts[item.feed])))
        return headlines


def _keys(item: FeedItem) -> tuple[str, ...]:
    return (item.guid, item.link) if item.link else (item.guid,)


def _is_backlog(item: FeedItem, first_polled: datetime.datetime) -> bool:
    """Published well before we first read its feed; an undated item is taken as news."""
    return item.published is not None and item.published < first_polled - FRESH
