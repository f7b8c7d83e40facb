"""Reply builders: pure functions from catalogue facts to what the bot sends.

Nothing here talks to Discord or the database, so tests call these directly. No builder puts
plot outcomes outside spoiler tags: recaps and cast spoilers only ever pass through `spoiler`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

import discord

from bot.replies.formatting import (
    EmbedPages,
    count_of,
    discord_date,
    echo,
    neutralise,
    spoiler,
    truncate,
)
from bot.replies.reply import BRAND_COLOUR, Reply
from db.model.seasons import Standing, released_seasons, standing, upcoming_episode
from db.model.shows import (
    CastEntry,
    EpisodeEntry,
    NewsEntry,
    PartialDate,
    SeasonEntry,
    ShowEntry,
    StoredShow,
)
from db.model.titles import Candidate
from db.model.vocabulary import CONFIDENCES, DATE_NEWS_KINDS, STATUSES, is_guess

__all__ = ["released_seasons"]  # re-exported: recaps choose among released seasons


def status_evidence(show: ShowEntry) -> NewsEntry | None:
    """The latest non-speculative news item that backs the show's current status."""
    status = STATUSES.get(show.status)
    kinds = status.evidence if status is not None else ()
    backing = [
        event for event in show.news if event.kind in kinds and not is_guess(event.confidence)
    ]
    return max(backing, key=lambda event: event.date.sort_key(), default=None)


def date_evidence(show: ShowEntry) -> NewsEntry | None:
    """The latest non-speculative news item about a release date or a new season."""
    backing = [
        event
        for event in show.news
        if event.kind in DATE_NEWS_KINDS and not is_guess(event.confidence)
    ]
    return max(backing, key=lambda event: event.date.sort_key(), default=None)


def source_line(event: NewsEntry) -> str:
    """'Reported, not officially confirmed · November 2021 · source: …'"""
    parts = [CONFIDENCES[event.confidence].label, f"as of {event.date.display()}"]
    if event.source and event.source_url:
        parts.append(f"source: [{neutralise(event.source)}]({event.source_url})")
    elif event.source:
        parts.append(f"source: {neutralise(event.source)}")
    elif event.source_url:
        parts.append(f"source: {event.source_url}")
    return " · ".join(parts)


def _season_facts(season: SeasonEntry, platform: str | None) -> str:
    parts = []
    if season.release_date is not None:
        released = f"released {discord_date(season.release_date)}"
        if platform:
            released += f" on {neutralise(platform)}"
        parts.append(released)
    if season.episodes:
        parts.append(count_of(season.episodes, "episode"))
    if season.runtime_minutes:
        low, high = season.runtime_minutes
        parts.append(f"{low}–{high} min each" if low != high else f"{low} min each")
    return " · ".join(parts) or "no details on record"


def _next_season_headline(
    show: ShowEntry,
    released: Sequence[SeasonEntry],
    today: datetime.date,
    now: datetime.datetime | None,
) -> str:
    outlook = _season_outlook(show, released, today, now)
    if show.final_season is not None and show.status not in ("cancelled", "ended"):
        return f"{outlook} Season {show.final_season} will be the last."
    return outlook


def outlook_line(
    show: ShowEntry, today: datetime.date, now: datetime.datetime | None = None
) -> str:
    """The release card's headline on its own: the show's next season in a sentence."""
    return _next_season_headline(show, released_seasons(show, today), today, now)


def _season_of(show: ShowEntry, number: int) -> SeasonEntry | None:
    return next((season for season in show.seasons if season.number == number), None)


def _latest_number(released: Sequence[SeasonEntry]) -> int:
    return max((season.number for season in released), default=0)


