"""Channels' subscriptions: who follows which show, and which are paused."""

from __future__ import annotations

import json
from collections.abc import Sequence

from db.connection import Database, Row
from db.model.clock import timestamp, utc_now
from db.model.news import MAX_SUBSCRIPTIONS_PER_GUILD, Subscription, SubscriptionLimitReached


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
            # The count decides the insert: one subscribe per guild at a time, in any process.
            await connection.serialize(f"subscriptions:{guild_id}")
            existing = await connection.fetch_one(
                "SELECT id FROM subscriptions WHERE channel_id = ? AND coalesce(show_id, 0) = ?",
                (channel_id, show_id or 0),
            )
            if existing is None:
                count = await connection.fetch_value(
                    "SELECT count(*) FROM subscriptions WHERE guild_id = ?", (guild_id,)
                )
                if count >= limit:
                    raise SubscriptionLimitReached(limit)
                subscription_id = await connection.fetch_value(
                    "INSERT INTO subscriptions (guild_id, channel_id, show_id, kinds, role_id, "
                    "created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (guild_id, channel_id, show_id, json.dumps(list(kinds)), role_id, created_by),
                )
            else:
                subscription_id = existing[0]
                await connection.execute(
                    "UPDATE subscriptions SET kinds = ?, role_id = ?, paused_reason = NULL, "
                    "paused_at = NULL WHERE id = ?",
                    (json.dumps(list(kinds)), role_id, subscription_id),
                )
            row = await connection.fetch_one(
                f"{_SUBSCRIPTION_SELECT} WHERE subscriptions.id = ?", (subscription_id,)
            )
        assert row is not None
        return _subscription(row), existing is None

    async def unsubscribe(self, *, guild_id: int, channel_id: int, show_id: int | None) -> bool:
        async with self._database.transaction() as connection:
            removed = await connection.execute(
                "DELETE FROM subscriptions WHERE guild_id = ? AND channel_id = ? "
                "AND coalesce(show_id, 0) = ?",
                (guild_id, channel_id, show_id or 0),
            )
        return removed > 0

    async def for_guild(self, guild_id: int) -> list[Subscription]:
        rows = await self._database.fetch_all(
            f"{_SUBSCRIPTION_SELECT} WHERE subscriptions.guild_id = ? "
            "ORDER BY subscriptions.channel_id, shows.title IS NOT NULL, shows.title",
            (guild_id,),
        )
        return [_subscription(row) for row in rows]

    async def followed_in(self, channel_id: int) -> tuple[bool, frozenset[int]]:
        """Whether a channel follows every show, and the shows it follows by name."""
        rows = await self._database.fetch_all(
            "SELECT show_id FROM subscriptions WHERE channel_id = ? AND paused_at IS NULL",
            (channel_id,),
        )
        shows = frozenset(row["show_id"] for row in rows if row["show_id"] is not None)
        return any(row["show_id"] is None for row in rows), shows

    async def pause_channel(self, channel_id: int, reason: str) -> int:
        """Pause every subscription of a channel and its undelivered alerts."""
        async with self._database.transaction() as connection:
            paused = await connection.execute(
                "UPDATE subscriptions SET paused_reason = ?, paused_at = ? "
                "WHERE channel_id = ? AND paused_reason IS NULL",
                (reason, timestamp(utc_now()), channel_id),
            )
            await connection.execute(
                "UPDATE deliveries SET state = 'paused', last_error = ? "
                "WHERE channel_id = ? AND state IN ('pending', 'sending')",
                (reason, channel_id),
            )
        return paused


_SUBSCRIPTION_SELECT = (
    "SELECT subscriptions.*, shows.title AS show_title FROM subscriptions "
    "LEFT JOIN shows ON shows.id = subscriptions.show_id"
)


def _subscription(row: Row) -> Subscription:
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
