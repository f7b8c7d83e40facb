"""Questions about shows: release, show, cast, news, search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.replies.sending import send_reply
from cogs.base import SHOW_DESCRIPTION, CatalogueCog, add_after_a_turn, anywhere, show_autocomplete

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


class Shows(CatalogueCog):
    @commands.hybrid_command(
        description="When the next season comes out, and whether the show was renewed",
        extras={"example": "release tiny pretty things"},
    )
    @anywhere
    @app_commands.describe(show=SHOW_DESCRIPTION)
    @app_commands.autocomplete(show=show_autocomplete)
    async def release(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        await send_reply(ctx, await self.catalogue.release(show, channel=ctx.channel.id))

    @commands.hybrid_command(
        name="show",
        aliases=["info"],
        description="What a show is about: premise, creators, source novel, status, seasons",
        extras={"example": "show tiny pretty things"},
    )
    @anywhere
    @app_commands.describe(show=SHOW_DESCRIPTION)
    @app_commands.autocomplete(show=show_autocomplete)
    async def show_info(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        await send_reply(ctx, await self.catalogue.info(show, channel=ctx.channel.id))

    @commands.hybrid_command(
        description="Who is in a show, and who was expected back",
        extras={"example": "cast tiny pretty things"},
    )
    @anywhere
    @app_commands.describe(show=SHOW_DESCRIPTION)
    @app_commands.autocomplete(show=show_autocomplete)
    async def cast(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        await send_reply(ctx, await self.catalogue.cast(show, channel=ctx.channel.id))

    @commands.hybrid_command(
        description="A show's renewal and release news, oldest first, with sources",
        extras={"example": "news tiny pretty things"},
    )
    @anywhere
    @app_commands.describe(show=SHOW_DESCRIPTION)
    @app_commands.autocomplete(show=show_autocomplete)
    async def news(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        await send_reply(ctx, await self.catalogue.news(show, channel=ctx.channel.id))

    @commands.command(
        name="ask",
        hidden=True,
        usage="<question>",
        description="A question in plain words, as when mentioning the bot",
        extras={"example": "ask who plays bette in tiny pretty things?"},
    )
    async def ask(self, ctx: commands.Context[Cliffhanger], *, question: str) -> None:
        available = frozenset(command.name for command in self.bot.commands)
        reply = await self.bot.services.answers.answer(
            question, channel=ctx.channel.id, available=available
        )
        await send_reply(ctx, reply)

    @commands.hybrid_command(
        description="Find shows by a few words of their title",
        extras={"example": "search pretty"},
    )
    @anywhere
    @app_commands.describe(words="Words from the title")
    async def search(self, ctx: commands.Context[Cliffhanger], *, words: str) -> None:
        await send_reply(ctx, self.catalogue.search(words))


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Shows)
