"""The news flow: snapshots from a source or an editor become facts, events and alerts."""

from __future__ import annotations

import asyncio
import datetime
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.catalogue.service import CatalogueService
from bot.logs import source_failure
from bot.news.headlines import HeadlineDesk
from bot.sources.base import NewsSource, SourceError
from db.connection import Database
from db.feeds import FeedRepository
from db.model.changes import (
    describe,
    detect_changes,
    merge_snapshot,
    season_out_change,
    seasons_out_on,
)
from db.model.clock import utc_now
from db.model.news import NewsChange
from db.model.reports import ReportOutcome
from db.model.shows import Catalogue, ShowEntry
from db.news import NewsRepository

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollResult:
    source: str
    finished_at: datetime.datetime
    shows_seen: int = 0
    shows_added: int = 0
    requests: int = 0
    changes: tuple[str, ...] = ()
    error: str | None = None
    headlines_read: int = 0
    # Parts that failed while the rest was applied (a feed of several, a source of several).
    problems: tuple[str, ...] = ()

    def describe(self) -> str:
        when = self.finished_at.strftime("%Y-%m-%d %H:%M UTC")
        if self.error is not None:
            return f"Poll of {self.source} at {when} failed: {self.error}. Nothing was changed."
        text = f"Poll of {self.source} at {when}: {self.shows_seen} shows checked, "
        if self.headlines_read:
            text += f"{self.headlines_read} new headlines read, "
        text += f"{self.requests} requests, {len(self.changes)} changes"
        if self.shows_added:
            text += f", {self.shows_added} new shows added"
        if self.changes:
            text += ":\n" + "\n".join(f"• {change}" for change in self.changes)
        else:
            text += "."
        for problem in self.problems:
            text += f"\n(not read this time: {problem})"
        return text

    @classmethod
    def combined(cls, results: Sequence[PollResult]) -> PollResult:
        """One report for a poll of several sources; it failed only if every source did."""
        if len(results) == 1:
            return results[0]
        failed = [result for result in results if result.error is not None]
        worked = [result for result in results if result.error is None]
        name = ", ".join(result.source for result in results)
        finished = max(result.finished_at for result in results)
        if not worked:
            errors = "; ".join(f"{result.source}: {result.error}" for result in failed)
            return cls(name, finished, error=errors)
        return cls(
            source=name,
            finished_at=finished,
            shows_seen=sum(result.shows_seen for result in worked),
            shows_added=sum(result.shows_added for result in worked),
            requests=sum(result.requests for result in results),
            changes=tuple(change for result in worked for change in result.changes),
            headlines_read=sum(result.headlines_read for result in worked),
            problems=(
                *(problem for result in worked for problem in result.problems),
                *(f"{result.source}: {result.error}" for result in failed),
            ),
        )


