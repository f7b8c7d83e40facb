"""The help pages: every command with an example."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.replies.formatting import (
    EmbedPages,
)
from bot.replies.reply import BRAND_COLOUR, Reply


@dataclass(frozen=True, slots=True)
class CommandHelp:
    name: str
    description: str
    example: str


def help_reply(prefix: str, commands: Sequence[CommandHelp]) -> Reply:
    pages = EmbedPages(title="Cliffhanger: commands", colour=BRAND_COLOUR)
    pages.description = (
        "Renewal, release and cast facts with their sources. Every command also works as a "
        f"slash command, and you can mention me with a question.\nExample: `{prefix}release "
        "tiny pretty things`"
    )
    for command in commands:
        pages.add_field(
            f"{prefix}{command.name}", f"{command.description}\n`{prefix}{command.example}`"
        )
    return Reply(embeds=tuple(pages.build()))


def catalogue_help_reply(prefix: str, commands: Sequence[CommandHelp]) -> Reply:
    """The editors' subcommands with their flags, for `catalogue` typed alone."""
    lines = ["Editors' commands (flags are `name: value`):"]
    lines += [f"• `{prefix}{command.example}` — {command.description}" for command in commands]
    return Reply(content="\n".join(lines))
