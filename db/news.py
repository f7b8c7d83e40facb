"""News events, subscriptions, and the delivery outbox.

Recording news is one transaction: the show's facts, its new events, and one delivery per
subscribed channel. That is what makes an alert impossible to lose or to repeat: either all of
it is stored, or none of it, and a channel's delivery of an event is unique.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from db.connection import Connection, Database, Row
from db.model.news import ChangeDetails, NewsChange, NewsEvent
from db.model.shows import LinkEntry, PartialDate, ShowEntry
from db.model.vocabulary import ALERT_KIND_OF_NEWS
from db.shows import news_entry_from_row, outlets_of, write_show_facts


class NewsRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def record(
        self,
        show_id: int,
        changes: Sequence[NewsChange],
        *,
        facts: ShowEntry | None = None,
    ) -> list[int]:
        """Store new facts and news, and enqueue their alerts, in one transaction."""
        event_ids = []
        async with self._database.transaction() as connection:
            if facts is not None:
                await write_show_facts(connection, show_id, facts)
            for change in changes:
                event_id = await _insert_event(connection, show_id, change)
                event_ids.append(event_id)
                if change.alerts:
                    await _enqueue(connection, event_id, show_id, change.entry.kind)
        return event_ids

    async def announced_seasons_out(self, show_id: int) -> set[int]:
        rows = await self._database.fetch_all(
            "SELECT details FROM news_events WHERE show_id = ? AND kind = 'season_out'",
            (show_id,),
        )
        seasons = (json.loads(row["details"]).get("season") for row in rows)
        return {season for season in seasons if season is not None}

    async def latest_of_kinds(self, show_id: int, kinds: Sequence[str]) -> NewsEvent | None:
        """The show's newest event of one of these kinds, by date reported then by arrival."""
        if not kinds:
            return None
        marks = ", ".join("?" * len(kinds))
        row = await self._database.fetch_one(
            f"{_EVENT_SELECT} WHERE news_events.show_id = ? AND kind IN ({marks}) "
            "ORDER BY reported_on DESC, news_events.id DESC LIMIT 1",
            (show_id, *kinds),
        )
        if row is None:
            return None
        also = await outlets_of(self._database, [row["event_id"]])
        return news_event_from_row(row, also.get(row["event_id"], ()))

    async def add_source(
        self, event_id: int, outlet: str, url: str | None, reported_on: PartialDate
    ) -> bool:
        """List another outlet's report of a stored event; False when the event already lists
        that URL (as its own source or another's), or that outlet without one.

        Never alerts: the news itself was announced when it was first recorded.
        """
        async with self._database.transaction() as connection:
            added = await connection.execute(
                # DO NOTHING, not OR IGNORE: only a repeat is skipped, a bad row still fails.
                "INSERT INTO news_sources (event_id, outlet, url, reported_on) "
                "SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT) "
                "WHERE NOT EXISTS (SELECT 1 FROM news_events WHERE id = ? AND source_url = ?) "
                "ON CONFLICT DO NOTHING",
                (event_id, outlet, url, reported_on.iso, event_id, url),
            )
        return added == 1

    async def events_for(self, show_id: int) -> list[NewsEvent]:
        rows = await self._database.fetch_all(
            f"{_EVENT_SELECT} WHERE news_events.show_id = ? ORDER BY reported_on, news_events.id",
            (show_id,),
        )
        return await news_events_from_rows(self._database, rows)


async def _insert_event(connection: Connection, show_id: int, change: NewsChange) -> int:
    entry = change.entry
    event_id = await connection.fetch_value(
        "INSERT INTO news_events (show_id, reported_on, kind, text, confidence, source, "
        "source_url, author, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            show_id,
            entry.date.iso,
            entry.kind,
            entry.text,
            entry.confidence,
            entry.source,
            entry.source_url,
            change.author,
            change.details.to_json(),
        ),
    )
    assert event_id is not None
    return int(event_id)


async def _enqueue(connection: Connection, event_id: int, show_id: int, kind: str) -> None:
    # Subscriptions to the show or to all shows, unpaused, whose kinds are empty (all) or
    # include this alert kind (kinds is a JSON list of plain words, so the quoted word is
    # found by LIKE); the show's own subscription first, and DO NOTHING keeps one delivery
    # per channel.
    await connection.execute(
        "INSERT INTO deliveries (event_id, subscription_id, channel_id) "
        "SELECT CAST(? AS BIGINT), id, channel_id FROM subscriptions "
        "WHERE (show_id = ? OR show_id IS NULL) AND paused_reason IS NULL "
        "AND (kinds = '[]' OR kinds LIKE ?) "
        "ORDER BY show_id IS NULL ON CONFLICT DO NOTHING",
        (event_id, show_id, f'%"{ALERT_KIND_OF_NEWS[kind]}"%'),
    )
    # People who follow the show for DMs hear of every kind of its news; one DM per person.
    await connection.execute(
        "INSERT INTO deliveries (event_id, user_id) "
        "SELECT CAST(? AS BIGINT), user_id FROM reminders WHERE show_id = ? AND paused_at IS NULL "
        "ON CONFLICT DO NOTHING",
        (event_id, show_id),
    )


EVENT_COLUMNS = (
    "news_events.id AS event_id, news_events.show_id, shows.title AS show_title, reported_on, "
    "kind, text, confidence, source, source_url, author, details, detected_at"
)


_EVENT_SELECT = (
    f"SELECT {EVENT_COLUMNS} FROM news_events JOIN shows ON shows.id = news_events.show_id"
)


async def news_events_from_rows(
    database: Database | Connection, rows: Sequence[Row]
) -> list[NewsEvent]:
    """Events from EVENT_COLUMNS rows, with their other outlets read for all of them at once."""
    also = await outlets_of(database, [row["event_id"] for row in rows])
    return [news_event_from_row(row, also.get(row["event_id"], ())) for row in rows]


def news_event_from_row(row: Row, also: tuple[LinkEntry, ...] = ()) -> NewsEvent:
    return NewsEvent(
        id=row["event_id"],
        show_id=row["show_id"],
        show_title=row["show_title"],
        entry=news_entry_from_row(row, also),
        author=row["author"],
        details=ChangeDetails.from_json(row["details"]),
        detected_at=row["detected_at"],
    )
