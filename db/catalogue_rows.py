"""A show as the rows of the catalogue's tables, made either from its validated record
(`ShowEntry`) or straight from the JSON a catalogue file decodes to.

An import of 100,000 shows spent as long building the frozen records of the catalogue
format and then taking them apart into rows as it spent validating: `rows_of_raw` checks a
decoded show and makes its rows in one pass, without the records in between. It is the
format's own checks (`db.model.catalogue_format`), called field by field; what it does not
recognise as plain, and any problem, it leaves to the format's full parser, so a bad file is
refused with exactly the same message naming the show and field, and `rows_of_entry` makes
the same rows from the parsed record. Tests hold the two to the same rows.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

# The format's field checks, shared so that the two paths accept exactly the same values.
from db.model.catalogue_format import (
    _IMDB_ID_RE,
    _PLAIN_CAST_KEYS,
    _PLAIN_SEASON_KEYS,
    LONG_TEXT,
    MAX_ALIASES,
    MAX_CAST,
    MAX_EPISODES,
    MAX_EXTERNAL_ID,
    MAX_LINKS,
    MAX_NAMES,
    MAX_NEWS,
    MAX_RUNTIME_MINUTES,
    MAX_SEASON_NUMBER,
    MAX_SEASONS,
    SHORT_TEXT,
    ShowIds,
    _choice,
    _distinct,
    _extra,
    _FieldError,
    _full_date,
    _int,
    _parse_cast,
    _parse_episode,
    _parse_link,
    _parse_news,
    _parse_season,
    _partial_date,
    _records,
    _required_text,
    _text,
    _text_list,
    parse_show,
)
from db.model.shows import CastEntry, EpisodeEntry, NewsEntry, SeasonEntry, ShowEntry
from db.model.vocabulary import STATUSES

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def title_key(title: str) -> str:
    """The stored `title_key`: ASCII letters folded, as SQLite's NOCASE compared titles (and
    as its lower() folds, which migration 0009 used for the titles already stored)."""
    return title.translate(_ASCII_LOWER)


# The shows table's columns that rows are made for, in the order of `ShowRows.facts`.
SHOW_COLUMNS = (
    "title, platform, status, final_season, premiered, genres, created_by, based_on, sequel, "
    "summary, show_type, content_rating, setting, ordered, tvmaze_id, imdb_id, links, extra, "
    "next_season, next_number, next_name, next_date, next_airs_at, title_key"
)


# What a stored show is matched by: (title key, premiere year or ""), TVmaze id, IMDb id.
Identity = tuple[tuple[str, str], int | None, str | None]


class ShowRows(NamedTuple):
    """One show's rows without its id, which the database gives when it is inserted. A named
    tuple rather than a frozen dataclass: one is made per show, and a frozen dataclass's
    __init__ cost a fifth of making the rows."""

    title: str
    identity: Identity
    facts: tuple[Any, ...]  # SHOW_COLUMNS
    aliases: list[tuple[Any, ...]]  # position, alias, alias_key
    seasons: list[tuple[Any, ...]]  # number, release_date, precision, episodes, runtimes, …
    recaps: list[tuple[Any, ...]]  # season_number, position, text
    cast: list[tuple[Any, ...]]  # position, actor, character, note, expected_back, spoiler
    news: list[NewsEntry]  # as given: an import adds those not yet stored
    # The show's record when it was parsed; None when made from the JSON, and then `source`
    # is that JSON (decoded, or its text), parsed again only if the show turns out to be one
    # already stored.
    entry: ShowEntry | None
    source: object


def rows_of_shows(raw_shows: Iterable[object], origin: str) -> Iterator[ShowRows]:
    """Each decoded show of a catalogue (CatalogueFile.raw_shows) checked and made into
    rows as it comes; raises CatalogueError at the first problem, as parsing would."""
    ids = ShowIds(origin)
    for index, raw in enumerate(raw_shows):
        ids.count(index)
        rows = rows_of_raw(raw)
        if rows is None:
            rows = rows_of_entry(parse_show(raw, origin, index))
        ids.claim(index, rows.title, rows.identity[1], rows.identity[2])
        yield rows


def entry_of(rows: ShowRows) -> ShowEntry:
    """The show's validated record, for the writes that update a stored show."""
    if rows.entry is not None:
        return rows.entry
    # Its rows were made from this JSON (or its text, when read ahead), so it parses.
    source = json.loads(rows.source) if isinstance(rows.source, str) else rows.source
    return parse_show(source, "the catalogue", 0)


