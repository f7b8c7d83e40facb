"""TVmaze as a news source (`NEWS_SOURCE=tvmaze`) and as the catalogue's on-demand fallback.

Polling: one `GET /updates/shows?since=day|week|month` says which shows changed; only the
tracked shows (stored shows with a TVmaze id) that changed since the catalogue last took
them from TVmaze are fetched again, one request each. So a poll costs 1 + k requests for k
changed tracked shows. The first poll, or one after a gap longer than a month, refreshes
every tracked show instead, paced by the client's rate limit.

Freshness is remembered where it cannot drift from the facts: each show built from TVmaze
carries the record's update time in its catalogue `extra` (`tvmaze_updated`), stored in the
same transaction as its facts and news. So a poll that fails, or dies while being applied,
is simply asked again next time: nothing lost, nothing twice. A small record in the
database's `meta` table only keeps how far back the updates must be read, so neither a
restart nor another process taking over the poll refetches everything.

A poll is all or nothing: any failed, rate-limited or malformed response raises
SourceError, and nothing is reported or remembered.

On demand: a title the catalogue doesn't know is searched on TVmaze; one clear match is
imported whole (seasons and cast), several are offered back, and misses are remembered for
a while so a repeated typo doesn't reach the API again.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.sources.base import Snapshot
from bot.sources.tvmaze.client import Tally, TVmazeClient, TVmazeError
from bot.sources.tvmaze.mapping import (
    MARKER_KEY,
    TVMAZE_LABEL,
    MalformedRecord,
    SearchHit,
    StoredFacts,
    choose,
    fold,
    search_hits,
    show_entry,
    updates_of,
)
from db.meta import MetaRepository
from db.model.shows import ShowEntry
from db.model.titles import Candidate
from db.shows import ShowRepository

logger = logging.getLogger(__name__)

# `/updates/shows?since=…` windows. The API's responses may be cached for up to an hour, so
# a window must cover the gap since the last poll plus that hour.
WINDOWS = (("day", 86_400), ("week", 7 * 86_400), ("month", 28 * 86_400))
CACHE_SLACK_SECONDS = 3_600
MISS_SECONDS = 30 * 60
# A title lookup answers a user: fail over to "not found" soon rather than retry for long.
LOOKUP_TRIES = 2
MAX_MISSES = 1_000
# A poll needs seasons (renewals, dates) and the next episode; an import also the cast.
POLL_EMBEDS = (("embed[]", "seasons"), ("embed[]", "nextepisode"))
IMPORT_EMBEDS = (("embed[]", "seasons"), ("embed[]", "cast"), ("embed[]", "nextepisode"))
STATE_VERSION = 2

Tracked = Callable[[], Awaitable[Mapping[int, StoredFacts]]]


def window_for(gap_seconds: float) -> str | None:
    """The smallest updates window covering a gap, or None when only a full refresh will do."""
    for name, span in WINDOWS:
        if gap_seconds + CACHE_SLACK_SECONDS <= span:
            return name
    return None


class StateStore(Protocol):
    """Where the poller's memory lives between polls, as text."""

    async def load(self) -> str | None: ...

    async def save(self, text: str) -> None: ...


class DatabaseStateStore:
    """In the database, so whichever process polls next, on whichever machine, reads on
    from where the last poll got to."""

    KEY = "tvmaze_poll_state"

    def __init__(self, meta: MetaRepository) -> None:
        self._meta = meta

    async def load(self) -> str | None:
        return await self._meta.get(self.KEY)

    async def save(self, text: str) -> None:
        await self._meta.put(self.KEY, text)


def tracked_from(shows: ShowRepository) -> Tracked:
    """The stored shows with a TVmaze id: how fresh each is, and what TVmaze must not touch."""

    async def tracked() -> dict[int, StoredFacts]:
        return {
            show.tvmaze_id: StoredFacts(
                title=show.title, status=show.status, links=show.links, extra=show.extra
            )
            for show in await shows.tracked_by_tvmaze()
        }

    return tracked


async def no_tracked_shows() -> dict[int, StoredFacts]:
    """For a source that only looks shows up (the command line's import)."""
    return {}


