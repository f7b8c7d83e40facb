"""The gateway's connection state, ready as soon as every guild has arrived."""

from __future__ import annotations

from typing import Any

import discord
from discord.state import ConnectionState


class PromptReadyState(ConnectionState):  # type: ignore[type-arg]
    """discord.py waits `guild_ready_timeout` (2 s) after the last GUILD_CREATE before it calls
    the bot ready, whether or not a guild is still to come. READY lists every guild the bot is
    in; once each of them has arrived there is nothing left to wait for. A guild that stays
    unavailable (a Discord outage) still gets the whole wait, as before."""

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._full_timeout = self.guild_ready_timeout
        self._awaited: set[int] = set()

    def parse_ready(self, data: Any) -> None:
        self._awaited = {int(guild["id"]) for guild in data.get("guilds") or []}
        # Read by discord.py before each wait: zero ends the wait at the next empty moment.
        self.guild_ready_timeout = self._full_timeout if self._awaited else 0.0
        super().parse_ready(data)

    def parse_guild_create(self, data: Any) -> None:
        if not data.get("unavailable"):
            self._awaited.discard(int(data["id"]))
            if not self._awaited:
                self.guild_ready_timeout = 0.0
        super().parse_guild_create(data)


def prompt_ready_state(client: discord.Client, **options: Any) -> PromptReadyState:
    """What `Client._get_state` builds, with the prompt ready."""
    return PromptReadyState(
        dispatch=client.dispatch,
        handlers=client._handlers,
        hooks=client._hooks,
        http=client.http,
        **options,
    )