@dataclass
class NewsService:
    database: Database
    catalogue: CatalogueService
    # Polled in this order by one poll; empty: only editors make news.
    sources: tuple[NewsSource, ...]
    clock: Callable[[], datetime.datetime] = utc_now
    # Called after alerts were queued, so deliveries start at once rather than at the next tick.
    on_enqueued: Callable[[], None] = lambda: None
    last_poll: PollResult | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    desk: HeadlineDesk = field(init=False)

    def __post_init__(self) -> None:
        self.desk = HeadlineDesk(
            self, self.catalogue, self.news, FeedRepository(self.database), clock=self.clock
        )

    @property
    def news(self) -> NewsRepository:
        return NewsRepository(self.database)

    async def poll(self) -> PollResult:
        """Fetch every source once and apply what changed; a source that fails changes
        nothing, and the others are applied all the same."""
        results = [await self._poll_source(source) for source in self.sources]
        if not results:
            results = [PollResult("none", self.clock())]
        return self._finish(PollResult.combined(results))

    async def _poll_source(self, source: NewsSource) -> PollResult:
        try:
            snapshot = await source.fetch()
        except SourceError as error:
            logger.warning(
                "news source %s failed: %s",
                source.name,
                error,
                extra=source_failure(source.name, error),
            )
            return PollResult(source.name, self.clock(), error=str(error))
        except Exception as error:
            code = secrets.token_hex(3)
            logger.exception("news source %s failed unexpectedly (%s)", source.name, code)
            failure = f"unexpected error {code} ({type(error).__name__})"
            return PollResult(source.name, self.clock(), error=failure)
        changes: list[NewsChange] = []
        new_shows: list[ShowEntry] = []
        for fresh in snapshot.shows:
            show_id = await self._match(fresh)
            if show_id is None:
                new_shows.append(fresh)
                continue
            changes += await self.apply_snapshot(show_id, fresh, source)
        if new_shows:
            # A show nobody can have subscribed to yet is added quietly: no alert to send.
            await self.catalogue.import_catalogue(Catalogue(shows=tuple(new_shows)))
        for headline in snapshot.headlines:
            changes += await self.desk.apply(headline)
        acknowledge = getattr(source, "acknowledge", None)
        if acknowledge is not None:
            await acknowledge()
        return PollResult(
            source=source.name,
            finished_at=self.clock(),
            shows_seen=len(snapshot.shows),
            shows_added=len(new_shows),
            requests=snapshot.requests,
            changes=tuple(describe(changes)),
            headlines_read=len(snapshot.headlines),
            problems=snapshot.problems,
        )

    async def _match(self, fresh: ShowEntry) -> int | None:
        """The stored show a snapshot entry describes, if any.

        The catalogue matches by ids, then title and premiere year. A snapshot that leaves
        the premiere out (or a stored show that lacks it) still means the one show of that
        exact title: a missing field is never a change, so never a second copy of a show.
        """
        show_id = await self.catalogue.shows.match(fresh)
        if show_id is not None:
            return show_id
        index = await self.catalogue.ready()
        resolution = index.resolve(fresh.title)
        if resolution.show_id is not None:
            candidates = [resolution.show_id]
        else:
            candidates = [candidate.show_id for candidate in resolution.candidates]
        year = fresh.premiered.year if fresh.premiered else None
        same_title = [
            entry.show_id
            for entry in map(index.entry, candidates)
            if entry is not None
            and entry.title.casefold() == fresh.title.casefold()
            and (year is None or entry.year is None)
        ]
        return same_title[0] if len(same_title) == 1 else None

    def _finish(self, result: PollResult) -> PollResult:
        self.last_poll = result
        logger.info("%s", result.describe())
        return result

    async def apply_snapshot(
        self, show_id: int, fresh: ShowEntry, source: NewsSource
    ) -> list[NewsChange]:
        """A source's view of a show: merged over what we know, changes become news."""
        return await self._apply(
            show_id,
            lambda stored: merge_snapshot(stored, fresh),
            fresh,
            author=f"source:{source.name}",
            source=source.label,
        )

    async def apply_report(
        self, show_id: int, decide: Callable[[ShowEntry], ReportOutcome]
    ) -> ReportOutcome:
        """A reported event (a headline's): `decide` rules on the show's facts as stored at
        that moment, and what it rules is stored with its news in one transaction."""
        async with self._lock:
            stored = await self.catalogue.shows.get(show_id)
            if stored is None:
                return ReportOutcome()
            outcome = decide(stored.entry)
            if outcome.change is not None:
                await self.news.record(show_id, [outcome.change], facts=outcome.facts)
        if outcome.facts is not None:
            await self.catalogue.refresh(show_id)
        if outcome.change is not None and outcome.change.announce:
            self.on_enqueued()
        return outcome

    async def apply_edit(
        self, show_id: int, edit: Callable[[ShowEntry], ShowEntry], *, author: str, source: str
    ) -> list[NewsChange]:
        """An editor's change: `edit` returns the show's new facts, taken as they are."""
        return await self._apply(show_id, edit, None, author=author, source=source)

    async def _apply(
        self,
        show_id: int,
        new_facts: Callable[[ShowEntry], ShowEntry],
        snapshot: ShowEntry | None,
        *,
        author: str,
        source: str,
    ) -> list[NewsChange]:
        # One at a time: reading the stored facts and writing the new ones must not interleave
        # with another poll or edit of the same show.
        async with self._lock:
            stored = await self.catalogue.shows.get(show_id)
            if stored is None:
                return []
            facts = new_facts(stored.entry)
            changes = detect_changes(
                stored.entry,
                snapshot if snapshot is not None else facts,
                author=author,
                source=source,
                today=self.clock().date(),
            )
            if not changes and facts == stored.entry:
                return []
            await self.news.record(show_id, changes, facts=facts)
        await self.catalogue.refresh(show_id)
        if changes:
            self.on_enqueued()
        return changes

    async def announce_seasons_out(self, day: datetime.date) -> list[NewsChange]:
        """The daily job: a "season out today" event for each season released on `day`."""
        announced: list[NewsChange] = []
        for show_id in await self.catalogue.shows.releasing_on(day):
            async with self._lock:
                stored = await self.catalogue.shows.get(show_id)
                if stored is None:
                    continue
                done = await self.news.announced_seasons_out(show_id)
                changes = [
                    season_out_change(stored.title, season, day, stored.entry.platform)
                    for season in seasons_out_on(stored.entry, day)
                    if season.number not in done
                ]
                if changes:
                    await self.news.record(show_id, changes)
            announced += changes
        if announced:
            self.on_enqueued()
        return announced
