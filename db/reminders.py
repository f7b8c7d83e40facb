"""People's reminders: which shows each user wants DMs about, and who can't get DMs now."""

from __future__ import annotations

import aiosqlite

from db.connection import Database
from db.model.clock import timestamp, utc_now
from db.model.news import MAX_REMINDERS_PER_USER, Reminder, ReminderLimitReached


class ReminderRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(self, user_id: int, show_id: int, *, limit: int = MAX_REMINDERS_PER_USER) -> bool:
        """Follow a show for DMs; False when it was already followed."""
        async with self._database.transaction() as connection:
            if await _exists(connection, user_id, show_id):
                return False
            rows = await connection.execute_fetchall(
                "SELECT count(*) FROM reminders WHERE user_id = ?", (user_id,)
            )
            if next(iter(rows))[0] >= limit:
                raise ReminderLimitReached()
            await connection.execute(
                "INSERT INTO reminders (user_id, show_id) VALUES (?, ?)", (user_id, show_id)
            )
        return True

    async def remove(self, user_id: int, show_id: int) -> bool:
        async with self._database.transaction() as connection:
            cursor = await connection.execute(
                "DELETE FROM reminders WHERE user_id = ? AND show_id = ?", (user_id, show_id)
            )
            removed = cursor.rowcount > 0
            await cursor.close()
        return removed

    async def forget_user(self, user_id: int) -> int:
        """Everything kept about a person: their list and their DMs in the outbox."""
        async with self._database.transaction() as connection:
            cursor = await connection.execute("DELETE FROM reminders WHERE user_id = ?", (user_id,))
            removed = cursor.rowcount
            await cursor.close()
            await connection.execute(
                "DELETE FROM deliveries WHERE user_id = ?",
                (user_id,),
            )
        return removed

    async def for_user(self, user_id: int) -> list[Reminder]:
        rows = await self._database.fetch_all(
            "SELECT reminders.show_id, shows.title, reminders.paused_at FROM reminders "
            "JOIN shows ON shows.id = reminders.show_id WHERE reminders.user_id = ? "
            "ORDER BY shows.title COLLATE NOCASE",
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
            cursor = await connection.execute(
                "UPDATE reminders SET paused_at = ? WHERE user_id = ? AND paused_at IS NULL",
                (timestamp(utc_now()), user_id),
            )
            paused = cursor.rowcount
            await cursor.close()
            await connection.execute(
                "UPDATE deliveries SET state = 'paused', last_error = ? "
                "WHERE user_id = ? AND state IN ('pending', 'sending')",
                (reason, user_id),
            )
        return paused

    async def take_pause(self, user_id: int) -> bool:
        """Whether this person's reminders were paused; they are resumed as it is told."""
        async with self._database.transaction() as connection:
            cursor = await connection.execute(
                "UPDATE reminders SET paused_at = NULL WHERE user_id = ? AND paused_at IS NOT NULL",
                (user_id,),
            )
            resumed = cursor.rowcount > 0
            await cursor.close()
        return resumed


async def _exists(connection: aiosqlite.Connection, user_id: int, show_id: int) -> bool:
    rows = await connection.execute_fetchall(
        "SELECT 1 FROM reminders WHERE user_id = ? AND show_id = ?", (user_id, show_id)
    )
    return bool(list(rows))
