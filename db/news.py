"""News events, subscriptions, and the delivery outbox.

Recording news is one transaction: the show's facts, its new events, and one delivery per
subscribed channel. That is what makes an alert impossible to lose or to repeat: either all of
it is stored, or none of it, and a channel's delivery of an event is unique.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from db.catalogue_format import NewsEntry, ShowEntry
from db.connection import Database
from db.shows import news_entry_from_row, write_show_facts

# What a subscription can filter on, and which news kinds each one covers.
ALERT_KINDS = ("renewed", "ended", "release_date", "season_out", "status")
ALERT_KIND_OF_NEWS = {
    "renewed": "renewed",
    "season_announced": "renewed",
    "cancelled": "ended",
    "ended": "ended",
    "release_date": "release_date",
    "season_out": "season_out",
    "status": "status",
}
MAX_SUBSCRIPTIONS_PER_GUILD = 50


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_alert_worthy(entry: NewsEntry) -> bool:
    """Only facts are announced: a guess goes in the history, never to a channel."""
    return entry.kind in ALERT_KIND_OF_NEWS and entry.confidence != "speculation"


@dataclass(frozen=True, slots=True)
class NewsChange:
    """One news event about to be recorded, with who made it and what it changed."""

    entry: NewsEntry
    author: str
    details: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class NewsEvent:
    id: int
    show_id: int
    show_title: str
    entry: NewsEntry
    author: str
    details: dict[str, Any] = field(hash=False)
    detected_at: str


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    show_id: int | None
    show_title: str | None
    kinds: tuple[str, ...]
    role_id: int | None
    created_by: int
    paused_reason: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    channel_id: int
    state: str
    attempts: int
    role_id: int | None
    event: NewsEvent
    # The show's own page (its first link), for alerts whose news names no URL.
    show_link: str | None = None


@dataclass(frozen=True, slots=True)
class Backlog:
    pending: int
    sending: int
    failed: int
    paused: int
    delivered: int


class SubscriptionLimitReached(Exception):
    pass


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
                if is_alert_worthy(change.entry):
                    await _enqueue(connection, event_id, show_id, change.entry.kind)
        return event_ids

    async def announced_seasons_out(self, show_id: int) -> set[int]:
        rows = await self._database.fetch_all(
            "SELECT json_extract(details, '$.season') AS season FROM news_events "
            "WHERE show_id = ? AND kind = 'season_out'",
            (show_id,),
        )
        return {row["season"] for row in rows if row["season"] is not None}

    async def events_for(self, show_id: int) -> list[NewsEvent]:
        rows = await self._database.fetch_all(
            f"{_EVENT_SELECT} WHERE news_events.show_id = ? ORDER BY reported_on, news_events.id",
            (show_id,),
        )
        return [_event(row) for row in rows]


class SubscriptionRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def subscribe(
        self,
        *,
        guild_id: int,
        channel_id: int,
        show_id: int | None,
        kinds: Sequence[str],
        role_id: int | None,
        created_by: int,
        limit: int = MAX_SUBSCRIPTIONS_PER_GUILD,
    ) -> tuple[Subscription, bool]:
        """Add or update a channel's subscription; returns it and whether it is new."""
        async with self._database.transaction() as connection:
            cursor = await connection.execute(
                "SELECT id FROM subscriptions WHERE channel_id = ? AND coalesce(show_id, 0) = ?",
                (channel_id, show_id or 0),
            )
            existing = await cursor.fetchone()
            await cursor.close()
            if existing is None:
                cursor = await connection.execute(
                    "SELECT count(*) FROM subscriptions WHERE guild_id = ?", (guild_id,)
                )
                (count,) = await cursor.fetchone() or (0,)
                await cursor.close()
                if count >= limit:
                    raise SubscriptionLimitReached(limit)
                cursor = await connection.execute(
                    "INSERT INTO subscriptions (guild_id, channel_id, show_id, kinds, role_id, "
                    "created_by) VALUES (?, ?, ?, ?, ?, ?)",
                    (guild_id, channel_id, show_id, json.dumps(list(kinds)), role_id, created_by),
                )
                subscription_id = cursor.lastrowid
                await cursor.close()
            else:
                subscription_id = existing[0]
                await connection.execute(
                    "UPDATE subscriptions SET kinds = ?, role_id = ?, paused_reason = NULL, "
                    "paused_at = NULL WHERE id = ?",
                    (json.dumps(list(kinds)), role_id, subscription_id),
                )
            cursor = await connection.execute(
                f"{_SUBSCRIPTION_SELECT} WHERE subscriptions.id = ?", (subscription_id,)
            )
            row = await cursor.fetchone()
            await cursor.close()
        assert row is not None
        return _subscription(row), existing is None

    async def unsubscribe(self, *, guild_id: int, channel_id: int, show_id: int | None) -> bool:
        async with self._database.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM subscriptions WHERE guild_id = ? AND channel_id = ? "
                "AND coalesce(show_id, 0) = ?",
                (guild_id, channel_id, show_id or 0),
            )
            removed = cursor.rowcount
            await cursor.close()
        return removed > 0

    async def for_guild(self, guild_id: int) -> list[Subscription]:
        rows = await self._database.fetch_all(
            f"{_SUBSCRIPTION_SELECT} WHERE subscriptions.guild_id = ? "
            "ORDER BY subscriptions.channel_id, shows.title IS NOT NULL, shows.title",
            (guild_id,),
        )
        return [_subscription(row) for row in rows]

    async def pause_channel(self, channel_id: int, reason: str) -> int:
        """Pause every subscription of a channel and its undelivered alerts."""
        async with self._database.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE subscriptions SET paused_reason = ?, paused_at = ? "
                "WHERE channel_id = ? AND paused_reason IS NULL",
                (reason, timestamp(utc_now()), channel_id),
            )
            paused = cursor.rowcount
            await cursor.close()
            await connection.execute(
                "UPDATE deliveries SET state = 'paused', last_error = ? "
                "WHERE channel_id = ? AND state IN ('pending', 'sending')",
                (reason, channel_id),
            )
        return paused


class DeliveryRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def due(
        self, now: datetime.datetime, *, limit: int = 100, channel_id: int | None = None
    ) -> list[Delivery]:
        condition = "deliveries.state IN ('pending', 'sending') AND next_attempt_at <= ?"
        parameters: list[Any] = [timestamp(now)]
        if channel_id is not None:
            condition += " AND deliveries.channel_id = ?"
            parameters.append(channel_id)
        rows = await self._database.fetch_all(
            f"{_DELIVERY_SELECT} WHERE {condition} ORDER BY deliveries.id LIMIT ?",
            (*parameters, limit),
        )
        return [_delivery(row) for row in rows]

    async def next_due_at(self) -> datetime.datetime | None:
        row = await self._database.fetch_one(
            "SELECT min(next_attempt_at) FROM deliveries WHERE state IN ('pending', 'sending')"
        )
        if row is None or row[0] is None:
            return None
        return datetime.datetime.strptime(row[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)

    async def mark_sending(self, delivery_id: int) -> None:
        await self._update(delivery_id, "state = 'sending', attempts = attempts + 1", ())

    async def mark_delivered(self, delivery_id: int, message_id: int | None) -> None:
        await self._update(
            delivery_id,
            "state = 'delivered', message_id = ?, delivered_at = ?, last_error = NULL",
            (message_id, timestamp(utc_now())),
        )

    async def retry_later(
        self,
        delivery_id: int,
        error: str,
        at: datetime.datetime,
        *,
        attempts: int,
        maybe_sent: bool = False,
    ) -> None:
        """Try again at `at`. `maybe_sent`: the failed send may have reached Discord anyway (a
        timeout or 5xx after the request left), so it stays "sending" and the next attempt
        looks in the channel before sending again."""
        # attempts is set, not incremented: an attempt may fail before it was marked sending.
        await self._update(
            delivery_id,
            "state = ?, last_error = ?, next_attempt_at = ?, attempts = ?",
            ("sending" if maybe_sent else "pending", error[:500], timestamp(at), attempts),
        )

    async def mark_failed(self, delivery_id: int, error: str, *, attempts: int) -> None:
        await self._update(
            delivery_id, "state = 'failed', last_error = ?, attempts = ?", (error[:500], attempts)
        )

    async def backlog(self) -> Backlog:
        rows = await self._database.fetch_all(
            "SELECT state, count(*) AS n FROM deliveries GROUP BY state"
        )
        counts = {row["state"]: row["n"] for row in rows}
        return Backlog(
            pending=counts.get("pending", 0),
            sending=counts.get("sending", 0),
            failed=counts.get("failed", 0),
            paused=counts.get("paused", 0),
            delivered=counts.get("delivered", 0),
        )

    async def _update(
        self, delivery_id: int, assignments: str, parameters: tuple[Any, ...]
    ) -> None:
        async with self._database.transaction() as connection:
            await connection.execute(
                f"UPDATE deliveries SET {assignments} WHERE id = ?", (*parameters, delivery_id)
            )


async def _insert_event(connection: aiosqlite.Connection, show_id: int, change: NewsChange) -> int:
    entry = change.entry
    cursor = await connection.execute(
        "INSERT INTO news_events (show_id, reported_on, kind, text, confidence, source, "
        "source_url, author, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            show_id,
            entry.date.iso,
            entry.kind,
            entry.text,
            entry.confidence,
            entry.source,
            entry.source_url,
            change.author,
            json.dumps(change.details, ensure_ascii=False, sort_keys=True),
        ),
    )
    event_id = cursor.lastrowid
    await cursor.close()
    assert event_id is not None
    return event_id


