"""The catalogue service: turns a typed title into a show and a show into an answer."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.catalogue.conversation import Conversations
from bot.errors import AmbiguousTitle, ShowNotFound, UserFacingError
from bot.logs import source_failure
from bot.loop import let_others_run
from bot.replies.formatting import neutralise
from bot.replies.reply import Reply
from bot.replies.shows import (
    cast_reply,
    did_you_mean_text,
    news_reply,
    not_found_text,
    release_reply,
    search_reply,
    show_reply,
)
from bot.sources.base import SourceError
from db.connection import Database
from db.model.catalogue_format import SHORT_TEXT, CatalogueError
from db.model.clock import utc_now
from db.model.seasons import SeasonRef, resolve_season, split_title_and_season
from db.model.shows import Catalogue, ImportCounts, ShowEntry, StoredShow
from db.model.titles import Candidate, TitleIndex
from db.shows import ShowRepository, titles_of_rows

logger = logging.getLogger(__name__)

# More shows changed than this since the index was last brought up to date (a big import
# through another process), and one rebuild is cheaper than refreshing them one by one.
CATCH_UP_LIMIT = 500

# Autocomplete sends the show's id in this form, so a chosen entry never needs re-resolving.
ID_PREFIX = "id:"


# The commands that name one show and read nothing else of the title index: with the title
# typed exactly, they are answered before the index is built (_before_the_index).
EARLY_COMMANDS = frozenset({"release", "show", "cast", "news"})


def today_utc() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


class TitleFallback(Protocol):
    """Somewhere to look up a title the catalogue doesn't know (TVmaze, when it is the source)."""

    name: str

    async def lookup(self, query: str) -> ShowEntry | list[Candidate] | None:
        """The show meant (to import), shows it might be (candidates), or None."""
        ...


@dataclass(frozen=True, slots=True)
class Found:
    """The show a user means, and whether it was imported from the fallback just now."""

    show: StoredShow
    imported: bool = False


