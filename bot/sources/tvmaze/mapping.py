"""TVmaze records -> our catalogue facts. Pure functions: no network, no database, no clock.

TVmaze's shapes changed over the years (2019 records lack `averageRuntime`, `ended`,
`dvdCountry`; search scores went from ~17 to 0..1), and any field may be null or missing, so
every field is read as optional and checked for its type. What comes out is a catalogue-format
dict that the catalogue's own parser validates, so a TVmaze show is held to exactly the rules
of an imported file; a record that still fails them is `MalformedRecord`.

TVmaze data is CC BY-SA: every show keeps its record's URL as a "TVmaze" link.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from rapidfuzz import fuzz

from db.model.catalogue_format import (
    LONG_TEXT,
    MAX_CAST,
    MAX_EPISODES,
    MAX_NAMES,
    MAX_SEASON_NUMBER,
    MAX_SEASONS,
    SHORT_TEXT,
    CatalogueError,
    parse_catalogue,
)
from db.model.changes import status_news_kind
from db.model.shows import LinkEntry, ShowEntry

TVMAZE_LABEL = "TVmaze"
# Catalogue keys for TVmaze's update time of the record the facts were built from (a show's
# `extra`), and the next episode. Stored with the facts in one transaction, the marker
# says exactly which TVmaze changes the catalogue already holds, whatever else failed.
MARKER_KEY = "tvmaze_updated"
NEXT_EPISODE_KEY = "next_episode"

# TVmaze's four statuses in our words. It has no "cancelled": a cancelled show becomes Ended.
STATUS_OF = {
    "Running": "airing",
    "To Be Determined": "awaiting",
    "Ended": "ended",
    "In Development": "in_development",
}
# Which news kind records the status TVmaze reports when a show is imported.

# A poll still gives a season that came out this recently: time zones can put TVmaze's
# premiere a day before ours, and a premiere moved at the last minute is still news.
JUST_OUT_DAYS = 2
# Search hits at least this similar to the query (0..100, after folding) are "close".
CLOSE_MATCH = 90
# Below this, a hit is not worth suggesting at all.
NEAR_MATCH = 60
MAX_SUGGESTIONS = 5

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_IMDB_ID = re.compile(r"tt[0-9]{5,10}")
# Controls (but tab and newline) and lone surrogates: the catalogue rejects them, TVmaze
# has been seen to carry stray ones in names.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


class MalformedRecord(ValueError):
    """A TVmaze response is not usable as show facts; nothing should be built from it."""


@dataclass(frozen=True, slots=True)
class StoredFacts:
    """What the poller must know of a stored show: how fresh it is (`marker`, TVmaze's update
    time of the record it was last built from), and what TVmaze must never overwrite."""

    title: str
    status: str = "unknown"
    links: tuple[LinkEntry, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def marker(self) -> int | None:
        return _int(self.extra.get(MARKER_KEY), minimum=0)


@dataclass(frozen=True, slots=True)
class SearchHit:
    tvmaze_id: int
    title: str
    year: int | None
    platform: str | None

    @property
    def label(self) -> str:
        """ "Girls (2012, HBO)": enough to tell same-titled shows apart."""
        details = ", ".join(str(part) for part in (self.year, self.platform) if part)
        return f"{self.title} ({details})" if details else self.title


@dataclass(frozen=True, slots=True)
class _Season:
    number: int
    premiere: datetime.date | None
    episodes: int | None
    finale: datetime.date | None = None

    def data(self) -> dict[str, Any]:
        season: dict[str, Any] = {"number": self.number}
        if self.premiere is not None:
            season["release_date"] = self.premiere.isoformat()
        if self.episodes is not None:
            season["episodes"] = self.episodes
        if self.finale is not None:
            season["finale"] = self.finale.isoformat()
        return season


# --------------------------------------------------------------------------- small readers


def _int(value: object, minimum: int = 1, maximum: int = 2**63 - 1) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if minimum <= value <= maximum else None


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or _ISO_DATE.fullmatch(value) is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _line(value: object, limit: int = SHORT_TEXT) -> str | None:
    """One line of text, cleaned of controls and runs of spaces, or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(_CONTROL.sub(" ", value).split())
    return _clip(text, limit) if text else None


