"""The upcoming board: `board [#channel] [all]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError
from bot.replies.sending import send_reply
from cogs.base import add_after_a_turn, member_and_target, server_only

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger

EVERYTHING = "all"


class Boards(commands.Cog):
    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot

    @commands.hybrid_command(
        description="Post a board of the next 30 days' releases, kept up to date by editing it",
        usage="[#channel] [all]",
        extras={"example": "board all"},
    )
    @server_only
    @app_commands.describe(
        channel="Another channel of this server (default: this one)",
        scope="“all” for every show (default: the channel's subscribed shows)",
    )
    @commands.guild_only()
    async def board(
        self,
        ctx: commands.Context[Cliffhanger],
        channel: discord.TextChannel | None = None,
        *,
        scope: str = "",
    ) -> None:
        member, target = member_and_target(
            ctx,
            channel.id if channel is not None else None,
            refusal="A board goes in a text channel or thread of this server.",
        )
        if scope.strip().casefold() not in ("", EVERYTHING):
            raise UserFacingError("Say `board`, `board all`, or name a channel: `board #news`.")
        reply = await self.bot.services.boards.start(
            member=member, channel=target, everything=bool(scope.strip())
        )
        await send_reply(ctx, reply, ephemeral=True)


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Boards)
