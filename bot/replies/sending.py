"""Sending replies: split to Discord's limits, and never a mention that pings."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.replies.formatting import group_embeds, split_message
from bot.replies.reply import Reply

NO_MENTIONS = discord.AllowedMentions.none()


async def send_reply(
    ctx: commands.Context[commands.Bot], reply: Reply, *, ephemeral: bool = False
) -> None:
    """Send a reply as one or more messages, text first, each within Discord's limits."""
    texts = split_message(reply.content) if reply.content else []
    embed_groups = group_embeds(reply.embeds)
    for text in texts:
        await ctx.send(text, allowed_mentions=NO_MENTIONS, ephemeral=ephemeral)
    for embeds in embed_groups:
        await ctx.send(embeds=embeds, allowed_mentions=NO_MENTIONS, ephemeral=ephemeral)
