"""The scheduled jobs: poll the news source, announce seasons out today, deliver alerts."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.alerts.boards import BoardService
from bot.alerts.delivery import DeliveryWorker
from bot.catalogue.service import CatalogueService
from bot.news.pipeline import NewsService
from db.leadership import Leadership, LeaderStatus

logger = logging.getLogger(__name__)

POLL_JOB = "poll"
DAILY_JOB = "daily"
# A poll that starts late (the loop was busy, the machine slept) still runs if it is this
# late at most; APScheduler's default of one second would silently skip it.
POLL_GRACE_SECONDS = 5 * 60
DAILY_GRACE_SECONDS = 6 * 60 * 60
# How long a stop waits for the delivery under way to be answered and recorded.
STOP_GRACE_SECONDS = 2.0
# How often each process reads the catalogue version (one row), to see another's changes.
CATALOGUE_CHECK_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class JobStatus:
    name: str
    next_run: datetime.datetime | None
    # Its last run was skipped here: another process leads and runs it.
    skipped: bool = False


class Jobs:
    """Owns the APScheduler instance and the delivery task: started once, stopped once."""

    def __init__(
        self,
        news: NewsService,
        worker: DeliveryWorker,
        *,
        poll_minutes: int,
        boards: BoardService | None = None,
        leadership: Leadership | None = None,
        catalogue: CatalogueService | None = None,
        catalogue_check_seconds: float = CATALOGUE_CHECK_SECONDS,
    ) -> None:
        self.news = news
        self.worker = worker
        self.boards = boards
        # None: this process is the only one, and runs every job.
        self.leadership = leadership
        self._skipped: set[str] = set()
        # The title index to keep up with other processes' changes; None: nobody else writes.
        self.catalogue = catalogue
        self.catalogue_check_seconds = catalogue_check_seconds
        self._catalogue_task: asyncio.Task[None] | None = None
        self.poll_minutes = poll_minutes
        self._scheduler: AsyncIOScheduler | None = None
        self._delivery_task: asyncio.Task[None] | None = None

    def start(self, ready: Callable[[], Awaitable[object]] | None = None) -> None:
        """Must run inside the bot's event loop (setup_hook); deliveries begin once `ready`
        (the gateway's guilds have arrived) returns."""
        scheduler = AsyncIOScheduler(timezone=datetime.UTC)
        scheduler.add_job(
            self.poll,
            IntervalTrigger(minutes=self.poll_minutes, timezone=datetime.UTC),
            id=POLL_JOB,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=POLL_GRACE_SECONDS,
            # First poll soon after start, not a whole interval later.
            next_run_time=datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=30),
        )
        scheduler.add_job(
            self.daily,
            CronTrigger(hour=0, minute=5, timezone=datetime.UTC),
            id=DAILY_JOB,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=DAILY_GRACE_SECONDS,
        )
        scheduler.start()
        self._scheduler = scheduler
        self._delivery_task = asyncio.create_task(self.worker.run_forever(ready), name="deliveries")
        if self.catalogue is not None:
            self._catalogue_task = asyncio.create_task(
                self.follow_catalogue(self.catalogue), name="catalogue"
            )
        logger.info("jobs started: poll every %d min, daily at 00:05 UTC", self.poll_minutes)

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._catalogue_task is not None:
            self._catalogue_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._catalogue_task
            self._catalogue_task = None
        if self._delivery_task is not None:
            self.worker.stop_after_current()
            await asyncio.wait({self._delivery_task}, timeout=STOP_GRACE_SECONDS)
            self._delivery_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery_task
            self._delivery_task = None

    async def follow_catalogue(self, catalogue: CatalogueService) -> None:
        """Every few seconds, bring the title index up to the catalogue's version."""
        while True:
            await asyncio.sleep(self.catalogue_check_seconds)
            try:
                await catalogue.catch_up()
            except Exception:
                # The database away for a moment: the next check tries again.
                logger.exception("checking the catalogue version failed")

    async def leads(self, job: str) -> bool:
        """Whether this process runs `job`, a job that writes news for every process: asked
        at each run, so another takes over within one interval of a leader dying."""
        if self.leadership is None:
            return True
        if await self.leadership.try_lead():
            self._skipped.discard(job)
            return True
        self._skipped.add(job)
        logger.debug("%s skipped: another process leads", job)
        return False

    async def leader(self) -> LeaderStatus | None:
        return None if self.leadership is None else await self.leadership.status()

    async def poll(self) -> None:
        if await self.leads(POLL_JOB):
            await self.news.poll()
        # A board shows news within one poll of it (editors' edits included).
        await self.refresh_boards()

    async def refresh_boards(self) -> None:
        if self.boards is not None:
            changed = await self.boards.refresh_all()
            if changed:
                logger.info("%d boards edited", changed)

    async def daily(self) -> None:
        if await self.leads(DAILY_JOB):
            # The news service's clock, so the day announced is the day its events are dated.
            today = self.news.clock().astimezone(datetime.UTC).date()
            announced = await self.news.announce_seasons_out(today)
            logger.info("daily job: %d seasons out today", len(announced))
        # A new day moves every board's window (and its "as of" date): each is edited.
        await self.refresh_boards()

    def status(self) -> list[JobStatus]:
        if self._scheduler is None:
            return [JobStatus(job, None, job in self._skipped) for job in (POLL_JOB, DAILY_JOB)]
        return [
            JobStatus(job.id, job.next_run_time, job.id in self._skipped)
            for job in self._scheduler.get_jobs()
        ]

    @property
    def running(self) -> bool:
        return self._scheduler is not None
