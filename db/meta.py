"""Small named values the whole deployment shares, kept in the `meta` table.

What one process remembers for the next (a poller's progress, say) belongs here rather than
in a file beside the database: with several processes on one PostgreSQL database, the process
that polls next may run on another machine.
"""

from __future__ import annotations

from db.connection import Database


class MetaRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    async def get(self, key: str) -> str | None:
        row = await self._database.fetch_one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def put(self, key: str, value: str) -> None:
        async with self._database.transaction() as connection:
            await connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
