"""The TVmaze client against a real local server: limits, retries, and what counts as failure."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sources.tvmaze.client import (
    USER_AGENT,
    RateLimiter,
    Tally,
    TVmazeClient,
    TVmazeError,
    retry_after_seconds,
)
from tests.tvmaze_server import DOME, FakeTime, FakeTVmaze, Reply, recorded


@pytest.fixture
def time() -> FakeTime:
    return FakeTime(1_000.0)


@pytest.fixture
async def client(tvmaze: FakeTVmaze, time: FakeTime) -> AsyncIterator[TVmazeClient]:
    limiter = RateLimiter(clock=time.clock, sleep=time.sleep)
    made = TVmazeClient(
        tvmaze.url,
        limiter=limiter,
        sleep=time.sleep,
        jitter=lambda: 1.0,  # the longest backoff: 1, 2, 4 s
        timeout=aiohttp.ClientTimeout(total=0.2),
    )
    yield made
    await made.close()


async def test_a_show_is_fetched_as_json_with_a_descriptive_user_agent(
    tvmaze: FakeTVmaze, client: TVmazeClient
) -> None:
    tvmaze.serve("/shows/1", recorded(DOME))
    show = await client.get_json("/shows/1", (("embed[]", "seasons"),))
    assert show["name"] == "Under the Dome"
    assert tvmaze.requests == ["/shows/1?embed%5B%5D=seasons"]
    assert tvmaze.user_agents == [USER_AGENT]
    assert USER_AGENT.startswith("Cliffhanger/0.1 (+Discord bot;")


async def test_not_found_is_an_answer_not_an_error(
    tvmaze: FakeTVmaze, client: TVmazeClient
) -> None:
    assert await client.get_json("/shows/999999") is None
    assert len(tvmaze.requests) == 1


async def test_429_with_retry_after_waits_that_long_then_succeeds(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.then("/shows/1", Reply(status=429, headers={"Retry-After": "7"}))
    tvmaze.serve("/shows/1", recorded(DOME))
    tally = Tally()
    assert (await client.get_json("/shows/1", tally=tally))["id"] == 1
    assert time.waits == [7.0]
    assert tally.requests == 2


async def test_429_without_retry_after_backs_off(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.then("/shows/1", Reply(status=429), Reply(status=429))
    tvmaze.serve("/shows/1", recorded(DOME))
    await client.get_json("/shows/1")
    assert time.waits == [1.0, 2.0]


async def test_a_429_holds_every_caller_for_the_retry_after(
    client: TVmazeClient, time: FakeTime
) -> None:
    client.limiter.hold(30)
    await client.limiter.acquire()
    assert time.waits == [30.0]


async def test_a_retry_after_beyond_a_minute_fails_at_once(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.serve("/shows/1", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(TVmazeError, match="HTTP 429"):
        await client.get_json("/shows/1")
    assert len(tvmaze.requests) == 1
    assert time.waits == []


async def test_a_429_asking_for_an_hour_holds_others_for_a_minute_at_most(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.then("/shows/1", Reply(status=429, headers={"Retry-After": "3600"}))
    tvmaze.serve("/shows/1", recorded(DOME))
    with pytest.raises(TVmazeError):
        await client.get_json("/shows/1")
    assert (await client.get_json("/shows/1"))["id"] == 1
    assert time.waits == [60.0]


async def test_a_caller_someone_waits_on_can_ask_for_fewer_tries(
    tvmaze: FakeTVmaze, client: TVmazeClient
) -> None:
    tvmaze.serve("/shows/1", status=500)
    with pytest.raises(TVmazeError, match=r"after 2 tries"):
        await client.get_json("/shows/1", tries=2)
    assert len(tvmaze.requests) == 2


async def test_a_server_error_is_retried_with_jittered_backoff(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.then("/shows/1", Reply(status=500), Reply(status=503))
    tvmaze.serve("/shows/1", recorded(DOME))
    assert (await client.get_json("/shows/1"))["id"] == 1
    assert time.waits == [1.0, 2.0]


async def test_jitter_shortens_the_backoff_by_up_to_half(tvmaze: FakeTVmaze) -> None:
    time = FakeTime(1_000.0)
    client = TVmazeClient(tvmaze.url, sleep=time.sleep, jitter=lambda: 0.0)
    tvmaze.then("/shows/1", Reply(status=500))
    tvmaze.serve("/shows/1", recorded(DOME))
    try:
        await client.get_json("/shows/1")
    finally:
        await client.close()
    assert time.waits == [0.5]


async def test_a_server_that_keeps_failing_is_given_up_after_four_tries(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.serve("/shows/1", status=500)
    with pytest.raises(TVmazeError, match=r"HTTP 500 \(after 4 tries\)"):
        await client.get_json("/shows/1")
    assert len(tvmaze.requests) == 4
    assert time.waits == [1.0, 2.0, 4.0]


async def test_a_timeout_is_retried_then_fails(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.serve("/shows/1", recorded(DOME), delay=5.0)
    with pytest.raises(TVmazeError, match="timed out"):
        await client.get_json("/shows/1")
    assert len(tvmaze.requests) == 4


async def test_a_timeout_then_an_answer_succeeds(tvmaze: FakeTVmaze, client: TVmazeClient) -> None:
    tvmaze.then("/shows/1", Reply(recorded(DOME), delay=5.0))
    tvmaze.serve("/shows/1", recorded(DOME))
    assert (await client.get_json("/shows/1"))["id"] == 1


async def test_malformed_json_fails_without_retrying(
    tvmaze: FakeTVmaze, client: TVmazeClient
) -> None:
    tvmaze.serve("/shows/1", raw=b'{"id": 1, "name": "Under the')
    with pytest.raises(TVmazeError, match="malformed JSON"):
        await client.get_json("/shows/1")
    assert len(tvmaze.requests) == 1


async def test_another_client_error_fails_without_retrying(
    tvmaze: FakeTVmaze, client: TVmazeClient
) -> None:
    tvmaze.serve("/shows/1", status=403)
    with pytest.raises(TVmazeError, match="HTTP 403"):
        await client.get_json("/shows/1")
    assert len(tvmaze.requests) == 1


async def test_nobody_listening_is_a_connection_failure(time: FakeTime) -> None:
    server = FakeTVmaze()
    url = await server.start()
    await server.close()
    client = TVmazeClient(url, sleep=time.sleep, max_tries=2)
    try:
        with pytest.raises(TVmazeError, match="connection failed"):
            await client.get_json("/shows/1")
    finally:
        await client.close()


async def test_the_session_is_made_once_and_closed(
    tvmaze: FakeTVmaze, client: TVmazeClient
) -> None:
    tvmaze.serve("/shows/1", recorded(DOME))
    await client.get_json("/shows/1")
    session = client._session
    await client.get_json("/shows/1")
    assert client._session is session
    await client.close()
    assert session is not None
    assert session.closed


# --------------------------------------------------------------------------- the rate limit


async def test_the_limiter_allows_18_calls_in_any_10_seconds(time: FakeTime) -> None:
    limiter = RateLimiter(clock=time.clock, sleep=time.sleep)
    sent: list[float] = []
    for _ in range(60):
        await limiter.acquire()
        sent.append(time.now)
    for index, moment in enumerate(sent):
        within = [other for other in sent[index:] if other < moment + 10.0]
        assert len(within) <= 18
    assert sent[17] == 1_000.0  # the first 18 go at once
    assert sent[-1] == pytest.approx(1_030.0)  # then 18 more every 10 s


async def test_requests_through_the_client_are_paced(
    tvmaze: FakeTVmaze, client: TVmazeClient, time: FakeTime
) -> None:
    tvmaze.serve("/shows/1", recorded(DOME))
    for _ in range(20):
        await client.get_json("/shows/1")
    assert time.waits == [10.0]  # the 19th waits for the first to leave the window


# --------------------------------------------------------------------------- Retry-After


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds("12") == 12.0


def test_retry_after_as_an_http_date() -> None:
    now = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.UTC)
    assert retry_after_seconds("Mon, 01 Jun 2026 12:00:30 GMT", now) == 30.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5"])
def test_an_unreadable_retry_after_is_none(value: str | None) -> None:
    assert retry_after_seconds(value) is None