@dataclass
class PollState:
    """Which stretch of TVmaze's updates the catalogue is known to hold.

    Each show's own freshness is its stored marker, written with its facts. This only says
    since when the updates map must be read: from the start of the last poll known to be
    applied in full. A poll is known applied when every marker it returned is stored; one
    that died midway leaves `covered_since` where it was, so the next poll reads far enough
    back to fetch what is still missing, and not what was applied.
    """

    covered_since: float | None = None
    pending_since: float | None = None
    pending: dict[int, int] = field(default_factory=dict)  # show id -> marker returned
    gone: dict[int, int] = field(default_factory=dict)  # 404s: show id -> update time then

    def settle(self, tracked: Mapping[int, StoredFacts]) -> None:
        """Move `covered_since` on if the last poll's snapshot is all stored by now."""
        if self.pending_since is None:
            return
        applied = all(
            (stored := tracked[show_id].marker) is not None and stored >= marker
            for show_id, marker in self.pending.items()
            if show_id in tracked
        )
        if applied:
            self.covered_since = self.pending_since
            self.pending_since, self.pending = None, {}

    @classmethod
    def read(cls, text: str | None) -> PollState:
        if text is None:
            return cls()
        try:
            data = json.loads(text)
            if data.get("version") != STATE_VERSION:
                return cls()
            return cls(
                covered_since=_seconds(data.get("covered_since")),
                pending_since=_seconds(data.get("pending_since")),
                pending={int(key): int(value) for key, value in data["pending"].items()},
                gone={int(key): int(value) for key, value in data["gone"].items()},
            )
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            # Forgetting only costs one full refresh; refusing to start would cost alerts.
            logger.warning("ignoring unreadable TVmaze poll state: %s", error)
            return cls()

    def text(self) -> str:
        return json.dumps(
            {
                "version": STATE_VERSION,
                "covered_since": self.covered_since,
                "pending_since": self.pending_since,
                "pending": {str(key): value for key, value in sorted(self.pending.items())},
                "gone": {str(key): value for key, value in sorted(self.gone.items())},
            }
        )


