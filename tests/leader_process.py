"""One process of several on one database, for the leadership tests: the real jobs on the
database and news sources the environment names, polling every few seconds instead of minutes
until it is killed. Each tick prints one line, `led <monotonic time>` or `followed <time>`
(the clock is the machine's, the same in every process), for the test to read."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import discord

from bot.alerts.delivery import DeliveryWorker
from bot.alerts.scheduler import Jobs
from bot.catalogue.service import CatalogueService
from bot.news.pipeline import NewsService
from bot.settings import load_settings
from bot.sources.configured import build_sources
from db.backends import open_database
from db.deliveries import DeliveryRepository
from db.leadership import Leadership
from db.subscriptions import SubscriptionRepository


async def run(interval: float) -> None:
    settings = load_settings()
    database = await open_database(settings.database_path, settings.database_url)
    catalogue = await CatalogueService.load(database)
    news = NewsService(database, catalogue, build_sources(settings, database))
    # Never started: the jobs want a worker, and this process delivers nothing.
    worker = DeliveryWorker(
        discord.Client(intents=discord.Intents.none()),
        DeliveryRepository(database),
        SubscriptionRepository(database),
    )
    leadership = Leadership(database, f"pid {os.getpid()}")
    jobs = Jobs(news, worker, poll_minutes=1, leadership=leadership)
    sys.stdout.write("started\n")
    sys.stdout.flush()
    while True:
        started = time.monotonic()
        await jobs.poll()
        sys.stdout.write(f"{'led' if leadership.leads else 'followed'} {started}\n")
        sys.stdout.flush()
        await asyncio.sleep(interval)


if __name__ == "__main__":
    asyncio.run(run(float(sys.argv[1])))
