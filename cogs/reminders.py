"""Personal reminders: remind, reminders, unremind. Anyone may; nothing needs a server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.replies.sending import send_reply
from cogs.base import (
    SHOW_DESCRIPTION,
    add_after_a_turn,
    anywhere,
    show_autocomplete,
    show_or_all_autocomplete,
)

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


class Reminders(commands.Cog):
    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot

    @commands.hybrid_command(
        description="Get a DM when a show is renewed, cancelled, dated or out",
        extras={"example": "remind tiny pretty things"},
    )
    @anywhere
    @app_commands.describe(show=SHOW_DESCRIPTION)
    @app_commands.autocomplete(show=show_autocomplete)
    async def remind(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        reply = await self.bot.services.reminders.remind(ctx.author.id, show)
        await send_reply(ctx, reply, ephemeral=True)

    @commands.hybrid_command(
        description="The shows you get DMs about", extras={"example": "reminders"}
    )
    @anywhere
    async def reminders(self, ctx: commands.Context[Cliffhanger]) -> None:
        await send_reply(
            ctx, await self.bot.services.reminders.list_for(ctx.author.id), ephemeral=True
        )

    @commands.hybrid_command(
        description="Stop DMs about a show, or “all” to forget your list",
        usage="<show|all>",
        extras={"example": "unremind tiny pretty things"},
    )
    @anywhere
    @app_commands.describe(show="A show, or “all”")
    @app_commands.autocomplete(show=show_or_all_autocomplete)
    async def unremind(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        reply = await self.bot.services.reminders.unremind(ctx.author.id, show)
        await send_reply(ctx, reply, ephemeral=True)


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Reminders)
