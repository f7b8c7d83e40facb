"""Headlines into news: read each new feed item, find the show it names, apply what it says.

Matching never guesses: a title must be a catalogued show's title or alias as written (or,
with TVmaze on, the one show TVmaze knows by it), and a platform the headline names must not
contradict the show's. Items whose show can't be placed are kept, with what they said, for
owners and editors to attach by hand. Every item is remembered by its GUID and link, so an
article seen again does nothing.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.catalogue.service import CatalogueService
from bot.sources.base import FeedItem, Headline
from db.feeds import FeedRepository
from db.model.clock import utc_now
from db.model.feeds import AMBIGUOUS, UNMATCHED, UNRESOLVED_OUTCOMES, NewItem
from db.model.headlines import HeadlineEvent, read_headline
from db.model.news import NewsChange
from db.model.reports import Report, ReportOutcome, apply_report, platforms_agree
from db.model.shows import PartialDate, ShowEntry
from db.model.titles import TitleIndex
from db.news import NewsRepository

logger = logging.getLogger(__name__)

AUTHOR = "source:feeds"
# A report this close to the event it repeats is the same story from another outlet.
SAME_STORY_DAYS = 30

# What became of an item with several events, most worth an editor's look first.
_PRECEDENCE = (UNMATCHED, AMBIGUOUS, "news", "history", "also", "known", "ignored")


class ReportApplier(Protocol):
    async def apply_report(
        self, show_id: int, decide: Callable[[ShowEntry], ReportOutcome]
    ) -> ReportOutcome: ...


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an event's show was found: one show, or why not."""

    show_id: int | None
    outcome: str | None = None  # UNMATCHED or AMBIGUOUS when show_id is None


class HeadlineDesk:
    def __init__(
        self,
        applier: ReportApplier,
        catalogue: CatalogueService,
        news: NewsRepository,
        feeds: FeedRepository,
        *,
        clock: Callable[[], datetime.datetime] = utc_now,
    ) -> None:
        self.applier = applier
        self.catalogue = catalogue
        self.news = news
        self.feeds = feeds
        self._clock = clock

    async def apply(self, headline: Headline) -> list[NewsChange]:
        """The news one item makes (none for most items), stored and remembered. An item
        that fails unexpectedly is logged and set aside, never retried: one bad headline
        must not stop its feed for good."""
        try:
            return await self._apply_headline(headline)
        except Exception:
            code = secrets.token_hex(3)
            logger.exception("headline %r could not be applied (%s)", headline.item.title, code)
            await self._remember(headline.item, [], detail=f"unexpected error {code}")
            return []

    async def _apply_headline(self, headline: Headline) -> list[NewsChange]:
        item = headline.item
        published = (item.published or self._clock()).date()
        events = read_headline(item.title, published=published, summary=item.summary)
        results: list[tuple[str, int | None, str]] = []
        changes: list[NewsChange] = []
        for event in events:
            placement = await self.place(event)
            if placement.show_id is None:
                assert placement.outcome is not None
                results.append((placement.outcome, None, _describe(event)))
                continue
            report = Report(item.title, item.outlet, item.link, published, headline.backlog)
            outcome, change = await self._apply(placement.show_id, event, report)
            results.append((outcome, placement.show_id, _describe(event)))
            if change is not None:
                changes.append(change)
        await self._remember(item, results)
        return changes

    async def place(self, event: HeadlineEvent) -> Placement:
        """The one show a headline's event is about, by exact title, then by TVmaze."""
        index = await self.catalogue.ready()
        titled = index.exactly(event.show_title)
        known = [
            show_id
            for show_id in titled
            if platforms_agree(_platform_of(index, show_id), event.platform)
        ]
        if not known and event.revival and len(titled) == 1:
            # The one show of that title, saved by a platform other than its own.
            known = list(titled)
        if len(known) == 1:
            return Placement(known[0])
        if len(known) > 1:
            return Placement(None, AMBIGUOUS)
        found = await self.catalogue.look_up_elsewhere(event.show_title)
        if isinstance(found, list):
            return Placement(None, AMBIGUOUS if found else UNMATCHED)
        if found is None or not (
            event.revival or platforms_agree(found.entry.platform, event.platform)
        ):
            return Placement(None, UNMATCHED)
        return Placement(found.id)

    async def attach(self, item_id: int, show_id: int) -> list[NewsChange]:
        """An editor says which show an unplaced item is about: apply it to that show."""
        record = await self.feeds.item(item_id)
        if record is None:
            return []
        published = (record.published_at or record.seen_at).date()
        changes: list[NewsChange] = []
        for event in read_headline(record.title, published=published):
            report = Report(record.title, record.outlet, record.link, published)
            _, change = await self._apply(show_id, event, report)
            if change is not None:
                changes.append(change)
        await self.feeds.set_outcome(item_id, "attached", show_id)
        return changes

    async def _apply(
        self, show_id: int, event: HeadlineEvent, report: Report
    ) -> tuple[str, NewsChange | None]:
        outcome = await self.applier.apply_report(
            show_id, lambda stored: apply_report(stored, event, report, author=AUTHOR)
        )
        if outcome.change is not None:
            return ("news" if outcome.change.announce else "history"), outcome.change
        if not outcome.confirms:
            return "known", None
        latest = await self.news.latest_of_kinds(show_id, outcome.confirms)
        if latest is None or not _same_story(latest.entry.date, report.published):
            return "known", None
        day = PartialDate(report.published.year, report.published.month, report.published.day)
        added = await self.news.add_source(latest.id, report.outlet, report.url, day)
        return ("also" if added else "known"), None

    async def _remember(
        self,
        item: FeedItem,
        results: list[tuple[str, int | None, str]],
        *,
        detail: str | None = None,
    ) -> None:
        outcome, show_id = "ignored", None
        if results:
            outcome, show_id, _ = min(results, key=lambda result: _PRECEDENCE.index(result[0]))
            detail = "; ".join(f"{text}: {result}" for result, _, text in results)
        await self.feeds.remember(
            NewItem(
                feed=item.feed,
                guid=item.guid,
                link=item.link,
                title=item.title,
                outlet=item.outlet,
                published_at=item.published,
                outcome=outcome,
                show_id=show_id,
                detail=detail,
            )
        )
        if outcome in UNRESOLVED_OUTCOMES:
            logger.info("headline kept for the editors (%s): %s", outcome, item.title)


def _platform_of(index: TitleIndex, show_id: int) -> str | None:
    entry = index.entry(show_id)
    return entry.platform if entry is not None else None


def _same_story(reported: PartialDate, published: datetime.date) -> bool:
    exact = reported.exact
    return exact is not None and abs((published - exact).days) <= SAME_STORY_DAYS


def _describe(event: HeadlineEvent) -> str:
    season = f" season {event.season}" if event.season else ""
    return f"{event.kind}{season} of {event.show_title!r}"