async def _enqueue(
    connection: aiosqlite.Connection, event_id: int, show_id: int, kind: str
) -> None:
    # Subscriptions to the show or to all shows, unpaused, whose kinds are empty (all) or
    # include this alert kind; OR IGNORE keeps one delivery per channel.
    await connection.execute(
        "INSERT OR IGNORE INTO deliveries (event_id, subscription_id, channel_id) "
        "SELECT ?, id, channel_id FROM subscriptions "
        "WHERE (show_id = ? OR show_id IS NULL) AND paused_reason IS NULL "
        "AND (kinds = '[]' OR EXISTS (SELECT 1 FROM json_each(subscriptions.kinds) "
        "WHERE value = ?)) "
        "ORDER BY show_id IS NULL",
        (event_id, show_id, ALERT_KIND_OF_NEWS[kind]),
    )


_EVENT_COLUMNS = (
    "news_events.id AS event_id, news_events.show_id, shows.title AS show_title, reported_on, "
    "kind, text, confidence, source, source_url, author, details, detected_at"
)
_EVENT_SELECT = (
    f"SELECT {_EVENT_COLUMNS} FROM news_events JOIN shows ON shows.id = news_events.show_id"
)
_SUBSCRIPTION_SELECT = (
    "SELECT subscriptions.*, shows.title AS show_title FROM subscriptions "
    "LEFT JOIN shows ON shows.id = subscriptions.show_id"
)
_DELIVERY_SELECT = (
    f"SELECT deliveries.id, deliveries.channel_id, deliveries.state, deliveries.attempts, "
    f"subscriptions.role_id, json_extract(shows.links, '$[0].url') AS show_link, "
    f"{_EVENT_COLUMNS} FROM deliveries "
    "JOIN subscriptions ON subscriptions.id = deliveries.subscription_id "
    "JOIN news_events ON news_events.id = deliveries.event_id "
    "JOIN shows ON shows.id = news_events.show_id"
)


def _event(row: aiosqlite.Row) -> NewsEvent:
    return NewsEvent(
        id=row["event_id"],
        show_id=row["show_id"],
        show_title=row["show_title"],
        entry=news_entry_from_row(row),
        author=row["author"],
        details=json.loads(row["details"]),
        detected_at=row["detected_at"],
    )


def _subscription(row: aiosqlite.Row) -> Subscription:
    return Subscription(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        show_id=row["show_id"],
        show_title=row["show_title"],
        kinds=tuple(json.loads(row["kinds"])),
        role_id=row["role_id"],
        created_by=row["created_by"],
        paused_reason=row["paused_reason"],
    )


def _delivery(row: aiosqlite.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        channel_id=row["channel_id"],
        state=row["state"],
        attempts=row["attempts"],
        role_id=row["role_id"],
        event=_event(row),
        show_link=row["show_link"],
    )
