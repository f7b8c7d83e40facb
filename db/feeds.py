"""Feed polling state and every feed item read: what lets a poll read only what is new.

A feed is fetched with the validators of its last good poll (a 304 costs nothing), and each
item is stored once, by guid and by link, with what became of it; the items no show could
be found for wait in `unresolved` for an editor.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from db.connection import Database, Row
from db.model.clock import parse_timestamp, timestamp, utc_now
from db.model.feeds import (
    UNRESOLVED_OUTCOMES,
    FeedItemRecord,
    FeedState,
    NewItem,
    check_outcome,
)

# Keys per read in `seen`: each is given twice, far below either engine's parameter limit.
_SEEN_BATCH = 400

_UNRESOLVED = f"outcome IN ({', '.join(repr(outcome) for outcome in UNRESOLVED_OUTCOMES)})"


class FeedRepository:
    def __init__(
        self, database: Database, *, clock: Callable[[], datetime.datetime] = utc_now
    ) -> None:
        self._database = database
        self._clock = clock  # stamps the items remembered

    async def state(self, url: str) -> FeedState | None:
        row = await self._database.fetch_one("SELECT * FROM feeds WHERE url = ?", (url,))
        return None if row is None else _feed_state(row)

    async def save_state(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        polled_at: datetime.datetime,
        error: str | None,
    ) -> FeedState:
        """Record a poll. A failed one (`error` set) keeps the validators of the last good
        one, which still describe what we hold, and does not count as the first poll."""
        good = error is None
        async with self._database.transaction() as connection:
            await connection.execute(
                "INSERT INTO feeds (url, etag, last_modified, first_polled_at, last_polled_at, "
                "last_error) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET "
                "etag = CASE WHEN excluded.last_error IS NULL THEN excluded.etag "
                "ELSE feeds.etag END, "
                "last_modified = CASE WHEN excluded.last_error IS NULL "
                "THEN excluded.last_modified ELSE feeds.last_modified END, "
                "first_polled_at = coalesce(feeds.first_polled_at, excluded.first_polled_at), "
                "last_polled_at = excluded.last_polled_at, last_error = excluded.last_error",
                (
                    url,
                    etag if good else None,
                    last_modified if good else None,
                    timestamp(polled_at) if good else None,
                    timestamp(polled_at),
                    error,
                ),
            )
            row = await connection.fetch_one("SELECT * FROM feeds WHERE url = ?", (url,))
        assert row is not None
        return _feed_state(row)

    async def seen(self, keys: Sequence[str]) -> set[str]:
        """Which of these guids or links are stored, whether as an item's guid or its link."""
        found: set[str] = set()
        unique = list(dict.fromkeys(keys))
        # A feed may list hundreds of items: a few reads of many keys each, every key sought
        # in the guid index and the link index.
        for start in range(0, len(unique), _SEEN_BATCH):
            batch = unique[start : start + _SEEN_BATCH]
            marks = ", ".join("?" * len(batch))
            rows = await self._database.fetch_all(
                f"SELECT guid, link FROM feed_items WHERE guid IN ({marks}) OR link IN ({marks})",
                (*batch, *batch),
            )
            wanted = set(batch)
            for row in rows:
                found.update(key for key in (row["guid"], row["link"]) if key in wanted)
        return found

    async def remember(self, item: NewItem) -> int:
        """Store an item read for the first time; returns its id, or the id of the item
        already stored under its guid or its link (which is then left as it was)."""
        async with self._database.transaction() as connection:
            inserted = await connection.fetch_value(
                "INSERT INTO feed_items (feed, guid, link, title, outlet, published_at, seen_at, "
                "outcome, show_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING RETURNING id",
                (
                    item.feed,
                    item.guid,
                    item.link,
                    item.title,
                    item.outlet,
                    None if item.published_at is None else timestamp(item.published_at),
                    timestamp(self._clock()),
                    item.outcome,
                    item.show_id,
                    item.detail,
                ),
            )
            if inserted is not None:
                return int(inserted)
            stored = await connection.fetch_value(
                "SELECT id FROM feed_items WHERE guid = ? OR link = ? "
                "ORDER BY guid = ? DESC LIMIT 1",
                (item.guid, item.link, item.guid),
            )
        return int(stored)

    async def unresolved(self, limit: int = 20) -> list[FeedItemRecord]:
        """Items no show, or more than one, could be found for: the newest first."""
        rows = await self._database.fetch_all(
            f"SELECT * FROM feed_items WHERE {_UNRESOLVED} ORDER BY seen_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [_feed_item(row) for row in rows]

    async def count_unresolved(self) -> int:
        row = await self._database.fetch_one(f"SELECT count(*) FROM feed_items WHERE {_UNRESOLVED}")
        return int(row[0]) if row else 0

    async def item(self, item_id: int) -> FeedItemRecord | None:
        row = await self._database.fetch_one("SELECT * FROM feed_items WHERE id = ?", (item_id,))
        return None if row is None else _feed_item(row)

    async def set_outcome(self, item_id: int, outcome: str, show_id: int | None) -> None:
        check_outcome(outcome)
        async with self._database.transaction() as connection:
            await connection.execute(
                "UPDATE feed_items SET outcome = ?, show_id = ? WHERE id = ?",
                (outcome, show_id, item_id),
            )

    async def forget_older_than(self, moment: datetime.datetime) -> int:
        """Delete the items seen before `moment`; returns how many. Choose it well before
        the oldest item a feed may still list: a forgotten item a feed repeats is read as new.
        """
        async with self._database.transaction() as connection:
            return await connection.execute(
                "DELETE FROM feed_items WHERE seen_at < ?", (timestamp(moment),)
            )


def _moment(text: str | None) -> datetime.datetime | None:
    return None if text is None else parse_timestamp(text)


def _feed_state(row: Row) -> FeedState:
    return FeedState(
        url=row["url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        first_polled_at=_moment(row["first_polled_at"]),
        last_polled_at=_moment(row["last_polled_at"]),
        last_error=row["last_error"],
    )


def _feed_item(row: Row) -> FeedItemRecord:
    return FeedItemRecord(
        id=row["id"],
        feed=row["feed"],
        guid=row["guid"],
        link=row["link"],
        title=row["title"],
        outlet=row["outlet"],
        published_at=_moment(row["published_at"]),
        seen_at=parse_timestamp(row["seen_at"]),
        outcome=row["outcome"],
        show_id=row["show_id"],
        detail=row["detail"],
    )
