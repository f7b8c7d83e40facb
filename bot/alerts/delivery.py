"""Alert delivery: drains the outbox into Discord channels and people's DMs, each alert
exactly once.

The order is mark-then-send-then-mark. A delivery is marked "sending" before the message goes
out and "delivered" after. A crash between the two leaves it "sending"; so does a failed send
that may have reached Discord all the same (a timeout, a dropped connection, a 5xx). On the
next attempt the worker first looks in the channel's recent messages for the alert's
reference (it is in the embed footer) and only sends again when it is not there. The send
itself carries a nonce with enforce_nonce, so Discord also drops a repeat that arrives within
its nonce window.

Pacing is not done here: every request the worker makes (sends, history look-ups, channel
fetches) waits in the bot's one request budget (bot/budget.py), behind replies to people.
A few recipients are served at once, each its own alerts in order: one delivery is a round
trip to the database, one to Discord and another to the database, longer than the budget's
gap between two requests, so one at a time would leave a tenth of the budget unused.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import discord

from bot.budget import background
from bot.replies.alerts import alert_footer_start, alert_reply, reminder_note
from bot.replies.sending import NO_MENTIONS
from db.deliveries import DeliveryRepository
from db.model.clock import utc_now
from db.model.news import Delivery
from db.model.shards import Shards
from db.reminders import ReminderRepository
from db.subscriptions import SubscriptionRepository

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# 5, 20, 80, 320 s: a short burst of server errors costs seconds, and the five attempts still
# outlast about seven minutes of Discord being down.
BASE_RETRY_SECONDS = 5.0
RETRY_GROWTH = 4
MAX_RETRY_SECONDS = 3600.0
# How far back in a channel to look for an alert whose send may have gone through.
HISTORY_LOOKBACK = 50
BATCH = 100
# Recipients served at once; enough to keep the budget's slots filled while others wait on
# the database or on Discord's answer.
LANES = 4
# Discord's JSON error code when a DM can't be opened with that user id.
INVALID_RECIPIENT = 50033
# Another process's poll may queue alerts for this one's channels without waking it: a
# process serving some of the shards looks at the outbox at least this often.
SHARED_OUTBOX_LOOK_SECONDS = 5.0


@dataclass
class DrainResult:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    paused: int = 0


class DirectMessagesClosed(Exception):
    """The user can't be sent DMs (closed, blocked, or no longer known): pause their reminders."""


class ChannelUnusable(Exception):
    """The subscription's channel exists but can't hold messages: pause it, as a 403 would."""


def alert_reference(delivery_id: int) -> str:
    return f"#{delivery_id}"


