"""The `upcoming` reply: what comes out in a window, soonest first, the channel's shows first."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import discord

from bot.replies.formatting import EmbedPages, bullet_lines, echo, neutralise, noon_utc
from bot.replies.reply import BRAND_COLOUR, Reply
from db.model.upcoming import UpcomingItem, UpcomingRequest

FOLLOWED_HEADING = "Followed in this channel"
OTHERS_HEADING = "Everything else"
LOOSE_HEADING = "Dated loosely"
MORE_HEADING = "And more"
# A command answers in a few messages, not dozens: past these the rest is counted, and the
# reply says how to narrow it down.
MAX_LISTED = 40
MAX_LOOSE_LISTED = 15


def upcoming_reply(
    request: UpcomingRequest,
    items: Sequence[UpcomingItem],
    *,
    followed: frozenset[int] = frozenset(),
    next_item: UpcomingItem | None = None,
    dated_total: int | None = None,
    loose_total: int | None = None,
) -> Reply:
    """`items` are the window's first items (or all of them); announced days are listed
    soonest first, and windows ("late 2027") and unconfirmed days apart, so a guess never
    reads as a date. The totals, when given, count what the window holds beyond `items`."""
    dated = sorted((item for item in items if item.dated), key=UpcomingItem.sort_key)
    loose = sorted((item for item in items if not item.dated), key=UpcomingItem.sort_key)
    where = f" on {echo(request.platform, 60)}" if request.platform else ""
    pages = EmbedPages(title=f"Coming out in {request.describe()}{where}", colour=BRAND_COLOUR)
    if not dated:
        pages.description = f"Nothing has an announced date in {request.describe()}{where}."
        if next_item is not None:
            pages.description += f"\nThe next one: {upcoming_line(next_item)}"
        else:
            pages.description += "\nNo later date is announced either."
    else:
        mine = [item for item in dated if item.show_id in followed][:MAX_LISTED]
        others = [item for item in dated if item.show_id not in followed]
        others = others[: MAX_LISTED - len(mine)]
        if mine:
            pages.add_field(FOLLOWED_HEADING, bullet_lines(map(upcoming_line, mine)))
            if others:
                pages.add_field(OTHERS_HEADING, bullet_lines(map(upcoming_line, others)))
        else:
            pages.description = bullet_lines(map(upcoming_line, others))
        left = (len(dated) if dated_total is None else dated_total) - len(mine) - len(others)
        if left > 0:
            pages.add_field(MORE_HEADING, _more(left, request))
    if loose:
        shown = loose[:MAX_LOOSE_LISTED]
        text = bullet_lines(map(loose_line, shown))
        left = (len(loose) if loose_total is None else loose_total) - len(shown)
        if left > 0:
            text += "\n" + _more(left, request)
        pages.add_field(LOOSE_HEADING, text)
    return Reply(embeds=tuple(pages.build()))


def _more(count: int, request: UpcomingRequest) -> str:
    narrower = "a platform" if request.platform is None else "a shorter window"
    return f"… and {count:,} more: name {narrower} to see them, e.g. `upcoming week netflix`."


def upcoming_line(item: UpcomingItem) -> str:
    """'**Title** season 2 · Netflix · <t:…:D> (<t:…:R>)'."""
    moment = item.airs_at or (noon_utc(item.date.exact) if item.date.exact else None)
    when = item.date.display()
    if moment is not None:
        style = "F" if item.airs_at is not None else "D"
        when = f"{discord.utils.format_dt(moment, style)} ({discord.utils.format_dt(moment, 'R')})"
    return " · ".join(part for part in (_what(item), _platform(item), when) if part)


def loose_line(item: UpcomingItem) -> str:
    """'**Title** season 3 · Netflix · late 2027' (or '… 3 March 2027, not confirmed')."""
    when = item.date.display()
    if item.date.exact is not None:
        when += ", not confirmed"
    return " · ".join(part for part in (_what(item), _platform(item), when) if part)


def _what(item: UpcomingItem) -> str:
    title = f"**{discord.utils.escape_markdown(neutralise(item.title))}**"
    if item.episode is not None:
        label = f"S{item.season}E{item.episode}"
        if item.episode_name:
            label += f" “{neutralise(item.episode_name)}”"
        return f"{title} {label}"
    return f"{title} season {item.season}"


def _platform(item: UpcomingItem) -> str:
    return neutralise(item.platform) if item.platform else ""


BOARD_DAYS = 30
# A board is one message that is edited, never split: what does not fit is counted instead.
BOARD_DESCRIPTION_BUDGET = 3800


def board_reply(items: Sequence[UpcomingItem], *, everything: bool, today: datetime.date) -> Reply:
    """The board: what comes out in the next 30 days, as `upcoming` lists it, in one embed.
    `today` is shown so each day's refresh is visibly current."""
    dated = sorted((item for item in items if item.dated), key=UpcomingItem.sort_key)
    loose = sorted((item for item in items if not item.dated), key=UpcomingItem.sort_key)
    scope = "every show" if everything else "the shows this channel follows"
    lines = [f"• {upcoming_line(item)}" for item in dated] or [
        f"Nothing has an announced date in the next {BOARD_DAYS} days."
    ]
    if loose:
        lines += ["", f"**{LOOSE_HEADING}**", *(f"• {loose_line(item)}" for item in loose)]
    description = _fitting(lines, BOARD_DESCRIPTION_BUDGET)
    embed = discord.Embed(
        title=f"Coming out in the next {BOARD_DAYS} days",
        description=description,
        colour=BRAND_COLOUR,
    )
    embed.set_footer(text=f"Board for {scope} · as of {today.isoformat()} · kept up to date")
    return Reply(embeds=(embed,))


def _fitting(lines: Sequence[str], budget: int) -> str:
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        more = f"… and {len(lines) - index} more: `upcoming month` lists them all"
        if used + len(line) + 1 > budget - len(more):
            kept.append(more)
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)