def rows_of_entry(show: ShowEntry) -> ShowRows:
    year = str(show.premiered.year) if show.premiered else ""
    return ShowRows(
        title=show.title,
        identity=((title_key(show.title), year), show.tvmaze_id, show.imdb_id),
        facts=show_values(show),
        aliases=[
            (position, alias, title_key(alias)) for position, alias in enumerate(show.aliases)
        ],
        seasons=[_season_row(season) for season in show.seasons],
        recaps=_recap_rows(show.seasons),
        cast=[_cast_row(position, member) for position, member in enumerate(show.cast)],
        news=list(show.news),
        entry=show,
        source=show,
    )


def _season_row(season: SeasonEntry) -> tuple[Any, ...]:
    return (
        season.number,
        season.release_date.iso if season.release_date else None,
        season.release_date.precision if season.release_date else None,
        season.episodes,
        season.runtime_minutes[0] if season.runtime_minutes else None,
        season.runtime_minutes[1] if season.runtime_minutes else None,
        int(season.confirmed),
        season.finale.isoformat() if season.finale else None,
    )


def _recap_rows(seasons: tuple[SeasonEntry, ...] | list[SeasonEntry]) -> list[tuple[Any, ...]]:
    return [
        (season.number, position, text)
        for season in seasons
        for position, text in enumerate(season.recap)
    ]


def show_values(show: ShowEntry) -> tuple[Any, ...]:
    """A show's SHOW_COLUMNS."""
    return (
        show.title,
        show.platform,
        show.status,
        show.final_season,
        show.premiered.isoformat() if show.premiered else None,
        _json_texts(show.genres),
        _json_texts(show.created_by),
        show.based_on,
        show.sequel,
        show.summary,
        show.show_type,
        show.content_rating,
        show.setting,
        show.ordered.iso if show.ordered else None,
        show.tvmaze_id,
        show.imdb_id,
        _links_json(show.links),
        _json_sorted(show.extra) if show.extra else "{}",
        *_next_episode_values(show.next_episode),
        title_key(show.title),
    )


# json.dumps with an option builds an encoder at every call: these are built once (a fifth
# of making a show's row, at 100,000 shows).
_json_sorted = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_json_unescaped = json.JSONEncoder(ensure_ascii=False).encode


def _json_texts(texts: tuple[str, ...]) -> str:
    return _json_unescaped(list(texts)) if texts else "[]"


def _links_json(links: Any) -> str:
    if not links:
        return "[]"
    return json.dumps([{"label": link.label, "url": link.url} for link in links])


def _next_episode_values(episode: EpisodeEntry | None) -> tuple[Any, ...]:
    if episode is None:
        return (None, None, None, None, None)
    return (
        episode.season,
        episode.number,
        episode.name,
        episode.date.isoformat(),
        episode.airs_at.isoformat() if episode.airs_at else None,
    )


# Dates as a catalogue gives them, each checked once: the benchmark's 100,000 shows have
# about 18,000 distinct season dates and 10,000 premieres. Cleared when full, so a hostile
# file cannot grow them without bound.
_DATES_KEPT = 65_536
_season_dates: dict[str, tuple[str, str] | tuple[None, None]] = {}
_premieres: dict[str, tuple[str, str]] = {}


def _season_date(text: str) -> tuple[str, str] | tuple[None, None]:
    """A season's release date as stored: its ISO text and precision (none if blank)."""
    known = _season_dates.get(text)
    if known is None:
        date = _partial_date(text, "release_date")
        if len(_season_dates) >= _DATES_KEPT:
            _season_dates.clear()
        known = _season_dates[text] = (None, None) if date is None else (date.iso, date.precision)
    return known


def _premiere(value: object) -> tuple[str, str] | None:
    """A premiere as stored and the year a show is matched by."""
    if value.__class__ is str:
        known = _premieres.get(value)  # type: ignore[call-overload]
        if known is not None:
            return known
    date = _full_date(value, "premiered")
    if date is None:
        return None
    known = (date.isoformat(), str(date.year))
    if value.__class__ is str:
        if len(_premieres) >= _DATES_KEPT:
            _premieres.clear()
        _premieres[value] = known  # type: ignore[index]
    return known


# Most shows' text fields are printable ASCII within their limit: that is checked inline
# (the check `_text` starts with), and anything else is left to `_text` itself.
_STATUS_WORDS = frozenset(STATUSES.values)

# A show's list of names (genres, creators) as stored, by the names as given: catalogues
# repeat a few combinations, and each is checked once. Cleared when full.
_NAMES_KEPT = 16_384
_names_json: dict[tuple[Any, ...], str] = {}


def _names(value: object, key: str) -> str:
    """Genres or creators as stored: a JSON list of distinct names."""
    if value is None:
        return "[]"
    try:
        given = tuple(value)  # type: ignore[arg-type]
        known = _names_json.get(given) if value.__class__ is list else None
    except TypeError:  # not a list, or names that are not strings: checked below
        given, known = (), None
    if known is None:
        known = _json_texts(
            _distinct(_text_list(value, key, limit=SHORT_TEXT, max_items=MAX_NAMES))
        )
        if given and value.__class__ is list:
            if len(_names_json) >= _NAMES_KEPT:
                _names_json.clear()
            _names_json[given] = known
    return known


