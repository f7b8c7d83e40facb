"""Help, and the owners' command to publish slash commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from discord.ext import commands

from bot.replies.help import CommandHelp, help_reply
from bot.replies.sending import send_reply
from cogs.base import add_after_a_turn, anywhere

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


class General(commands.Cog):
    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot

    @commands.hybrid_command(
        name="help",
        description="Every command with an example",
        extras={"example": "help"},
    )
    @anywhere
    async def help_command(self, ctx: commands.Context[Cliffhanger]) -> None:
        entries = [
            CommandHelp(
                name=command.name,
                description=command.description or command.short_doc,
                example=command.extras.get("example", command.name),
            )
            for command in sorted(self.bot.commands, key=lambda command: command.name)
            if not command.hidden
        ]
        await send_reply(ctx, help_reply(self.bot.settings.command_prefix, entries))

    @commands.command(
        name="synccommands",
        hidden=True,
        description="Publish slash commands to this server, or to every server",
    )
    @commands.is_owner()
    async def sync_commands(
        self, ctx: commands.Context[Cliffhanger], scope: Literal["here", "global"] = "here"
    ) -> None:
        # Publishing is rate limited by Discord and only needed after a command changes,
        # so it is an owner's explicit action, never part of start-up.
        if scope == "here" and ctx.guild is not None:
            self.bot.tree.copy_global_to(guild=ctx.guild)
            synced = await self.bot.tree.sync(guild=ctx.guild)
            await ctx.send(f"Published {len(synced)} slash commands to this server.")
        else:
            synced = await self.bot.tree.sync()
            await ctx.send(
                f"Published {len(synced)} slash commands globally; "
                "Discord may take a few minutes to show them."
            )


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, General)
