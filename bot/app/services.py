"""The services the commands and jobs use, built once in `setup_hook` and closed once."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import discord

from bot.alerts.boards import BoardService
from bot.alerts.delivery import DeliveryWorker
from bot.alerts.reminders import ReminderService
from bot.alerts.scheduler import Jobs
from bot.alerts.subscriptions import SubscriptionService
from bot.budget import RequestBudget
from bot.catalogue.answers import AnswerService
from bot.catalogue.service import CatalogueService
from bot.catalogue.upcoming import UpcomingService
from bot.news.curation import CurationService
from bot.news.pipeline import NewsService
from bot.settings import Settings
from bot.sources.configured import build_sources, close_source
from bot.sources.tvmaze.source import TVmazeSource
from db.backends import open_database
from db.boards import BoardRepository
from db.connection import Database
from db.deliveries import DeliveryRepository
from db.leadership import Leadership
from db.model.shards import Shards
from db.reminders import ReminderRepository
from db.shows import seed_if_new
from db.subscriptions import SubscriptionRepository


@dataclass(frozen=True, slots=True)
class Services:
    database: Database
    catalogue: CatalogueService
    answers: AnswerService
    news: NewsService
    curation: CurationService
    subscriptions: SubscriptionService
    upcoming: UpcomingService
    reminders: ReminderService
    deliveries: DeliveryWorker
    boards: BoardService
    jobs: Jobs
    budget: RequestBudget

    @classmethod
    async def build(
        cls,
        client: discord.Client,
        settings: Settings,
        budget: RequestBudget,
        shards: Shards | None = None,
    ) -> Services:
        """Open (and on first use seed) the database, then wire every service to it.
        `client` is what delivery sends alerts through, within `budget`; with `shards`, only
        to channels in guilds on them."""
        database = await open_database(settings.database_path, settings.database_url)
        catalogue: CatalogueService | None = None
        try:
            await seed_if_new(database)
            catalogue = CatalogueService.start(database, command_prefix=settings.command_prefix)
            deliveries = DeliveryWorker(
                client,
                # Shards are served by one process at a time, so a process restarted on the
                # same shards takes up its predecessor's claims at once, not after the lease.
                DeliveryRepository(database, owner=None if shards is None else shards.describe()),
                SubscriptionRepository(database),
                ReminderRepository(database),
                # An alert posted in a channel makes its show what the channel talks about.
                on_delivered=catalogue.remember,
                shards=shards,
            )
            sources = build_sources(settings, database)
            # TVmaze also answers for titles the catalogue doesn't know yet.
            catalogue.fallback = next(
                (source for source in sources if isinstance(source, TVmazeSource)), None
            )
            news = NewsService(database, catalogue, sources, on_enqueued=deliveries.wake)
            boards = BoardService(
                client,
                BoardRepository(database),
                catalogue,
                SubscriptionRepository(database),
                shards=shards,
            )
        except BaseException:
            if catalogue is not None:
                await catalogue.close()
            await database.close()
            raise
        return cls(
            database=database,
            catalogue=catalogue,
            answers=AnswerService(catalogue),
            news=news,
            curation=CurationService(catalogue, news),
            subscriptions=SubscriptionService(database, catalogue),
            upcoming=UpcomingService(catalogue, SubscriptionRepository(database)),
            reminders=ReminderService(ReminderRepository(database), catalogue),
            deliveries=deliveries,
            boards=boards,
            jobs=Jobs(
                news,
                deliveries,
                poll_minutes=settings.poll_interval_minutes,
                boards=boards,
                leadership=Leadership(database, process_identity(shards)),
                catalogue=catalogue,
            ),
            budget=budget,
        )

    async def close(self) -> None:
        """Release the news sources and the database; the jobs are stopped before this."""
        await self.catalogue.close()
        for source in self.news.sources:
            await close_source(source)
        # What this process claimed and did not send goes to the next one without a wait.
        await self.deliveries.deliveries.release_claims()
        await self.database.close()


def process_identity(shards: Shards | None) -> str:
    """How other processes name this one in their status: its machine, pid and shards."""
    served = f", {shards.describe()}" if shards is not None else ""
    return f"{socket.gethostname()} pid {os.getpid()}{served}"
