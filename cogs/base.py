"""What the command modules share: title autocomplete and the base of catalogue cogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue.service import ID_PREFIX, CatalogueService

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger

SHOW_DESCRIPTION = "The show's title (typos and nicknames are fine)"


async def show_autocomplete(
    interaction: discord.Interaction[Cliffhanger], current: str
) -> list[app_commands.Choice[str]]:
    """Title choices for every command that takes a show; the value is the show's id."""
    return [
        app_commands.Choice(name=candidate.label, value=f"{ID_PREFIX}{candidate.show_id}")
        for candidate in interaction.client.services.catalogue.autocomplete(current)
    ]


class CatalogueCog(commands.Cog):
    """A cog whose commands answer from the catalogue service."""

    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot

    @property
    def catalogue(self) -> CatalogueService:
        return self.bot.services.catalogue