class CatalogueService:
    def __init__(
        self,
        shows: ShowRepository,
        index: TitleIndex,
        *,
        command_prefix: str = "!",
        clock: Callable[[], datetime.date] = today_utc,
        now: Callable[[], datetime.datetime] | None = None,
        fallback: TitleFallback | None = None,
        conversations: Conversations | None = None,
    ) -> None:
        self.shows = shows
        self._index: TitleIndex | None = index
        # The build that `start` left running, until `ready` has seen it finish.
        self._building: asyncio.Task[TitleIndex] | None = None
        # The catalogue version the index was built at (see `catch_up`); None: not known.
        self._version: int | None = None
        self.command_prefix = command_prefix
        self._clock = clock
        # The moment, for episode times; with only a day given, the start of that day.
        self._now = now or (utc_now if clock is today_utc else self._start_of_today)
        self.fallback = fallback
        self.conversations = conversations or Conversations()

    @classmethod
    async def load(
        cls,
        database: Database,
        *,
        command_prefix: str = "!",
        clock: Callable[[], datetime.date] = today_utc,
    ) -> CatalogueService:
        """The service with its title index built (in slices, as `start` does)."""
        service = cls.start(database, command_prefix=command_prefix, clock=clock)
        await service.ready()
        return service

    @classmethod
    def start(
        cls,
        database: Database,
        *,
        command_prefix: str = "!",
        clock: Callable[[], datetime.date] = today_utc,
    ) -> CatalogueService:
        """The service at once, its title index still being built a slice at a time: at
        100,000 shows the build takes about two seconds, which at once would keep the
        gateway from connecting and every other task waiting. Whatever reads the index
        awaits `ready` first (the client does for every message and interaction, but for
        an exact title asked meanwhile: _before_the_index)."""
        service = cls(ShowRepository(database), None, command_prefix=command_prefix, clock=clock)
        service._building = asyncio.create_task(service._build())
        return service

    async def _build(self) -> TitleIndex:
        # Read before the titles: a change committed in between is seen again by `catch_up`.
        self._version = await self.shows.catalogue_version()
        return await _build_index(self.shows)

    async def catch_up(self) -> bool:
        """Bring the title index up to the catalogue's version when it moved since the index
        was built: an import or an editor's change made through another process on the same
        database (or this one). The shows changed since are refreshed one by one; past
        CATCH_UP_LIMIT of them, or when the version went back (a restored database), the index
        is rebuilt as at start, a slice at a time. True when anything was refreshed."""
        await self.ready()
        version = await self.shows.catalogue_version()
        if version == self._version:
            return False
        known = self._version
        changed = None
        if known is not None and version > known:
            changed = await self.shows.titles_changed_since(known, CATCH_UP_LIMIT)
        if changed is None:
            self._index = await _build_index(self.shows)
            logger.info("catalogue version %d: title index rebuilt", version)
        else:
            for show_id in changed:
                await self.refresh(show_id)
            logger.debug("catalogue version %d: %d shows refreshed", version, len(changed))
        self._version = version
        return True

    @property
    def index(self) -> TitleIndex:
        """The title index; only once `ready` has returned (or the service was given one)."""
        if self._index is None:
            raise RuntimeError("the title index is still being built: await ready() first")
        return self._index

    @index.setter
    def index(self, index: TitleIndex) -> None:
        self._index = index

    @property
    def is_ready(self) -> bool:
        return self._index is not None

    async def ready(self) -> TitleIndex:
        """The title index, waiting for its build if it is still running."""
        if self._index is None:
            assert self._building is not None, "no index given and none being built"
            # Shielded: a caller given up on (a cancelled command) must not cancel the build
            # every later caller waits for.
            self._index = await asyncio.shield(self._building)
            self._building = None
        return self._index

    async def close(self) -> None:
        """Stop a build still running (the bot closing straight after starting)."""
        building, self._building = self._building, None
        if building is not None and not building.done():
            building.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await building

    async def find(self, query: str, *, channel: int | None = None) -> StoredShow:
        """The one show a user means, or a user-facing error that says what to do instead;
        a title the catalogue doesn't know may be imported from the fallback (TVmaze).
        Found for a channel, the show becomes what that channel is talking about."""
        return (await self.resolve(query, channel=channel)).show

    async def find_stored(self, query: str) -> StoredShow:
        """As `find`, but only among the shows already stored: for the editors, whose typo
        must not import a show, and for undoing what a server set up."""
        return (await self.resolve(query, elsewhere=False)).show

    async def resolve(
        self, query: str, *, elsewhere: bool = True, channel: int | None = None
    ) -> Found:
        """The one show a user means, saying whether it was imported for this; `elsewhere`
        False never asks the fallback."""
        found = await self._resolve(query, elsewhere)
        self.conversations.remember(channel, found.show.id, found.show.title)
        return found

    async def _resolve(self, query: str, elsewhere: bool) -> Found:
        await self.ready()
        query = query.strip()
        if not query:
            raise UserFacingError("Which show? Give me a title.")
        if len(query) > SHORT_TEXT:
            raise UserFacingError(f"That title is too long (at most {SHORT_TEXT} characters).")
        show_id = self._chosen_id(query)
        if show_id is None:
            resolution = self.index.resolve(query)
            if resolution.ambiguous:
                raise AmbiguousTitle(did_you_mean_text(query, resolution.candidates))
            if resolution.show_id is None:
                found = await self._look_elsewhere(query, resolution.candidates, elsewhere)
                if found is not None:
                    return found
                in_the_news = [] if resolution.candidates else await self.shows.recently_in_news()
                raise ShowNotFound(
                    not_found_text(query, resolution.candidates, self._search_hint, in_the_news)
                )
            show_id = resolution.show_id
        show = await self.shows.get(show_id)
        if show is None:
            raise ShowNotFound("That show is no longer in the catalogue.")
        return Found(show)

    async def _look_elsewhere(
        self, query: str, nearby: Sequence[Candidate], elsewhere: bool
    ) -> Found | None:
        """Ask the fallback about a title we don't know: import the one show it means, or
        raise "did you mean" with what it might mean; None to answer "not found" as usual."""
        if not elsewhere:
            return None
        found = await self._fetch_elsewhere(query)
        if isinstance(found, list):
            local = {(candidate.title.casefold(), candidate.year) for candidate in nearby}
            fresh = [item for item in found if (item.title.casefold(), item.year) not in local]
            suggestions = [*nearby, *fresh]
            if len(suggestions) > 1:
                raise AmbiguousTitle(did_you_mean_text(query, suggestions))
            raise ShowNotFound(not_found_text(query, suggestions, self._search_hint))
        return found

    async def look_up_elsewhere(self, query: str) -> StoredShow | list[Candidate] | None:
        """What the fallback (TVmaze) says a title we don't know is: the one show it means,
        imported now if new; the shows it might be; or None (no fallback, no answer, or it
        could not be asked). Raises nothing, so a poll can ask it too."""
        found = await self._fetch_elsewhere(query)
        return found.show if isinstance(found, Found) else found

    async def _fetch_elsewhere(self, query: str) -> Found | list[Candidate] | None:
        if self.fallback is None:
            return None
        try:
            found = await self.fallback.lookup(query)
        except SourceError as error:
            # The catalogue still answers (with its own suggestions) while TVmaze is away.
            logger.warning(
                "title fallback failed for %r: %s",
                query,
                error,
                extra=source_failure(self.fallback.name, error),
            )
            return None
        if found is None or isinstance(found, list):
            return found
        show_id = await self.shows.match(found)
        imported = show_id is None
        if show_id is None:
            try:
                _, (show_id,) = await self.shows.import_catalogue(Catalogue(shows=(found,)))
            except CatalogueError as error:
                logger.warning("could not import %r from the fallback: %s", found.title, error)
                return None
            await self.refresh(show_id)
            logger.info("imported %r on demand", found.title)
        show = await self.shows.get(show_id)
        return None if show is None else Found(show, imported=imported)

    @property
    def _search_hint(self) -> str:
        return f"`{self.command_prefix}search <words>`"

    def _chosen_id(self, query: str) -> int | None:
        if not query.startswith(ID_PREFIX):
            return None
        digits = query[len(ID_PREFIX) :]
        if digits.isdigit() and int(digits) in self.index:
            return int(digits)
        raise ShowNotFound("That choice is no longer in the catalogue: type the title instead.")

    def today(self) -> datetime.date:
        return self._clock()

    def now(self) -> datetime.datetime:
        return self._now()

    def _start_of_today(self) -> datetime.datetime:
        day = self.today()
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)

    def split_season(self, text: str) -> tuple[str, SeasonRef | None]:
        """A typed title and the season typed with it ("tpt s3", "season 2 of tpt"); a
        title that holds a season-like phrase ("Series 7: The Contenders") stays whole."""
        if text.startswith(ID_PREFIX) or self.index.is_title(text):
            return text, None
        title, season = split_title_and_season(text)
        if season is not None and not title:
            raise UserFacingError(f"Which show's {season.describe()}? Give me a title too.")
        return title, season

    def season_number(self, show: StoredShow, season: SeasonRef | None) -> int | None:
        if season is None:
            return None
        number = resolve_season(season, show.entry, self.today())
        if number is None:
            raise UserFacingError(
                f"{neutralise(show.title)} has no {season.describe().removeprefix('the ')}"
                " on record."
            )
        return number

    async def _show_and_season(
        self, query: str, channel: int | None
    ) -> tuple[StoredShow, int | None]:
        """The show a command's text names, and the season typed with it, if any."""
        if not self.is_ready:
            early = await self._before_the_index(query)
            if early is not None:
                show, season = early
                self.conversations.remember(channel, show.id, show.title)
                return show, self.season_number(show, season)
        await self.ready()
        title, season = self.split_season(query)
        show = await self.find(title, channel=channel)
        return show, self.season_number(show, season)

    async def _before_the_index(self, query: str) -> tuple[StoredShow, SeasonRef | None] | None:
        """While the title index is still being built (about 2 s at 100,000 shows): the one
        show whose title or alias is the text as typed, ASCII case aside, found by the
        database's own title index, and the season typed after it; None to wait for the
        index. So a bot just started answers "!release tiny pretty things" at once, and only
        what needs normalising, typo matching or initialisms waits. The index would answer
        the same, but for a show whose title differs from another's only in punctuation,
        which it would list as "did you mean" where this takes the title as typed."""
        text = " ".join(query.split())
        if not text or len(text) > SHORT_TEXT or text.startswith(ID_PREFIX):
            return None
        season: SeasonRef | None = None
        ids = await self.shows.ids_titled(text)
        if not ids:
            title, season = split_title_and_season(text)
            if season is None or not title:
                return None
            ids = await self.shows.ids_titled(title)
        if len(ids) != 1:
            return None
        show = await self.shows.get(ids[0])
        return None if show is None else (show, season)

    def answers_before_the_index(self, command: str) -> bool:
        """Whether a command of this name can be answered while the index is built."""
        return command in EARLY_COMMANDS

    async def release(self, query: str, *, channel: int | None = None) -> Reply:
        show, season = await self._show_and_season(query, channel)
        return release_reply(show, self.today(), season=season, now=self.now())

    async def info(self, query: str, *, channel: int | None = None) -> Reply:
        show, _ = await self._show_and_season(query, channel)
        return show_reply(show, self.today())

    async def cast(self, query: str, *, channel: int | None = None) -> Reply:
        show, season = await self._show_and_season(query, channel)
        return cast_reply(show, season=season)

    async def news(self, query: str, *, channel: int | None = None) -> Reply:
        show, season = await self._show_and_season(query, channel)
        return news_reply(show, season=season)

    def search(self, words: str) -> Reply:
        words = words.strip()
        if not words:
            raise UserFacingError("Search for what? Give me a few words of a title.")
        return search_reply(words, self.index.search(words[:SHORT_TEXT], limit=10))

    def autocomplete(self, text: str) -> list[Candidate]:
        return self.index.autocomplete(text[:SHORT_TEXT], limit=25)

    def find_title_in(self, text: str) -> str | None:
        return self.index.find_in_text(text)

    def remember(self, channel: int | None, show_id: int, title: str) -> None:
        self.conversations.remember(channel, show_id, title)

    async def import_catalogue(self, catalogue: Catalogue) -> ImportCounts:
        counts, touched = await self.shows.import_catalogue(catalogue)
        for show_id in touched:
            await self.refresh(show_id)
        return counts

    async def refresh(self, show_id: int) -> None:
        """Bring the title index up to date with a show's stored title and aliases."""
        await self.ready()
        title = await self.shows.title_of(show_id)
        if title is None:
            self.index.remove(show_id)
        else:
            self.index.upsert(title)


