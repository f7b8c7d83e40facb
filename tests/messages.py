"""What the bot sent, read the way a member or a spoiler check reads it."""

from __future__ import annotations

from bot.local.stand_in import SentMessage


def text_of(messages: list[SentMessage]) -> str:
    """Everything a reader would see, embeds included, as one text."""
    return "\n".join(message.text() for message in messages)


def content_of(messages: list[SentMessage]) -> str:
    """The plain contents alone, unrendered: for replies that must be exact text."""
    return "\n".join(message.content for message in messages)


def outside_tags(text: str) -> str:
    """What Discord shows before anyone clicks: the text with every `||…||` part removed."""
    return "".join(text.split("||")[0::2])


def inside_tags(text: str) -> list[str]:
    """Each part hidden inside `||…||`, in order."""
    return text.split("||")[1::2]
