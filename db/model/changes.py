"""Change detection: stored facts against a fresh snapshot, as news events. Pure functions.

A snapshot may know less than we do: a field it leaves out (or gives as "unknown") is not a
change, and never erases a stored fact.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from db.model.news import Changed, ChangeDetails, NewsChange
from db.model.shows import NewsEntry, PartialDate, SeasonEntry, ShowEntry
from db.model.vocabulary import NEWS_KINDS, STATUSES, status_news_kind


def _known(value: object) -> bool:
    return value not in (None, "", (), {}, "unknown")


def merge_snapshot(stored: ShowEntry, fresh: ShowEntry) -> ShowEntry:
    """Fresh facts over stored ones, keeping whatever the snapshot does not know."""
    merged = {}
    for item in dataclasses.fields(ShowEntry):
        if item.name in ("seasons", "news"):
            continue
        fresh_value = getattr(fresh, item.name)
        merged[item.name] = fresh_value if _known(fresh_value) else getattr(stored, item.name)
    merged["seasons"] = _merge_seasons(stored.seasons, fresh.seasons)
    merged["news"] = stored.news
    return ShowEntry(**merged)


def _merge_seasons(
    stored: tuple[SeasonEntry, ...], fresh: tuple[SeasonEntry, ...]
) -> tuple[SeasonEntry, ...]:
    by_number = {season.number: season for season in stored}
    for season in fresh:
        old = by_number.get(season.number)
        if old is None:
            by_number[season.number] = season
            continue
        by_number[season.number] = SeasonEntry(
            number=season.number,
            release_date=season.release_date or old.release_date,
            episodes=season.episodes if season.episodes is not None else old.episodes,
            runtime_minutes=season.runtime_minutes or old.runtime_minutes,
            recap=season.recap or old.recap,
            # A snapshot season without a date says nothing about how firm the stored one is.
            confirmed=season.confirmed if season.release_date else old.confirmed,
            finale=season.finale or old.finale,
        )
    return tuple(by_number[number] for number in sorted(by_number))


def detect_changes(
    stored: ShowEntry,
    fresh: ShowEntry,
    *,
    author: str,
    source: str,
    today: datetime.date,
) -> list[NewsChange]:
    """The news in `fresh` compared with `stored`: status, new seasons, release dates.

    Each change takes its confidence and source from a matching new news item of the
    snapshot when there is one; otherwise it is "reported" by `source`, as of `today`.
    New news items that match no change are returned as news of their own.
    """
    # Date and text, not kind: an item used as evidence is stored under the change's kind
    # (a "cancelled" item for a move to ended), and is the same news on every later poll.
    known = {(event.date.iso, event.text) for event in stored.news}
    unused = [event for event in fresh.news if (event.date.iso, event.text) not in known]
    changes: list[NewsChange] = []

    def add(kind: str, text: str, details: ChangeDetails) -> None:
        evidence = _take_evidence(unused, kind)
        if evidence is None:
            entry = NewsEntry(
                date=PartialDate(today.year, today.month, today.day),
                kind=kind,
                text=text,
                confidence="reported",
                source=source,
            )
        else:
            entry = dataclasses.replace(evidence, kind=kind)
            details = dataclasses.replace(details, summary=text)
        changes.append(NewsChange(entry=entry, author=author, details=details))

    title = stored.title
    if _known(fresh.status) and fresh.status != stored.status:
        kind = status_news_kind(fresh.status)
        add(
            kind,
            f"{title}: {STATUSES[stored.status].label} → {STATUSES[fresh.status].label}.",
            ChangeDetails(Changed.STATUS, from_status=stored.status, to_status=fresh.status),
        )
    stored_seasons = {season.number: season for season in stored.seasons}
    for season in fresh.seasons:
        old = stored_seasons.get(season.number)
        new_date = season.release_date
        if old is None:
            text = f"{title}: season {season.number} announced"
            text += f", coming {new_date.display()}." if new_date else "."
            add(
                "season_announced",
                text,
                ChangeDetails(Changed.SEASON, season.number, to_date=new_date),
            )
        elif new_date is not None and new_date != old.release_date:
            if old.release_date is None:
                text = f"{title}: season {season.number} release date set: {new_date.display()}."
            else:
                text = (
                    f"{title}: season {season.number} release date moved: "
                    f"{old.release_date.display()} → {new_date.display()}."
                )
            add(
                "release_date",
                text,
                ChangeDetails(
                    Changed.RELEASE_DATE,
                    season.number,
                    from_date=old.release_date,
                    to_date=new_date,
                ),
            )
    changes.extend(NewsChange(entry=event, author=author) for event in unused)
    return changes


def seasons_out_on(show: ShowEntry, day: datetime.date) -> list[SeasonEntry]:
    """Confirmed seasons whose exact release day is `day`."""
    return [
        season
        for season in show.seasons
        if season.confirmed and season.release_date and season.release_date.exact == day
    ]


def season_out_change(
    title: str, season: SeasonEntry, day: datetime.date, platform: str | None
) -> NewsChange:
    where = f" on {platform}" if platform else ""
    out = PartialDate(day.year, day.month, day.day)
    return NewsChange(
        entry=NewsEntry(
            date=out,
            kind="season_out",
            text=f"{title}: season {season.number} is out today{where}.",
            confidence="confirmed",
            source="the catalogue's release date",
        ),
        author="schedule:daily",
        details=ChangeDetails(Changed.SEASON_OUT, season.number, to_date=out),
    )


def _take_evidence(candidates: list[NewsEntry], kind: str) -> NewsEntry | None:
    sources = NEWS_KINDS[kind].sources
    matching = [event for event in candidates if event.kind in sources]
    if not matching:
        return None
    best = max(matching, key=lambda event: event.date.sort_key())
    candidates.remove(best)
    return best


def describe(changes: Iterable[NewsChange]) -> list[str]:
    return [change.details.summary or change.entry.text for change in changes]