# Title rows read and converted at a time: 500 convert in about 1 ms.
_PAGE = 500


async def _build_index(shows: ShowRepository) -> TitleIndex:
    """Every stored show's titles, indexed on the event loop a slice at a time
    (TitleIndexBuild says why not in a thread), the rows read a page at a time: the
    catalogue's rows whole held 45 MB at 100,000 shows, and converting them at once held the
    loop for a fifth of a second."""
    build = TitleIndex.building()
    shared: dict[int | str, int | str] = {}
    with _collector_paused():
        after = 0
        while rows := await shows.title_rows(after, _PAGE):
            after = rows.last_id
            for _ in build.add(titles_of_rows(rows, shared)):
                await let_others_run()
            await let_others_run()
        for _ in build.finish():
            await let_others_run()
        # Frozen before the collector is back: the index lives as long as the bot, and the
        # first full collection after the build walked its millions of objects in 0.12 s.
        gc.freeze()
    index = build.index
    logger.info("title index holds %d shows", len(index))
    return index


_collector_pauses = 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while an index is built: the build's millions of new
    objects set off full collections that stalled the event loop for 30-100 ms at 100,000
    shows. The loop makes few cycles in a second or
    two, and they are collected once the build is done. Counted, as builds may overlap."""
    global _collector_pauses
    if _collector_pauses == 0 and not gc.isenabled():
        yield  # someone else turned it off: theirs to turn back on
        return
    _collector_pauses += 1
    gc.disable()
    try:
        yield
    finally:
        _collector_pauses -= 1
        if _collector_pauses == 0:
            gc.enable()