def rows_of_raw(raw: object) -> ShowRows | None:
    """A decoded show's rows, checked as `parse_show` checks it; None when it is not plain
    enough for this path or has a problem: `parse_show` then names the problem (reading the
    fields in its own order, so the first problem it meets is the one named), or parses it."""
    if raw.__class__ is not dict:
        return None
    get = raw.get  # type: ignore[attr-defined]
    try:
        title = _required_plain(get("title"), "title", SHORT_TEXT)
        value = get("aliases")
        aliases = (
            ()
            if value is None
            else _distinct(
                _text_list(value, "aliases", limit=SHORT_TEXT, max_items=MAX_ALIASES),
                besides=title,
            )
        )
        platform = _optional_plain(get("platform"), "platform", SHORT_TEXT)
        status = get("status")
        if status.__class__ is not str or status not in _STATUS_WORDS:
            status = _choice(status, "status", STATUSES.values) or "unknown"
        value = get("final_season")
        final_season = (
            None
            if value is None
            else _int(value, "final_season", minimum=1, maximum=MAX_SEASON_NUMBER)
        )
        premiered = _premiere(get("premiered"))
        genres = _names(get("genres"), "genres")
        created_by = _names(get("created_by"), "created_by")
        summary = _optional_plain(get("summary"), "summary", LONG_TEXT, multiline=True)
        tvmaze_id = get("tvmaze_id")
        if tvmaze_id is not None and (
            tvmaze_id.__class__ is not int or not 1 <= tvmaze_id <= MAX_EXTERNAL_ID
        ):
            tvmaze_id = _int(tvmaze_id, "tvmaze_id", minimum=1, maximum=MAX_EXTERNAL_ID)
        seasons = _season_rows(get("seasons"))
        if seasons is None:
            return None
        cast = _cast_rows(get("cast"))
        if cast is None:
            return None
        if _USUAL_SHOW_KEYS.issuperset(raw):  # type: ignore[arg-type]
            based_on = sequel = show_type = content_rating = setting = ordered = None
            imdb_id = next_episode = None
            links_json, extra_json = "[]", "{}"
            news: list[NewsEntry] = []
        else:
            value = get("news")
            news = [] if value is None else _records(value, "news", MAX_NEWS, _parse_news)
            based_on = _text(get("based_on"), "based_on", LONG_TEXT, multiline=True)
            sequel = _text(get("sequel"), "sequel", LONG_TEXT, multiline=True)
            show_type = _text(get("type"), "type", SHORT_TEXT)
            content_rating = _text(get("content_rating"), "content_rating", SHORT_TEXT)
            setting = _text(get("setting"), "setting", LONG_TEXT, multiline=True)
            ordered = _partial_date(get("ordered"), "ordered")
            imdb_id = _text(get("imdb_id"), "imdb_id", SHORT_TEXT)
            if imdb_id is not None and _IMDB_ID_RE.fullmatch(imdb_id) is None:
                return None
            links_json = _links_json(_records(get("links"), "links", MAX_LINKS, _parse_link))
            value = get("next_episode")
            next_episode = None if value is None else _parse_episode(value)
            extra = _extra(raw)  # type: ignore[arg-type]
            extra_json = _json_sorted(extra) if extra else "{}"
    except _FieldError:
        return None
    key = title.translate(_ASCII_LOWER)
    season_rows, recaps = seasons
    return ShowRows(
        title,
        ((key, "" if premiered is None else premiered[1]), tvmaze_id, imdb_id),
        (
            title,
            platform,
            status,
            final_season,
            None if premiered is None else premiered[0],
            genres,
            created_by,
            based_on,
            sequel,
            summary,
            show_type,
            content_rating,
            setting,
            None if ordered is None else ordered.iso,
            tvmaze_id,
            imdb_id,
            links_json,
            extra_json,
            *_next_episode_values(next_episode),
            key,
        ),
        [(position, alias, title_key(alias)) for position, alias in enumerate(aliases)],
        season_rows,
        recaps,
        cast,
        news,
        None,
        raw,
    )


# The keys `rows_of_raw` reads before asking whether the show has any other.
_USUAL_SHOW_KEYS = frozenset(
    {
        "title",
        "aliases",
        "platform",
        "status",
        "final_season",
        "premiered",
        "genres",
        "created_by",
        "summary",
        "tvmaze_id",
        "seasons",
        "cast",
    }
)


