"""Channel alerts: what changed, how sure, who says so."""

from __future__ import annotations

from bot.replies.formatting import (
    EmbedPages,
    discord_date,
    neutralise,
)
from bot.replies.reply import BRAND_COLOUR, Reply
from bot.replies.shows import source_line
from db.model.news import Changed, ChangeDetails
from db.model.shows import NewsEntry
from db.model.vocabulary import NEWS_KINDS, STATUSES


def _status_text(status: str | None) -> str:
    # A status stored by an older or newer bot still reads, as itself.
    word = STATUSES.get(status)
    return word.label if word is not None else str(status)


def _change_text(details: ChangeDetails) -> str | None:
    season = details.season
    if details.changed is Changed.STATUS:
        return f"{_status_text(details.from_status)} → {_status_text(details.to_status)}"
    if details.changed is Changed.RELEASE_DATE and details.to_date is not None:
        moved_to = discord_date(details.to_date)
        if details.from_date is not None:
            moved_to = f"{discord_date(details.from_date)} → {moved_to}"
        return f"Season {season}: {moved_to}"
    if details.changed is Changed.FINAL_SEASON and season:
        return f"Season {season} will be the last"
    if details.changed is Changed.SEASON and season:
        when = discord_date(details.to_date) if details.to_date is not None else None
        return f"Season {season} announced" + (f", {when}" if when else "")
    return None


def alert_footer_start(reference: str) -> str:
    """How every alert's footer begins: delivery looks for it to spot an alert already sent."""
    return f"Cliffhanger alert {reference} "


def alert_reply(
    show_title: str,
    entry: NewsEntry,
    details: ChangeDetails,
    *,
    reference: str,
    show_link: str | None = None,
    stop_with: str = "unsubscribe with /unsubscribe",
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
    pages.footer = f"{alert_footer_start(reference)}· {stop_with}"
    return Reply(embeds=tuple(pages.build()))


def reminder_note(title: str) -> str:
    """The line above a reminder DM: why it came, and how to stop it."""
    return f"You asked to hear about {neutralise(title)}. (`unremind {neutralise(title)}` to stop.)"