def _season_outlook(
    show: ShowEntry,
    released: Sequence[SeasonEntry],
    today: datetime.date,
    now: datetime.datetime | None,
) -> str:
    """The show's next season in a sentence, from its status and, for a show that has not
    ended, its episode dates: airing, between seasons, or a date to come."""
    latest = _latest_number(released)
    next_number = latest + 1
    upcoming = _season_of(show, next_number)
    if show.status == "cancelled":
        if latest:
            after = count_of(latest, "season")
            return f"Cancelled after {after}: season {next_number} is not coming."
        if not show.seasons:
            return "Cancelled; its seasons are not on record."
        return "Cancelled before it was released."
    if show.status == "ended":
        if latest:
            return f"Ended after {count_of(latest, 'season')}: no further seasons are planned."
        return "Ended; its seasons are not on record."
    place = standing(show, today, now)
    if place.kind == "airing":
        return _airing_text(show, place)
    if place.kind == "upcoming" and place.next_episode is not None:
        return f"Season {place.season} premieres {episode_time(place.next_episode)}."
    if upcoming is not None and upcoming.release_date is not None:
        return _dated_season_text(upcoming, upcoming.release_date)
    if place.kind == "between" and place.ended_on is not None:
        ended = f"Between seasons: season {place.season} ended on {discord_date(place.ended_on)}"
        if show.status == "renewed":
            return f"{ended}; season {next_number} is renewed, with no release date yet."
        if show.status == "awaiting":
            return f"{ended}; no decision yet on season {next_number}."
        return f"{ended}; season {next_number} has not been announced."
    if show.status == "renewed":
        return f"Renewed for season {next_number}; no release date has been announced yet."
    if show.status == "airing":
        if not released:
            return "Listed as airing; its seasons are not on record."
        date = released[-1].release_date
        started = f" premiered {discord_date(date)} and" if date is not None else ""
        return f"Season {latest}{started} is listed as airing; its episode dates are not on record."
    if show.status == "awaiting":
        return f"No decision yet on season {next_number}: renewal is pending."
    if show.status == "in_development":
        return "In development; no release date has been announced."
    return f"No news on record about season {next_number}."


def _dated_season_text(season: SeasonEntry, date: PartialDate) -> str:
    when = discord_date(date)
    if season.confirmed:
        return f"Season {season.number} comes out {when}."
    return f"Season {season.number} is expected {when}, but the date is not confirmed."


def _airing_text(show: ShowEntry, place: Standing) -> str:
    season = _season_of(show, place.season) if place.season is not None else None
    episode = place.next_episode
    if episode is None:
        return f"Season {place.season} is airing now."
    of_total = ""
    if episode.number is not None and season is not None and season.episodes:
        of_total = f" of {season.episodes}"
    which = f"episode {episode.number}{of_total}" if episode.number is not None else "a special"
    return f"Season {place.season} is airing: next, {which}, {episode_time(episode)}."


def episode_time(episode: EpisodeEntry) -> str:
    """When an episode airs, as Discord timestamps: the full moment and how far off it is;
    a streamer's day-only drop as the day."""
    if episode.airs_at is None:
        return discord_date(episode.date)
    return (
        f"{discord.utils.format_dt(episode.airs_at, 'F')} "
        f"({discord.utils.format_dt(episode.airs_at, 'R')})"
    )


def episode_label(episode: EpisodeEntry) -> str:
    """ "S6E3 “Name”", or "a season 6 special"."""
    if episode.number is None:
        label = f"a season {episode.season} special"
    else:
        label = f"S{episode.season}E{episode.number}"
    if episode.name:
        label += f" “{neutralise(episode.name)}”"
    return label


def season_line(
    show: ShowEntry,
    number: int,
    today: datetime.date,
    now: datetime.datetime | None = None,
) -> str:
    """One season in a sentence: released, airing, announced, not coming, or not on record."""
    released = released_seasons(show, today)
    latest = _latest_number(released)
    season = _season_of(show, number)
    if season is not None and number <= latest:
        place = standing(show, today, now)
        if place.kind == "airing" and place.season == number:
            return _airing_text(show, place)
        return f"Season {number}: {_season_facts(season, show.platform)}."
    if show.status in ("cancelled", "ended"):
        how = "Cancelled" if show.status == "cancelled" else "Ended"
        after = f" after {count_of(latest, 'season')}" if latest else ""
        return f"{how}{after}: season {number} is not coming."
    if season is not None and season.release_date is not None:
        return _dated_season_text(season, season.release_date)
    if season is not None:
        return f"Season {number} is on the way: no release date has been announced yet."
    if number == latest + 1:
        place = standing(show, today, now)
        if place.kind == "upcoming" and place.next_episode is not None:
            return f"Season {number} premieres {episode_time(place.next_episode)}."
        if show.status == "renewed":
            return f"Season {number} is on the way: no release date has been announced yet."
        if show.status == "awaiting":
            return f"No decision yet on season {number}: renewal is pending."
        return f"Season {number} has not been announced."
    if latest:
        return (
            f"Season {number} is not on record: {neutralise(show.title)} has "
            f"{count_of(latest, 'season')} so far."
        )
    return f"Season {number} is not on record."


def _announces_a_date(show: ShowEntry, released: Sequence[SeasonEntry]) -> bool:
    next_number = _latest_number(released) + 1
    upcoming = _season_of(show, next_number)
    return upcoming is not None and upcoming.release_date is not None


