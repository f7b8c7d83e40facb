"""Which process leads: the one that runs the jobs writing news for every process (the poll,
the release-day announcements), so that several processes on one database run each once.

The lock is the engine's (`Database.hold`: an advisory lock on PostgreSQL, a file lock beside a
SQLite file), so it frees itself when its holder dies. The leader also writes who it is into
`meta`, for the other processes to name it in their status.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from db.connection import Database
from db.meta import MetaRepository

logger = logging.getLogger(__name__)

LOCK_NAME = "leader"
_HOLDER_KEY = "leader"


@dataclass(frozen=True, slots=True)
class LeaderStatus:
    """Whether this process leads, and who the last process to take the lead said it was."""

    leads: bool
    holder: str | None


class Leadership:
    def __init__(self, database: Database, identity: str) -> None:
        self._database = database
        self._meta = MetaRepository(database)
        self.identity = identity
        self.leads = False

    async def try_lead(self) -> bool:
        """Take the lead if it is free, keep it if this process has it; True while it leads."""
        leads = await self._database.hold(LOCK_NAME)
        if leads and not self.leads:
            await self._meta.put(_HOLDER_KEY, self.identity)
            logger.info("this process leads: it runs the poll and the daily job")
        elif self.leads and not leads:
            logger.warning("this process no longer leads: another runs the poll")
        self.leads = leads
        return leads

    async def status(self) -> LeaderStatus:
        return LeaderStatus(self.leads, await self._meta.get(_HOLDER_KEY))

    async def resign(self) -> None:
        await self._database.let_go(LOCK_NAME)
        self.leads = False
