"""The delivery outbox: one row per (news event, channel or user), drained by the worker."""

from __future__ import annotations

import datetime
from typing import Any

import aiosqlite

from db.connection import Database
from db.model.clock import parse_timestamp, timestamp, utc_now
from db.model.news import Backlog, Delivery
from db.model.shards import SNOWFLAKE_TIMESTAMP_SHIFT, Shards
from db.news import EVENT_COLUMNS, news_event_from_row


class DeliveryRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def due(
        self,
        now: datetime.datetime,
        *,
        limit: int = 100,
        channel_id: int | None = None,
        user_id: int | None = None,
        shards: Shards | None = None,
    ) -> list[Delivery]:
        """What is due now, oldest first; with `shards`, only what this process may send."""
        condition = "deliveries.state IN ('pending', 'sending') AND next_attempt_at <= ?"
        parameters: list[Any] = [timestamp(now)]
        if shards is not None:
            owned, owned_parameters = _owned_by(shards)
            condition += f" AND {owned}"
            parameters.extend(owned_parameters)
        if channel_id is not None:
            condition += " AND deliveries.channel_id = ?"
            parameters.append(channel_id)
        if user_id is not None:
            condition += " AND deliveries.user_id = ?"
            parameters.append(user_id)
        rows = await self._database.fetch_all(
            f"{_DELIVERY_SELECT} WHERE {condition} ORDER BY deliveries.id LIMIT ?",
            (*parameters, limit),
        )
        return [_delivery(row) for row in rows]

    async def next_due_at(self, shards: Shards | None = None) -> datetime.datetime | None:
        """When the next of `due`'s rows falls due (the same filter, or a process would wake
        for rows it may not send)."""
        condition = "deliveries.state IN ('pending', 'sending')"
        parameters: tuple[int, ...] = ()
        if shards is not None:
            owned, parameters = _owned_by(shards)
            condition += f" AND {owned}"
        row = await self._database.fetch_one(
            "SELECT min(deliveries.next_attempt_at) FROM deliveries LEFT JOIN subscriptions "
            f"ON subscriptions.id = deliveries.subscription_id WHERE {condition}",
            parameters,
        )
        if row is None or row[0] is None:
            return None
        return parse_timestamp(row[0])

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


_DELIVERY_SELECT = (
    "SELECT deliveries.id, deliveries.state, deliveries.attempts, deliveries.channel_id, "
    "deliveries.user_id, "
    f"subscriptions.role_id, json_extract(shows.links, '$[0].url') AS show_link, "
    f"{EVENT_COLUMNS} FROM deliveries "
    # A DM has no subscription, hence no role to ping.
    "LEFT JOIN subscriptions ON subscriptions.id = deliveries.subscription_id "
    "JOIN news_events ON news_events.id = deliveries.event_id "
    "JOIN shows ON shows.id = news_events.show_id"
)


def _owned_by(shards: Shards) -> tuple[str, tuple[int, ...]]:
    """The rows a process with these shards sends: a channel's when its subscription's guild
    is on one of them (Discord's rule, see db/model/shards.py); a reminder DM's always, as
    any process may open a DM."""
    marks = ", ".join("?" * len(shards.ids))
    return (
        "(deliveries.user_id IS NOT NULL OR (subscriptions.guild_id >> "
        f"{SNOWFLAKE_TIMESTAMP_SHIFT}) % ? IN ({marks}))",
        (shards.count, *shards.ids),
    )


def _delivery(row: aiosqlite.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        channel_id=row["channel_id"],
        state=row["state"],
        attempts=row["attempts"],
        role_id=row["role_id"],
        event=news_event_from_row(row),
        show_link=row["show_link"],
        user_id=row["user_id"],
    )
