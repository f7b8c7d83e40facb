"""The delivery outbox: one row per (news event, channel or user), drained by the worker.

Several processes may drain one outbox (on PostgreSQL): each claims the due rows it is about
to send for a lease, and the others skip them; a process that dies leaves its claims to run
out, and then anyone takes them. The mark-then-send-then-mark order and the look in the
channel before a resend (bot/alerts/delivery.py) still keep each alert to one message.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import socket
from typing import Any

from db.connection import Database, Row
from db.model.clock import parse_timestamp, timestamp, utc_now
from db.model.news import Backlog, Delivery
from db.model.shards import SNOWFLAKE_TIMESTAMP_SHIFT, Shards
from db.model.shows import LinkEntry
from db.news import EVENT_COLUMNS, news_event_from_row
from db.shows import outlets_of

# Long enough for a claimed batch to be sent at Discord's pace (a send renews it), short
# enough that a dead process's alerts wait only this long for another.
LEASE = datetime.timedelta(seconds=30)
# This process, as written in the rows it claims.
PROCESS = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
# SQLite serves one process: every claim in its file is that process's own, so a restart
# takes up its predecessor's claims at once rather than after their lease.
_SINGLE_PROCESS = "local"


class DeliveryRepository:
    def __init__(
        self, database: Database, *, owner: str | None = None, lease: datetime.timedelta = LEASE
    ) -> None:
        self._database = database
        if owner is None:
            owner = PROCESS if database.dialect == "postgresql" else _SINGLE_PROCESS
        self.owner = owner
        self._lease = lease
        # Rows another process is claiming right now are skipped, not waited for.
        # (The outbox's rows only: the subscription a row is joined to stays free.)
        self._skip_locked = (
            " FOR UPDATE OF deliveries SKIP LOCKED" if database.dialect == "postgresql" else ""
        )

    async def due(
        self,
        now: datetime.datetime,
        *,
        limit: int = 100,
        channel_id: int | None = None,
        user_id: int | None = None,
        shards: Shards | None = None,
    ) -> list[Delivery]:
        """Claim up to `limit` deliveries due at `now` for this process, oldest first: those
        nobody holds, this process's own, and those whose holder's lease ran out; with
        `shards`, only what this process may send."""
        condition = (
            "deliveries.state IN ('pending', 'sending') AND next_attempt_at <= ? "
            "AND (claimed_by IS NULL OR claimed_by = ? OR lease_until < ?)"
        )
        parameters: list[Any] = [timestamp(now), self.owner, timestamp(now)]
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
        async with self._database.transaction() as connection:
            claimed = await connection.fetch_all(
                "UPDATE deliveries SET claimed_by = ?, lease_until = ? WHERE id IN ("
                "SELECT deliveries.id FROM deliveries LEFT JOIN subscriptions "
                f"ON subscriptions.id = deliveries.subscription_id WHERE {condition} "
                f"ORDER BY deliveries.id LIMIT ?{self._skip_locked}) RETURNING id",
                (self.owner, timestamp(now + self._lease), *parameters, limit),
            )
            if not claimed:
                return []
            ids = [row["id"] for row in claimed]
            rows = await connection.fetch_all(
                f"{_DELIVERY_SELECT} WHERE deliveries.id IN ({', '.join('?' * len(ids))}) "
                "ORDER BY deliveries.id",
                ids,
            )
            also = await outlets_of(connection, [row["event_id"] for row in rows])
        return [_delivery(row, also.get(row["event_id"], ())) for row in rows]

    async def release_claims(self) -> int:
        """Give back this process's claims on what it has not sent (at a clean stop)."""
        if self.owner == _SINGLE_PROCESS:
            return 0  # nobody else would wait for them
        async with self._database.transaction() as connection:
            return await connection.execute(
                "UPDATE deliveries SET claimed_by = NULL, lease_until = NULL "
                "WHERE claimed_by = ? AND state IN ('pending', 'sending')",
                (self.owner,),
            )

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

    async def mark_sending(self, delivery_id: int) -> bool:
        """Record that a send starts, renewing the claim for it; False when the claim was
        lost (its lease ran out and another process took it): that process sends it."""
        async with self._database.transaction() as connection:
            changed = await connection.execute(
                "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, "
                "claimed_by = ?, lease_until = ? "
                "WHERE id = ? AND (claimed_by = ? OR claimed_by IS NULL)",
                (self.owner, timestamp(utc_now() + self._lease), delivery_id, self.owner),
            )
        return changed == 1

    async def mark_delivered(self, delivery_id: int, message_id: int | None) -> None:
        await self._update(
            delivery_id,
            "state = 'delivered', message_id = ?, delivered_at = ?, last_error = NULL, "
            f"{_UNCLAIMED}",
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
            f"state = ?, last_error = ?, next_attempt_at = ?, attempts = ?, {_UNCLAIMED}",
            ("sending" if maybe_sent else "pending", error[:500], timestamp(at), attempts),
        )

    async def mark_failed(self, delivery_id: int, error: str, *, attempts: int) -> None:
        await self._update(
            delivery_id,
            f"state = 'failed', last_error = ?, attempts = ?, {_UNCLAIMED}",
            (error[:500], attempts),
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


# A retry may be taken by any process; a delivery done is nobody's.
_UNCLAIMED = "claimed_by = NULL, lease_until = NULL"

_DELIVERY_SELECT = (
    "SELECT deliveries.id, deliveries.state, deliveries.attempts, deliveries.channel_id, "
    "deliveries.user_id, "
    f"subscriptions.role_id, shows.links AS show_links, {EVENT_COLUMNS} FROM deliveries "
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


def _delivery(row: Row, also: tuple[LinkEntry, ...]) -> Delivery:
    links = json.loads(row["show_links"])
    return Delivery(
        id=row["id"],
        channel_id=row["channel_id"],
        state=row["state"],
        attempts=row["attempts"],
        role_id=row["role_id"],
        event=news_event_from_row(row, also),
        show_link=links[0]["url"] if links else None,
        user_id=row["user_id"],
    )
