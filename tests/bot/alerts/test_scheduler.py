"""The scheduled jobs: started inside the running loop, configured to survive late starts,
stopped once; their coroutines are called directly, never waited for."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator
from typing import Any

import pytest
from apscheduler.job import Job
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.alerts.scheduler import DAILY_JOB, POLL_JOB, Jobs
from bot.app.client import Cliffhanger
from bot.local.stand_in import CHANNEL_ID, GUILD_ID, LocalDiscord
from bot.settings import Settings
from db.backends import open_database
from db.connection import Database
from db.leadership import LOCK_NAME, Leadership
from db.model.catalogue_format import parse_catalogue
from db.postgresql import PostgresDatabase
from db.shows import ShowRepository
from db.subscriptions import SubscriptionRepository
from tests.messages import text_of

POLL_MINUTES = 15
DAY = datetime.date(2027, 2, 3)


@pytest.fixture
async def jobs(bot: Cliffhanger) -> AsyncIterator[Jobs]:
    started = Jobs(bot.services.news, bot.services.deliveries, poll_minutes=POLL_MINUTES)
    started.start()
    yield started
    await started.stop()


def scheduled(jobs: Jobs, job_id: str) -> Job:
    assert jobs._scheduler is not None
    job = jobs._scheduler.get_job(job_id)
    assert job is not None
    return job


async def test_the_poll_job_runs_every_interval_and_never_piles_up(jobs: Jobs) -> None:
    poll = scheduled(jobs, POLL_JOB)
    assert isinstance(poll.trigger, IntervalTrigger)
    assert poll.trigger.interval == datetime.timedelta(minutes=POLL_MINUTES)
    assert poll.coalesce is True
    assert poll.max_instances == 1


async def test_a_late_poll_still_runs_within_minutes(jobs: Jobs) -> None:
    assert scheduled(jobs, POLL_JOB).misfire_grace_time >= 60
    assert scheduled(jobs, DAILY_JOB).misfire_grace_time >= 60


async def test_the_daily_job_runs_once_a_day_after_midnight_utc(jobs: Jobs) -> None:
    daily = scheduled(jobs, DAILY_JOB)
    assert isinstance(daily.trigger, CronTrigger)
    fields = {field.name: str(field) for field in daily.trigger.fields}
    assert (fields["hour"], fields["minute"], fields["day"]) == ("0", "5", "*")
    assert daily.trigger.timezone.utcoffset(None) == datetime.timedelta(0)
    assert daily.coalesce is True
    assert daily.max_instances == 1


async def test_status_gives_each_jobs_next_run(jobs: Jobs) -> None:
    now = datetime.datetime.now(datetime.UTC)
    runs = {status.name: status.next_run for status in jobs.status()}
    assert set(runs) == {POLL_JOB, DAILY_JOB}
    poll, daily = runs[POLL_JOB], runs[DAILY_JOB]
    assert poll is not None
    assert daily is not None
    # The first poll comes soon after the start, not a whole interval later.
    assert now < poll <= now + datetime.timedelta(minutes=POLL_MINUTES)
    assert now < daily <= now + datetime.timedelta(days=1)
    assert (daily.astimezone(datetime.UTC).hour, daily.astimezone(datetime.UTC).minute) == (0, 5)


async def test_stop_shuts_the_scheduler_and_the_delivery_task_down(jobs: Jobs) -> None:
    task = jobs._delivery_task
    assert jobs.running
    assert task is not None
    await jobs.stop()
    assert not jobs.running
    assert task.done()
    assert [status.next_run for status in jobs.status()] == [None, None]
    await jobs.stop()  # a second stop is harmless


async def test_jobs_are_not_started_for_the_local_bot(bot: Cliffhanger) -> None:
    assert not bot.services.jobs.running


async def test_a_bot_for_discord_starts_its_jobs_in_setup_and_stops_them_on_close(
    settings: Settings,
) -> None:
    bot = Cliffhanger(settings)
    await bot._async_setup_hook()
    try:
        await bot.setup_hook()
        assert bot.services.jobs.running
        jobs = bot.services.jobs
    finally:
        await bot.close()
    assert not jobs.running


async def test_calling_the_poll_job_polls_the_source(jobs: Jobs) -> None:
    await jobs.poll()
    assert jobs.news.last_poll is not None
    assert jobs.news.last_poll.error is None


async def test_calling_the_daily_job_announces_seasons_out_on_the_news_clock_day(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, jobs: Jobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    seasons = [{"number": 1, "release_date": DAY.isoformat()}]
    await bot.services.catalogue.import_catalogue(
        parse_catalogue({"shows": [{"title": "Daily Show", "seasons": seasons}]}, origin="test")
    )
    await SubscriptionRepository(bot.services.database).subscribe(
        guild_id=GUILD_ID,
        channel_id=CHANNEL_ID,
        show_id=None,
        kinds=(),
        role_id=None,
        created_by=1,
    )
    posted = asyncio.Event()
    record = discord_stand_in.record_message

    def record_and_tell(channel_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        posted.set()
        return record(channel_id, payload)

    monkeypatch.setattr(discord_stand_in, "record_message", record_and_tell)
    jobs.news.clock = lambda: datetime.datetime.combine(DAY, datetime.time(0, 5), datetime.UTC)
    await jobs.daily()
    # The running delivery task is woken by the queued alert and posts it.
    async with asyncio.timeout(5):
        await posted.wait()
    assert "Daily Show: season 1 is out today" in text_of(discord_stand_in.sent_to(CHANNEL_ID))


@pytest.fixture
async def elsewhere(bot: Cliffhanger) -> AsyncIterator[Database]:
    """Another process's view of the bot's database, leading."""
    database = bot.services.database
    url = database.url if isinstance(database, PostgresDatabase) else None
    other = await open_database(database.path, url)
    assert await Leadership(other, "the other process").try_lead()
    yield other
    await other.close()


@pytest.fixture
def follower(bot: Cliffhanger, elsewhere: Database) -> Jobs:
    """This process's jobs while another process on the same database leads."""
    return Jobs(
        bot.services.news,
        bot.services.deliveries,
        poll_minutes=POLL_MINUTES,
        leadership=Leadership(bot.services.database, "this process"),
    )


