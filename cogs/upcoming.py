"""What is coming out: `upcoming [week|month|N days] [platform]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.replies.sending import send_reply
from cogs.base import add_after_a_turn, anywhere

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


class Upcoming(commands.Cog):
    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot

    @commands.hybrid_command(
        description="Seasons and episodes coming out soon, with their announced dates",
        usage="[week|month|N days] [platform]",
        extras={"example": "upcoming month netflix"},
    )
    @anywhere
    @app_commands.describe(
        window="“week”, “month” or “N days”, and a platform, e.g. “week netflix”"
    )
    async def upcoming(self, ctx: commands.Context[Cliffhanger], *, window: str = "") -> None:
        reply = await self.bot.services.upcoming.upcoming(window, channel=ctx.channel.id)
        await send_reply(ctx, reply)


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Upcoming)
