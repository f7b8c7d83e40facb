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
    # The text's last part rides with the first embeds: an answer and its card, one message.
    messages: list[tuple[str | None, list[discord.Embed]]] = [(text, []) for text in texts]
    for embeds in embed_groups:
        if messages and not messages[-1][1]:
            messages[-1] = (messages[-1][0], embeds)
        else:
            messages.append((None, embeds))
    for text, embeds in messages:
        await ctx.send(text, embeds=embeds, allowed_mentions=NO_MENTIONS, ephemeral=ephemeral)
