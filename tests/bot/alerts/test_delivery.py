"""Alert delivery on the local stand-in: what an alert says and pings, exactly once across
restarts and crashes, pausing on a gone or forbidden channel, retrying transient failures."""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
from typing import Any

import aiohttp
import pytest
from discord.http import Route

from bot.alerts.delivery import DeliveryWorker
from bot.app.client import Cliffhanger
from bot.budget import BACKGROUND, PEOPLE, current_priority
from bot.local.stand_in import (
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_USER_ID,
    LocalDiscord,
    SentMessage,
    http_error,
)
from db.connection import Database
from db.deliveries import DeliveryRepository
from db.model.clock import utc_now
from db.model.news import Changed, ChangeDetails, Delivery, NewsChange
from db.model.shards import Shards, shard_of
from db.model.shows import NewsEntry, PartialDate
from db.news import NewsRepository
from db.reminders import ReminderRepository
from db.subscriptions import SubscriptionRepository
from tests.alerting import ALERTS_CHANNEL_ID, FANS_ROLE_ID, ChannelFaults, add_role, tpt_id
from tests.messages import text_of

TPT = "Tiny Pretty Things"
SOURCE_URL = "https://deadline.com/tiny-pretty-things-renewed"


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = utc_now() + datetime.timedelta(seconds=1)

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


def database_of(bot: Cliffhanger) -> Database:
    return bot.services.database


def new_worker(bot: Cliffhanger, clock: Clock | None = None, **options: Any) -> DeliveryWorker:
    """A worker as a restarted process would build it: fresh repositories, same database."""
    database = database_of(bot)
    return DeliveryWorker(
        bot,
        DeliveryRepository(database),
        SubscriptionRepository(database),
        clock=clock or Clock(),
        **options,
    )


async def subscribe(
    bot: Cliffhanger, channel_id: int = CHANNEL_ID, *, role_id: int | None = None
) -> None:
    await SubscriptionRepository(database_of(bot)).subscribe(
        guild_id=GUILD_ID,
        channel_id=channel_id,
        show_id=await tpt_id(bot),
        kinds=(),
        role_id=role_id,
        created_by=1,
    )


async def renew_tpt(bot: Cliffhanger, text: str = "Netflix renews Tiny Pretty Things.") -> None:
    """News of a renewal, recorded as a poll would: the event and its deliveries."""
    change = NewsChange(
        entry=NewsEntry(
            date=PartialDate(2026, 11, 24),
            kind="renewed",
            text=text,
            confidence="confirmed",
            source="Deadline",
            source_url=SOURCE_URL,
        ),
        author="source:test",
        details=ChangeDetails(Changed.STATUS, from_status="cancelled", to_status="renewed"),
    )
    await NewsRepository(database_of(bot)).record(await tpt_id(bot), [change])


async def subscribe_two_channels(bot: Cliffhanger, stand_in: LocalDiscord) -> None:
    """The local channel and a second one, in that order, both following the show."""
    stand_in.add_channel(ALERTS_CHANNEL_ID)
    await subscribe(bot, CHANNEL_ID)
    await subscribe(bot, ALERTS_CHANNEL_ID)


async def delivery_rows(bot: Cliffhanger) -> list[dict[str, Any]]:
    rows = await database_of(bot).fetch_all(
        "SELECT id, channel_id, state, attempts, next_attempt_at, message_id, last_error "
        "FROM deliveries ORDER BY id"
    )
    return [dict(row) for row in rows]


def only_alert(stand_in: LocalDiscord, channel_id: int = CHANNEL_ID) -> SentMessage:
    (message,) = stand_in.sent_to(channel_id)
    return message


# --------------------------------------------------------------------------- what an alert says


