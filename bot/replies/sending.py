"""Sending replies: split to Discord's limits, and never a mention that pings."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.replies.formatting import group_embeds, split_message
from bot.replies.reply import Reply

NO_MENTIONS = discord.AllowedMentions.none()


def answers_privately(ctx: commands.Context[commands.Bot]) -> bool:
    """Whether a slash command came from a server the bot is not in: someone used their own
    install of the app there. Its answer is for them alone, as the server never asked for the
    bot; and the bot knows nothing of that server beyond the interaction itself."""
    interaction = ctx.interaction
    if interaction is None or interaction.guild_id is None:
        return False
    in_server = ctx.bot.get_guild(interaction.guild_id) is not None
    return not (in_server and interaction.is_guild_integration())


async def send_reply(
    ctx: commands.Context[commands.Bot], reply: Reply, *, ephemeral: bool = False
) -> None:
    """Send a reply as one or more messages, text first, each within Discord's limits."""
    ephemeral = ephemeral or answers_privately(ctx)
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
