"""Subscriptions: who may follow what where, and the replies about them."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import discord

from bot.catalogue.service import CatalogueService
from bot.errors import UserFacingError
from bot.replies.formatting import EmbedPages, echo, neutralise
from bot.replies.reply import BRAND_COLOUR, Reply
from db.connection import Database
from db.model.news import MAX_SUBSCRIPTIONS_PER_GUILD, Subscription, SubscriptionLimitReached
from db.model.vocabulary import ALERT_KIND_OF_TYPED, ALERT_KINDS, SUGGESTED_ALERT_WORDS
from db.subscriptions import SubscriptionRepository

logger = logging.getLogger(__name__)

ALL_SHOWS = "all"
_ROLE_MENTION = re.compile(r"^<@&(\d+)>$")
_CHANNEL_MENTION = re.compile(r"^<#(\d+)>$")


@dataclass(frozen=True, slots=True)
class SubscribeRequest:
    """`subscribe <show|all> [kinds…] [@role] [#channel]`, parsed from words."""

    show: str
    kinds: tuple[str, ...] = ()
    role_id: int | None = None
    channel_id: int | None = None


def parse_kinds(words: Sequence[str]) -> tuple[str, ...]:
    kinds: list[str] = []
    for word in words:
        kind = ALERT_KIND_OF_TYPED.get(word.casefold().strip(","))
        if kind is None:
            choices = ", ".join(sorted(SUGGESTED_ALERT_WORDS))
            raise UserFacingError(
                f"“{echo(word, 30)}” is not an alert kind. Use any of: {choices}."
            )
        if kind not in kinds:
            kinds.append(kind)
    return tuple(sorted(kinds, key=ALERT_KINDS.values.index))


def parse_subscribe_request(
    text: str, *, is_title: Callable[[str], bool] = lambda _: False
) -> SubscribeRequest:
    """Split the show from trailing kinds, a role mention and a channel mention.

    `is_title` says whether some words are exactly a show's title: then they are the show,
    even when they end in a kind word ("First Dates" is a show, not "First" and dates).
    """
    words = text.split()
    role_id = channel_id = None
    kind_words: list[str] = []
    while words:
        last = words[-1]
        if (match := _ROLE_MENTION.match(last)) and role_id is None:
            role_id = int(match[1])
        elif (match := _CHANNEL_MENTION.match(last)) and channel_id is None:
            channel_id = int(match[1])
        elif last.casefold().strip(",") in ALERT_KIND_OF_TYPED and len(words) > 1:
            if is_title(" ".join(words)):
                break
            kind_words.insert(0, last)
        else:
            break
        words.pop()
    show = " ".join(words)
    if not show:
        raise UserFacingError("Which show? Give a title, or `all` for every show.")
    return SubscribeRequest(show, parse_kinds(kind_words), role_id, channel_id)


def ensure_may_manage(member: discord.Member, channel: discord.abc.GuildChannel) -> None:
    permissions = channel.permissions_for(member)
    if not (permissions.manage_channels or member.guild_permissions.manage_guild):
        raise UserFacingError(
            f"You need Manage Channels in {channel.mention} (or Manage Server) "
            "to change its alerts."
        )


def ensure_may_ping(
    member: discord.Member, channel: discord.abc.GuildChannel, role: discord.Role
) -> None:
    if role.is_default() or role.name in ("@everyone", "@here"):
        raise UserFacingError("Alerts never ping @everyone or @here. Pick a role.")
    if role.managed:
        raise UserFacingError("That role belongs to an integration; pick a role people can join.")
    if not role.mentionable and not channel.permissions_for(member).mention_everyone:
        raise UserFacingError(
            f"You can't mention {role.mention} yourself, so alerts won't either. "
            "Make the role mentionable, or ask someone with Mention Everyone."
        )
    me = channel.guild.me
    if not role.mentionable and not channel.permissions_for(me).mention_everyone:
        raise UserFacingError(
            f"I can't ping {role.mention}: make it mentionable, or give me Mention Everyone."
        )


class SubscriptionService:
    def __init__(
        self,
        database: Database,
        catalogue: CatalogueService,
        *,
        max_per_guild: int = MAX_SUBSCRIPTIONS_PER_GUILD,
    ) -> None:
        self.subscriptions = SubscriptionRepository(database)
        self.catalogue = catalogue
        # An attribute, not only the repository's default, so a deployment or test can set it.
        self.max_per_guild = max_per_guild

    async def subscribe(
        self,
        *,
        member: discord.Member,
        channel: discord.TextChannel | discord.Thread,
        show: str,
        kinds: Sequence[str],
        role: discord.Role | None,
    ) -> Reply:
        ensure_may_manage(member, channel)
        if role is not None:
            ensure_may_ping(member, channel, role)
        show_id, title, imported = await self._show(show, elsewhere=True)
        try:
            subscription, created = await self.subscriptions.subscribe(
                guild_id=channel.guild.id,
                channel_id=channel.id,
                show_id=show_id,
                kinds=kinds,
                role_id=role.id if role else None,
                created_by=member.id,
                limit=self.max_per_guild,
            )
        except SubscriptionLimitReached as error:
            raise UserFacingError(
                f"This server already has {self.max_per_guild} subscriptions, the most "
                "it can have. Remove one with `unsubscribe` first."
            ) from error
        logger.info(
            "guild %s channel %s subscribed to %s by %s",
            channel.guild.id,
            channel.id,
            title,
            member.id,
        )
        verb = "will now get" if created else "now gets"
        what = describe_kinds(subscription.kinds)
        ping = f", pinging {role.mention}." if role else "."
        # Said, so a typo that imported an unexpected show is noticed and undone at once.
        origin = f"\n{title} was not in the catalogue: I added it from TVmaze." if imported else ""
        return Reply(content=f"{channel.mention} {verb} alerts for {title}: {what}{ping}{origin}")

    async def unsubscribe(
        self, *, member: discord.Member, channel: discord.TextChannel | discord.Thread, show: str
    ) -> Reply:
        ensure_may_manage(member, channel)
        show_id, title, _ = await self._show(show, elsewhere=False)
        removed = await self.subscriptions.unsubscribe(
            guild_id=channel.guild.id, channel_id=channel.id, show_id=show_id
        )
        if not removed:
            raise UserFacingError(f"{channel.mention} has no subscription to {title}.")
        return Reply(content=f"{channel.mention} will no longer get alerts for {title}.")

    async def list_for(self, guild: discord.Guild) -> Reply:
        subscriptions = await self.subscriptions.for_guild(guild.id)
        if not subscriptions:
            return Reply(
                content="This server follows no shows yet. Try `subscribe <show>` in a channel."
            )
        pages = EmbedPages(title=f"Alerts in {guild.name}", colour=BRAND_COLOUR)
        pages.description = "\n".join(_subscription_line(sub) for sub in subscriptions)
        return Reply(embeds=tuple(pages.build()))

    async def _show(self, query: str, *, elsewhere: bool) -> tuple[int | None, str, bool]:
        """The show's id (None for all), its title, and whether it was imported for this."""
        if query.strip().casefold() == ALL_SHOWS:
            return None, "every show", False
        found = await self.catalogue.resolve(query, elsewhere=elsewhere)
        return found.show.id, found.show.title, found.imported


def describe_kinds(kinds: Sequence[str]) -> str:
    if not kinds:
        return "every kind of news"
    return ", ".join(ALERT_KINDS[kind].label for kind in kinds)


def _subscription_line(subscription: Subscription) -> str:
    what = neutralise(subscription.show_title) if subscription.show_title else "every show"
    line = f"<#{subscription.channel_id}>: {what} — {describe_kinds(subscription.kinds)}"
    if subscription.role_id:
        line += f", pings <@&{subscription.role_id}>"
    if subscription.paused_reason:
        line += (
            f" — **paused** ({neutralise(subscription.paused_reason)}); subscribe again to resume"
        )
    return line