def release_reply(
    show: StoredShow,
    today: datetime.date,
    *,
    season: int | None = None,
    now: datetime.datetime | None = None,
) -> Reply:
    """The next season's outlook (or, asked about one, that season's), how sure it is, and
    the latest season's facts."""
    entry = show.entry
    released = released_seasons(entry, today)
    pages = _pages(entry, f"{entry.title}: release and renewal")
    evidence = status_evidence(entry)
    status = STATUSES[entry.status].label
    headline = (
        _next_season_headline(entry, released, today, now)
        if season is None
        else season_line(entry, season, today, now)
    )
    lines = [f"**{headline}**"]
    if evidence is not None:
        lines.append(source_line(evidence))
    else:
        lines.append(f"Status {status}: no source on record, so treat it as unconfirmed.")
    dated = date_evidence(entry)
    if dated is not None and dated != evidence and _announces_a_date(entry, released):
        lines.append(f"Release date: {source_line(dated)}")
    pages.description = "\n".join(lines)
    if released:
        latest = released[-1]
        pages.add_field(f"Latest season: {latest.number}", _season_facts(latest, entry.platform))
    elif entry.seasons or entry.status not in ("cancelled", "ended"):
        pages.add_field("Released seasons", "None yet.")
    else:
        pages.add_field("Released seasons", "Not on record.")
    upcoming = upcoming_episode(entry, today, now)
    if upcoming is not None:
        pages.add_field("Next episode", f"{episode_label(upcoming)}: {episode_time(upcoming)}")
    if entry.platform:
        pages.add_field("Platform", neutralise(entry.platform), inline=True)
    pages.add_field("Status", status.capitalize(), inline=True)
    pages.footer = (
        "Release dates are shown only when announced; guesses stay in the news history."
        + _credit(entry)
    )
    return Reply(embeds=tuple(pages.build()))


def show_reply(show: StoredShow, today: datetime.date) -> Reply:
    entry = show.entry
    pages = _pages(entry, entry.title)
    pages.description = neutralise(entry.summary) if entry.summary else "No summary on record."
    evidence = status_evidence(entry)
    status = STATUSES[entry.status].label.capitalize()
    if evidence is not None:
        status += f"\n{source_line(evidence)}"
    else:
        status += "\nNo source on record."
    pages.add_field("Status", status)
    if entry.platform:
        pages.add_field("Platform", neutralise(entry.platform), inline=True)
    if entry.premiered:
        pages.add_field("Premiered", discord_date(entry.premiered), inline=True)
    if entry.ordered:
        pages.add_field("Series ordered", discord_date(entry.ordered), inline=True)
    released = released_seasons(entry, today)
    if entry.seasons:
        episodes = sum(season.episodes or 0 for season in released)
        seasons_text = count_of(len(released), "season") + " released"
        if episodes:
            seasons_text += f", {count_of(episodes, 'episode')}"
        pages.add_field("Seasons", seasons_text.capitalize(), inline=True)
    if entry.genres:
        pages.add_field("Genres", neutralise(", ".join(entry.genres)), inline=True)
    if entry.content_rating or entry.show_type:
        kind = " · ".join(part for part in (entry.show_type, entry.content_rating) if part)
        pages.add_field("Type", neutralise(kind), inline=True)
    if entry.created_by:
        pages.add_field("Created by", neutralise(", ".join(entry.created_by)))
    if entry.based_on:
        pages.add_field("Based on", neutralise(entry.based_on))
    if entry.sequel:
        pages.add_field("Sequel material", neutralise(entry.sequel))
    if entry.setting:
        pages.add_field("Setting", neutralise(entry.setting))
    if entry.links:
        pages.add_field(
            "Links", " · ".join(f"[{neutralise(link.label)}]({link.url})" for link in entry.links)
        )
    return Reply(embeds=tuple(pages.build()))


def cast_reply(show: StoredShow, *, season: int | None = None) -> Reply:
    entry = show.entry
    pages = _pages(entry, f"{entry.title}: cast")
    if not entry.cast:
        pages.description = "No cast on record."
        return Reply(embeds=tuple(pages.build()))
    lines = []
    if season is not None:
        # Credits are not kept per season: say so rather than pretend to narrow.
        lines.append(
            f"*Season {season}: the main cast on record (credits are not kept per season);"
            " who was expected back is listed below.*"
        )
    for member in entry.cast:
        line = f"**{neutralise(member.actor)}**"
        if member.character:
            line += f" as {neutralise(member.character)}"
        if member.note:
            line += f" — {neutralise(member.note)}"
        lines.append(line)
    pages.description = "\n".join(lines)
    known = [member for member in entry.cast if member.returning is not None]
    if known:
        pages.add_field(_returning_heading(entry), _returning_text(known))
    pages.footer = f"Main cast as recorded in Cliffhanger's catalogue, as of {_day(show)}" + (
        _credit(entry)
    )
    return Reply(embeds=tuple(pages.build()))


