"""Upcoming boards: one message per channel listing the next 30 days, edited in place.

A board is refreshed after every poll and at the daily job; what it would show is compared
with a digest of what it shows, so only a board whose content changed costs a request. An
edit that finds the message deleted posts it again, once, and forgets the old id; a channel
that refuses the bot pauses its board, as it pauses its subscriptions, until someone runs
`board` there again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging

import discord

from bot.alerts.subscriptions import ensure_may_manage
from bot.budget import background
from bot.catalogue.service import CatalogueService
from bot.errors import UserFacingError
from bot.replies.reply import Reply
from bot.replies.sending import NO_MENTIONS
from bot.replies.upcoming import BOARD_DAYS, board_reply
from db.boards import BoardRepository
from db.model.news import Board
from db.model.shards import Shards
from db.subscriptions import SubscriptionRepository

logger = logging.getLogger(__name__)

BoardChannel = discord.TextChannel | discord.Thread
# Discord's "Unknown Message": the board was deleted, while its channel is still there.
UNKNOWN_MESSAGE = 10008


class ChannelUnusable(Exception):
    """The board's channel exists but can't hold messages: pause it, as a 403 would."""


class BoardRefused(Exception):
    """Discord refused the board's channel (gone, or the bot not allowed): it is paused."""


class BoardService:
    def __init__(
        self,
        bot: discord.Client,
        boards: BoardRepository,
        catalogue: CatalogueService,
        subscriptions: SubscriptionRepository,
        shards: Shards | None = None,
    ) -> None:
        self.bot = bot
        self.boards = boards
        self.catalogue = catalogue
        self.subscriptions = subscriptions
        # Boards in guilds on other shards are edited by the processes serving those.
        self.shards = shards

    async def start(
        self, *, member: discord.Member, channel: BoardChannel, everything: bool
    ) -> Reply:
        """`board`: post (or re-show) the channel's board; it is kept current from now on."""
        ensure_may_manage(member, channel)
        board = await self.boards.put(
            channel_id=channel.id,
            guild_id=channel.guild.id,
            everything=everything,
            created_by=member.id,
        )
        try:
            await self.refresh(board)
        except BoardRefused as error:
            raise UserFacingError(
                f"I can't post in {channel.mention}: let me send messages there and run "
                "`board` again."
            ) from error
        scope = "every show" if everything else "the shows it is subscribed to"
        return Reply(
            content=f"The board in {channel.mention} lists {scope} for the next {BOARD_DAYS} "
            "days; I'll edit it as news comes in."
        )

    async def refresh_all(self) -> int:
        """Bring every unpaused board up to date; how many were edited or posted."""
        changed = 0
        with background():
            for board in await self.boards.active(self.shards):
                try:
                    changed += await self.refresh(board)
                except BoardRefused:
                    continue
                except (discord.HTTPException, OSError, TimeoutError) as error:
                    # Left as it is: the digest is unchanged, so the next refresh tries again.
                    logger.warning("board in channel %s not refreshed: %s", board.channel_id, error)
        return changed

    async def render(self, board: Board) -> Reply:
        today = self.catalogue.today()
        end = today + datetime.timedelta(days=BOARD_DAYS - 1)
        items = await self.catalogue.shows.coming(today, end)
        if not board.everything:
            everything, followed = await self.subscriptions.followed_in(board.channel_id)
            if not everything:
                items = [item for item in items if item.show_id in followed]
        return board_reply(items, everything=board.everything, today=today)

    async def refresh(self, board: Board) -> bool:
        """Edit (or post) the board if what it shows changed; True when a request was made."""
        reply = await self.render(board)
        digest = _digest(reply)
        if board.message_id is not None and board.shown == digest:
            return False
        body = {"embeds": list(reply.embeds), "allowed_mentions": NO_MENTIONS}
        try:
            channel = await self._channel(board.channel_id)
            message_id = board.message_id
            if message_id is not None:
                try:
                    await channel.get_partial_message(message_id).edit(**body)  # type: ignore[arg-type]
                except discord.NotFound as error:
                    if error.code != UNKNOWN_MESSAGE:
                        raise
                    # Someone deleted the board: forget it before posting, so a failed post
                    # never leaves an id that points at nothing.
                    logger.info("board %s in channel %s was deleted", message_id, channel.id)
                    await self.boards.shown(board.channel_id, None, None)
                    message_id = None
            if message_id is None:
                message = await channel.send(**body)  # type: ignore[call-overload]
                message_id = message.id
        except (discord.Forbidden, discord.NotFound, ChannelUnusable) as error:
            status = getattr(error, "status", "")
            text = getattr(error, "text", "") or str(error) or "refused"
            reason = f"{status} {text}: channel gone or not allowed".strip()
            await self.boards.pause(board.channel_id, reason)
            logger.warning("paused the board of channel %s: %s", board.channel_id, reason)
            raise BoardRefused(reason) from error
        await self.boards.shown(board.channel_id, message_id, digest)
        return True

    async def _channel(self, channel_id: int) -> BoardChannel:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            channel = await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise ChannelUnusable("not a text channel")
        return channel


def _digest(reply: Reply) -> str:
    shown = [embed.to_dict() for embed in reply.embeds]
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()
