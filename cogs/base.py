"""What the command modules share: title autocomplete and the base of catalogue cogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalogue.service import ID_PREFIX, CatalogueService
from bot.errors import UserFacingError
from bot.loop import let_others_run

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger

SHOW_DESCRIPTION = "The show's title (typos and nicknames are fine)"

# Where alerts and boards can be posted.
Target = discord.TextChannel | discord.Thread

F = TypeVar("F", bound=Callable[..., object])


async def add_after_a_turn(
    bot: Cliffhanger, cog_class: Callable[[Cliffhanger], commands.Cog]
) -> None:
    """An extension's `setup`: its cog made and added after the event loop's turns. At
    start-up, running a command module (its commands built) and making its cog (each command
    copied for it) take 2-8 ms each while the title index is being built on the same loop;
    apart, neither adds to the other's stall."""
    await let_others_run()
    await bot.add_cog(cog_class(bot))


def anywhere(func: F) -> F:
    """For a slash command that only reads or concerns the asker alone: installable to a
    person's account as well as to servers, and usable in servers (with the bot or without),
    in DMs with the bot and in group DMs. Put it under the command decorator."""
    app_commands.allowed_installs(guilds=True, users=True)(func)
    app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(func)
    return func


def server_only(func: F) -> F:
    """For a slash command that acts on a server (its channels, roles or the shared
    catalogue): installed with the bot to a server, and offered only in its channels."""
    app_commands.allowed_installs(guilds=True, users=False)(func)
    app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)(func)
    return func


NOT_IN_SERVER = (
    "I'm not in this server, so I can't do that here: a server manager can add me with the "
    "server invite link."
)


def guild_of(ctx: commands.Context[Cliffhanger]) -> discord.Guild:
    """The server a command came from; in a DM the shared handler says it needs a server.
    A slash command from a person's own install may come from a server the bot is not in:
    Discord offers server commands only where the bot is, but nothing here relies on that."""
    if ctx.guild is None:
        raise commands.NoPrivateMessage()
    guild = ctx.bot.get_guild(ctx.guild.id)
    if guild is None:
        raise UserFacingError(NOT_IN_SERVER)
    return guild


def member_and_target(
    ctx: commands.Context[Cliffhanger], channel_id: int | None, *, refusal: str
) -> tuple[discord.Member, Target]:
    """Who asks, and the channel they mean (this one unless they named one); `refusal` is the
    reply when that channel can't take posts."""
    guild, member = guild_of(ctx), ctx.author
    if not isinstance(member, discord.Member):
        raise commands.NoPrivateMessage()
    channel = ctx.channel if channel_id is None else guild.get_channel_or_thread(channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        raise UserFacingError(refusal)
    return member, channel


async def show_autocomplete(
    interaction: discord.Interaction[Cliffhanger], current: str
) -> list[app_commands.Choice[str]]:
    """Title choices for every command that takes a show; the value is the show's id."""
    return [
        app_commands.Choice(name=candidate.label, value=f"{ID_PREFIX}{candidate.show_id}")
        for candidate in interaction.client.services.catalogue.autocomplete(current)
    ]


async def show_or_all_autocomplete(
    interaction: discord.Interaction[Cliffhanger], current: str
) -> list[app_commands.Choice[str]]:
    """As show_autocomplete, led by "All shows", for the commands that also take `all`."""
    everything = app_commands.Choice(name="All shows", value="all")
    return [everything, *(await show_autocomplete(interaction, current))[:24]]


class CatalogueCog(commands.Cog):
    """A cog whose commands answer from the catalogue service."""

    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot

    @property
    def catalogue(self) -> CatalogueService:
        return self.bot.services.catalogue
