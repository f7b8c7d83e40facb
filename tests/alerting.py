"""Helpers for the alert tests: roles and channels on the local guild, shows, subscriptions,
and Discord failing in the ways delivery must survive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import discord
from discord.http import Route

from bot.app.client import Cliffhanger
from bot.local.stand_in import GUILD_ID, LocalDiscord, http_error
from db.model.news import Subscription
from db.model.shows import ShowEntry
from db.subscriptions import SubscriptionRepository

FANS_ROLE_ID = 1_100_000_000_000_000_310
ALERTS_CHANNEL_ID = 1_100_000_000_000_000_210
NEWS_CHANNEL_ID = 1_100_000_000_000_000_220


def add_role(
    stand_in: LocalDiscord,
    role_id: int = FANS_ROLE_ID,
    name: str = "Fans",
    *,
    mentionable: bool = True,
    managed: bool = False,
) -> discord.Role:
    """A role of the local guild, built from the payload Discord would send for it."""
    data = LocalDiscord._role(role_id, name, discord.Permissions.none(), position=2)
    data.update(mentionable=mentionable, managed=managed)
    role = discord.Role(guild=stand_in.guild, state=stand_in.bot._connection, data=data)  # type: ignore[arg-type]
    stand_in.guild._add_role(role)
    return role


def forbid_mentioning_roles(stand_in: LocalDiscord) -> None:
    """@everyone without Mention Everyone: only mentionable roles may be mentioned."""
    permissions = stand_in.guild.default_role.permissions
    permissions.update(mention_everyone=False)
    data = LocalDiscord._role(GUILD_ID, "@everyone", permissions, position=0)
    everyone = discord.Role(guild=stand_in.guild, state=stand_in.bot._connection, data=data)  # type: ignore[arg-type]
    stand_in.guild._add_role(everyone)


def add_channel_managed_by(
    stand_in: LocalDiscord, channel_id: int, member_id: int, name: str = "managed"
) -> discord.TextChannel:
    """A channel where one member has Manage Channels through a member overwrite."""
    data: dict[str, Any] = LocalDiscord._channel_payload(channel_id, name)
    data["permission_overwrites"] = [
        {
            "id": str(member_id),
            "type": 1,
            "allow": str(discord.Permissions(manage_channels=True).value),
            "deny": "0",
        }
    ]
    channel = discord.TextChannel(state=stand_in.bot._connection, guild=stand_in.guild, data=data)  # type: ignore[arg-type]
    stand_in.guild._add_channel(channel)
    return channel


async def tpt_id(bot: Cliffhanger) -> int:
    """The id the running bot gave the shipped show."""
    return (await bot.services.catalogue.find("tiny pretty things")).id


async def subscriptions_of(bot: Cliffhanger, guild_id: int = GUILD_ID) -> list[Subscription]:
    return await SubscriptionRepository(bot.services.database).for_guild(guild_id)


def write_catalogue(path: Path, *shows: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"shows": list(shows)}), encoding="utf-8")
    return path


class ChannelFaults:
    """Discord failing in the ways alert delivery must survive, on the local stand-in.

    It takes over the bot's HTTP requests from the stand-in: a fault set for a channel is
    played first, and everything else is answered by the stand-in as before.
    """

    def __init__(self, stand_in: LocalDiscord) -> None:
        self._answer = stand_in.bot.http.request
        self._failures: dict[int, list[BaseException]] = {}
        self._lost_responses: dict[int, list[BaseException]] = {}
        self._history_hidden: set[int] = set()
        stand_in.bot.http.request = self._request  # type: ignore[method-assign]

    def fail_sends(self, channel_id: int, *errors: BaseException) -> None:
        """The next sends to a channel raise these, one each, as Discord's failures would."""
        self._failures.setdefault(channel_id, []).extend(errors)

    def lose_responses(self, channel_id: int, *errors: BaseException) -> None:
        """The next sends to a channel are posted, but the bot gets these errors instead of
        Discord's answer (a timeout or a dropped connection after the request arrived)."""
        self._lost_responses.setdefault(channel_id, []).extend(errors)

    def hide_history(self, channel_id: int) -> None:
        """The bot may post in the channel but not read its history (403 on reading)."""
        self._history_hidden.add(channel_id)

    async def _request(self, route: Route, **kwargs: Any) -> Any:
        channel_id = int(route.channel_id) if route.channel_id is not None else None
        if route.path != "/channels/{channel_id}/messages" or channel_id is None:
            return await self._answer(route, **kwargs)
        if route.method == "POST":
            if failures := self._failures.get(channel_id):
                raise failures.pop(0)
            message = await self._answer(route, **kwargs)
            if lost := self._lost_responses.get(channel_id):
                raise lost.pop(0)
            return message
        if route.method == "GET" and channel_id in self._history_hidden:
            raise http_error(403, 50001, "Missing Access")
        return await self._answer(route, **kwargs)


class TVmazeStandIn:
    """A title fallback that knows one show TVmaze would find, and notes every question."""

    def __init__(self, show: ShowEntry) -> None:
        self.show = show
        self.asked: list[str] = []

    async def lookup(self, query: str) -> ShowEntry | None:
        self.asked.append(query)
        return self.show if query.casefold() == self.show.title.casefold() else None


def tvmaze_knowing_the_expanse(bot: Cliffhanger) -> TVmazeStandIn:
    """The bot's title fallback, knowing a show the catalogue doesn't (it has only Tiny Pretty
    Things)."""
    tvmaze = TVmazeStandIn(
        ShowEntry(title="The Expanse", platform="Prime Video", status="ended", tvmaze_id=7)
    )
    bot.services.catalogue.fallback = tvmaze
    return tvmaze
