"""What every reply builder returns, and the colour of the brand."""

from __future__ import annotations

from dataclasses import dataclass

import discord

BRAND_COLOUR = discord.Colour(0x8E44AD)


@dataclass(frozen=True, slots=True)
class Reply:
    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
