"""Channel alerts: what changed, how sure, who says so."""

from __future__ import annotations

from bot.replies.formatting import (
    EmbedPages,
    discord_date,
    neutralise,
)
from bot.replies.reply import BRAND_COLOUR, Reply
from bot.replies.shows import source_line
from db.model.shows import NewsEntry, PartialDate
from db.model.vocabulary import NEWS_KINDS, STATUSES


def _status_text(status: object) -> str:
    # A status stored by an older or newer bot still reads, as itself.
    word = STATUSES.get(status)
    return word.label if word is not None else str(status)


def _detail_date(details: dict[str, object], key: str) -> str | None:
    value = details.get(key)
    if not isinstance(value, str):
        return None
    precision = details.get(f"{key}_precision")
    return discord_date(PartialDate.parse(value, precision if isinstance(precision, str) else None))


def _change_text(details: dict[str, object]) -> str | None:
    before, after = details.get("from"), details.get("to")
    season = details.get("season")
    if details.get("field") == "status":
        return f"{_status_text(before)} → {_status_text(after)}"
    if details.get("field") == "release_date" and (moved_to := _detail_date(details, "to")):
        if (moved_from := _detail_date(details, "from")) is not None:
            moved_to = f"{moved_from} → {moved_to}"
        return f"Season {season}: {moved_to}"
    if details.get("field") == "season" and season:
        when = _detail_date(details, "to")
        return f"Season {season} announced" + (f", {when}" if when else "")
    return None


def alert_footer_start(reference: str) -> str:
    """How every alert's footer begins: delivery looks for it to spot an alert already sent."""
    return f"Cliffhanger alert {reference} "


def alert_reply(
    show_title: str,
    entry: NewsEntry,
    details: dict[str, object],
    *,
    reference: str,
    show_link: str | None = None,
) -> Reply:
    """A channel alert: what changed, how sure, who says so, and a link (the source's, else
    the show's page). Spoiler-free by construction: news text describes releases and
    renewals, never plot."""
    kind = NEWS_KINDS.get(entry.kind)
    headline = kind.headline if kind is not None else "news"
    link = entry.source_url or show_link
    pages = EmbedPages(title=f"{show_title}: {headline}", colour=BRAND_COLOUR, url=link)
    pages.description = neutralise(entry.text)
    change = _change_text(details)
    if change:
        pages.add_field("Change", change)
    pages.add_field("How sure", source_line(entry))
    pages.footer = f"{alert_footer_start(reference)}· unsubscribe with /unsubscribe"
    return Reply(embeds=tuple(pages.build()))
