"""The gateway's connection state, ready as soon as every guild has arrived."""

from __future__ import annotations

from typing import Any

import discord
from discord.state import AutoShardedConnectionState, ConnectionState


class _PromptReady(ConnectionState):  # type: ignore[type-arg]
    """discord.py waits `guild_ready_timeout` (2 s) after the last GUILD_CREATE before it calls
    the bot (or a shard) ready, whether or not a guild is still to come. READY lists every
    guild of its shard; once each of them has arrived there is nothing left to wait for. A
    guild that stays unavailable (a Discord outage) still gets the whole wait, as before."""

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._full_timeout = self.guild_ready_timeout
        # Per shard (an unsharded bot has shard 0): the guilds its READY listed, still to come.
        self._awaited: dict[int, set[int]] = {}

    def parse_ready(self, data: Any) -> None:
        shard_id = int((data.get("shard") or [0])[0])
        self._awaited[shard_id] = {int(guild["id"]) for guild in data.get("guilds") or []}
        # Read by discord.py before each wait, and one value serves every shard: zero ends the
        # wait at the next empty moment, so it is zero only when no shard awaits a guild.
        self.guild_ready_timeout = self._full_timeout if self._awaiting() else 0.0
        super().parse_ready(data)

    def parse_guild_create(self, data: Any) -> None:
        if not data.get("unavailable"):
            for awaited in self._awaited.values():
                awaited.discard(int(data["id"]))
            if not self._awaiting():
                self.guild_ready_timeout = 0.0
        super().parse_guild_create(data)

    def _awaiting(self) -> bool:
        return any(self._awaited.values())


class PromptReadyState(_PromptReady):
    """One connection's state, ready as soon as its guilds are in."""


class PromptReadyShardedState(_PromptReady, AutoShardedConnectionState):  # type: ignore[type-arg]
    """The state of several shards on one process, each ready as soon as its guilds are in."""


def prompt_ready_state(client: discord.Client, **options: Any) -> PromptReadyState:
    """What `Client._get_state` builds, with the prompt ready."""
    return PromptReadyState(
        dispatch=client.dispatch,
        handlers=client._handlers,
        hooks=client._hooks,
        http=client.http,
        **options,
    )


def prompt_ready_sharded_state(
    client: discord.AutoShardedClient, **options: Any
) -> PromptReadyShardedState:
    """What `AutoShardedClient._get_state` builds, with the prompt ready."""
    return PromptReadyShardedState(
        dispatch=client.dispatch,
        handlers=client._handlers,
        hooks=client._hooks,
        http=client.http,
        **options,
    )
