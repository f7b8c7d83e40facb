"""Headlines the bot could not place on a show, for the editors to attach by hand."""

from __future__ import annotations

from collections.abc import Sequence

from bot.replies.formatting import EmbedPages, neutralise, truncate
from bot.replies.reply import BRAND_COLOUR, Reply
from db.model.feeds import FeedItemRecord

_WHY = {
    "unmatched": "no catalogued show by that title",
    "ambiguous": "more than one show by that title",
}


def unplaced_headlines_reply(items: Sequence[FeedItemRecord], prefix: str) -> Reply:
    pages = EmbedPages(title="Headlines waiting for an editor", colour=BRAND_COLOUR)
    if not items:
        pages.description = "None: every headline with news was placed on a show."
        return Reply(embeds=tuple(pages.build()))
    pages.description = (
        f"Attach one with `{prefix}catalogue attach item: <number> show: <title>`; "
        "what it says is then applied to that show as reported news."
    )
    for item in items:
        when = item.published_at.strftime("%Y-%m-%d") if item.published_at else "undated"
        title = neutralise(truncate(item.title, 200))
        headline = f"[{title}]({item.link})" if item.link else title
        why = _WHY.get(item.outcome, item.outcome)
        read = f"\nRead as: {neutralise(truncate(item.detail, 300))}" if item.detail else ""
        pages.add_field(
            f"#{item.id} · {neutralise(item.outlet)} · {when}", f"{headline}\n{why}{read}"
        )
    return Reply(embeds=tuple(pages.build()))
