"""People's reminders: which shows each user wants DMs about, and who can't get DMs now."""

from __future__ import annotations

from db.connection import Connection, Database
from db.model.clock import timestamp, utc_now
from db.model.news import MAX_REMINDERS_PER_USER, Reminder, ReminderLimitReached


class ReminderRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(self, user_id: int, show_id: int, *, limit: int = MAX_REMINDERS_PER_USER) -> bool:
        """Follow a show for DMs; False when it was already followed."""
        async with self._database.transaction() as connection:
            # The count decides the insert: one change to a person's list at a time.
            await connection.serialize(f"reminders:{user_id}")
            if await _exists(connection, user_id, show_id):
                return False
            count = await connection.fetch_value(
                "SELECT count(*) FROM reminders WHERE user_id = ?", (user_id,)
            )
            if count >= limit:
                raise ReminderLimitReached()
            await connection.execute(
                "INSERT INTO reminders (user_id, show_id) VALUES (?, ?)", (user_id, show_id)
            )
        return True

    async def remove(self, user_id: int, show_id: int) -> bool:
        async with self._database.transaction() as connection:
            removed = await connection.execute(
                "DELETE FROM reminders WHERE user_id = ? AND show_id = ?", (user_id, show_id)
            )
        return removed > 0

    async def forget_user(self, user_id: int) -> int:
        """Everything kept about a person: their list and their DMs in the outbox."""
        async with self._database.transaction() as connection:
            removed = await connection.execute(
                "DELETE FROM reminders WHERE user_id = ?", (user_id,)
            )
            await connection.execute(
                "DELETE FROM deliveries WHERE user_id = ?",
                (user_id,),
            )
        return removed

    async def for_user(self, user_id: int) -> list[Reminder]:
        rows = await self._database.fetch_all(
            "SELECT reminders.show_id, shows.title, reminders.paused_at FROM reminders "
            "JOIN shows ON shows.id = reminders.show_id WHERE reminders.user_id = ? "
            "ORDER BY shows.title_key, shows.title",
            (user_id,),
        )
        return [
            Reminder(
                show_id=row["show_id"], show_title=row["title"], paused=row["paused_at"] is not None
            )
            for row in rows
        ]

    async def pause_user(self, user_id: int, reason: str) -> int:
        """DMs to this person are refused: queue none for them, and pause those queued, so
        that one closed door costs one request, not one per alert."""
        async with self._database.transaction() as connection:
            paused = await connection.execute(
                "UPDATE reminders SET paused_at = ? WHERE user_id = ? AND paused_at IS NULL",
                (timestamp(utc_now()), user_id),
            )
            await connection.execute(
                "UPDATE deliveries SET state = 'paused', last_error = ? "
                "WHERE user_id = ? AND state IN ('pending', 'sending')",
                (reason, user_id),
            )
        return paused

    async def take_pause(self, user_id: int) -> bool:
        """Whether this person's reminders were paused; they are resumed as it is told."""
        # Asked before every command: a read by the primary key's user id, and a write
        # transaction (which waits for the alert fan-out's writes) only for the paused few.
        paused = await self._database.fetch_one(
            "SELECT 1 FROM reminders WHERE user_id = ? AND paused_at IS NOT NULL LIMIT 1",
            (user_id,),
        )
        if paused is None:
            return False
        async with self._database.transaction() as connection:
            resumed = await connection.execute(
                "UPDATE reminders SET paused_at = NULL WHERE user_id = ? AND paused_at IS NOT NULL",
                (user_id,),
            )
        return resumed > 0


async def _exists(connection: Connection, user_id: int, show_id: int) -> bool:
    row = await connection.fetch_one(
        "SELECT 1 FROM reminders WHERE user_id = ? AND show_id = ?", (user_id, show_id)
    )
    return row is not None
