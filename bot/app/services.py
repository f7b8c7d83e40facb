"""The services the commands and jobs use, built once in `setup_hook` and closed once."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.alerts.delivery import DeliveryWorker
from bot.alerts.scheduler import Jobs
from bot.alerts.subscriptions import SubscriptionService
from bot.catalogue.service import CatalogueService
from bot.news.curation import CurationService
from bot.news.pipeline import NewsService
from bot.settings import Settings
from bot.sources.configured import build_source, close_source
from bot.sources.tvmaze.source import TVmazeSource, state_path_for
from db.connection import Database
from db.deliveries import DeliveryRepository
from db.shows import seed_if_new
from db.subscriptions import SubscriptionRepository


@dataclass(frozen=True, slots=True)
class Services:
    database: Database
    catalogue: CatalogueService
    news: NewsService
    curation: CurationService
    subscriptions: SubscriptionService
    deliveries: DeliveryWorker
    jobs: Jobs

    @classmethod
    async def build(cls, client: discord.Client, settings: Settings) -> Services:
        """Open (and on first use seed) the database, then wire every service to it.
        `client` is what delivery sends alerts through."""
        database = await Database.open(settings.database_path)
        try:
            await seed_if_new(database)
            catalogue = await CatalogueService.load(
                database, command_prefix=settings.command_prefix
            )
            deliveries = DeliveryWorker(
                client, DeliveryRepository(database), SubscriptionRepository(database)
            )
            source = build_source(
                settings.news_source,
                tvmaze_base_url=settings.tvmaze_base_url,
                shows=catalogue.shows,
                state_path=state_path_for(settings.database_path),
            )
            # TVmaze also answers for titles the catalogue doesn't know yet.
            catalogue.fallback = source if isinstance(source, TVmazeSource) else None
            news = NewsService(database, catalogue, source, on_enqueued=deliveries.wake)
        except BaseException:
            await database.close()
            raise
        return cls(
            database=database,
            catalogue=catalogue,
            news=news,
            curation=CurationService(catalogue, news),
            subscriptions=SubscriptionService(database, catalogue),
            deliveries=deliveries,
            jobs=Jobs(news, deliveries, poll_minutes=settings.poll_interval_minutes),
        )

    async def close(self) -> None:
        """Release the news source and the database; the jobs are stopped before this."""
        await close_source(self.news.source)
        await self.database.close()
