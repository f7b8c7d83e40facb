"""Text helpers for Discord: escaping, spoiler tags, dates, and staying within Discord's limits."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import discord

from db.model.shows import PartialDate

MESSAGE_LIMIT = 2000
EMBED_TOTAL_LIMIT = 6000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBEDS_PER_MESSAGE = 10

SPOILER_MARK = "||"
# A zero-width space between the bars: looks the same, but Discord no longer sees a tag edge.
_NEUTRAL_BARS = "|\u200b|"
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def echo(text: str, limit: int = 80) -> str:
    """User-typed text repeated back to them: one line, short, inert markdown and mentions."""
    one_line = " ".join(_ZERO_WIDTH.sub("", text).split())
    return discord.utils.escape_mentions(discord.utils.escape_markdown(truncate(one_line, limit)))


def neutralise(text: str) -> str:
    """Catalogue text shown as it is, but unable to ping anyone or open a spoiler tag."""
    return discord.utils.escape_mentions(text).replace(SPOILER_MARK, _NEUTRAL_BARS)


def spoiler(text: str) -> str:
    """Wrap text in a spoiler tag that its content can't close early."""
    inner = neutralise(text).replace("`", "ˋ").strip()
    # A trailing or leading bar would merge with the tag's own bars.
    if inner.endswith("|"):
        inner += "\u200b"
    if inner.startswith("|"):
        inner = "\u200b" + inner
    return f"{SPOILER_MARK}{inner}{SPOILER_MARK}"


def noon_utc(day: datetime.date) -> datetime.datetime:
    # Discord renders a timestamp in the reader's zone; noon UTC is the same calendar day
    # everywhere from UTC-11 to UTC+11, midnight would show the day before in the Americas.
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def discord_date(date: PartialDate | datetime.date) -> str:
    """An exact day as a Discord timestamp; a window ("2027", "late 2027") stays as words."""
    if isinstance(date, PartialDate):
        if date.exact is None:
            return date.display()
        date = date.exact
    return discord.utils.format_dt(noon_utc(date), "D")


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_of(number: int, noun: str) -> str:
    """'one season', 'two seasons', '12 seasons'."""
    word = _NUMBER_WORDS[number] if 0 <= number < len(_NUMBER_WORDS) else str(number)
    return f"{word} {noun}" if number == 1 else f"{word} {noun}s"


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split text into messages of at most `limit` characters.

    Cuts at line ends, then spaces, then anywhere; a spoiler tag cut in two is closed at the
    end of one message and reopened at the start of the next, so no spoiler leaks.
    """
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        budget = limit - 2 * len(SPOILER_MARK)
        cut = _cut_point(rest, budget)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if head.count(SPOILER_MARK) % 2:
            head += SPOILER_MARK
            rest = SPOILER_MARK + rest
        if head.strip(SPOILER_MARK).strip():
            chunks.append(head)
    if rest.strip():
        chunks.append(rest)
    return chunks or [""]


def _cut_point(text: str, budget: int) -> int:
    window = text[:budget]
    for separator in ("\n", " "):
        position = window.rfind(separator)
        if position > budget // 2:
            return position + 1
    # Never cut through the middle of a spoiler mark.
    if window.endswith("|"):
        return budget - 1
    return budget


@dataclass
class EmbedPages:
    """Builds one or more embeds from a title, description and fields within Discord's limits."""

    title: str
    description: str = ""
    colour: discord.Colour | None = None
    url: str | None = None
    footer: str | None = None
    fields: list[tuple[str, str, bool]] = field(default_factory=list)

    def add_field(self, name: str, value: str, *, inline: bool = False) -> None:
        if not value.strip():
            return
        name = truncate(name, FIELD_NAME_LIMIT)
        for part in split_message(value, FIELD_VALUE_LIMIT):
            self.fields.append((name, part, inline))
            name = f"{name} (cont.)" if not name.endswith("(cont.)") else name

    def build(self) -> list[discord.Embed]:
        descriptions = split_message(self.description, EMBED_DESCRIPTION_LIMIT)
        embeds = [
            self._new_embed(part, first=index == 0) for index, part in enumerate(descriptions)
        ]
        current = embeds[-1]
        for name, value, inline in self.fields:
            if (
                len(current.fields) >= EMBED_FIELD_LIMIT
                or len(current) + len(name) + len(value) > EMBED_TOTAL_LIMIT - FOOTER_LIMIT // 4
            ):
                current = self._new_embed("", first=False)
                embeds.append(current)
            current.add_field(name=name, value=value, inline=inline)
        if self.footer:
            embeds[-1].set_footer(text=truncate(self.footer, FOOTER_LIMIT // 4))
        return embeds

    def _new_embed(self, description: str, *, first: bool) -> discord.Embed:
        title = truncate(self.title if first else f"{self.title} (continued)", EMBED_TITLE_LIMIT)
        return discord.Embed(
            title=title,
            description=description or None,
            colour=self.colour,
            url=self.url if first else None,
        )


def group_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Pack embeds into messages: at most 10 per message and 6000 characters in all."""
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        length = len(embed)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + length > EMBED_TOTAL_LIMIT):
            messages.append(current)
            current, size = [], 0
        current.append(embed)
        size += length
    if current:
        messages.append(current)
    return messages


def bullet_lines(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)
