"""One-line answers to what a question asked, sent before the card that gives the rest.

Pure, like every reply builder: catalogue facts in, text out. A one-liner never says what
happened in the story (that is the recap's, inside spoiler tags) and says missing facts are
missing rather than counting them as zero.
"""

from __future__ import annotations

import datetime

from bot.replies.formatting import count_of, neutralise
from bot.replies.reply import Reply
from bot.replies.shows import (
    episode_label,
    episode_time,
    outlook_line,
    season_line,
    status_evidence,
)
from db.model.questions import cast_named
from db.model.seasons import released_seasons, standing, upcoming_episode
from db.model.shows import CastEntry, ShowEntry
from db.model.vocabulary import CONFIDENCES

QUESTION_HINT = (
    "Ask me about a show, for example “when is tiny pretty things season 2 coming out?” or "
    "“who is in tiny pretty things?”. `{prefix}help` lists every command."
)
WHICH_SHOW_HINT = (
    "Which show do you mean? Ask again with its title, for example “is tiny pretty things "
    "cancelled?”. `{prefix}help` lists every command."
)


def hint_reply(prefix: str, *, which_show: bool = False) -> Reply:
    text = WHICH_SHOW_HINT if which_show else QUESTION_HINT
    return Reply(content=text.format(prefix=prefix))


def _as_of(show: ShowEntry) -> str:
    """ " (reported, November 2021)": how sure the status is, and since when."""
    evidence = status_evidence(show)
    if evidence is None:
        return " (no source on record)"
    sureness = "confirmed" if evidence.confidence == "confirmed" else "reported"
    if CONFIDENCES[evidence.confidence].guess:
        sureness = "speculation"
    return f" ({sureness}, {evidence.date.display()})"


def _seasons_so_far(show: ShowEntry, today: datetime.date) -> str:
    released = released_seasons(show, today)
    if not released:
        return ""
    return f" after {count_of(max(season.number for season in released), 'season')}"


def cancelled_line(show: ShowEntry, today: datetime.date, now: datetime.datetime | None) -> str:
    """ "Is it cancelled?": yes, no, or what is known instead."""
    so_far = _seasons_so_far(show, today)
    if show.status == "cancelled":
        return f"Yes, cancelled{so_far}{_as_of(show)}."
    if show.status == "ended":
        return f"It ended{so_far}{_as_of(show)}: no further seasons are planned."
    if show.status == "renewed":
        return f"No: it was renewed{_as_of(show)}."
    place = standing(show, today, now)
    if place.kind == "airing":
        return f"No: season {place.season} is airing now."
    if show.status == "awaiting":
        return "Not decided yet: a renewal decision is pending."
    return "Nothing on record says it was cancelled."


def next_episode_line(show: ShowEntry, today: datetime.date, now: datetime.datetime | None) -> str:
    episode = upcoming_episode(show, today, now)
    title = neutralise(show.title)
    if episode is not None:
        return f"The next episode of {title} is {episode_label(episode)}, {episode_time(episode)}."
    if show.status in ("cancelled", "ended"):
        return f"No more episodes are coming: {title} has {show.status}."
    return f"No next episode of {title} is scheduled on record."


def episodes_line(show: ShowEntry, season: int | None, today: datetime.date) -> str:
    title = neutralise(show.title)
    if season is not None:
        entry = next((item for item in show.seasons if item.number == season), None)
        if entry is None or entry.episodes is None:
            return f"The episode count of season {season} is not on record."
        return f"Season {season} of {title} has {count_of(entry.episodes, 'episode')}."
    released = released_seasons(show, today)
    counted = [item.episodes for item in released if item.episodes is not None]
    if not released or len(counted) < len(released):
        return f"The episode count of {title} is not on record in full."
    seasons = count_of(max(item.number for item in released), "season")
    return f"{title} has {count_of(sum(counted), 'episode')} over {seasons}."


def runtime_line(show: ShowEntry, season: int | None) -> str:
    chosen = [item for item in show.seasons if season is None or item.number == season]
    runtimes = [item.runtime_minutes for item in chosen if item.runtime_minutes]
    if not runtimes:
        return "How long the episodes run is not on record."
    low = min(low for low, _ in runtimes)
    high = max(high for _, high in runtimes)
    span = f"{low}–{high} minutes" if low != high else f"{low} minutes"
    return f"Episodes of {neutralise(show.title)} run {span}."


def platform_line(show: ShowEntry, named: str | None) -> str:
    title = neutralise(show.title)
    if not show.platform:
        return f"Where {title} streams or airs is not on record."
    platform = neutralise(show.platform)
    if named is None:
        return f"{title} is on {platform}."
    if any(word in show.platform.casefold() for word in named.split()):
        return f"Yes: {title} is on {platform}."
    return f"Not that I know of: {title} is on {platform}."


def cast_line(show: ShowEntry, member: CastEntry | None, asked: str | None) -> str:
    if member is None:
        what = f"“{neutralise(asked)}”" if asked else "that"
        return f"I have no one on record for {what} in {neutralise(show.title)}; the cast is below."
    actor = neutralise(member.actor)
    if member.character:
        return f"{actor} plays {neutralise(member.character)}."
    return f"{actor} is in the cast, with no character on record."


def who_line(show: ShowEntry, ask: str | None, about: str | None, text: str) -> str | None:
    """ "Who plays Bette?" / "who does Kylie Jefferson play?": the one credit asked for."""
    if ask not in ("who_plays", "role_of"):
        return None
    member = cast_named(show.cast, about or text, show.title)
    return cast_line(show, member, about)


def release_line(
    show: ShowEntry,
    ask: str | None,
    season: int | None,
    today: datetime.date,
    now: datetime.datetime | None,
) -> str:
    """The one line for a question about the show's future."""
    if ask == "next_episode":
        return next_episode_line(show, today, now)
    if ask == "cancelled":
        line = cancelled_line(show, today, now)
        if season is not None and show.status not in ("cancelled", "ended"):
            line += " " + season_line(show, season, today, now)
        return line
    if season is not None:
        return season_line(show, season, today, now)
    return outlook_line(show, today, now)