async def test_a_process_that_does_not_lead_skips_the_poll(follower: Jobs) -> None:
    await follower.poll()
    assert follower.news.last_poll is None


async def test_a_process_that_does_not_lead_says_so_and_names_the_leader(
    follower: Jobs,
) -> None:
    await follower.poll()
    await follower.daily()
    assert {status.name: status.skipped for status in follower.status()} == {
        POLL_JOB: True,
        DAILY_JOB: True,
    }
    leader = await follower.leader()
    assert leader is not None
    assert (leader.leads, leader.holder) == (False, "the other process")


async def test_a_process_polls_at_its_next_tick_once_the_leader_has_gone(
    follower: Jobs, elsewhere: Database
) -> None:
    await follower.poll()
    await elsewhere.let_go(LOCK_NAME)
    await follower.poll()
    assert follower.news.last_poll is not None
    leader = await follower.leader()
    assert leader is not None
    assert (leader.leads, leader.holder) == (True, "this process")


async def test_the_jobs_bring_the_title_index_up_with_another_process(
    bot: Cliffhanger, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = bot.services.catalogue
    await catalogue.ready()
    caught_up = asyncio.Event()
    catch_up = catalogue.catch_up

    async def catch_up_and_tell() -> bool:
        changed = await catch_up()
        if changed:
            caught_up.set()
        return changed

    monkeypatch.setattr(catalogue, "catch_up", catch_up_and_tell)
    database = bot.services.database
    url = database.url if isinstance(database, PostgresDatabase) else None
    other = await open_database(database.path, url)
    jobs = Jobs(
        bot.services.news,
        bot.services.deliveries,
        poll_minutes=POLL_MINUTES,
        catalogue=catalogue,
        catalogue_check_seconds=0.05,
    )
    jobs.start()
    try:
        await ShowRepository(other).import_catalogue(
            parse_catalogue({"shows": [{"title": "Far Away Show"}]}, origin="test")
        )
        async with asyncio.timeout(5):
            await caught_up.wait()
        assert catalogue.index.is_title("Far Away Show")
    finally:
        await jobs.stop()
        await other.close()