async def test_an_alert_names_the_show_the_change_how_sure_as_of_and_a_link(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    await new_worker(bot).drain()
    (embed,) = only_alert(discord_stand_in).embeds
    assert embed["title"] == f"{TPT}: renewed"
    assert embed["url"] == SOURCE_URL
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Change"] == "cancelled → renewed"
    assert "Confirmed" in fields["How sure"]
    assert "as of 24 November 2026" in fields["How sure"]
    assert f"source: [Deadline]({SOURCE_URL})" in fields["How sure"]
    assert embed["description"] == "Netflix renews Tiny Pretty Things."


async def test_an_alert_whose_news_has_no_url_links_to_the_shows_page(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    page = "https://www.tvmaze.com/shows/999/tiny-pretty-things"
    show_id = await tpt_id(bot)
    async with database_of(bot).transaction() as connection:
        await connection.execute(
            "UPDATE shows SET links = ? WHERE id = ?",
            (f'[{{"label": "TVmaze", "url": "{page}"}}]', show_id),
        )
    await subscribe(bot)
    change = NewsChange(
        entry=NewsEntry(PartialDate(2026, 11, 24), "ended", "It has ended.", "reported", "x"),
        author="source:test",
    )
    await NewsRepository(database_of(bot)).record(await tpt_id(bot), [change])
    await new_worker(bot).drain()
    (embed,) = only_alert(discord_stand_in).embeds
    assert embed["url"] == page


async def test_an_alert_without_a_role_pings_nobody(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await renew_tpt(bot, "@everyone Netflix renews <@&1> Tiny Pretty Things.")
    await new_worker(bot).drain()
    alert = only_alert(discord_stand_in)
    assert alert.allowed_mentions == {"parse": []}
    assert not alert.content
    assert "@everyone" not in alert.embeds[0]["description"]


async def test_an_alert_pings_only_its_subscriptions_role(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    add_role(discord_stand_in)
    await subscribe(bot, role_id=FANS_ROLE_ID)
    await renew_tpt(bot)
    await new_worker(bot).drain()
    alert = only_alert(discord_stand_in)
    assert alert.content == f"<@&{FANS_ROLE_ID}>"
    mentions = alert.allowed_mentions
    assert mentions is not None
    assert mentions["parse"] == []
    assert [int(role) for role in mentions["roles"]] == [FANS_ROLE_ID]
    assert not mentions.get("users")
    assert not mentions.get("replied_user")


async def test_an_alert_is_spoiler_free(bot: Cliffhanger, discord_stand_in: LocalDiscord) -> None:
    (season,) = (await bot.services.catalogue.find("tpt")).entry.seasons
    await subscribe(bot)
    await renew_tpt(bot)
    await new_worker(bot).drain()
    sent = json.dumps(only_alert(discord_stand_in).payload, ensure_ascii=False)
    assert season.recap
    for point in season.recap:
        assert point not in sent
    for name in ("Ramon", "Cassie", "Delia", "stab"):
        assert name not in sent


# --------------------------------------------------------------------------- exactly once


async def test_draining_twice_sends_an_alert_once(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    worker = new_worker(bot)
    first = await worker.drain()
    second = await worker.drain()
    assert (first.delivered, second.delivered) == (1, 0)
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1


async def test_a_restart_sends_what_was_not_delivered_and_never_what_was(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe_two_channels(bot, discord_stand_in)
    await renew_tpt(bot)
    # The first process delivers to one channel, then stops.
    await new_worker(bot).drain(channel_id=CHANNEL_ID)
    assert len(discord_stand_in.sent_to(ALERTS_CHANNEL_ID)) == 0
    restarted = await new_worker(bot).drain()
    assert restarted.delivered == 1
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1
    assert len(discord_stand_in.sent_to(ALERTS_CHANNEL_ID)) == 1
    assert {row["state"] for row in await delivery_rows(bot)} == {"delivered"}


class ProcessDied(BaseException):
    """Stands for the process dying: nothing that catches an Exception catches it."""


async def test_a_crash_between_send_and_mark_is_found_in_the_channel_not_sent_again(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    crashing = new_worker(bot)

    async def die(delivery_id: int, message_id: int | None) -> None:
        raise ProcessDied("the process died after the send")

    monkeypatch.setattr(crashing.deliveries, "mark_delivered", die)
    with pytest.raises(BaseExceptionGroup) as died:
        await crashing.drain()
    assert died.group_contains(ProcessDied)
    assert [row["state"] for row in await delivery_rows(bot)] == ["sending"]
    result = await new_worker(bot).drain()
    alert = only_alert(discord_stand_in)
    assert result.delivered == 1
    (row,) = await delivery_rows(bot)
    assert row["state"] == "delivered"
    assert f"Cliffhanger alert #{row['id']} " in alert.embeds[-1]["footer"]["text"]
    history = discord_stand_in._history[CHANNEL_ID]
    assert row["message_id"] == int(history[-1]["id"])


async def test_a_crash_before_the_send_went_out_sends_after_the_restart(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    (row,) = await delivery_rows(bot)
    await DeliveryRepository(database_of(bot)).mark_sending(row["id"])
    await new_worker(bot).drain()
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1
    (after,) = await delivery_rows(bot)
    assert after["state"] == "delivered"
    assert after["message_id"] is not None


async def test_a_send_whose_answer_was_lost_is_not_sent_again_on_retry(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    clock = Clock()
    worker = new_worker(bot, clock)
    faults.lose_responses(CHANNEL_ID, TimeoutError())
    assert (await worker.drain()).retried == 1
    clock.advance(hours=2)
    await worker.drain()
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1
    assert [row["state"] for row in await delivery_rows(bot)] == ["delivered"]


async def test_a_channel_whose_history_is_hidden_is_not_paused_by_the_recovery_check(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    clock = Clock()
    worker = new_worker(bot, clock)
    faults.hide_history(CHANNEL_ID)
    faults.lose_responses(CHANNEL_ID, TimeoutError())
    await worker.drain()
    clock.advance(hours=2)
    await worker.drain()
    # Without history the enforced nonce is the guard (Discord drops the repeat; this
    # stand-in records both): what matters here is that the channel stays subscribed.
    assert [row["state"] for row in await delivery_rows(bot)] == ["delivered"]
    paused = await database_of(bot).fetch_one(
        "SELECT count(*) FROM subscriptions WHERE paused_reason IS NOT NULL"
    )
    assert paused is not None
    assert paused[0] == 0


@pytest.mark.parametrize(
    ("failure", "state"),
    [
        pytest.param(lambda: http_error(429, 0, "Slow down"), "pending", id="refused-429"),
        pytest.param(lambda: http_error(503, 0, "Unavailable"), "sending", id="maybe-sent-503"),
        pytest.param(TimeoutError, "sending", id="maybe-sent-timeout"),
    ],
)
async def test_only_a_send_that_may_have_arrived_is_looked_for_before_the_retry(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    faults: ChannelFaults,
    failure: Any,
    state: str,
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    faults.fail_sends(CHANNEL_ID, failure())
    await new_worker(bot).drain()
    assert [row["state"] for row in await delivery_rows(bot)] == [state]


async def test_a_delivery_that_breaks_unexpectedly_does_not_hold_up_the_others(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await subscribe(bot)
    await renew_tpt(bot, "Broken news.")
    await renew_tpt(bot, "Good news.")
    worker = new_worker(bot)
    compose = worker._message

    def compose_or_break(delivery: Delivery, reference: str) -> dict[str, object]:
        if delivery.event.entry.text == "Broken news.":
            raise ValueError("a malformed event")
        return compose(delivery, reference)

    monkeypatch.setattr(worker, "_message", compose_or_break)
    result = await worker.drain()
    assert (result.retried, result.delivered) == (1, 1)
    assert "Good news." in text_of(discord_stand_in.sent_to(CHANNEL_ID))
    assert "failed unexpectedly" in caplog.text


async def test_a_slow_channel_does_not_hold_back_the_next_channels_alert(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    await subscribe_two_channels(bot, discord_stand_in)
    await renew_tpt(bot)
    next_channel_sent = asyncio.Event()
    answer = bot.http.request

    async def request(route: Route, **kwargs: Any) -> Any:
        posting = route.method == "POST" and route.path == "/channels/{channel_id}/messages"
        if posting and int(route.channel_id) == CHANNEL_ID:
            # Discord answers the first channel only once the second has its alert.
            await asyncio.wait_for(next_channel_sent.wait(), 5)
        message = await answer(route, **kwargs)
        if posting and int(route.channel_id) == ALERTS_CHANNEL_ID:
            next_channel_sent.set()
        return message

    monkeypatch.setattr(bot.http, "request", request)
    result = await new_worker(bot).drain()

    assert result.delivered == 2
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1


async def test_one_channels_alerts_are_sent_oldest_first(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe_two_channels(bot, discord_stand_in)
    await renew_tpt(bot, "Netflix renews Tiny Pretty Things.")
    await renew_tpt(bot, "Netflix renews Tiny Pretty Things for a third season.")
    await renew_tpt(bot, "Netflix renews Tiny Pretty Things for a fourth season.")

    await new_worker(bot).drain()

    for channel_id in (CHANNEL_ID, ALERTS_CHANNEL_ID):
        texts = [text_of([message]) for message in discord_stand_in.sent_to(channel_id)]
        assert len(texts) == 3
        assert "third" not in texts[0]
        assert "third" in texts[1]
        assert "fourth" in texts[2]


# --------------------------------------------------------------------------- gone or forbidden


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: http_error(403, 50013, "Missing Permissions"), id="forbidden"),
        pytest.param(lambda: http_error(404, 10003, "Unknown Channel"), id="not-found"),
        pytest.param(None, id="deleted-channel"),
    ],
)
async def test_a_gone_or_forbidden_channel_is_paused_and_others_still_get_the_alert(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    faults: ChannelFaults,
    caplog: pytest.LogCaptureFixture,
    failure: Any,
) -> None:
    discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    await subscribe(bot, ALERTS_CHANNEL_ID)
    await subscribe(bot, CHANNEL_ID)
    await renew_tpt(bot)
    if failure is None:
        discord_stand_in.remove_channel(ALERTS_CHANNEL_ID)
    else:
        faults.fail_sends(ALERTS_CHANNEL_ID, failure())
    with caplog.at_level(logging.WARNING, logger="bot.alerts.delivery"):
        result = await new_worker(bot).drain()
    assert (result.paused, result.delivered) == (1, 1)
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1
    assert discord_stand_in.sent_to(ALERTS_CHANNEL_ID) == []
    assert any(
        "paused" in record.message and str(ALERTS_CHANNEL_ID) in record.message
        for record in caplog.records
    )
    states = {row["channel_id"]: row["state"] for row in await delivery_rows(bot)}
    assert states == {ALERTS_CHANNEL_ID: "paused", CHANNEL_ID: "delivered"}
    listing = text_of(await discord_stand_in.send("!subscriptions"))
    (paused_line,) = [line for line in listing.splitlines() if str(ALERTS_CHANNEL_ID) in line]
    assert "**paused**" in paused_line
    assert "subscribe again to resume" in paused_line


async def test_a_paused_channel_gets_nothing_more_even_later_in_the_same_round(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    await subscribe(bot, ALERTS_CHANNEL_ID)
    await renew_tpt(bot, "First news.")
    await renew_tpt(bot, "Second news.")
    faults.fail_sends(ALERTS_CHANNEL_ID, http_error(403, 50013, "Missing Permissions"))
    result = await new_worker(bot).drain()
    assert result.paused == 2
    assert discord_stand_in.sent_to(ALERTS_CHANNEL_ID) == []
    assert [row["state"] for row in await delivery_rows(bot)] == ["paused", "paused"]


async def test_a_paused_channel_is_not_queued_new_alerts(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    await subscribe(bot)
    await renew_tpt(bot, "First news.")
    faults.fail_sends(CHANNEL_ID, http_error(403, 50013, "Missing Permissions"))
    await new_worker(bot).drain()
    await renew_tpt(bot, "Second news.")
    assert len(await delivery_rows(bot)) == 1
    paused = await database_of(bot).fetch_one(
        "SELECT count(*) FROM subscriptions WHERE paused_reason IS NOT NULL"
    )
    assert paused is not None
    assert paused[0] == 1
    # The one row is the first news, left undelivered; the second queued nothing.
    (first,) = await delivery_rows(bot)
    assert first["state"] != "delivered"
    assert discord_stand_in.sent_to(CHANNEL_ID) == []


async def test_subscribing_again_resumes_a_paused_channel(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    await subscribe(bot)
    await renew_tpt(bot, "First news.")
    faults.fail_sends(CHANNEL_ID, http_error(403, 50013, "Missing Permissions"))
    await new_worker(bot).drain()
    await discord_stand_in.send("!subscribe tiny pretty things")
    await renew_tpt(bot, "Second news.")
    await new_worker(bot).drain()
    assert "Second news." in text_of(discord_stand_in.sent_to(CHANNEL_ID))


# --------------------------------------------------------------------------- transient failures


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: http_error(429, 0, "You are being rate limited."), id="429"),
        pytest.param(lambda: http_error(500, 0, "Internal Server Error"), id="500"),
        pytest.param(lambda: http_error(503, 0, "Service Unavailable"), id="503"),
        pytest.param(TimeoutError, id="timeout"),
        pytest.param(lambda: aiohttp.ClientConnectionError("connection reset"), id="aiohttp"),
    ],
)
async def test_a_transient_failure_is_retried_with_backoff_then_delivered(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults, failure: Any
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    clock = Clock()
    worker = new_worker(bot, clock)
    faults.fail_sends(CHANNEL_ID, failure(), failure())

    assert (await worker.drain()).retried == 1
    (row,) = await delivery_rows(bot)
    first_retry = row["next_attempt_at"]
    assert row["attempts"] == 1
    assert first_retry > clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert row["last_error"]
    # Not due yet: nothing happens however often the worker looks.
    assert (await worker.drain()).retried == 0

    clock.advance(hours=2)
    assert (await worker.drain()).retried == 1
    (row,) = await delivery_rows(bot)
    assert row["attempts"] == 2
    assert discord_stand_in.sent_to(CHANNEL_ID) == []

    clock.advance(hours=2)
    assert (await worker.drain()).delivered == 1
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1
    (row,) = await delivery_rows(bot)
    assert row["state"] == "delivered"


async def test_the_backoff_grows_with_each_failure(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    clock = Clock()
    worker = new_worker(bot, clock)
    waits = []
    for _ in range(3):
        faults.fail_sends(CHANNEL_ID, http_error(503, 0, "Service Unavailable"))
        await worker.drain()
        (row,) = await delivery_rows(bot)
        due = datetime.datetime.strptime(row["next_attempt_at"], "%Y-%m-%dT%H:%M:%SZ")
        waits.append(due.replace(tzinfo=datetime.UTC) - clock.now)
        clock.now = due.replace(tzinfo=datetime.UTC) + datetime.timedelta(seconds=1)
    assert waits[0] < waits[1] < waits[2]


async def test_after_max_attempts_the_delivery_fails_and_status_shows_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, faults: ChannelFaults
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    clock = Clock()
    worker = new_worker(bot, clock, max_attempts=3)
    faults.fail_sends(CHANNEL_ID, *(http_error(502, 0, "Bad Gateway") for _ in range(3)))
    results = []
    for _ in range(3):
        results.append(await worker.drain())
        clock.advance(hours=2)
    assert [result.failed for result in results] == [0, 0, 1]
    (row,) = await delivery_rows(bot)
    assert (row["state"], row["attempts"]) == ("failed", 3)
    assert (await worker.drain()).delivered == 0
    assert discord_stand_in.sent_to(CHANNEL_ID) == []
    status = text_of(await discord_stand_in.send("!status"))
    assert "1 failed" in status


async def test_every_request_of_a_fan_out_yields_to_replies_to_people(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pacing itself is the bot's one request budget (tests/bot/test_budget.py): here, that
    # the worker's requests reach it marked as the backlog, and a command's as a person's.
    await subscribe(bot)
    await renew_tpt(bot)
    transport = bot.http.request
    priorities: list[tuple[str, str]] = []

    async def noting(route: Any, **kwargs: Any) -> Any:
        priorities.append((f"{route.method} {route.path}", current_priority()))
        return await transport(route, **kwargs)

    monkeypatch.setattr(bot.http, "request", noting)
    assert (await new_worker(bot).drain()).delivered == 1
    (alert_send,) = priorities
    assert alert_send == ("POST /channels/{channel_id}/messages", BACKGROUND)

    priorities.clear()
    await discord_stand_in.send("!release tpt")
    assert priorities
    assert {priority for _, priority in priorities} == {PEOPLE}


# --------------------------------------------------------------------------- reminder DMs


async def remind(bot: Cliffhanger, user_id: int = MEMBER_USER_ID) -> None:
    await ReminderRepository(database_of(bot)).add(user_id, await tpt_id(bot))


def reminder_worker(bot: Cliffhanger, clock: Clock | None = None) -> DeliveryWorker:
    return new_worker(bot, clock, reminders=ReminderRepository(database_of(bot)))


async def test_a_reminder_is_a_dm_with_the_alert_and_how_to_stop_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await remind(bot)
    await renew_tpt(bot)
    result = await reminder_worker(bot).drain()
    assert result.delivered == 1
    (dm,) = discord_stand_in.dms_to(MEMBER_USER_ID)
    assert dm.content.startswith(f"You asked to hear about {TPT}.")
    (embed,) = dm.embeds
    assert embed["title"] == f"{TPT}: renewed"
    assert embed["footer"]["text"].endswith("stop with /unremind")
    assert dm.allowed_mentions == {"parse": []}
    assert discord_stand_in.sent_to(CHANNEL_ID) == []


async def test_a_reminder_and_a_channel_alert_for_the_same_news_are_both_sent_once(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await remind(bot)
    await renew_tpt(bot)
    await reminder_worker(bot).drain()
    await reminder_worker(bot).drain()
    assert len(discord_stand_in.dms_to(MEMBER_USER_ID)) == 1
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1


async def test_a_dm_whose_send_may_have_arrived_is_found_in_the_dm_history_not_resent(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await remind(bot)
    await renew_tpt(bot)
    await reminder_worker(bot).drain()
    # The process died after Discord took the DM and before it was recorded as delivered.
    async with database_of(bot).transaction() as connection:
        await connection.execute("UPDATE deliveries SET state = 'sending', message_id = NULL")
    await reminder_worker(bot).drain()
    assert len(discord_stand_in.dms_to(MEMBER_USER_ID)) == 1
    (row,) = await delivery_rows(bot)
    assert row["state"] == "delivered"
    assert row["message_id"] is not None


async def test_closed_dms_pause_the_reminders_at_the_first_refusal_with_no_retry(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await remind(bot)
    discord_stand_in.closed_dms.add(MEMBER_USER_ID)
    await renew_tpt(bot)
    await renew_tpt(bot, "Netflix renews it, says Variety.")
    clock = Clock()
    result = await reminder_worker(bot, clock).drain()
    assert result.paused == 2
    assert [row["state"] for row in await delivery_rows(bot)] == ["paused", "paused"]
    (reminder,) = await ReminderRepository(database_of(bot)).for_user(MEMBER_USER_ID)
    assert reminder.paused
    # Nothing is due again, however long one waits: no retry storm against a closed door.
    clock.advance(days=1)
    assert await DeliveryRepository(database_of(bot)).due(clock()) == []
    # And news while paused queues no DM for them.
    await renew_tpt(bot, "A third outlet reports the renewal.")
    assert len(await delivery_rows(bot)) == 2


async def test_a_person_discord_no_longer_knows_has_their_reminders_paused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    gone = 1_100_000_000_000_000_999  # a deleted account: Discord can't open a DM with it
    await remind(bot, gone)
    await renew_tpt(bot)
    result = await reminder_worker(bot).drain()
    assert result.paused == 1
    assert [row["state"] for row in await delivery_rows(bot)] == ["paused"]
    (reminder,) = await ReminderRepository(database_of(bot)).for_user(gone)
    assert reminder.paused


# --------------------------------------------------------------------------- shards


async def test_a_process_delivers_to_the_channels_of_guilds_on_its_shards(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await renew_tpt(bot)
    mine = shard_of(GUILD_ID, 4)
    result = await new_worker(bot, shards=Shards((mine,), 4)).drain()
    assert result.delivered == 1
    assert len(discord_stand_in.sent_to(CHANNEL_ID)) == 1


async def test_a_process_leaves_other_shards_channels_and_still_sends_reminders(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe(bot)
    await remind(bot)
    await renew_tpt(bot)
    others = Shards(tuple(shard for shard in range(4) if shard != shard_of(GUILD_ID, 4)), 4)
    worker = new_worker(bot, reminders=ReminderRepository(database_of(bot)), shards=others)
    result = await worker.drain()
    assert result.delivered == 1
    assert len(discord_stand_in.dms_to(MEMBER_USER_ID)) == 1
    assert discord_stand_in.sent_to(CHANNEL_ID) == []
    states = {row["channel_id"]: row["state"] for row in await delivery_rows(bot)}
    assert states == {CHANNEL_ID: "pending", None: "delivered"}
