"""The one request budget: never past it in any window, people first, Discord's backoffs kept.

Windows are scaled down (a budget per 0.2 s instead of per second) so the tests run in real
time, on the real event loop, in well under a second each.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.budget import BACKGROUND, PEOPLE, RequestBudget, background
from db.model.shards import Shards

WINDOW = 0.2
PER_WINDOW = 10
INTERVAL = WINDOW / PER_WINDOW  # the backlog's even spacing


def scaled(**options: float) -> RequestBudget:
    # Started long ago: no predecessor's second to wait out.
    return RequestBudget(PER_WINDOW, window=WINDOW, slack=0.0, started_at=-100.0, **options)


async def request(budget: RequestBudget, times: list[float], priority: str | None = None) -> None:
    await budget.acquire(priority)
    budget.sent()
    times.append(time.monotonic())


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(
        sum(1 for other in ordered[index:] if other < at + window)
        for index, at in enumerate(ordered)
    )


async def test_no_window_ever_holds_more_than_the_budget() -> None:
    budget = scaled()
    times: list[float] = []

    await asyncio.gather(
        *(request(budget, times, PEOPLE) for _ in range(25)),
        *(request(budget, times, BACKGROUND) for _ in range(25)),
    )

    assert len(times) == 50
    assert most_in_any_window(times, WINDOW) <= PER_WINDOW
    # And it is used: 50 requests at 10 per 0.2 s take a little under a second.
    assert times[-1] - min(times) < 1.2


async def test_a_new_process_assumes_its_predecessor_spent_the_last_window() -> None:
    budget = RequestBudget(PER_WINDOW, window=WINDOW, slack=0.0, started_at=time.monotonic())
    began = time.monotonic()

    await budget.acquire()

    assert time.monotonic() - began >= WINDOW * 0.95


async def test_people_go_before_the_alert_backlog() -> None:
    budget = scaled()
    order: list[str] = []

    async def backlog() -> None:
        with background():
            for _ in range(30):
                await budget.acquire()
                budget.sent()
                order.append("alert")

    async def person() -> None:
        await asyncio.sleep(WINDOW)  # the backlog is well under way
        began = time.monotonic()
        await budget.acquire()
        budget.sent()
        order.append("reply")
        waited.append(time.monotonic() - began)

    waited: list[float] = []
    await asyncio.gather(backlog(), person())

    # The backlog is spaced evenly, so a reply waits at most about one slot, never a window.
    assert waited[0] < WINDOW / PER_WINDOW * 2
    assert 0 < order.index("reply") < len(order) - 1


def on_a_stopped_clock() -> tuple[RequestBudget, list[float]]:
    """A budget whose clock reads what the test last wrote into the list."""
    now = [0.0]
    return scaled(clock=lambda: now[0]), now


async def backlog_sent_at(budget: RequestBudget, now: list[float], *moments: float) -> None:
    for moment in moments:
        now[0] = moment
        await budget.acquire(BACKGROUND)
        budget.sent()


async def test_a_late_wake_up_is_made_up_by_the_backlogs_next_slot() -> None:
    budget, now = on_a_stopped_clock()
    # The event loop woke the second one 4 ms late.
    await backlog_sent_at(budget, now, 0.0, INTERVAL + 0.004)
    now[0] = 2 * INTERVAL

    # Due on the schedule, not one interval after the late one.
    await asyncio.wait_for(budget.acquire(BACKGROUND), 0.001)


async def test_after_a_pause_the_backlog_resumes_at_its_even_pace_not_in_a_burst() -> None:
    budget, now = on_a_stopped_clock()
    await backlog_sent_at(budget, now, 0.0, 10.0)
    now[0] = 10.0 + INTERVAL / 4

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(budget.acquire(BACKGROUND), 0.001)


async def test_a_waiting_person_is_served_before_a_waiting_alert() -> None:
    budget = scaled()
    for _ in range(PER_WINDOW):
        await budget.acquire()
        budget.sent()
    order: list[str] = []

    async def one(priority: str) -> None:
        await budget.acquire(priority)
        budget.sent()
        order.append(priority)

    alert = asyncio.create_task(one(BACKGROUND))
    await asyncio.sleep(0)
    await one(PEOPLE)
    await alert
    assert order == [PEOPLE, BACKGROUND]


async def test_a_global_429_pauses_everything_for_its_retry_after() -> None:
    budget = scaled()
    budget.observe(429, {"Retry-After": "0.3", "X-RateLimit-Global": "true", "Via": "1.1 google"})
    began = time.monotonic()

    await budget.acquire(PEOPLE)

    assert time.monotonic() - began >= 0.28
    status = budget.status()
    assert (status.global_429, status.route_429, status.invalid_last_10_min) == (1, 0, 1)
    assert status.last_rate_limit is not None
    assert status.last_rate_limit.scope == "global"


async def test_a_routes_429_is_counted_and_a_shared_one_is_not_invalid() -> None:
    budget = scaled()
    budget.observe(429, {"Retry-After": "2", "X-RateLimit-Scope": "user"})
    budget.observe(429, {"Retry-After": "2", "X-RateLimit-Scope": "shared"})

    status = budget.status()
    assert (status.global_429, status.route_429, status.shared_429) == (0, 1, 1)
    assert status.invalid_last_10_min == 1
    assert status.paused_for == 0  # discord.py waits out a route's own bucket


async def test_server_errors_make_the_backlog_back_off_longer_each_time_until_a_success() -> None:
    budget = scaled()
    budget.observe(503, {})
    first = budget.status().backing_off_for
    budget.observe(502, {})
    second = budget.status().backing_off_for
    assert 0 < first < second
    assert budget.status().last_server_error == "502"

    began = time.monotonic()
    await budget.acquire(PEOPLE)  # people are not held back by the backlog's backoff
    budget.sent()
    assert time.monotonic() - began < 0.1

    budget.observe(200, {})
    assert budget.status().backing_off_for == 0
    assert budget.status().server_errors == 2


def test_the_budget_must_allow_something() -> None:
    with pytest.raises(ValueError, match="at least one"):
        RequestBudget(0)


# ---------------------------------------------------------------------- on a real session


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async def answer(request: web.Request) -> web.StreamResponse:
        if request.path == "/ws":
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await ws.close()
            return ws
        status = int(request.query.get("status", "200"))
        headers = {"Retry-After": "1", "X-RateLimit-Global": "true"} if status == 429 else {}
        return web.json_response({}, status=status, headers=headers)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_every_request_on_the_session_is_counted_but_not_the_gateway(server: str) -> None:
    budget = scaled()
    async with aiohttp.ClientSession(trace_configs=[budget.trace_config()]) as session:
        for status in (200, 503, 429):
            async with session.get(f"{server}/api?status={status}") as response:
                await response.read()
        async with session.ws_connect(f"{server}/ws") as ws:
            await ws.close()

    assert budget.sent_total == 3
    status = budget.status()
    assert status.global_429 == 1
    assert status.server_errors == 1
    assert status.paused_for > 0


async def test_processes_taking_their_shards_share_stay_under_the_whole_together() -> None:
    # A budget of 45, scaled to a 0.2 s window, split as 0-1, 2 and 3 of 4 shards.
    budgets = [
        RequestBudget(shards.share_of(45), window=WINDOW, slack=0.0, started_at=-100.0)
        for shards in (Shards((0, 1), 4), Shards((2,), 4), Shards((3,), 4))
    ]
    times: list[float] = []

    await asyncio.gather(
        *(request(budget, times, BACKGROUND) for budget in budgets for _ in range(60))
    )

    assert [budget.per_second for budget in budgets] == [22, 11, 11]
    assert most_in_any_window(times, WINDOW) <= 45
