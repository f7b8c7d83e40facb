"""Editors' changes to the shared catalogue.

Every change is built as the show's new facts, validated by the same parser that checks
catalogue files (so an edit can never store what an import would refuse), and saved in one
transaction through the news flow: news-relevant changes become news events, with the editor
as their author, and alert subscribed channels.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.catalogue.service import CatalogueService
from bot.errors import UserFacingError
from bot.news.pipeline import NewsService
from bot.replies.formatting import echo
from bot.replies.headlines import unplaced_headlines_reply
from bot.replies.reply import Reply
from db.model.catalogue_format import CatalogueError, catalogue_to_data, parse_catalogue
from db.model.changes import describe
from db.model.feeds import UNRESOLVED_OUTCOMES
from db.model.shows import Catalogue, NewsEntry, PartialDate, SeasonEntry, ShowEntry
from db.model.vocabulary import CONFIDENCES, NEWS_KINDS, PRECISIONS, STATUSES, status_news_kind

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Editor:
    user_id: int
    name: str

    @property
    def author(self) -> str:
        return f"editor:{self.user_id}"


@dataclass(frozen=True, slots=True)
class Sourcing:
    """How sure a change is and who says so: every news-relevant edit carries one."""

    confidence: str
    source: str
    url: str | None = None
    reported: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD; default today


def validated(entry: ShowEntry) -> ShowEntry:
    """The entry as the catalogue parser accepts it, or a user error naming the field."""
    try:
        (checked,) = parse_catalogue(
            catalogue_to_data(Catalogue(shows=(entry,))), origin="not saved"
        ).shows
    except CatalogueError as error:
        raise UserFacingError(f"{echo(str(error).replace('show 1 ', ''), 300)}") from error
    return checked


def _choice(value: str, choices: tuple[str, ...], what: str) -> str:
    cleaned = value.strip().casefold().replace(" ", "_").replace("-", "_")
    if cleaned not in choices:
        raise UserFacingError(f"{what} must be one of: {', '.join(choices)}.")
    return cleaned


def _partial_date(text: str, what: str, precision: str | None = None) -> PartialDate:
    try:
        return PartialDate.parse(text.strip(), precision)
    except ValueError as error:
        raise UserFacingError(f"{what}: {echo(str(error), 200)}") from error


class CurationService:
    def __init__(self, catalogue: CatalogueService, news: NewsService) -> None:
        self.catalogue = catalogue
        self.news = news

    def _today(self) -> PartialDate:
        today = self.catalogue.today()
        return PartialDate(today.year, today.month, today.day)

    def _news_entry(self, kind: str, text: str, sourcing: Sourcing) -> NewsEntry:
        reported = (
            _partial_date(sourcing.reported, "reported") if sourcing.reported else self._today()
        )
        return NewsEntry(
            date=reported,
            kind=kind,
            text=text,
            confidence=_choice(sourcing.confidence, CONFIDENCES.values, "confidence"),
            source=sourcing.source.strip() or None,
            source_url=(sourcing.url or "").strip() or None,
        )

    async def _save(
        self, editor: Editor, query: str, edit: Callable[[ShowEntry], ShowEntry]
    ) -> tuple[str, int]:
        show = await self.catalogue.find_stored(query)

        def checked_edit(entry: ShowEntry) -> ShowEntry:
            return validated(edit(entry))

        changes = await self.news.apply_edit(
            show.id, checked_edit, author=editor.author, source=f"{editor.name} (editor)"
        )
        logger.info(
            "editor %s changed %s: %d news events", editor.user_id, show.title, len(changes)
        )
        return show.title, len(changes)

    async def unplaced_headlines(self) -> Reply:
        items = await self.news.desk.feeds.unresolved()
        return unplaced_headlines_reply(items, self.catalogue.command_prefix)

    async def attach_headline(self, editor: Editor, item_id: int, query: str) -> Reply:
        """Apply a headline the bot could not place to the show an editor names."""
        item = await self.news.desk.feeds.item(item_id)
        if item is None or item.outcome not in UNRESOLVED_OUTCOMES:
            raise UserFacingError(
                f"There is no headline #{item_id} waiting for an editor; "
                f"`{self.catalogue.command_prefix}catalogue headlines` lists them."
            )
        show = await self.catalogue.find_stored(query)
        changes = await self.news.desk.attach(item_id, show.id)
        logger.info("editor %s attached headline %d to %s", editor.user_id, item_id, show.title)
        if not changes:
            return Reply(content=f"Attached to {show.title}: it told nothing new.")
        listed = "\n".join(f"• {line}" for line in describe(changes))
        return Reply(content=f"Attached to {show.title}:\n{listed}")

    async def add_show(
        self,
        editor: Editor,
        *,
        title: str,
        platform: str | None,
        premiered: str | None,
        status: str,
    ) -> Reply:
        try:
            day = datetime.date.fromisoformat(premiered.strip()) if premiered else None
        except ValueError as error:
            raise UserFacingError("premiered must be a date like 2024-03-15.") from error
        entry = validated(
            ShowEntry(
                title=title,
                platform=platform,
                premiered=day,
                status=_choice(status, STATUSES.values, "status"),
            )
        )
        if await self.catalogue.shows.match(entry) is not None:
            raise UserFacingError(f"{echo(entry.title)} is already in the catalogue.")
        await self.catalogue.import_catalogue(Catalogue(shows=(entry,)))
        logger.info("editor %s added %s", editor.user_id, entry.title)
        return Reply(content=f"Added {echo(entry.title)} to the catalogue.")

    async def set_status(
        self, editor: Editor, query: str, status: str, sourcing: Sourcing, text: str | None
    ) -> Reply:
        status = _choice(status, STATUSES.values, "status")
        label = STATUSES[status].label

        def edit(entry: ShowEntry) -> ShowEntry:
            if entry.status == status:
                raise UserFacingError(f"{echo(entry.title)} is already {label}.")
            kind = status_news_kind(status)
            default_text = f"{entry.title} is now {label}."
            event = self._news_entry(kind, text or default_text, sourcing)
            return dataclasses.replace(entry, status=status, news=(*entry.news, event))

        title, _ = await self._save(editor, query, edit)
        return Reply(
            content=f"Saved: {echo(title)} is now {label}, recorded in its news with your source."
        )

    async def add_news(
        self, editor: Editor, query: str, kind: str, text: str, sourcing: Sourcing
    ) -> Reply:
        kind = _choice(kind, NEWS_KINDS.values, "kind")

        def edit(entry: ShowEntry) -> ShowEntry:
            return dataclasses.replace(
                entry, news=(*entry.news, self._news_entry(kind, text, sourcing))
            )

        title, _ = await self._save(editor, query, edit)
        return Reply(content=f"Saved: a {kind.replace('_', ' ')} news item for {echo(title)}.")

    async def set_release_date(
        self,
        editor: Editor,
        query: str,
        season_number: int,
        date: str,
        precision: str | None,
        sourcing: Sourcing,
    ) -> Reply:
        if precision:
            precision = _choice(precision, PRECISIONS.values, "precision")
        release = _partial_date(date, "date", precision)
        confirmed = sourcing.confidence.strip().casefold() == "confirmed"

        def edit(entry: ShowEntry) -> ShowEntry:
            seasons = {season.number: season for season in entry.seasons}
            old = seasons.get(season_number, SeasonEntry(number=season_number))
            if old.release_date == release:
                raise UserFacingError(
                    f"Season {season_number} already has that date ({release.display()})."
                )
            # The date is as firm as this edit's source says: a reported date stays unconfirmed.
            seasons[season_number] = dataclasses.replace(
                old, release_date=release, confirmed=confirmed
            )
            verb = "moved to" if old.release_date else "set for"
            event = self._news_entry(
                "release_date",
                f"Season {season_number} of {entry.title}: release {verb} {release.display()}.",
                sourcing,
            )
            return dataclasses.replace(
                entry,
                seasons=tuple(seasons[number] for number in sorted(seasons)),
                news=(*entry.news, event),
            )

        title, _ = await self._save(editor, query, edit)
        return Reply(
            content=f"Saved: {echo(title)} season {season_number} is dated {release.display()}."
        )

    async def add_recap_point(
        self, editor: Editor, query: str, season_number: int, text: str
    ) -> Reply:
        def edit(entry: ShowEntry) -> ShowEntry:
            season = _season(entry, season_number)
            return _with_season(entry, dataclasses.replace(season, recap=(*season.recap, text)))

        title, _ = await self._save(editor, query, edit)
        return Reply(content=f"Saved: a recap point for {echo(title)} season {season_number}.")

    async def edit_recap_point(
        self, editor: Editor, query: str, season_number: int, point: int, text: str
    ) -> Reply:
        def edit(entry: ShowEntry) -> ShowEntry:
            season = _season(entry, season_number)
            recap = list(season.recap)
            recap[_point_index(season, point)] = text
            return _with_season(entry, dataclasses.replace(season, recap=tuple(recap)))

        title, _ = await self._save(editor, query, edit)
        return Reply(content=f"Saved: recap point {point} of {echo(title)} season {season_number}.")

    async def remove_recap_point(
        self, editor: Editor, query: str, season_number: int, point: int
    ) -> Reply:
        def edit(entry: ShowEntry) -> ShowEntry:
            season = _season(entry, season_number)
            recap = list(season.recap)
            del recap[_point_index(season, point)]
            return _with_season(entry, dataclasses.replace(season, recap=tuple(recap)))

        title, _ = await self._save(editor, query, edit)
        return Reply(
            content=f"Removed recap point {point} of {echo(title)} season {season_number}."
        )

    async def add_alias(self, editor: Editor, query: str, alias: str) -> Reply:
        def edit(entry: ShowEntry) -> ShowEntry:
            return dataclasses.replace(entry, aliases=(*entry.aliases, alias))

        title, _ = await self._save(editor, query, edit)
        return Reply(content=f"Saved: “{echo(alias)}” now finds {echo(title)}.")


def _season(entry: ShowEntry, number: int) -> SeasonEntry:
    for season in entry.seasons:
        if season.number == number:
            return season
    known = ", ".join(str(season.number) for season in entry.seasons) or "none"
    raise UserFacingError(f"{echo(entry.title)} has no season {number} (seasons: {known}).")


def _point_index(season: SeasonEntry, point: int) -> int:
    if not 1 <= point <= len(season.recap):
        raise UserFacingError(
            f"Season {season.number} has recap points 1 to {len(season.recap)}."
            if season.recap
            else f"Season {season.number} has no recap points yet."
        )
    return point - 1


def _with_season(entry: ShowEntry, season: SeasonEntry) -> ShowEntry:
    seasons = tuple(season if old.number == season.number else old for old in entry.seasons)
    return dataclasses.replace(entry, seasons=seasons)
