"""Recaps: the story so far, every spoiler inside spoiler tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

if TYPE_CHECKING:
    from bot.client import Cliffhanger


class Recap(commands.Cog):
    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot


async def setup(bot: Cliffhanger) -> None:
    await bot.add_cog(Recap(bot))