def _season_rows(value: object) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]] | None:
    """Seasons' rows in number order, and their recap points' rows; None for the full path
    (a season given twice, a list too long)."""
    if value is None:
        return [], []
    if value.__class__ is not list or len(value) > MAX_SEASONS:  # type: ignore[arg-type]
        return None
    rows: list[tuple[Any, ...]] = []
    parsed: list[SeasonEntry] = []
    last = 0  # numbers in increasing order are distinct and need no sorting
    in_order = True
    for item in value:  # type: ignore[attr-defined]
        # A season of number, release date, episodes and runtime, as most catalogues give
        # one, is checked here in a few C calls; anything else by `_parse_season`.
        if item.__class__ is dict and _PLAIN_SEASON_KEYS.issuperset(item):
            get = item.get
            number = get("number")
            date = get("release_date")
            episodes = get("episodes")
            runtime = get("runtime_minutes")
            if (
                number.__class__ is int
                and 1 <= number <= MAX_SEASON_NUMBER
                and (date is None or date.__class__ is str)
                and (
                    episodes is None
                    or (episodes.__class__ is int and 0 <= episodes <= MAX_EPISODES)
                )
            ):
                if runtime is None:
                    shortest = longest = None
                elif runtime.__class__ is list and len(runtime) == 2:
                    shortest, longest = runtime
                    if not (
                        shortest.__class__ is int
                        and longest.__class__ is int
                        and 1 <= shortest <= longest <= MAX_RUNTIME_MINUTES
                    ):
                        shortest = 0
                elif runtime.__class__ is int and 1 <= runtime <= MAX_RUNTIME_MINUTES:
                    shortest = longest = runtime
                else:
                    shortest = 0
                if shortest != 0:
                    known = None if date is None else _season_dates.get(date)
                    if known is None:
                        known = (None, None) if date is None else _season_date(date)
                    rows.append((number, *known, episodes, shortest, longest, 1, None))
                    if number <= last:
                        in_order = False
                    last = number
                    continue
        season = _parse_season(item)
        parsed.append(season)
        rows.append(_season_row(season))
        if season.number <= last:
            in_order = False
        last = season.number
    if not in_order:
        if len({row[0] for row in rows}) != len(rows):
            return None
        rows.sort(key=_number)
    if not parsed:
        return rows, []
    parsed.sort(key=_season_number)
    return rows, _recap_rows(parsed)


def _number(row: tuple[Any, ...]) -> int:
    return int(row[0])


def _season_number(season: SeasonEntry) -> int:
    return season.number


def _cast_rows(value: object) -> list[tuple[Any, ...]] | None:
    if value is None:
        return []
    if value.__class__ is not list or len(value) > MAX_CAST:  # type: ignore[arg-type]
        return None
    rows: list[tuple[Any, ...]] = []
    for position, item in enumerate(value):  # type: ignore[arg-type]
        if item.__class__ is dict and _PLAIN_CAST_KEYS.issuperset(item):
            get = item.get
            actor = _required_plain(get("actor"), "actor", SHORT_TEXT)
            character = _optional_plain(get("character"), "character", SHORT_TEXT)
            rows.append((position, actor, character, None, None, None))
        else:
            rows.append(_cast_row(position, _parse_cast(item)))
    return rows


def _cast_row(position: int, member: CastEntry) -> tuple[Any, ...]:
    returning = None if member.returning is None else int(member.returning)
    return (position, member.actor, member.character, member.note, returning, member.spoiler)


def news_row(show_id: int, event: NewsEntry) -> tuple[Any, ...]:
    """The values of a news_events insert, in the column order both import paths use."""
    return (
        show_id,
        event.date.iso,
        event.kind,
        event.text,
        event.confidence,
        event.source,
        event.source_url,
    )


def source_rows(show_id: int, event: NewsEntry) -> list[tuple[Any, ...]]:
    key = (show_id, event.date.iso, event.kind, event.text)
    return [(outlet.label, outlet.url, *key) for outlet in event.also]


def _required_plain(value: Any, field: str, limit: int) -> str:
    """A text the show must have: printable ASCII within its limit in a few C calls, anything
    else through the format's own check, which names the problem."""
    if (
        value.__class__ is str
        and (text := value.strip())
        and text.isascii()
        and text.isprintable()
        and len(text) <= limit
    ):
        return text
    return _required_text(value, field, limit)


def _optional_plain(value: Any, field: str, limit: int, *, multiline: bool = False) -> str | None:
    """A text the show may leave out (None, or blank), checked as `_required_plain` checks."""
    if value is None:
        return None
    if (
        value.__class__ is str
        and (text := value.strip()).isascii()
        and text.isprintable()
        and len(text) <= limit
    ):
        return text or None
    return _text(value, field, limit, multiline=multiline)