def _day(show: StoredShow) -> str:
    """The day a stored show's facts were last written, in words."""
    day = datetime.date.fromisoformat(show.updated_at[:10])
    return f"{day.day} {day:%B %Y}"


def _returning_heading(entry: ShowEntry) -> str:
    if entry.status in ("cancelled", "ended"):
        return "Who was expected back, had there been another season"
    return "Expected back next season"


def _returning_text(members: Sequence[CastEntry]) -> str:
    staying = [member for member in members if member.returning]
    leaving = [member for member in members if not member.returning]
    if not staying:
        return "None of the main cast."
    if not leaving:
        return "The whole main cast."
    # Who leaves, and why, can give the ending away: both stay inside spoiler tags.
    hidden = "; ".join(
        f"{member.actor}" + (f": {member.spoiler}" if member.spoiler else "") for member in leaving
    )
    return f"Nearly everyone above, with {count_of(len(leaving), 'exception')}: {spoiler(hidden)}"


def news_reply(show: StoredShow, *, season: int | None = None) -> Reply:
    entry = show.entry
    pages = _pages(entry, f"{entry.title}: news history")
    if not entry.news:
        pages.description = "No news on record."
        return Reply(embeds=tuple(pages.build()))
    pages.description = "Oldest first. Speculation is kept for the record, never as a date."
    events = list(entry.news)
    if season is not None:
        about = [event for event in events if _names_season(event.text, season)]
        if about:
            events = about
            pages.title = f"{entry.title}: news about season {season}"
        else:
            pages.description += f"\nNothing on record names season {season}: the whole history."
    for event in sorted(events, key=lambda item: item.date.sort_key()):
        kind = event.kind.replace("_", " ")
        pages.add_field(
            f"{event.date.display()} · {kind}",
            f"{neutralise(event.text)}\n*{source_line(event)}*{_also_reported(event)}",
        )
    return Reply(embeds=tuple(pages.build()))


def _names_season(text: str, number: int) -> bool:
    return re.search(rf"\b(?:season|series) {number}\b|\bs0?{number}\b", text, re.I) is not None


def _also_reported(event: NewsEntry) -> str:
    if not event.also:
        return ""
    outlets = ", ".join(
        f"[{neutralise(link.label)}]({link.url})" if link.url else neutralise(link.label)
        for link in event.also
    )
    return f"\nAlso reported by {outlets}"


def search_reply(words: str, candidates: Sequence[Candidate]) -> Reply:
    if not candidates:
        return Reply(content=f"No shows match “{echo(words)}”.")
    lines = [
        f"{index}. {neutralise(candidate.label)}" for index, candidate in enumerate(candidates, 1)
    ]
    pages = EmbedPages(title=f"Shows matching “{truncate(words, 60)}”", colour=BRAND_COLOUR)
    pages.description = "\n".join(lines)
    return Reply(embeds=tuple(pages.build()))


def did_you_mean_text(query: str, candidates: Sequence[Candidate]) -> str:
    options = "\n".join(f"• {neutralise(candidate.label)}" for candidate in candidates)
    return f"“{echo(query)}” could be more than one show. Did you mean:\n{options}"


def not_found_text(
    query: str,
    suggestions: Sequence[Candidate],
    search_hint: str,
    in_the_news: Sequence[str] = (),
) -> str:
    """Not found, and where to go next: close titles, else search and shows in the news."""
    text = f"I couldn't find a show called “{echo(query)}”."
    if suggestions:
        return (
            text
            + " Closest matches:\n"
            + "\n".join(f"• {neutralise(candidate.label)}" for candidate in suggestions)
        )
    text += f" Check the spelling, or try {search_hint}."
    if in_the_news:
        text += (
            " Recently in the news: " + ", ".join(neutralise(title) for title in in_the_news) + "."
        )
    return text


def _credit(entry: ShowEntry) -> str:
    """TVmaze's data is CC BY-SA: every answer built on it says so."""
    if any("tvmaze" in link.url.casefold() for link in entry.links):
        return " · Data: TVmaze (CC BY-SA)"
    return ""


def _pages(entry: ShowEntry, title: str) -> EmbedPages:
    pages = EmbedPages(title=title, colour=BRAND_COLOUR)
    pages.footer = _credit(entry).removeprefix(" · ") or None
    tvmaze_link = next((link for link in entry.links if "tvmaze" in link.url.casefold()), None)
    if tvmaze_link is not None:
        pages.url = tvmaze_link.url
    return pages
