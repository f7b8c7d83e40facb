"""Reading and writing the shared catalogue: shows with seasons, cast, recaps and news."""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from db.catalogue_rows import (
    SHOW_COLUMNS,
    Identity,
    ShowRows,
    entry_of,
    news_row,
    rows_of_entry,
    show_values,
    source_rows,
    title_key,
)
from db.connection import Connection, Database, Inserts, IntegrityError, Row
from db.model.catalogue_format import CatalogueError, parse_catalogue
from db.model.clock import timestamp, utc_now
from db.model.shows import (
    CastEntry,
    Catalogue,
    EpisodeEntry,
    ImportCounts,
    LinkEntry,
    NewsEntry,
    PartialDate,
    SeasonEntry,
    ShowEntry,
    ShowTitle,
    StoredShow,
    TrackedShow,
)
from db.model.upcoming import (
    ComingWindow,
    UpcomingItem,
    on_platform,
    overlaps,
    platform_matches,
)
from db.model.vocabulary import YEAR_PARTS

logger = logging.getLogger(__name__)


_SHOW_COLUMNS = SHOW_COLUMNS


@dataclass(frozen=True, slots=True)
class TitleRows:
    """A page of shows' title rows and their aliases (show_id, alias, in order), unconverted;
    as long as its shows (an empty page is false)."""

    shows: list[Row]
    aliases: list[Row]

    def __len__(self) -> int:
        return len(self.shows)

    @property
    def last_id(self) -> int:
        return int(self.shows[-1]["id"])


# A LIMIT both engines read as none (SQLite's -1 is an error to PostgreSQL).
_NO_LIMIT = 2**62


class ShowRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def count(self) -> int:
        row = await self._database.fetch_one("SELECT count(*) FROM shows")
        return int(row[0]) if row else 0

    async def titles(self) -> list[ShowTitle]:
        return await self._titles_where("1 = 1", ())

    async def tracked_by_tvmaze(self) -> list[TrackedShow]:
        """One lean query, not a whole read of every show: polls run it every few minutes."""
        rows = await self._database.fetch_all(
            "SELECT tvmaze_id, title, status, links, extra FROM shows "
            "WHERE tvmaze_id IS NOT NULL ORDER BY tvmaze_id"
        )
        return [
            TrackedShow(
                tvmaze_id=row["tvmaze_id"],
                title=row["title"],
                status=row["status"],
                links=_links(row["links"]),
                extra=json.loads(row["extra"]),
            )
            for row in rows
        ]

    async def match(self, show: ShowEntry) -> int | None:
        """The stored show an entry refers to (TVmaze id, IMDb id, then title and year)."""
        async with self._database.reading() as connection:
            return await _match_show(connection, rows_of_entry(show).identity)

    async def releasing_on(self, day: datetime.date) -> list[int]:
        """Shows with a confirmed season released exactly on `day`."""
        rows = await self._database.fetch_all(
            "SELECT DISTINCT show_id FROM seasons WHERE release_date = ? AND confirmed = 1 "
            "ORDER BY show_id",
            (day.isoformat(),),
        )
        return [row["show_id"] for row in rows]

    async def coming(
        self, start: datetime.date, end: datetime.date, *, platform: str | None = None
    ) -> list[UpcomingItem]:
        """Seasons dated within [start, end], seasons whose window ("late 2027") overlaps it,
        and next episodes airing in it; unsorted, filtered by platform."""
        # ISO text compares as dates, and each form is one range of the date index: days
        # in the window, and windows ("2027", "late 2027", "2027-03") by their exact text.
        windows = _window_texts(start, end)
        seasons = await self._database.fetch_all(
            f"{_COMING_SEASONS} WHERE release_date BETWEEN ? AND ? "
            f"OR release_date IN ({', '.join('?' * len(windows))})",
            (start.isoformat(), end.isoformat(), *windows),
        )
        episodes = await self._database.fetch_all(
            f"{_COMING_EPISODES} WHERE next_season IS NOT NULL AND next_date BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        items = [_coming_season(row) for row in seasons] + [_coming_episode(r) for r in episodes]
        return [
            item
            for item in items
            if overlaps(item.date, start, end) and on_platform(item, platform)
        ]

    async def coming_first(
        self,
        start: datetime.date,
        end: datetime.date,
        *,
        platform: str | None = None,
        limit: int,
        loose_limit: int = 15,
        followed: frozenset[int] = frozenset(),
    ) -> ComingWindow:
        """What `upcoming` lists of [start, end]: the first `limit` dated items (days
        announced and confirmed, and next episodes), the followed shows' dated items, and
        the first `loose_limit` loose ones (windows, unconfirmed days), with totals. Each
        part reads only its range of the date indexes, and counts are read from them, so a
        crowded window costs what is shown, not what is in it."""
        first, last = start.isoformat(), end.isoformat()
        on: tuple[str, ...] = ()
        if platform is not None:
            on = await self.platforms_matching(platform)
            if not on:
                return ComingWindow(items=[], dated_total=0, loose_total=0)
        marks = ", ".join("?" * len(on))
        season_on = f" AND shows.platform IN ({marks})" if on else ""
        episode_on = f" AND platform IN ({marks})" if on else ""
        dated_seasons = (
            "release_date BETWEEN ? AND ? AND length(release_date) = 10 AND confirmed = 1"
            + season_on
        )
        dated_episodes = "next_season IS NOT NULL AND next_date BETWEEN ? AND ?" + episode_on
        # The first `limit` of each kind, each in its index's order, merged: one query, and
        # only the `limit` soonest of both made into items. A platform's share of a window is
        # small and each of its rows needs its show read: it is read whole, once, and counted
        # here rather than read again to count.
        cap = _NO_LIMIT if on else limit
        rows = await self._database.fetch_all(
            f"SELECT * FROM ({_DATED_SEASONS} WHERE {dated_seasons} "
            "ORDER BY release_date, shows.title_key LIMIT ?) AS dated_seasons "
            f"UNION ALL SELECT * FROM ({_DATED_EPISODES} WHERE {dated_episodes} "
            "ORDER BY next_date, title_key LIMIT ?) AS dated_episodes "
            "ORDER BY day, title_key LIMIT ?",
            (first, last, *on, cap, first, last, *on, cap, cap),
        )
        dated_total = len(rows)
        chosen = [
            _coming_episode(row) if row["episode"] else _coming_season(row) for row in rows[:limit]
        ]
        if followed:
            ids = tuple(sorted(followed))
            among = ", ".join("?" * len(ids))
            rows = await self._database.fetch_all(
                f"{_COMING_SEASONS} WHERE {dated_seasons} AND seasons.show_id IN ({among})",
                (first, last, *on, *ids),
            )
            chosen += [_coming_season(row) for row in rows]
            rows = await self._database.fetch_all(
                f"{_COMING_EPISODES} WHERE {dated_episodes} AND id IN ({among})",
                (first, last, *on, *ids),
            )
            chosen += [_coming_episode(row) for row in rows]
        loose, loose_parameters = _loose_condition(start, end)
        if on:
            rows = await self._database.fetch_all(
                f"{_COMING_SEASONS} WHERE {loose}{season_on} "
                "ORDER BY release_date, seasons.show_id",
                (*loose_parameters, *on),
            )
            loose_total = len(rows)
        else:
            # Counted from the indexes alone; the first loose ones by date, then by show,
            # chosen from the index before any show row is read (the reply orders those it
            # lists by title).
            counted = await self._database.fetch_one(
                f"SELECT (SELECT count(*) FROM seasons WHERE {dated_seasons}) "
                f"+ (SELECT count(*) FROM shows WHERE {dated_episodes}), "
                f"(SELECT count(*) FROM seasons WHERE {loose})",
                (first, last, first, last, *loose_parameters),
            )
            assert counted is not None
            dated_total, loose_total = int(counted[0]), int(counted[1])
            rows = await self._database.fetch_all(
                f"{_COMING_SEASONS} WHERE (seasons.show_id, seasons.number) IN "
                f"(SELECT show_id, number FROM seasons WHERE {loose} "
                "ORDER BY release_date, show_id LIMIT ?)",
                (*loose_parameters, loose_limit),
            )
        items = chosen + [_coming_season(row) for row in rows[:loose_limit]]
        unique = {(item.show_id, item.season, item.episode): item for item in items}
        return ComingWindow(
            items=list(unique.values()), dated_total=dated_total, loose_total=loose_total
        )

    async def platforms_matching(self, platform: str) -> tuple[str, ...]:
        """Every platform name in the catalogue that contains the one typed ("prime" finds
        "Prime Video"): a short list, kept in its own table as shows are written."""
        rows = await self._database.fetch_all("SELECT name FROM platforms")
        return tuple(row[0] for row in rows if platform_matches(row[0], platform))

    async def next_dated_after(
        self, day: datetime.date, *, platform: str | None = None
    ) -> UpcomingItem | None:
        """The first season announced to the day after `day` (an empty window points to it)."""
        on: tuple[str, ...] = ()
        if platform is not None:
            on = await self.platforms_matching(platform)
            if not on:
                return None
        season_on = f" AND shows.platform IN ({', '.join('?' * len(on))})" if on else ""
        rows = await self._database.fetch_all(
            f"{_COMING_SEASONS} WHERE release_date > ? AND length(release_date) = 10 "
            f"AND confirmed = 1{season_on} ORDER BY release_date, shows.title LIMIT 1",
            (day.isoformat(), *on),
        )
        return _coming_season(rows[0]) if rows else None

    async def recently_in_news(self, limit: int = 3) -> list[str]:
        """Titles of the shows with the latest news, newest first."""
        rows = await self._database.fetch_all(
            "SELECT shows.title FROM shows JOIN ("
            " SELECT show_id, max(reported_on) AS latest FROM news_events GROUP BY show_id"
            " ORDER BY latest DESC LIMIT ?) AS recent ON recent.show_id = shows.id "
            "ORDER BY recent.latest DESC",
            (limit,),
        )
        return [row["title"] for row in rows]

    async def title_of(self, show_id: int) -> ShowTitle | None:
        for title in await self._titles_where("shows.id = ?", (show_id,)):
            return title
        return None

    async def catalogue_version(self) -> int:
        """A number that moves whenever what a title index is built from changes, in the
        transaction that changes it (the triggers of migration 0011, 0003 on PostgreSQL): one
        row, read every few seconds by every process."""
        value = await self._database.fetch_value(
            "SELECT value FROM meta WHERE key = 'catalogue_version'"
        )
        return 0 if value is None else int(value)

    async def titles_changed_since(self, version: int, limit: int) -> list[int] | None:
        """The shows whose titles, aliases, year or platform changed (or which were added or
        removed) at a catalogue version after `version`; None when there are more than
        `limit`, which a whole rebuild serves better."""
        rows = await self._database.fetch_all(
            "SELECT show_id FROM title_changes WHERE version > ? ORDER BY show_id LIMIT ?",
            (version, limit + 1),
        )
        return None if len(rows) > limit else [int(row[0]) for row in rows]

    async def ids_titled(self, text: str) -> list[int]:
        """The shows whose title or alias is exactly this text, ASCII case aside: by the
        stored keys' indexes, for the moments before the title index is built."""
        key = title_key(text)
        rows = await self._database.fetch_all(
            "SELECT id FROM shows WHERE title_key = ? "
            "UNION SELECT show_id FROM show_aliases WHERE alias_key = ?",
            (key, key),
        )
        return [int(row[0]) for row in rows]

    async def title_rows(self, after: int = 0, limit: int = _NO_LIMIT) -> TitleRows:
        """Title records, unconverted (see titles_of_rows), of the shows with ids above
        `after`, in id order, `limit` at most: the catalogue reads them a page at a time, so
        neither the read nor the rows held stall or fill the bot."""
        return await self._title_rows_where("shows.id > ?", (after,), limit)

    async def _titles_where(self, condition: str, parameters: tuple[Any, ...]) -> list[ShowTitle]:
        return list(titles_of_rows(await self._title_rows_where(condition, parameters)))

    async def _title_rows_where(
        self, condition: str, parameters: tuple[Any, ...], limit: int = _NO_LIMIT
    ) -> TitleRows:
        # Two reads rather than an aggregate in a subquery: JSON aggregation is spelled
        # differently by each engine, and most shows have no alias at all.
        async with self._database.reading() as connection:
            shows = await connection.fetch_all(
                "SELECT shows.id, title, premiered, platform "
                f"FROM shows WHERE {condition} ORDER BY shows.id LIMIT ?",
                (*parameters, limit),
            )
            if not shows:
                return TitleRows([], [])
            # The conditions used select a run of ids, whose aliases are this range of the
            # primary key.
            aliases = await connection.fetch_all(
                "SELECT show_id, alias FROM show_aliases WHERE show_id BETWEEN ? AND ? "
                "ORDER BY show_id, position",
                (shows[0]["id"], shows[-1]["id"]),
            )
        return TitleRows(shows, aliases)

    async def get(self, show_id: int) -> StoredShow | None:
        # On one connection, and on SQLite's without a write between the reads: a show is
        # never read half before and half after a change.
        async with self._database.reading() as connection:
            row = await connection.fetch_one(
                f"SELECT id, updated_at, {_SHOW_COLUMNS} FROM shows WHERE id = ?", (show_id,)
            )
            if row is None:
                return None
            aliases = await connection.fetch_all(
                "SELECT alias FROM show_aliases WHERE show_id = ? ORDER BY position", (show_id,)
            )
            seasons = await connection.fetch_all(
                "SELECT * FROM seasons WHERE show_id = ? ORDER BY number", (show_id,)
            )
            recaps = await connection.fetch_all(
                "SELECT season_number, text FROM recap_points WHERE show_id = ? "
                "ORDER BY season_number, position",
                (show_id,),
            )
            cast = await connection.fetch_all(
                "SELECT * FROM cast_members WHERE show_id = ? ORDER BY position", (show_id,)
            )
            news = await connection.fetch_all(
                "SELECT * FROM news_events WHERE show_id = ? ORDER BY reported_on, id",
                (show_id,),
            )
            also = await outlets_of(connection, [event["id"] for event in news])
        recap_by_season: dict[int, list[str]] = {}
        for recap in recaps:
            recap_by_season.setdefault(recap["season_number"], []).append(recap["text"])
        entry = _show_entry(
            row,
            aliases=tuple(alias["alias"] for alias in aliases),
            seasons=tuple(_season_entry(season, recap_by_season) for season in seasons),
            cast=tuple(_cast_entry(member) for member in cast),
            news=tuple(news_entry_from_row(event, also.get(event["id"], ())) for event in news),
        )
        return StoredShow(id=row["id"], entry=entry, updated_at=row["updated_at"])

    async def all_shows(self) -> list[StoredShow]:
        rows = await self._database.fetch_all("SELECT id FROM shows ORDER BY id")
        shows = [await self.get(row["id"]) for row in rows]
        return [show for show in shows if show is not None]

    async def export(self) -> Catalogue:
        return Catalogue(shows=tuple(show.entry for show in await self.all_shows()))

    async def is_seeded(self) -> bool:
        row = await self._database.fetch_one("SELECT 1 FROM meta WHERE key = 'seeded_at'")
        return row is not None

    async def import_catalogue(
        self, catalogue: Catalogue, *, seeding: bool = False
    ) -> tuple[ImportCounts, list[int]]:
        """Upsert every show in one transaction; returns the counts and the ids touched."""
        return await self.import_shows(catalogue.shows, seeding=seeding)

    async def import_shows(
        self, shows: Iterable[ShowEntry], *, seeding: bool = False
    ) -> tuple[ImportCounts, list[int]]:
        """Upsert every show in one transaction; returns the counts and the ids touched.
        The shows are taken a batch at a time, so they may come from a file as it is read
        (CatalogueFile): any error raised while they come rolls the whole import back.

        A show is matched by TVmaze id, then IMDb id, then title and premiere year. Its
        facts, aliases, seasons, recaps and cast are replaced; news is history, so events
        already stored are kept and only new ones are added. `seeding` marks the database
        as seeded in the same transaction, so a crash can't leave it half-seeded for good.
        """
        return await self.import_rows((rows_of_entry(show) for show in shows), seeding=seeding)

    async def import_rows(
        self, shows: Iterable[ShowRows], *, seeding: bool = False, bulk: bool = False
    ) -> tuple[ImportCounts, list[int]]:
        """`import_shows` for shows already made into rows (`rows_of_shows` makes them
        straight from a catalogue file). `bulk`: the import may be large, so into a
        (nearly) empty SQLite catalogue it goes in as a bulk load (`_BulkLoad`)."""
        added = updated = seasons = cast = news_added = recap_points = 0
        touched: list[int] = []
        coming = iter(shows)
        async with self._database.transaction() as connection:
            # Matching decides what is inserted: one import at a time across processes.
            await connection.serialize(CATALOGUE_LOCK)
            load = await _BulkLoad.begin(connection) if bulk else None
            new_rows = _NewShowRows()
            # Every statement is a round trip to aiosqlite's thread (30 to 90 µs here, more
            # than the SQL), so runs of shows that are all new, the bulk of a large import,
            # are checked and inserted a batch at a time; any batch that updates a stored show
            # or names one show twice goes show by show, in order, as its matches may depend
            # on what the shows before them changed.
            start = 0
            # A bulk load's batch is written while the next is read and prepared.
            loading = _Loading()
            async with loading.abandoned_on_error():
                while batch := tuple(itertools.islice(coming, IMPORT_BATCH)):
                    first, start = start + 1, start + len(batch)
                    for show in batch:
                        seasons += len(show.seasons)
                        cast += len(show.cast)
                        recap_points += len(show.recaps)
                    if load is not None and load.all_new(batch):
                        ids = load.ids(len(batch))
                        for show_id, show in zip(ids, batch, strict=True):
                            news_added += new_rows.add(show_id, show)
                        await loading.start(
                            connection,
                            [(_INSERT_NEW_SHOW, _new_show_rows(ids, batch)), *new_rows.taken()],
                            (first, start),
                        )
                        touched += ids
                        added += len(batch)
                        continue
                    await loading.finish()
                    if load is not None:
                        # Matching needs the indexes back.
                        await load.end(connection)
                        load = None
                    try:
                        if await _all_new(connection, batch):
                            ids = await _insert_new_shows(connection, batch)
                            for show_id, show in zip(ids, batch, strict=True):
                                news_added += new_rows.add(show_id, show)
                            await new_rows.write(connection)
                            touched += ids
                            added += len(batch)
                        else:
                            for position, show in enumerate(batch, first):
                                show_id = await _match_show(connection, show.identity)
                                try:
                                    if show_id is None:
                                        show_id = await _insert_show(connection, show)
                                        news_added += new_rows.add(show_id, show)
                                        added += 1
                                    else:
                                        # It may be a show added just before: its rows first.
                                        await new_rows.write(connection)
                                        await write_show_facts(connection, show_id, entry_of(show))
                                        news_added += await _add_new_news(
                                            connection, show_id, show.news
                                        )
                                        updated += 1
                                except IntegrityError as error:
                                    raise CatalogueError(
                                        f"show {position} {show.title!r}: its TVmaze or IMDb id "
                                        f"belongs to another stored show ({error})"
                                    ) from error
                                touched.append(show_id)
                            await new_rows.write(connection)
                    except IntegrityError as error:
                        raise _conflict(first, start, error) from error
                await loading.finish()
            if load is not None:
                await load.end(connection)
            if seeding:
                await connection.execute(
                    "INSERT INTO meta (key, value) VALUES ('seeded_at', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (timestamp(utc_now()),),
                )
        counts = ImportCounts(added, updated, seasons, cast, news_added, recap_points)
        return counts, touched


# A bulk load is for a catalogue holding at most this many shows: rebuilding the indexes
# afterwards costs about what the rows in them cost to sort.
BULK_LOAD_MAX_STORED = 10_000
# Indexes a bulk load builds once at its end rather than row by row: their keys (titles,
# dates) come in no order, so each insert went to another page of them. Indexes whose keys
# grow with the shows' ids (news by show) are cheap to keep.
_BULK_INDEXES = (
    "shows_by_title_key",
    "shows_by_next_date",
    "seasons_by_release_date",
    "show_aliases_by_key",
)
# Triggers whose work a bulk load does once for all its shows, in `_BulkLoad.end`.
_BULK_TRIGGERS = (
    "catalogue_version_on_show_insert",
    "catalogue_version_on_alias_insert",
    "platforms_on_insert",
)


class _BulkLoad:
    """An import into a (nearly) empty SQLite catalogue, inside the import's transaction.

    Inserting 100,000 shows, half of SQLite's work (2.5-3 of 5.5-6 CPU seconds) was the
    indexes on titles and dates (keys in no order, each insert to another page) and the
    triggers that move the catalogue version and keep the platforms (three statements per
    show and alias). So for as long as every show is new, those indexes and triggers are
    dropped, and at the end the indexes are built again from their own SQL, sorted once, and
    the triggers' work is done in set-based statements: the version moves once (as
    PostgreSQL's triggers move it, once per transaction) and every show added is noted at
    it, and the platforms are added. All within the one transaction: a failure, or a
    crash, leaves the old catalogue with its indexes and triggers, and other processes never
    see them missing.

    Whether a show is new is decided here, from the stored shows' keys read once and the
    keys of those added since, since the title index is gone meanwhile. The first show that
    matches one ends the bulk load, and the rest is imported as any import.
    """

    def __init__(self, first_id: int, keys: set[object], schema: list[str]) -> None:
        self._first_id = first_id
        self._next_id = first_id
        self._keys = keys  # of the stored shows and those added: see all_new
        self._schema = schema  # the dropped indexes' and triggers' SQL

    @classmethod
    async def begin(cls, connection: Connection) -> _BulkLoad | None:
        if connection.dialect != "sqlite":
            return None
        stored = await connection.fetch_all(
            "SELECT title_key, coalesce(substr(premiered, 1, 4), ''), tvmaze_id, imdb_id, id "
            f"FROM shows LIMIT {BULK_LOAD_MAX_STORED + 1}"
        )
        if len(stored) > BULK_LOAD_MAX_STORED:
            return None
        keys: set[object] = set()
        for row in stored:
            keys.update(key for key in ((row[0], row[1]), row[2], row[3]) if key is not None)
        names = (*_BULK_INDEXES, *_BULK_TRIGGERS)
        schema = await connection.fetch_all(
            "SELECT type, name, sql FROM sqlite_master "
            f"WHERE type IN ('index', 'trigger') AND name IN ({', '.join('?' * len(names))})",
            names,
        )
        for kind, name, _ in schema:
            await connection.execute(f"DROP {kind.upper()} {name}")
        first_id = max((int(row[4]) for row in stored), default=0) + 1
        return cls(first_id, keys, [row[2] for row in schema])

    def all_new(self, batch: Sequence[ShowRows]) -> bool:
        """Whether no show of the batch matches a stored one, one added before, or another
        of the batch (as `_all_new` decides); if so, they are counted as added."""
        # The keys themselves, unlabelled: a title key (a pair), a TVmaze id (a number) and an
        # IMDb id (text) never equal one another.
        keys = [key for show in batch for key in show.identity if key is not None]
        if len(keys) != len(set(keys)) or not self._keys.isdisjoint(keys):
            return False
        self._keys.update(keys)
        return True

    def ids(self, count: int) -> list[int]:
        """Ids for `count` new shows: those SQLite would give them one by one, as the load
        is the only writer and the rows already written are all its own."""
        ids = list(range(self._next_id, self._next_id + count))
        self._next_id += count
        return ids

    async def end(self, connection: Connection) -> None:
        """The indexes and triggers back, and their work done for the shows added."""
        for sql in self._schema:
            await connection.execute(sql)
        await connection.execute(
            "INSERT OR IGNORE INTO platforms (name) SELECT DISTINCT platform FROM shows "
            "WHERE id >= ? AND platform IS NOT NULL",
            (self._first_id,),
        )
        if await connection.fetch_one("SELECT 1 FROM shows WHERE id >= ?", (self._first_id,)):
            await connection.execute(
                "INSERT INTO meta (key, value) VALUES ('catalogue_version', '1') "
                "ON CONFLICT (key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1"
            )
            await connection.execute(
                "INSERT INTO title_changes (show_id, version) SELECT id, "
                "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version') "
                "FROM shows WHERE id >= ? "
                "ON CONFLICT (show_id) DO UPDATE SET version = excluded.version",
                (self._first_id,),
            )


def titles_of_rows(
    rows: TitleRows, shared: dict[int | str, int | str] | None = None
) -> Iterator[ShowTitle]:
    """Title records from the rows ShowRepository.title_rows reads, made one at a time as
    they are asked for: the catalogue's index build counts making them in its slices of the
    event loop (500 made at once held it for 2 ms more).

    The title index keeps these for as long as the bot runs, so each platform and year is
    held once (in `shared`, to share them across pages of rows too): a row's text and numbers
    are objects of their own, and at 100,000 shows the copies of "Netflix" and 2019 cost
    about 8 MB (measured by tracemalloc)."""
    if shared is None:
        shared = {}
    aliases_of: dict[int, list[str]] = {}
    for alias in rows.aliases:
        aliases_of.setdefault(alias[0], []).append(alias[1])
    for row in rows.shows:
        platform = row["platform"]
        year = int(row["premiered"][:4]) if row["premiered"] else None
        aliases = aliases_of.get(row["id"])
        yield ShowTitle(
            show_id=row["id"],
            title=row["title"],
            year=None if year is None else int(shared.setdefault(year, year)),
            platform=None if platform is None else str(shared.setdefault(platform, platform)),
            aliases=() if aliases is None else tuple(aliases),
        )


# Held by an import's transaction: its matches decide what it inserts.
CATALOGUE_LOCK = "cliffhanger:catalogue"


def _keys(identity: Identity) -> list[tuple[str, object]]:
    """What _match_show looks a show up by; two shows sharing any of these may be one show."""
    title, tvmaze_id, imdb_id = identity
    keys: list[tuple[str, object]] = [("title", title)]
    if tvmaze_id is not None:
        keys.append(("tvmaze", tvmaze_id))
    if imdb_id is not None:
        keys.append(("imdb", imdb_id))
    return keys


async def _all_new(connection: Connection, batch: Sequence[ShowRows]) -> bool:
    """Whether no show of the batch matches a stored show or another show of the batch: then
    matching them one by one would insert them all, and they can go in together."""
    keys = [key for show in batch for key in _keys(show.identity)]
    if len(keys) != len(set(keys)):
        return False
    marks = ", ".join("?" * len(batch))
    tvmaze_ids = [show.identity[1] for show in batch if show.identity[1] is not None]
    imdb_ids = [show.identity[2] for show in batch if show.identity[2] is not None]
    for column, values in (("tvmaze_id", tvmaze_ids), ("imdb_id", imdb_ids)):
        if values:
            sql = f"SELECT 1 FROM shows WHERE {column} IN ({', '.join('?' * len(values))}) LIMIT 1"
            if await connection.fetch_all(sql, values):
                return False
    # Same title key (indexed), then the year compared here.
    rows = await connection.fetch_all(
        "SELECT title_key, coalesce(substr(premiered, 1, 4), '') FROM shows "
        f"WHERE title_key IN ({marks})",
        [show.identity[0][0] for show in batch],
    )
    wanted = {key for key in keys if key[0] == "title"}
    return not any(("title", (row[0], row[1])) in wanted for row in rows)


async def _insert_new_shows(connection: Connection, batch: Sequence[ShowRows]) -> list[int]:
    """Insert shows known to be new, with the ids they would get one by one."""
    ids = await connection.next_ids("shows", len(batch))
    await _insert_rows(connection, _INSERT_NEW_SHOW, _new_show_rows(ids, batch))
    return ids


_INSERT_NEW_SHOW = (
    f"INSERT INTO shows (id, {_SHOW_COLUMNS}) "
    f"VALUES (?, {', '.join('?' for _ in _SHOW_COLUMNS.split(','))})"
)


def _new_show_rows(ids: Sequence[int], batch: Sequence[ShowRows]) -> list[tuple[Any, ...]]:
    return [(show_id, *show.facts) for show_id, show in zip(ids, batch, strict=True)]


async def _insert_rows(
    connection: Connection, insert: str, rows: Sequence[tuple[Any, ...]]
) -> None:
    if rows:
        await connection.insert_rows(insert, rows)


async def _match_show(connection: Connection, identity: Identity) -> int | None:
    # One query for the three lookups, ranked in order (each uses its own index): every
    # statement is a round trip to aiosqlite's thread, the bulk of a large import's time.
    (key, year), tvmaze_id, imdb_id = identity
    lookups: list[str] = []
    parameters: list[Any] = []
    if tvmaze_id is not None:
        lookups.append("SELECT id, 1 AS rank FROM shows WHERE tvmaze_id = ?")
        parameters.append(tvmaze_id)
    if imdb_id is not None:
        lookups.append("SELECT id, 2 AS rank FROM shows WHERE imdb_id = ?")
        parameters.append(imdb_id)
    lookups.append(
        "SELECT id, 3 AS rank FROM shows WHERE title_key = ? "
        "AND coalesce(substr(premiered, 1, 4), '') = ?"
    )
    parameters += [key, year]
    rows = await connection.fetch_all(
        " UNION ALL ".join(lookups) + " ORDER BY rank, id LIMIT 1", parameters
    )
    for row in rows:
        return int(row[0])
    return None


def _next_episode(row: Row) -> EpisodeEntry | None:
    if row["next_season"] is None or row["next_date"] is None:
        return None
    return EpisodeEntry(
        season=row["next_season"],
        date=datetime.date.fromisoformat(row["next_date"]),
        number=row["next_number"],
        name=row["next_name"],
        airs_at=(
            datetime.datetime.fromisoformat(row["next_airs_at"]) if row["next_airs_at"] else None
        ),
    )


async def _insert_show(connection: Connection, show: ShowRows) -> int:
    placeholders = ", ".join("?" for _ in _SHOW_COLUMNS.split(","))
    return int(
        await connection.fetch_value(
            f"INSERT INTO shows ({_SHOW_COLUMNS}) VALUES ({placeholders}) RETURNING id",
            show.facts,
        )
    )


async def write_show_facts(connection: Connection, show_id: int, show: ShowEntry) -> None:
    """Replace a stored show's facts, aliases, seasons, recaps and cast (not its news)."""
    await _update_show(connection, show_id, show)
    await _replace_children(connection, show_id, show)


async def _update_show(connection: Connection, show_id: int, show: ShowEntry) -> None:
    assignments = ", ".join(f"{column.strip()} = ?" for column in _SHOW_COLUMNS.split(","))
    await connection.execute(
        f"UPDATE shows SET {assignments}, updated_at = ? WHERE id = ?",
        (*show_values(show), timestamp(utc_now()), show_id),
    )


_INSERT_CHILDREN = {
    "show_aliases": "INSERT INTO show_aliases (show_id, position, alias, alias_key) "
    "VALUES (?, ?, ?, ?)",
    "seasons": "INSERT INTO seasons (show_id, number, release_date, release_precision, "
    "episodes, runtime_min, runtime_max, confirmed, finale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    # After seasons: a recap point refers to its season.
    "recap_points": "INSERT INTO recap_points (show_id, season_number, position, text) "
    "VALUES (?, ?, ?, ?)",
    "cast_members": "INSERT INTO cast_members (show_id, position, actor, character, note, "
    "expected_back, spoiler) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "news_events": "INSERT INTO news_events (show_id, reported_on, kind, text, confidence, "
    "source, source_url) VALUES (?, ?, ?, ?, ?, ?, ?)",
    # After news_events: an outlet is attached to the event an import identifies by show,
    # date, kind and text (the ones it never adds twice), dated as the event.
    "news_sources": "INSERT INTO news_sources (event_id, outlet, url, reported_on) "
    "SELECT id, CAST(? AS TEXT), CAST(? AS TEXT), reported_on FROM news_events "
    "WHERE show_id = ? AND reported_on = ? AND kind = ? AND text = ? ORDER BY id LIMIT 1 "
    "ON CONFLICT DO NOTHING",
}


# Shows checked, and new ones inserted, this many at a time.
IMPORT_BATCH = 500


class _NewShowRows:
    """The aliases, seasons, recaps, cast and news of shows this import inserted, written
    in a few executemany calls per batch of shows instead of several calls per show."""

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERT_CHILDREN}

    def add(self, show_id: int, show: ShowRows) -> int:
        """Queue a new show's rows; returns how many news events it adds."""
        # Table by table rather than through _child_rows: this runs once per show added, and
        # most shows have no aliases or recaps.
        rows = self._rows
        if show.aliases:
            rows["show_aliases"] += [(show_id, *row) for row in show.aliases]
        if show.seasons:
            rows["seasons"] += [(show_id, *row) for row in show.seasons]
        if show.recaps:
            rows["recap_points"] += [(show_id, *row) for row in show.recaps]
        if show.cast:
            rows["cast_members"] += [(show_id, *row) for row in show.cast]
        if not show.news:
            return 0
        # A new show has no stored news, but the file may give one event twice: the first
        # is kept, as _add_new_news would.
        seen: set[tuple[str, str, str]] = set()
        added = 0
        for event in show.news:
            key = (event.date.iso, event.kind, event.text)
            if key in seen:
                continue
            seen.add(key)
            self._rows["news_events"].append(news_row(show_id, event))
            self._rows["news_sources"] += source_rows(show_id, event)
            added += 1
        return added

    def taken(self) -> list[Inserts]:
        """The rows queued, table by table in the order they must be inserted; none left."""
        inserts = [(_INSERT_CHILDREN[table], rows) for table, rows in self._rows.items() if rows]
        self._rows = {table: [] for table in _INSERT_CHILDREN}
        return inserts

    async def write(self, connection: Connection) -> None:
        for insert, rows in self.taken():
            await connection.insert_rows(insert, rows)


class _Loading:
    """A bulk load's batches, each written while the next is prepared: at most one is
    being written, and it is waited for before anything else uses the connection."""

    def __init__(self) -> None:
        self._writing: Awaitable[None] | None = None
        self._shows = (0, 0)  # the first and last of the shows being written

    async def start(
        self, connection: Connection, inserts: list[Inserts], shows: tuple[int, int]
    ) -> None:
        try:
            self._writing = await connection.start_inserts(inserts, after=self.finish())
        except IntegrityError as error:  # PostgreSQL writes them at once
            raise _conflict(*shows, error) from error
        self._shows = shows

    async def finish(self) -> None:
        """Wait for the batch being written, if any; a conflict names its shows."""
        writing, self._writing = self._writing, None
        if writing is not None:
            try:
                await writing
            except IntegrityError as error:
                raise _conflict(*self._shows, error) from error

    @contextlib.asynccontextmanager
    async def abandoned_on_error(self) -> AsyncIterator[None]:
        """On an error, the batch being written is waited for (its own error dropped), so
        the transaction's rollback follows it and nothing is left unretrieved."""
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                await self.finish()
            raise


def _conflict(first: int, last: int, error: IntegrityError) -> CatalogueError:
    # Not expected: new shows' ids were checked to be free.
    return CatalogueError(f"shows {first} to {last}: they conflict with stored shows ({error})")


async def _replace_children(connection: Connection, show_id: int, show: ShowEntry) -> None:
    for table in ("show_aliases", "recap_points", "seasons", "cast_members"):
        await connection.execute(f"DELETE FROM {table} WHERE show_id = ?", (show_id,))
    for table, rows in _child_rows(show_id, rows_of_entry(show)).items():
        if rows:
            await connection.executemany(_INSERT_CHILDREN[table], rows)


def _child_rows(show_id: int, show: ShowRows) -> dict[str, list[tuple[Any, ...]]]:
    """A show's rows in the tables `_replace_children` rewrites, in the order to insert them."""
    return {
        "show_aliases": [(show_id, *row) for row in show.aliases],
        "seasons": [(show_id, *row) for row in show.seasons],
        "recap_points": [(show_id, *row) for row in show.recaps],
        "cast_members": [(show_id, *row) for row in show.cast],
    }


async def _add_new_news(connection: Connection, show_id: int, news: Iterable[NewsEntry]) -> int:
    added = 0
    for event in news:
        exists = await connection.fetch_one(
            "SELECT 1 FROM news_events WHERE show_id = ? AND reported_on = ? AND kind = ? "
            "AND text = ?",
            (show_id, event.date.iso, event.kind, event.text),
        )
        if not exists:
            await connection.execute(_INSERT_CHILDREN["news_events"], news_row(show_id, event))
            added += 1
        # A stored event may be listed with more outlets than it has: they are added.
        sources = source_rows(show_id, event)
        if sources:
            await connection.executemany(_INSERT_CHILDREN["news_sources"], sources)
    return added


def _show_entry(
    row: Row,
    *,
    aliases: tuple[str, ...],
    seasons: tuple[SeasonEntry, ...],
    cast: tuple[CastEntry, ...],
    news: tuple[NewsEntry, ...],
) -> ShowEntry:
    return ShowEntry(
        title=row["title"],
        aliases=aliases,
        platform=row["platform"],
        status=row["status"],
        final_season=row["final_season"],
        premiered=datetime.date.fromisoformat(row["premiered"]) if row["premiered"] else None,
        genres=tuple(json.loads(row["genres"])),
        created_by=tuple(json.loads(row["created_by"])),
        based_on=row["based_on"],
        sequel=row["sequel"],
        summary=row["summary"],
        show_type=row["show_type"],
        content_rating=row["content_rating"],
        setting=row["setting"],
        ordered=PartialDate.parse(row["ordered"]) if row["ordered"] else None,
        tvmaze_id=row["tvmaze_id"],
        imdb_id=row["imdb_id"],
        links=_links(row["links"]),
        seasons=seasons,
        cast=cast,
        news=news,
        next_episode=_next_episode(row),
        extra=json.loads(row["extra"]),
    )


def _season_entry(row: Row, recaps: dict[int, list[str]]) -> SeasonEntry:
    runtime = None
    if row["runtime_min"] is not None and row["runtime_max"] is not None:
        runtime = (row["runtime_min"], row["runtime_max"])
    release = None
    if row["release_date"]:
        release = PartialDate.parse(row["release_date"], row["release_precision"])
    return SeasonEntry(
        number=row["number"],
        release_date=release,
        episodes=row["episodes"],
        runtime_minutes=runtime,
        recap=tuple(recaps.get(row["number"], ())),
        confirmed=bool(row["confirmed"]),
        finale=datetime.date.fromisoformat(row["finale"]) if row["finale"] else None,
    )


def _cast_entry(row: Row) -> CastEntry:
    return CastEntry(
        actor=row["actor"],
        character=row["character"],
        note=row["note"],
        returning=None if row["expected_back"] is None else bool(row["expected_back"]),
        spoiler=row["spoiler"],
    )


# Ids per read of news_sources: far below either engine's limit on parameters.
_OUTLETS_BATCH = 500


async def outlets_of(
    database: Database | Connection, event_ids: Sequence[int]
) -> dict[int, tuple[LinkEntry, ...]]:
    """Each event's other outlets, oldest first: one read for many events rather than one
    per event, on news_sources' (event_id, url) index. Outlets without a URL are left out, as
    a link needs one."""
    outlets: dict[int, list[LinkEntry]] = {}
    for start in range(0, len(event_ids), _OUTLETS_BATCH):
        batch = list(event_ids[start : start + _OUTLETS_BATCH])
        rows = await database.fetch_all(
            "SELECT event_id, outlet, url FROM news_sources "
            f"WHERE event_id IN ({', '.join('?' * len(batch))}) AND url IS NOT NULL "
            "ORDER BY event_id, reported_on, id",
            batch,
        )
        for row in rows:
            outlets.setdefault(row["event_id"], []).append(LinkEntry(row["outlet"], row["url"]))
    return {event_id: tuple(links) for event_id, links in outlets.items()}


def news_entry_from_row(row: Row, also: tuple[LinkEntry, ...] = ()) -> NewsEntry:
    """A news_events row (reported_on, kind, text, confidence, source, source_url) with the
    other outlets `outlets_of` found for it."""
    return NewsEntry(
        date=PartialDate.parse(row["reported_on"]),
        kind=row["kind"],
        text=row["text"],
        confidence=row["confidence"],
        source=row["source"],
        source_url=row["source_url"],
        also=also,
    )


def _links(text: str) -> tuple[LinkEntry, ...]:
    """Links stored as a JSON list of {"label", "url"} objects."""
    return tuple(LinkEntry(link["label"], link["url"]) for link in json.loads(text))


def shipped_catalogue() -> Catalogue:
    text = (resources.files("db") / "seed" / "catalogue.json").read_text(encoding="utf-8")
    return parse_catalogue(json.loads(text), origin="db/seed/catalogue.json")


async def seed_if_new(database: Database) -> ImportCounts | None:
    """Seed a database that has never been seeded with the shipped catalogue."""
    shows = ShowRepository(database)
    if await shows.is_seeded():
        return None
    counts, _ = await shows.import_catalogue(shipped_catalogue(), seeding=True)
    logger.info("seeded %s from the shipped catalogue: %s", database.path, counts.describe())
    return counts


def _loose_condition(start: datetime.date, end: datetime.date) -> tuple[str, list[str]]:
    """The SQL condition (and its parameters) for a season dated loosely within [start,
    end]: a day not yet confirmed, a month of it, or a year or a part of one ("late 2027")
    that overlaps it. Each is an exact text (and precision) of the date index."""
    terms = ["(release_date BETWEEN ? AND ? AND length(release_date) = 10 AND confirmed = 0)"]
    parameters = [start.isoformat(), end.isoformat()]
    months = [text for text in _window_texts(start, end) if len(text) == len("2027-03")]
    terms.append(f"release_date IN ({', '.join('?' * len(months))})")
    parameters += months
    for year in range(start.year, end.year + 1):
        precisions = [
            precision
            for precision in ("year", *YEAR_PARTS)
            if overlaps(
                PartialDate(year, part=None if precision == "year" else precision), start, end
            )
        ]
        if precisions:
            terms.append(
                "(release_date = ? AND coalesce(release_precision, 'year') "
                f"IN ({', '.join('?' * len(precisions))}))"
            )
            parameters += [f"{year:04d}", *precisions]
    return f"({' OR '.join(terms)})", parameters


def _window_texts(start: datetime.date, end: datetime.date) -> list[str]:
    """How a loosely dated season that may fall in [start, end] is stored: each year it
    touches ("2027", also with early/mid/late), and each month ("2027-03")."""
    years = [f"{year:04d}" for year in range(start.year, end.year + 1)]
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return years + months


# Seasons and next episodes in one row shape, for one query over both; `day` orders them,
# then the title as folded for matching (the order SQLite's NOCASE gave).
_DATED_SEASONS = (
    "SELECT 0 AS episode, shows.id AS show_id, shows.title, shows.title_key, shows.platform, "
    "seasons.number, "
    # Typed NULLs: PostgreSQL reads a bare one as text, which no integer column unites with.
    "seasons.release_date, seasons.release_precision, seasons.confirmed, "
    "CAST(NULL AS INTEGER) AS next_season, CAST(NULL AS INTEGER) AS next_number, "
    "NULL AS next_name, NULL AS next_date, NULL AS next_airs_at, "
    "seasons.release_date AS day FROM seasons JOIN shows ON shows.id = seasons.show_id"
)
_DATED_EPISODES = (
    "SELECT 1 AS episode, id AS show_id, title, title_key, platform, "
    "CAST(NULL AS INTEGER) AS number, "
    "NULL AS release_date, "
    "NULL AS release_precision, 1 AS confirmed, next_season, next_number, next_name, "
    "next_date, next_airs_at, next_date AS day FROM shows"
)
_COMING_SEASONS = (
    "SELECT shows.id AS show_id, shows.title, shows.platform, seasons.number, "
    "seasons.release_date, seasons.release_precision, seasons.confirmed "
    "FROM seasons JOIN shows ON shows.id = seasons.show_id"
)
_COMING_EPISODES = (
    "SELECT id AS show_id, title, platform, next_season, next_number, next_name, next_date, "
    "next_airs_at FROM shows"
)


def _coming_season(row: Row) -> UpcomingItem:
    return UpcomingItem(
        show_id=row["show_id"],
        title=row["title"],
        platform=row["platform"],
        season=row["number"],
        date=PartialDate.parse(row["release_date"], row["release_precision"]),
        confirmed=bool(row["confirmed"]),
    )


def _coming_episode(row: Row) -> UpcomingItem:
    episode = _next_episode(row)
    assert episode is not None  # the query asks for a next date
    return UpcomingItem(
        show_id=row["show_id"],
        title=row["title"],
        platform=row["platform"],
        season=episode.season,
        date=PartialDate(episode.date.year, episode.date.month, episode.date.day),
        episode=episode.number,
        episode_name=episode.name,
        airs_at=episode.airs_at,
    )