def _seconds(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class TVmazeSource:
    """The news source and the catalogue's title fallback, sharing one client."""

    name = "tvmaze"
    label = TVMAZE_LABEL

    def __init__(
        self,
        client: TVmazeClient,
        tracked: Tracked,
        *,
        state: StateStore | None = None,
        now: Callable[[], float] = time.time,
        miss_seconds: float = MISS_SECONDS,
    ) -> None:
        self.client = client
        self._tracked = tracked
        self._store = state
        self._now = now
        self._miss_seconds = miss_seconds
        # Without a store (a one-off import), the state lasts as long as this object.
        self._state = PollState()
        self._misses: dict[str, float] = {}
        self._poll_lock = asyncio.Lock()

    async def close(self) -> None:
        await self.client.close()

    def _today(self) -> datetime.date:
        return datetime.datetime.fromtimestamp(self._now(), datetime.UTC).date()

    # ----------------------------------------------------------------------- polling

    async def fetch(self) -> Snapshot:
        async with self._poll_lock:
            return await self._poll()

    async def _poll(self) -> Snapshot:
        if self._store is not None:
            # Read at every poll: another process may have polled since this one last did.
            self._state = PollState.read(await self._store.load())
        state = self._state
        tracked = await self._tracked()
        state.settle(tracked)
        if not tracked:
            return Snapshot(shows=())
        started = self._now()
        # Until one poll is known applied in full, every poll is a full refresh.
        since = state.covered_since
        window = window_for(started - since) if since is not None else None
        tally = Tally()
        if window is None:
            logger.info("TVmaze: refreshing all %d tracked shows", len(tracked))
            updates: dict[int, int] = {}
            due = sorted(tracked)
        else:
            data = await self._required("/updates/shows", (("since", window),), tally)
            updates = _parsed(updates_of, data, "/updates/shows")
            due = [
                show_id for show_id in sorted(tracked) if _is_due(show_id, tracked, updates, state)
            ]
        today = self._today()
        shows: list[ShowEntry] = []
        returned: dict[int, int] = {}
        gone: dict[int, int] = {}
        for show_id in due:
            path = f"/shows/{show_id}"
            record = await self.client.get_json(path, POLL_EMBEDS, tally=tally)
            if record is None:
                # Deleted or merged on TVmaze: nothing to report, and nothing to ask again
                # until TVmaze lists a change to it.
                logger.warning("TVmaze show %d is gone (404); keeping what we know", show_id)
                gone[show_id] = updates.get(show_id, int(started))
                continue
            # Without an update time of its own, the record is as fresh as this poll.
            entry = _entry(record, path, today=today, stored=tracked[show_id], marker=int(started))
            shows.append(entry)
            returned[show_id] = entry.extra[MARKER_KEY]
        # Only a whole poll gets here: after any failure above, nothing is remembered.
        state.pending_since, state.pending = started, returned
        state.gone = {
            show_id: stamp
            for show_id, stamp in {**state.gone, **gone}.items()
            if show_id in tracked
        }
        if self._store is not None:
            await self._store.save(state.text())
        return Snapshot(shows=tuple(shows), requests=tally.requests)

    async def _required(self, path: str, params: Any, tally: Tally) -> Any:
        data = await self.client.get_json(path, params, tally=tally)
        if data is None:
            raise TVmazeError(f"TVmaze {path}: not found (404)")
        return data

    # ----------------------------------------------------------------------- on demand

    async def lookup(self, query: str) -> ShowEntry | list[Candidate] | None:
        """A title the catalogue doesn't know: the TVmaze show it means, shows it might
        mean, or None. Raises SourceError when TVmaze can't be asked right now."""
        key = fold(query)
        if not key or self._recent_miss(key):
            return None
        choice = choose(query, await self.search(query))
        if choice.show is None:
            if choice.suggestions:
                return [_candidate(hit) for hit in choice.suggestions]
            self._remember_miss(key)
            return None
        entry = await self.show(choice.show.tvmaze_id)
        if entry is None:
            self._remember_miss(key)
        return entry

    async def show(self, tvmaze_id: int) -> ShowEntry | None:
        """One show, whole (seasons, cast, next episode), for an import; None if unknown."""
        path = f"/shows/{tvmaze_id}"
        record = await self.client.get_json(path, IMPORT_EMBEDS, tries=LOOKUP_TRIES)
        if record is None:
            return None
        return _entry(record, path, today=self._today(), marker=int(self._now()))

    async def search(self, query: str) -> list[SearchHit]:
        data = await self.client.get_json("/search/shows", (("q", query),), tries=LOOKUP_TRIES)
        if data is None:
            raise TVmazeError("TVmaze /search/shows: not found (404)")
        return _parsed(search_hits, data, "/search/shows")

    def _recent_miss(self, key: str) -> bool:
        now = self._now()
        for stale in [miss for miss, until in self._misses.items() if until <= now]:
            del self._misses[stale]
        return key in self._misses

    def _remember_miss(self, key: str) -> None:
        if len(self._misses) >= MAX_MISSES:
            del self._misses[min(self._misses, key=self._misses.__getitem__)]
        self._misses[key] = self._now() + self._miss_seconds


def _parsed(parse: Callable[[Any], Any], data: Any, what: str) -> Any:
    try:
        return parse(data)
    except MalformedRecord as error:
        raise TVmazeError(f"TVmaze {what}: malformed response: {error}") from error


def _is_due(
    show_id: int, tracked: Mapping[int, StoredFacts], updates: Mapping[int, int], state: PollState
) -> bool:
    """Never fetched into the catalogue, or changed on TVmaze since it was."""
    if show_id in state.gone:
        return updates.get(show_id, -1) > state.gone[show_id]
    marker = tracked[show_id].marker
    return marker is None or updates.get(show_id, -1) > marker


def _entry(
    record: Any,
    path: str,
    *,
    today: datetime.date,
    marker: int,
    stored: StoredFacts | None = None,
) -> ShowEntry:
    try:
        return show_entry(record, today=today, stored=stored, marker=marker)
    except MalformedRecord as error:
        raise TVmazeError(f"TVmaze {path}: malformed show: {error}") from error


def _candidate(hit: SearchHit) -> Candidate:
    # Not in the catalogue, so no show id: these only ever become "did you mean" lines.
    return Candidate(show_id=0, title=hit.title, year=hit.year, platform=hit.platform, score=0.0)


def build_tvmaze_source(
    base_url: str, tracked: Tracked, *, state: StateStore | None = None
) -> TVmazeSource:
    return TVmazeSource(TVmazeClient(base_url), tracked, state=state)


async def import_by_id_or_title(source: TVmazeSource, what: str) -> ShowEntry | list[SearchHit]:
    """For `python -m bot import tvmaze …`: the show with that id, or the one search match,
    or the matches to choose from (by id). Raises LookupError when nothing matches."""
    if what.isascii() and what.isdigit():
        entry = await source.show(int(what))
        if entry is None:
            raise LookupError(f"TVmaze has no show with id {what}")
        return entry
    hits = await source.search(what)
    choice = choose(what, hits)
    if choice.show is not None:
        entry = await source.show(choice.show.tvmaze_id)
        if entry is not None:
            return entry
    if choice.suggestions:
        return list(choice.suggestions)
    raise LookupError(f"TVmaze has no show called “{what}”")