def retry_delay(attempts: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter; Discord's own Retry-After wins when it is longer."""
    backoff = min(MAX_RETRY_SECONDS, BASE_RETRY_SECONDS * RETRY_GROWTH ** max(0, attempts - 1))
    delay = backoff * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


class DeliveryWorker:
    def __init__(
        self,
        bot: discord.Client,
        deliveries: DeliveryRepository,
        subscriptions: SubscriptionRepository,
        reminders: ReminderRepository | None = None,
        *,
        clock: Callable[[], datetime.datetime] = utc_now,
        max_attempts: int = MAX_ATTEMPTS,
        on_delivered: Callable[[int, int, str], None] | None = None,
        shards: Shards | None = None,
    ) -> None:
        self.bot = bot
        self.deliveries = deliveries
        self.subscriptions = subscriptions
        self.reminders = reminders
        self.clock = clock
        self.max_attempts = max_attempts
        # Told (channel id, show id, title) of each alert delivered.
        self._on_delivered = on_delivered
        # Only channels in guilds on these shards (DMs from any): other processes serve the rest.
        self.shards = shards
        self._wake = asyncio.Event()
        self._stopping = False
        self._draining = asyncio.Lock()

    def wake(self) -> None:
        self._wake.set()

    def stop_after_current(self) -> None:
        """Start no new delivery: the one under way may finish and be recorded, so a stop
        between two sends leaves nothing "sending" to look up after the restart."""
        self._stopping = True
        self._wake.set()

    async def run_forever(self, ready: Callable[[], Awaitable[object]] | None = None) -> None:
        """Drain whenever woken, or when the next retry falls due; first wait for `ready`."""
        if ready is not None:
            # Until the guilds have arrived every channel would cost a fetch before its send.
            await ready()
        while not self._stopping:
            self._wake.clear()
            try:
                await self.drain()
            except Exception:
                logger.exception("delivery round failed; trying again shortly")
                await asyncio.sleep(BASE_RETRY_SECONDS)
                continue
            next_due = await self.deliveries.next_due_at(self.shards)
            timeout = None
            if next_due is not None:
                timeout = max(1.0, (next_due - self.clock()).total_seconds())
            if self.shards is not None and not self.shards.is_every:
                timeout = min(timeout or SHARED_OUTBOX_LOOK_SECONDS, SHARED_OUTBOX_LOOK_SECONDS)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    async def drain(
        self, *, channel_id: int | None = None, user_id: int | None = None
    ) -> DrainResult:
        """Deliver everything due now (optionally for one channel, or one user's DMs, only)."""
        result = DrainResult()
        # Channels and users paused this round: the rest of a batch still lists their
        # deliveries (now paused in the database), and must not send to them, nor knock
        # again on a door that Discord counts as an invalid request each time.
        paused: set[tuple[str, int]] = set()
        # Every request made for the backlog yields to replies to people.
        async with self._draining:
            with background():
                while batch := await self.deliveries.due(
                    self.clock(),
                    limit=BATCH,
                    channel_id=channel_id,
                    user_id=user_id,
                    shards=self.shards,
                ):
                    waiting = collections.deque(_by_recipient(batch))
                    async with asyncio.TaskGroup() as lanes:
                        for _ in range(min(LANES, len(waiting))):
                            lanes.create_task(self._serve_lane(waiting, result, paused))
                    if self._stopping:
                        return result
        return result

    async def _serve_lane(
        self,
        waiting: collections.deque[list[Delivery]],
        result: DrainResult,
        paused: set[tuple[str, int]],
    ) -> None:
        """Recipient after recipient, each one's alerts oldest first, the rest of them
        skipped once the recipient is paused."""
        while waiting:
            for delivery in waiting.popleft():
                if self._stopping:
                    return
                if _recipient(delivery) in paused:
                    result.paused += 1
                    continue
                if not await self._deliver(delivery, result):
                    paused.add(_recipient(delivery))

    async def _deliver(self, delivery: Delivery, result: DrainResult) -> bool:
        """One attempt at one delivery; False when its channel was paused instead."""
        reference = alert_reference(delivery.id)
        # An earlier send may have reached Discord without our knowing: look before sending.
        unverified = delivery.state == "sending"
        send_started = False
        try:
            channel = await self._destination(delivery)
            if unverified:
                already = await self._find_sent(channel, reference)
                if already is not None:
                    await self.deliveries.mark_delivered(delivery.id, already.id)
                    result.delivered += 1
                    return True
                unverified = False
            if not await self.deliveries.mark_sending(delivery.id):
                # Its lease ran out while it waited here and another process took it.
                return True
            send_started = True
            message = await channel.send(**self._message(delivery, reference))
        except (
            discord.Forbidden,
            discord.NotFound,
            ChannelUnusable,
            DirectMessagesClosed,
        ) as error:
            if delivery.user_id is not None:
                await self._pause_user(delivery.user_id, error)
                result.paused += 1
                return False
            status = getattr(error, "status", "")
            reason = f"{status} {_short(error)}: channel gone or not allowed".strip()
            assert delivery.channel_id is not None
            paused = await self.subscriptions.pause_channel(delivery.channel_id, reason)
            logger.warning(
                "paused %d subscriptions of channel %s: %s", paused, delivery.channel_id, reason
            )
            result.paused += 1
            return False
        except (
            discord.HTTPException,
            discord.RateLimited,
            aiohttp.ClientError,
            TimeoutError,
            OSError,
        ) as error:
            maybe_sent = unverified or (send_started and _may_have_arrived(error))
            await self._retry_or_fail(delivery, error, result, maybe_sent=maybe_sent)
            return True
        except Exception as error:
            # A bug or a malformed event must not block every alert queued after this one:
            # it is retried, then failed, like any other failing delivery.
            logger.exception("delivery %s failed unexpectedly", delivery.id)
            await self._retry_or_fail(
                delivery, error, result, maybe_sent=unverified or send_started
            )
            return True
        await self.deliveries.mark_delivered(delivery.id, message.id)
        result.delivered += 1
        if self._on_delivered is not None and delivery.channel_id is not None:
            event = delivery.event
            self._on_delivered(delivery.channel_id, event.show_id, event.show_title)
        return True

    async def _pause_user(self, user_id: int, error: Exception) -> None:
        # A 403 to a DM is the person's choice (DMs closed, the bot blocked): asking again
        # would only fail again, so nothing is retried until they next use a command.
        reason = f"{getattr(error, 'status', '')} {_short(error)}: DMs closed".strip()
        if self.reminders is not None:
            await self.reminders.pause_user(user_id, reason)
        logger.info("paused the reminders of user %s: %s", user_id, reason)

    async def _retry_or_fail(
        self, delivery: Delivery, error: Exception, result: DrainResult, *, maybe_sent: bool
    ) -> None:
        attempts = delivery.attempts + 1
        description = f"{type(error).__name__}: {_short(error)}"
        if attempts >= self.max_attempts:
            await self.deliveries.mark_failed(delivery.id, description, attempts=attempts)
            logger.error(
                "delivery %s to channel %s failed %d times, giving up: %s",
                delivery.id,
                delivery.channel_id,
                attempts,
                description,
            )
            result.failed += 1
            return
        retry_after = getattr(error, "retry_after", None)
        at = self.clock() + datetime.timedelta(seconds=retry_delay(attempts, retry_after))
        await self.deliveries.retry_later(
            delivery.id, description, at, attempts=attempts, maybe_sent=maybe_sent
        )
        logger.info("delivery %s will be retried at %s: %s", delivery.id, at, description)
        result.retried += 1

    async def _destination(self, delivery: Delivery) -> discord.abc.Messageable:
        if delivery.user_id is not None:
            return await self._dm_channel(delivery.user_id)
        assert delivery.channel_id is not None
        return await self._channel(delivery.channel_id)

    async def _dm_channel(self, user_id: int) -> discord.abc.Messageable:
        # One request to open the DM (none once it is cached), not a user look-up first:
        # at a fan-out of thousands of DMs every request counts against the budget.
        try:
            return await self.bot.create_dm(discord.Object(user_id))
        except discord.HTTPException as error:
            if error.code == INVALID_RECIPIENT:
                raise DirectMessagesClosed("unknown user") from None
            raise

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            channel = await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelUnusable("not a text channel")
        return channel

    async def _find_sent(
        self, channel: discord.abc.Messageable, reference: str
    ) -> discord.Message | None:
        assert self.bot.user is not None
        try:
            async for message in channel.history(limit=HISTORY_LOOKBACK):
                if message.author.id != self.bot.user.id:
                    continue
                for embed in message.embeds:
                    if embed.footer.text and embed.footer.text.startswith(
                        alert_footer_start(reference)
                    ):
                        return message
        except discord.Forbidden:
            # A channel may let the bot post but not read its history: that is no reason to
            # pause it. The send's enforced nonce is then the only guard against a repeat.
            logger.warning("can't read channel %s history to check for a sent alert", channel)
        return None

    def _message(self, delivery: Delivery, reference: str) -> dict[str, object]:
        event = delivery.event
        reply = alert_reply(
            event.show_title,
            event.entry,
            event.details,
            reference=reference,
            show_link=delivery.show_link,
            # A DM is stopped by its reader, not by a server's managers.
            **({"stop_with": "stop with /unremind"} if delivery.user_id is not None else {}),
        )
        message: dict[str, object] = {
            "embeds": list(reply.embeds),
            "nonce": f"alert-{delivery.id}",
            "allowed_mentions": NO_MENTIONS,
        }
        if delivery.user_id is not None:
            message["content"] = reminder_note(event.show_title)
        if delivery.role_id is not None:
            # The only ping the bot ever makes: the subscription's own role, nothing else.
            message["content"] = f"<@&{delivery.role_id}>"
            message["allowed_mentions"] = discord.AllowedMentions(
                everyone=False,
                users=False,
                roles=[discord.Object(delivery.role_id)],
                replied_user=False,
            )
        return message


def _by_recipient(batch: list[Delivery]) -> list[list[Delivery]]:
    """The batch's deliveries grouped by recipient, each group in the batch's order."""
    groups: dict[tuple[str, int], list[Delivery]] = {}
    for delivery in batch:
        groups.setdefault(_recipient(delivery), []).append(delivery)
    return list(groups.values())


def _recipient(delivery: Delivery) -> tuple[str, int]:
    if delivery.user_id is not None:
        return ("user", delivery.user_id)
    assert delivery.channel_id is not None
    return ("channel", delivery.channel_id)


def _may_have_arrived(error: Exception) -> bool:
    """Whether a send that failed with `error` may still have posted the message."""
    if isinstance(error, discord.RateLimited):
        return False  # raised before the request was made
    if isinstance(error, discord.HTTPException):
        return error.status >= 500  # a 4xx is Discord refusing the message
    return True  # a timeout or a dropped connection: the request may have arrived


def _short(error: Exception) -> str:
    text = getattr(error, "text", None) or str(error) or type(error).__name__
    return " ".join(text.split())[:200]
