"""Recaps: the story so far, every spoiler inside spoiler tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.catalogue import recaps
from bot.replies.sending import send_reply
from cogs.base import SHOW_DESCRIPTION, CatalogueCog, add_after_a_turn, anywhere, show_autocomplete
from db.model.catalogue_format import MAX_SEASON_NUMBER

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


class Recap(CatalogueCog):
    # One signature serves both forms. Slash: `show`, `season` and `public` are separate
    # options. Prefix: the keyword-only `show` takes the whole rest of the message and
    # discord.py binds nothing after it, so `season` stays None and `recap()` reads it off the
    # end of the text ("!recap tiny pretty things 1"), as it does for a slash title typed the
    # same way; `public` stays False but is moot, as a prefix reply can't be private.
    @commands.hybrid_command(
        name="recap",
        description="The story so far of a season, every point inside spoiler tags",
        usage="<show> [season]",
        extras={"example": "recap tiny pretty things 1"},
    )
    @anywhere
    @app_commands.describe(
        show=SHOW_DESCRIPTION,
        season="Which season (default: the latest one with a recap)",
        public="Post the recap in the channel instead of only to you",
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def recap(
        self,
        ctx: commands.Context[Cliffhanger],
        *,
        show: str,
        season: app_commands.Range[int, 1, MAX_SEASON_NUMBER] | None = None,
        public: bool = False,
    ) -> None:
        reply = await recaps.recap(self.catalogue, show, season, channel=ctx.channel.id)
        # Spoilers stay private on slash unless asked for; a prefix reply is always public.
        await send_reply(ctx, reply, ephemeral=ctx.interaction is not None and not public)


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Recap)
