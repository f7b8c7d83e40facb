"""Channel alerts: subscribe, unsubscribe, list; and the owners' sync and status."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.alerts.status import status_report
from bot.alerts.subscriptions import parse_kinds, parse_subscribe_request
from bot.errors import UserFacingError
from bot.replies.reply import Reply
from bot.replies.sending import send_reply
from cogs.base import (
    Target,
    add_after_a_turn,
    guild_of,
    member_and_target,
    server_only,
    show_or_all_autocomplete,
)
from db.model.vocabulary import SUGGESTED_ALERT_WORDS

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger


_KIND_OPTIONS = " ".join(f"[{word}]" for word in SUGGESTED_ALERT_WORDS)


class Alerts(commands.Cog):
    """Prefix and slash forms are separate commands here: a prefix request is free text
    ("tiny pretty things renewed dates @Fans #news"), a slash one has typed options; both
    call the same service."""

    def __init__(self, bot: Cliffhanger) -> None:
        self.bot = bot
        self.subscriptions = bot.services.subscriptions
        self.catalogue = bot.services.catalogue

    def _target(
        self, ctx: commands.Context[Cliffhanger], channel_id: int | None
    ) -> tuple[discord.Member, Target]:
        """Who asks, and the channel whose alerts they mean (this one unless they named one)."""
        return member_and_target(
            ctx, channel_id, refusal="Alerts go to a text channel or thread of this server."
        )

    def _role(self, ctx: commands.Context[Cliffhanger], role_id: int | None) -> discord.Role | None:
        if role_id is None:
            return None
        role = guild_of(ctx).get_role(role_id)
        if role is None:
            raise UserFacingError("That role is not in this server.")
        return role

    @commands.command(
        name="subscribe",
        description="Post alerts in this channel when a show's renewal or release news changes",
        usage=f"<show|all> {_KIND_OPTIONS} [@role] [#channel]",
        extras={"example": "subscribe tiny pretty things"},
    )
    @commands.guild_only()
    async def subscribe_prefix(self, ctx: commands.Context[Cliffhanger], *, request: str) -> None:
        parsed = parse_subscribe_request(request, is_title=self.catalogue.index.is_title)
        member, target = self._target(ctx, parsed.channel_id)
        reply = await self.subscriptions.subscribe(
            member=member,
            channel=target,
            show=parsed.show,
            kinds=parsed.kinds,
            role=self._role(ctx, parsed.role_id),
        )
        await send_reply(ctx, reply)

    @app_commands.command(
        name="subscribe",
        description="Post alerts in a channel when a show's renewal or release news changes",
    )
    @server_only
    @app_commands.describe(
        show="A show, or “all”",
        kinds=f"Only some news, e.g. “renewed dates” ({', '.join(SUGGESTED_ALERT_WORDS)})",
        role="A role to ping with each alert",
        channel="Another channel of this server (default: this one)",
    )
    @app_commands.autocomplete(show=show_or_all_autocomplete)
    @app_commands.guild_only()
    async def subscribe_slash(
        self,
        interaction: discord.Interaction[Cliffhanger],
        show: str,
        kinds: str | None = None,
        role: discord.Role | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        ctx = await commands.Context.from_interaction(interaction)
        member, target = self._target(ctx, channel.id if channel else None)
        reply = await self.subscriptions.subscribe(
            member=member,
            channel=target,
            show=show,
            kinds=parse_kinds((kinds or "").split()),
            role=role,
        )
        await send_reply(ctx, reply, ephemeral=True)

    @commands.hybrid_command(
        name="unsubscribe",
        description="Stop this channel's alerts for a show (or “all”)",
        usage="<show|all> [#channel]",
        extras={"example": "unsubscribe tiny pretty things"},
    )
    @server_only
    @app_commands.describe(show="A show, or “all”")
    @app_commands.autocomplete(show=show_or_all_autocomplete)
    @commands.guild_only()
    async def unsubscribe(self, ctx: commands.Context[Cliffhanger], *, show: str) -> None:
        parsed = parse_subscribe_request(show, is_title=self.catalogue.index.is_title)
        member, target = self._target(ctx, parsed.channel_id)
        reply = await self.subscriptions.unsubscribe(
            member=member, channel=target, show=parsed.show
        )
        await send_reply(ctx, reply, ephemeral=True)

    @commands.hybrid_command(
        name="subscriptions",
        description="This server's alert subscriptions, including paused ones",
        extras={"example": "subscriptions"},
    )
    @server_only
    @commands.guild_only()
    async def subscriptions(self, ctx: commands.Context[Cliffhanger]) -> None:
        await send_reply(ctx, await self.subscriptions.list_for(guild_of(ctx)), ephemeral=True)

    @commands.command(name="sync", hidden=True, description="Poll the news source now")
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[Cliffhanger]) -> None:
        result = await self.bot.services.news.poll()
        await self.bot.services.jobs.refresh_boards()
        # send_reply splits: a poll with many changes runs past Discord's 2000 characters.
        await send_reply(ctx, Reply(content=result.describe()))

    @commands.command(name="status", hidden=True, description="Jobs, last poll and alert backlog")
    @commands.is_owner()
    async def status(self, ctx: commands.Context[Cliffhanger]) -> None:
        services = self.bot.services
        backlog = await services.deliveries.deliveries.backlog()
        unplaced = await services.news.desk.feeds.count_unresolved()
        report = status_report(
            services.jobs.status(),
            services.news.last_poll,
            backlog,
            unplaced,
            budget=services.budget.status(),
            shards=self.bot.own_shards,
            budget_set=self.bot.settings.requests_per_second_set,
            leader=await services.jobs.leader(),
        )
        await send_reply(ctx, report)


async def setup(bot: Cliffhanger) -> None:
    await add_after_a_turn(bot, Alerts)
