"""Editors' commands to keep the shared catalogue true: `catalogue …` (alias `edit`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import NotAllowed
from bot.news.curation import Editor, Sourcing
from bot.replies.help import CommandHelp, catalogue_help_reply
from bot.replies.sending import send_reply
from cogs.base import add_after_a_turn, server_only, show_autocomplete

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


async def is_editor(ctx: commands.Context[Cliffhanger]) -> bool:
    """Owners, and members holding the editor role in the home server. Server admins
    elsewhere are not editors: the catalogue is shared by every server."""
    if await ctx.bot.is_owner(ctx.author):
        return True
    settings = ctx.bot.settings
    if (
        settings.editor_role_id is not None
        and ctx.guild is not None
        and ctx.guild.id == settings.home_guild_id
        and isinstance(ctx.author, discord.Member)
        and ctx.author.get_role(settings.editor_role_id) is not None
    ):
        return True
    raise NotAllowed("Only Cliffhanger's editors can change the shared catalogue.")


class SourceFlags(commands.FlagConverter, delimiter=":", case_insensitive=True):
    confidence: str = commands.flag(description="confirmed, reported or speculation")
    source: str = commands.flag(description="Who reported it, e.g. Netflix or Deadline")
    url: str | None = commands.flag(default=None, description="Link to the source")
    reported: str | None = commands.flag(
        default=None, description="When it was reported: YYYY-MM-DD (default today)"
    )

    def sourcing(self) -> Sourcing:
        return Sourcing(self.confidence, self.source, self.url, self.reported)


class AddShowFlags(commands.FlagConverter, delimiter=":", case_insensitive=True):
    title: str
    platform: str | None = None
    premiered: str | None = commands.flag(default=None, description="YYYY-MM-DD")
    status: str = commands.flag(default="unknown", description="e.g. renewed, cancelled, airing")


class StatusFlags(SourceFlags):
    show: str
    status: str = commands.flag(description="renewed, cancelled, ended, airing, awaiting, …")
    text: str | None = commands.flag(default=None, description="The news in a sentence")


class NewsFlags(SourceFlags):
    show: str
    kind: str = commands.flag(description="renewed, cancelled, release_date, note, …")
    text: str = commands.flag(description="The news in a sentence or two")


class DateFlags(SourceFlags):
    show: str
    season: int
    date: str = commands.flag(description="YYYY-MM-DD, YYYY-MM or YYYY")
    precision: str | None = commands.flag(
        default=None, description="For a year: early, mid or late"
    )


class RecapFlags(commands.FlagConverter, delimiter=":", case_insensitive=True):
    show: str
    season: int
    text: str


class RecapPointFlags(commands.FlagConverter, delimiter=":", case_insensitive=True):
    show: str
    season: int
    point: int
    text: str | None = None


class AttachFlags(commands.FlagConverter, delimiter=":", case_insensitive=True):
    item: int = commands.flag(description="The headline's number in `catalogue headlines`")
    show: str


class AliasFlags(commands.FlagConverter, delimiter=":", case_insensitive=True):
    show: str
    alias: str


def flag_usage(flags: type[commands.FlagConverter]) -> str:
    """`show: … status: … [url: …]`: the flags a prefix user types, optional ones bracketed."""
    parts = []
    for flag in flags.get_flags().values():
        part = f"{flag.name}: …"
        parts.append(part if flag.required else f"[{part}]")
    return " ".join(parts)


def editor_of(ctx: commands.Context[Cliffhanger]) -> Editor:
    return Editor(ctx.author.id, ctx.author.display_name)


class Catalogue(commands.Cog):
    def __init__(self, bot: Cliffhanger) -> None:
        self.curation = bot.services.curation

    async def cog_check(self, ctx: commands.Context[Cliffhanger]) -> bool:  # type: ignore[override]
        return await is_editor(ctx)

    @commands.hybrid_group(
        name="catalogue",
        aliases=["edit"],
        description="Editors: change the shared catalogue",
        extras={
            "example": "catalogue status show: tpt status: renewed confidence: confirmed "
            "source: Netflix url: https://…"
        },
        invoke_without_command=False,
    )
    @server_only
    async def catalogue(self, ctx: commands.Context[Cliffhanger]) -> None:
        entries = [
            CommandHelp(
                name=command.qualified_name,
                description=command.description,
                example=f"{command.qualified_name} {command.usage or command.signature}",
            )
            for command in sorted(self.catalogue.commands, key=lambda command: command.name)
        ]
        prefix = self.curation.catalogue.command_prefix
        await send_reply(ctx, catalogue_help_reply(prefix, entries))

    @catalogue.command(name="add", description="Add a show", usage=flag_usage(AddShowFlags))
    async def add(self, ctx: commands.Context[Cliffhanger], *, flags: AddShowFlags) -> None:
        reply = await self.curation.add_show(
            editor_of(ctx),
            title=flags.title,
            platform=flags.platform,
            premiered=flags.premiered,
            status=flags.status,
        )
        await send_reply(ctx, reply)

    @catalogue.command(
        name="status",
        description="Set a show's status, with its source",
        usage=flag_usage(StatusFlags),
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def status(self, ctx: commands.Context[Cliffhanger], *, flags: StatusFlags) -> None:
        reply = await self.curation.set_status(
            editor_of(ctx), flags.show, flags.status, flags.sourcing(), flags.text
        )
        await send_reply(ctx, reply)

    @catalogue.command(
        name="news", description="Add a news item to a show's history", usage=flag_usage(NewsFlags)
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def news(self, ctx: commands.Context[Cliffhanger], *, flags: NewsFlags) -> None:
        reply = await self.curation.add_news(
            editor_of(ctx), flags.show, flags.kind, flags.text, flags.sourcing()
        )
        await send_reply(ctx, reply)

    @catalogue.command(
        name="date", description="Set or move a season's release date", usage=flag_usage(DateFlags)
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def date(self, ctx: commands.Context[Cliffhanger], *, flags: DateFlags) -> None:
        reply = await self.curation.set_release_date(
            editor_of(ctx), flags.show, flags.season, flags.date, flags.precision, flags.sourcing()
        )
        await send_reply(ctx, reply)

    @catalogue.command(
        name="alias", description="Another name that finds a show", usage=flag_usage(AliasFlags)
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def alias(self, ctx: commands.Context[Cliffhanger], *, flags: AliasFlags) -> None:
        await send_reply(
            ctx, await self.curation.add_alias(editor_of(ctx), flags.show, flags.alias)
        )

    @catalogue.command(
        name="headlines", description="Headlines with news that no show could be found for"
    )
    async def headlines(self, ctx: commands.Context[Cliffhanger]) -> None:
        await send_reply(ctx, await self.curation.unplaced_headlines(), ephemeral=True)

    @catalogue.command(
        name="attach",
        description="Apply a waiting headline to the show it is about",
        usage=flag_usage(AttachFlags),
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def attach(self, ctx: commands.Context[Cliffhanger], *, flags: AttachFlags) -> None:
        reply = await self.curation.attach_headline(editor_of(ctx), flags.item, flags.show)
        await send_reply(ctx, reply)

    @catalogue.command(
        name="recap-add", description="Add a recap point to a season", usage=flag_usage(RecapFlags)
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def recap_add(self, ctx: commands.Context[Cliffhanger], *, flags: RecapFlags) -> None:
        reply = await self.curation.add_recap_point(
            editor_of(ctx), flags.show, flags.season, flags.text
        )
        await send_reply(ctx, reply, ephemeral=True)

    @catalogue.command(
        name="recap-edit", description="Rewrite one recap point", usage=flag_usage(RecapPointFlags)
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def recap_edit(
        self, ctx: commands.Context[Cliffhanger], *, flags: RecapPointFlags
    ) -> None:
        if not flags.text:
            raise commands.BadArgument("give the new text with text: …")
        reply = await self.curation.edit_recap_point(
            editor_of(ctx), flags.show, flags.season, flags.point, flags.text
        )
        await send_reply(ctx, reply, ephemeral=True)

    @catalogue.command(
        name="recap-remove", description="Remove one recap point", usage=flag_usage(RecapPointFlags)
    )
    @app_commands.autocomplete(show=show_autocomplete)
    async def recap_remove(
        self, ctx: commands.Context[Cliffhanger], *, flags: RecapPointFlags
    ) -> None:
        reply = await self.curation.remove_recap_point(
            editor_of(ctx), flags.show, flags.season, flags.point
        )
        await send_reply(ctx, reply, ephemeral=True)


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Catalogue)