def _object(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _url(value: object) -> str | None:
    text = _line(value, 2000)
    if text is None or not text.startswith(("https://", "http://")) or " " in text:
        return None
    return text


class _TextOnly(HTMLParser):
    """Keeps the text of an HTML fragment; paragraphs and line breaks become newlines."""

    _BREAKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(value: object, limit: int = LONG_TEXT) -> str | None:
    """TVmaze summaries are HTML (`<p><b>Title</b> is…</p>`): plain text, paragraphs kept."""
    if not isinstance(value, str):
        return None
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    # convert_charrefs has already turned "&amp;" and friends into characters.
    text = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    paragraphs = "\n".join(line for line in lines if line)
    return _clip(paragraphs, limit) if paragraphs else None


# --------------------------------------------------------------------------- facts


def platform_of(record: Mapping[str, Any]) -> str | None:
    """The original network, else the streaming service (`webChannel`) for web-only shows."""
    for key in ("network", "webChannel"):
        name = _line(_object(record.get(key)).get("name"))
        if name is not None:
            return name
    return None


def imdb_id_of(record: Mapping[str, Any]) -> str | None:
    imdb = _object(record.get("externals")).get("imdb")
    return imdb if isinstance(imdb, str) and _IMDB_ID.fullmatch(imdb) else None


def updated_of(record: Mapping[str, Any]) -> int | None:
    """TVmaze's last-change time of a record, in Unix seconds (the same clock as /updates)."""
    return _int(record.get("updated"), minimum=0)


def _seasons(raw_seasons: list[Any]) -> list[_Season]:
    seasons: dict[int, _Season] = {}
    for raw in raw_seasons[:MAX_SEASONS]:
        item = _object(raw)
        number = _int(item.get("number"), maximum=MAX_SEASON_NUMBER)
        if number is None or number in seasons:
            continue
        premiere = _date(item.get("premiereDate"))
        finale = _date(item.get("endDate"))
        seasons[number] = _Season(
            number=number,
            premiere=premiere,
            episodes=_int(item.get("episodeOrder"), minimum=0, maximum=MAX_EPISODES),
            # A finale before the premiere is a typo in the record, not a fact.
            finale=finale if premiere is None or finale is None or finale >= premiere else None,
        )
    return [seasons[number] for number in sorted(seasons)]


def _seasons_of_episodes(raw_episodes: list[Any]) -> list[_Season]:
    """Seasons from an embedded episode list (`embed=episodes`), for records without seasons:
    each numbered season's first and last air dates and how many numbered episodes it has."""
    dates: dict[int, list[datetime.date]] = {}
    counts: dict[int, int] = {}
    for raw in raw_episodes:
        item = _object(raw)
        season = _int(item.get("season"), maximum=MAX_SEASON_NUMBER)
        if season is None or _int(item.get("number"), maximum=MAX_EPISODES) is None:
            continue  # specials belong to no season's run
        if season not in counts and len(counts) >= MAX_SEASONS:
            continue
        counts[season] = counts.get(season, 0) + 1
        airdate = _date(item.get("airdate"))
        if airdate is not None:
            dates.setdefault(season, []).append(airdate)
    return [
        _Season(
            number=number,
            premiere=min(dates[number]) if number in dates else None,
            episodes=min(counts[number], MAX_EPISODES),
            finale=max(dates[number]) if number in dates else None,
        )
        for number in sorted(counts)
    ]


def next_episode_of(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """The embedded next episode (`embed[]=nextepisode`): season, number, name and when.

    Streamers drop whole seasons at a date, not a time: their airtime is empty and the
    airstamp is a placeholder, so only the date is kept then.
    """
    raw = _object(_object(record.get("_embedded")).get("nextepisode"))
    airdate = _date(raw.get("airdate"))
    season = _int(raw.get("season"), maximum=MAX_SEASON_NUMBER)
    if airdate is None or season is None:
        return None
    episode: dict[str, Any] = {"season": season, "date": airdate.isoformat()}
    number = _int(raw.get("number"), maximum=MAX_EPISODES)
    if number is not None:  # specials have no number
        episode["number"] = number
    if (name := _line(raw.get("name"))) is not None:
        episode["name"] = name
    airtime = raw.get("airtime")
    airstamp = raw.get("airstamp")
    if isinstance(airtime, str) and airtime.strip() and isinstance(airstamp, str):
        try:
            moment = datetime.datetime.fromisoformat(airstamp)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            episode["airs_at"] = moment.astimezone(datetime.UTC).isoformat()
    return episode


def _with_next_episode(seasons: list[_Season], episode: dict[str, Any] | None) -> list[_Season]:
    """A first episode scheduled for a season gives that season its release date."""
    if episode is None or episode.get("number") != 1:
        return seasons
    number = episode["season"]
    premiere = datetime.date.fromisoformat(episode["date"])
    by_number = {season.number: season for season in seasons}
    known = by_number.get(number)
    if known is None:
        by_number[number] = _Season(number, premiere, None)
    elif known.premiere is None:
        by_number[number] = _Season(number, premiere, known.episodes, known.finale)
    return [by_number[key] for key in sorted(by_number)]


def _later_season_announced(seasons: list[_Season], today: datetime.date) -> bool:
    """A season after the latest one that has started, not started itself yet."""
    started = [season.number for season in seasons if season.premiere and season.premiere <= today]
    if not started:
        return False
    latest = max(started)
    return any(
        season.number > latest and (season.premiere is None or season.premiere > today)
        for season in seasons
    )


def _upcoming(seasons: list[_Season], today: datetime.date) -> list[_Season]:
    """Seasons still to come (or just out): a past season's date or existence is history,
    and reporting it as "season 3 announced" or "date set" would be false news."""
    started = [season.number for season in seasons if season.premiere and season.premiere <= today]
    latest = max(started, default=0)
    recent = today - datetime.timedelta(days=JUST_OUT_DAYS)
    return [
        season
        for season in seasons
        if (season.premiere is None and season.number > latest)
        or (season.premiere is not None and season.premiere >= recent)
    ]


def status_of(record: Mapping[str, Any], seasons: list[_Season], today: datetime.date) -> str:
    """TVmaze's status in our words; a listed season still to come means it was renewed."""
    raw = record.get("status")
    status = STATUS_OF.get(raw, "unknown") if isinstance(raw, str) else "unknown"
    if status in ("airing", "awaiting") and _later_season_announced(seasons, today):
        return "renewed"
    return status


def reconcile_status(reported: str, stored: str) -> str:
    """TVmaze's status, or "unknown" where it would overwrite a more specific stored one.

    TVmaze cannot say "cancelled" (it says Ended, or Running while the last episodes air),
    so a cancellation we hold from a source stands unless TVmaze lists a new season. And a
    show we know was renewed that TVmaze still calls To Be Determined is TVmaze lagging.
    "unknown" in a snapshot is never a change.
    """
    if stored == "cancelled" and reported != "renewed":
        return "unknown"
    if stored == "renewed" and reported == "awaiting":
        return "unknown"
    return reported


def _cast(raw_cast: list[Any]) -> list[dict[str, Any]]:
    cast: list[dict[str, Any]] = []
    for raw in raw_cast:
        credit = _object(raw)
        actor = _line(_object(credit.get("person")).get("name"))
        if actor is None:
            continue
        member: dict[str, Any] = {"actor": actor}
        if (character := _line(_object(credit.get("character")).get("name"))) is not None:
            member["character"] = character
        if credit.get("voice") is True:
            member["note"] = "voice"
        cast.append(member)
        if len(cast) == MAX_CAST:
            break
    return cast


def _genres(value: object) -> list[str]:
    genres = [_line(genre) for genre in _list(value)]
    return [genre for genre in genres if genre is not None][:MAX_NAMES]


def show_data(
    record: object,
    *,
    today: datetime.date,
    seasons: object = None,
    cast: object = None,
    stored: StoredFacts | None = None,
    marker: int | None = None,
) -> dict[str, Any]:
    """One TVmaze show record as a catalogue-format show.

    `seasons`/`cast` are the separate `/shows/{id}/seasons` and `/cast` responses; the
    record's own `_embedded` lists are used when they are not given. With `stored` (a poll
    of a show we already hold) only the facts that make news are given, in terms that
    cannot overwrite curated ones: our title, TVmaze's status reconciled with ours, the
    seasons still to come, and the TVmaze link added to ours. Without it (an import) the
    whole show. Both carry the record's update time (or `marker` when it has none).
    """
    if not isinstance(record, dict):
        raise MalformedRecord(f"expected a show object, got {type(record).__name__}")
    tvmaze_id = _int(record.get("id"))
    if tvmaze_id is None:
        raise MalformedRecord("the show has no usable id")
    title = _line(record.get("name"))
    if title is None:
        raise MalformedRecord(f"show {tvmaze_id} has no name")
    embedded = _object(record.get("_embedded"))
    season_list = _seasons(_list(seasons if seasons is not None else embedded.get("seasons")))
    if not season_list:
        season_list = _seasons_of_episodes(_list(embedded.get("episodes")))
    next_episode = next_episode_of(record)
    season_list = _with_next_episode(season_list, next_episode)
    status = status_of(record, season_list, today)
    url = _url(record.get("url"))
    link = {"label": TVMAZE_LABEL, "url": url} if url else None
    tvmaze_extra: dict[str, Any] = {}
    if (updated := updated_of(record) or marker) is not None:
        tvmaze_extra[MARKER_KEY] = updated
    if next_episode is not None:
        tvmaze_extra[NEXT_EPISODE_KEY] = next_episode

    data: dict[str, Any] = {"title": title, "tvmaze_id": tvmaze_id}
    if stored is not None:
        # A snapshot's extra replaces the stored one whole: carry the curated keys over.
        kept = {
            key: value
            for key, value in stored.extra.items()
            if key not in (MARKER_KEY, NEXT_EPISODE_KEY)
        }
        data.update(kept)
        data.update(tvmaze_extra)
        data["title"] = stored.title
        data["status"] = reconcile_status(status, stored.status)
        known_urls = {known.url for known in stored.links}
        if link is not None and url not in known_urls:
            data["links"] = [{"label": known.label, "url": known.url} for known in stored.links]
            data["links"].append(link)
        upcoming = _upcoming(season_list, today)
        if upcoming:
            data["seasons"] = [season.data() for season in upcoming]
        return data

    data["status"] = status
    for key, value in (
        ("platform", platform_of(record)),
        ("premiered", (_date(record.get("premiered")) or None)),
        ("type", _line(record.get("type"))),
        ("genres", _genres(record.get("genres"))),
        ("summary", strip_html(record.get("summary"))),
        ("imdb_id", imdb_id_of(record)),
        ("links", [link] if link else None),
        ("seasons", [season.data() for season in season_list]),
        ("cast", _cast(_list(cast if cast is not None else embedded.get("cast")))),
    ):
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if value:
            data[key] = value
    if status != "unknown":
        data["news"] = [_status_news(title, status, record.get("status"), url, today)]
    data.update(tvmaze_extra)
    return data


def _status_news(
    title: str, status: str, raw_status: object, url: str | None, today: datetime.date
) -> dict[str, Any]:
    """The imported status as a reported, sourced fact, so answers credit TVmaze for it."""
    said = f" (“{raw_status}”)" if isinstance(raw_status, str) else ""
    news: dict[str, Any] = {
        "date": today.isoformat(),
        "kind": status_news_kind(status),
        "text": f"TVmaze lists {title} as {status.replace('_', ' ')}{said}.",
        "confidence": "reported",
        "source": TVMAZE_LABEL,
    }
    if url:
        news["source_url"] = url
    return news


def show_entry(
    record: object,
    *,
    today: datetime.date,
    seasons: object = None,
    cast: object = None,
    stored: StoredFacts | None = None,
    marker: int | None = None,
) -> ShowEntry:
    """`show_data`, validated by the catalogue's parser; MalformedRecord if it fails."""
    data = show_data(record, today=today, seasons=seasons, cast=cast, stored=stored, marker=marker)
    try:
        catalogue = parse_catalogue({"shows": [data]}, origin=f"TVmaze show {data['tvmaze_id']}")
    except CatalogueError as error:
        raise MalformedRecord(str(error)) from error
    return catalogue.shows[0]


# --------------------------------------------------------------------------- lists


def updates_of(data: object) -> dict[int, int]:
    """`/updates/shows`: `{"<show id>": <unix seconds>}`; odd entries are skipped."""
    if not isinstance(data, dict):
        raise MalformedRecord(f"expected an object of show ids, got {type(data).__name__}")
    updates: dict[int, int] = {}
    for key, value in data.items():
        if isinstance(key, str) and key.isascii() and key.isdigit():
            stamp = _int(value, minimum=0)
            if stamp is not None:
                updates[int(key)] = stamp
    return updates


def search_hits(data: object) -> list[SearchHit]:
    """`/search/shows`: `[{"score": …, "show": {…}}, …]`, best first; odd rows skipped."""
    if not isinstance(data, list):
        raise MalformedRecord(f"expected a list of search results, got {type(data).__name__}")
    hits: list[SearchHit] = []
    for row in data:
        show = _object(_object(row).get("show"))
        tvmaze_id = _int(show.get("id"))
        title = _line(show.get("name"))
        if tvmaze_id is None or title is None:
            continue
        premiered = _date(show.get("premiered"))
        hits.append(
            SearchHit(
                tvmaze_id=tvmaze_id,
                title=title,
                year=premiered.year if premiered else None,
                platform=platform_of(show),
            )
        )
    return hits


def fold(text: str) -> str:
    """Case, accents and punctuation away: "Tiny-Pretty Things!" -> "tiny pretty things"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


@dataclass(frozen=True, slots=True)
class Choice:
    """What a search means: one show to import, or shows to offer, or neither."""

    show: SearchHit | None = None
    suggestions: tuple[SearchHit, ...] = field(default=())


def choose(query: str, hits: list[SearchHit]) -> Choice:
    """One exact (or, failing that, one close) title is the show; several are a question."""
    wanted = fold(query)
    exact = [hit for hit in hits if fold(hit.title) == wanted]
    if len(exact) == 1:
        return Choice(show=exact[0])
    if exact:
        return Choice(suggestions=tuple(exact[:MAX_SUGGESTIONS]))
    scored = [(fuzz.ratio(fold(hit.title), wanted), hit) for hit in hits]
    close = [hit for score, hit in scored if score >= CLOSE_MATCH]
    if len(close) == 1:
        return Choice(show=close[0])
    if close:
        return Choice(suggestions=tuple(close[:MAX_SUGGESTIONS]))
    near = [hit for score, hit in scored if score >= NEAR_MATCH]
    return Choice(suggestions=tuple(near[:MAX_SUGGESTIONS]))
