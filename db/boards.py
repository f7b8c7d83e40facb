"""Channels' upcoming boards: which message each one is, what it shows, whether it is paused."""

from __future__ import annotations

from db.connection import Database, Row
from db.model.clock import timestamp, utc_now
from db.model.news import Board
from db.model.shards import SNOWFLAKE_TIMESTAMP_SHIFT, Shards


class BoardRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def put(
        self, *, channel_id: int, guild_id: int, everything: bool, created_by: int
    ) -> Board:
        """Start or change a channel's board; asking again also resumes a paused one."""
        async with self._database.transaction() as connection:
            await connection.execute(
                "INSERT INTO boards (channel_id, guild_id, everything, created_by) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET "
                "everything = excluded.everything, created_by = excluded.created_by, "
                # A change of scope must be shown even if the old digest would match.
                "shown = NULL, paused_reason = NULL, paused_at = NULL",
                (channel_id, guild_id, int(everything), created_by),
            )
        board = await self.get(channel_id)
        assert board is not None
        return board

    async def get(self, channel_id: int) -> Board | None:
        row = await self._database.fetch_one(f"{_BOARD_SELECT} WHERE channel_id = ?", (channel_id,))
        return None if row is None else _board(row)

    async def active(self, shards: Shards | None = None) -> list[Board]:
        """Unpaused boards; with `shards`, only those in guilds on them (this process's)."""
        condition = "paused_reason IS NULL"
        parameters: tuple[int, ...] = ()
        if shards is not None:
            marks = ", ".join("?" * len(shards.ids))
            condition += f" AND (guild_id >> {SNOWFLAKE_TIMESTAMP_SHIFT}) % ? IN ({marks})"
            parameters = (shards.count, *shards.ids)
        rows = await self._database.fetch_all(
            f"{_BOARD_SELECT} WHERE {condition} ORDER BY channel_id", parameters
        )
        return [_board(row) for row in rows]

    async def shown(self, channel_id: int, message_id: int | None, shown: str | None) -> None:
        """The message now on Discord and what it shows (both NULL: it was deleted)."""
        async with self._database.transaction() as connection:
            await connection.execute(
                "UPDATE boards SET message_id = ?, shown = ? WHERE channel_id = ?",
                (message_id, shown, channel_id),
            )

    async def pause(self, channel_id: int, reason: str) -> None:
        async with self._database.transaction() as connection:
            await connection.execute(
                "UPDATE boards SET paused_reason = ?, paused_at = ? WHERE channel_id = ?",
                (reason[:500], timestamp(utc_now()), channel_id),
            )


_BOARD_SELECT = (
    "SELECT channel_id, guild_id, everything, message_id, shown, paused_reason FROM boards"
)


def _board(row: Row) -> Board:
    return Board(
        channel_id=row["channel_id"],
        guild_id=row["guild_id"],
        everything=bool(row["everything"]),
        message_id=row["message_id"],
        shown=row["shown"],
        paused_reason=row["paused_reason"],
    )
