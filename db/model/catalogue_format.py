"""The catalogue format: JSON-decoded data <-> validated, frozen dataclasses.

One parser serves the seed, `python -m bot import`, `export` and the `file:` news source, so they
all accept and reject exactly the same documents (`import` makes its rows straight from the
decoded JSON, in db/catalogue_rows.py, with the field checks below, and leaves any show it
doubts to `parse_show`). Pure: no database, no Discord.

Parsing is all-or-nothing: the first problem raises `CatalogueError` naming the origin, the show
(index and title) and the field path, and nothing partial is returned.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import difflib
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

from db.model.shows import (
    CastEntry,
    Catalogue,
    EpisodeEntry,
    LinkEntry,
    NewsEntry,
    PartialDate,
    SeasonEntry,
    ShowEntry,
    described,
    is_whole,
)
from db.model.vocabulary import CONFIDENCES, NEWS_KINDS, STATUSES

# Limits keep one bad or hostile file from bloating the database or Discord replies.
MAX_SHOWS = 500_000


MAX_ALIASES = 50


MAX_SEASONS = 200


MAX_CAST = 500


MAX_NEWS = 1000


MAX_NAMES = 50  # genres, created_by


MAX_LINKS = 50


MAX_RECAP_POINTS = 200


# Titles, names, labels: one line. A title people type is no longer, or it could not be one.
SHORT_TEXT = 200


LONG_TEXT = 2000  # summary, based_on, sequel, setting, cast notes, news sources


SPOILER_TEXT = 4000  # recap points, news text, cast spoilers


MAX_URL = 2000


MAX_SEASON_NUMBER = 9999  # some shows number seasons by year ("Season 2024")


MAX_EPISODES = 10_000


MAX_RUNTIME_MINUTES = 1000


MAX_EXTERNAL_ID = 2**63 - 1  # anything larger overflows an SQLite INTEGER


MAX_EXTRA_DEPTH = 32  # deeper unknown values would risk RecursionError when copied or dumped


_FULL_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_IMDB_ID_RE = re.compile(r"tt[0-9]{5,10}")


# C0/C1 controls and lone surrogates: the latter cannot even be encoded as UTF-8 for SQLite.
_BAD_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


_BAD_IN_LONG_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


_WHITESPACE = re.compile(r"\s")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


class CatalogueError(ValueError):
    """A catalogue is unusable; the one-line message names the file, show and field at fault."""


class _FieldError(Exception):
    """A field-level problem; the path grows as it propagates outwards, only when raised."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)
        self.path = path
        self.message = message

    def within(self, prefix: str) -> _FieldError:
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return _FieldError(path, self.message)


def _text(value: object, key: str, limit: int, *, multiline: bool = False) -> str | None:
    """An optional string: stripped, empty means absent."""
    if value.__class__ is str:
        text = value.strip()  # type: ignore[attr-defined]
        # Printable ASCII (the bulk of a catalogue) holds no line break or control character
        # for either pattern to refuse; checked in C, before any other work.
        if text.isascii() and text.isprintable():
            if len(text) > limit:
                raise _FieldError(key, f"at most {limit} characters allowed, got {len(text)}")
            return text or None
    if value is None:
        return None
    return _checked_text(value, key, limit, multiline=multiline)


def _checked_text(value: object, key: str, limit: int, *, multiline: bool) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _FieldError(key, f"expected a string, got {described(value)}")
    text = value.strip()
    if not text:
        return None
    if multiline:
        # Text pasted from Windows tools carries CRLF; a line break is still a line break.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limit:
        raise _FieldError(key, f"at most {limit} characters allowed, got {len(text)}")
    bad = (_BAD_IN_LONG_TEXT if multiline else _BAD_IN_LINE).search(text)
    if bad is not None:
        character = f"U+{ord(bad.group()):04X}"
        surrogate = bad.group() >= "\ud800"
        kind = "invalid Unicode (lone surrogate)" if surrogate else "control character"
        raise _FieldError(key, f"{kind} {character} at position {bad.start()}")
    return text


def _required_text(value: object, key: str, limit: int, *, multiline: bool = False) -> str:
    text = _text(value, key, limit, multiline=multiline)
    if text is None:
        problem = "required, got nothing" if value in (None, "") else "must not be blank"
        raise _FieldError(key, problem)
    return text


def _list(value: object, key: str, limit: int) -> list[Any] | tuple[Any, ...]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _FieldError(key, f"expected a list, got {described(value)}")
    if len(value) > limit:
        raise _FieldError(key, f"at most {limit} items allowed, got {len(value)}")
    return value


def _text_list(
    value: object, key: str, *, limit: int, max_items: int, multiline: bool = False
) -> list[str]:
    if value is None:
        return []
    if value.__class__ is list and len(value) <= max_items:  # type: ignore[arg-type]
        # The common case, printable ASCII, inline; any other item is left to the loop below.
        texts: list[str] = []
        for item in value:  # type: ignore[attr-defined]
            if item.__class__ is not str:
                break
            text = item.strip()
            if not (text.isascii() and text.isprintable() and len(text) <= limit):
                break
            if text:
                texts.append(text)
        else:
            return texts
    texts = []
    for index, item in enumerate(_list(value, key, max_items)):
        try:
            text = _text(item, "", limit, multiline=multiline)
        except _FieldError as error:
            raise error.within(f"{key}[{index}]") from None
        if text is not None:
            texts.append(text)
    return texts


def _distinct(texts: list[str], *, besides: str = "") -> tuple[str, ...]:
    """Drops case-insensitive repeats so the database can index names uniquely."""
    if not texts:
        return ()
    seen = {besides.casefold()} if besides else set()
    kept: list[str] = []
    for text in texts:
        folded = text.casefold()
        if folded not in seen:
            seen.add(folded)
            kept.append(text)
    return tuple(kept)


def _int(value: object, key: str, *, minimum: int, maximum: int) -> int | None:
    if value.__class__ is int and minimum <= value <= maximum:  # type: ignore[operator]
        return value  # type: ignore[return-value]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _FieldError(key, f"expected a whole number, got {described(value)}")
    if not minimum <= value <= maximum:
        raise _FieldError(key, f"must be between {minimum} and {maximum}, got {described(value)}")
    return value


def _bool(value: object, key: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _FieldError(key, f"expected true or false, got {described(value)}")
    return value


def _choice(value: object, key: str, choices: tuple[str, ...]) -> str | None:
    text = _text(value, key, SHORT_TEXT)
    if text is not None and text not in choices:
        raise _FieldError(key, f"expected one of {', '.join(choices)}, got {described(text)}")
    return text


def _partial_date(value: object, key: str) -> PartialDate | None:
    if value.__class__ is str:
        try:
            return PartialDate.parse(value)  # type: ignore[arg-type]
        except ValueError:
            pass  # the full path below says what is wrong, and in the same words
    text = _text(value, key, SHORT_TEXT)
    if text is None:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise _FieldError(key, str(error)) from None


def _full_date(value: object, key: str) -> datetime.date | None:
    text = _text(value, key, SHORT_TEXT)
    if text is None:
        return None
    if _FULL_DATE_RE.fullmatch(text) is None:
        raise _FieldError(key, f"expected YYYY-MM-DD, got {described(text)}")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _FieldError(key, f"not a calendar date: {described(text)}") from None


def _url(value: object, key: str) -> str | None:
    text = _text(value, key, MAX_URL)
    if text is None:
        return None
    problem = f"expected an http(s) URL with a host, got {described(text)}"
    if _WHITESPACE.search(text):
        raise _FieldError(key, problem)
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        raise _FieldError(key, problem) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _FieldError(key, problem)
    return text


def _check_keys(raw: dict[str, Any], allowed: frozenset[str]) -> None:
    if allowed.issuperset(raw):
        return  # compared in C; the loop below only says which key is not allowed
    for key in raw:
        if key not in allowed:
            hint = ""
            if isinstance(key, str):
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise _FieldError("", f"unknown key {described(key)}{hint}")


def _object(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _FieldError("", f"expected an object, got {described(value)}")
    return value


def _json_copy(value: object, depth: int = 0) -> Any:
    """A fresh copy of a JSON value, so the frozen show shares nothing mutable with its input."""
    if depth > MAX_EXTRA_DEPTH:
        raise _FieldError("", f"nested more than {MAX_EXTRA_DEPTH} levels deep")
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _FieldError("", f"{value!r} is not a JSON number")
        return value
    if isinstance(value, str):
        _reject_surrogates(value)
        return value
    if isinstance(value, list):
        copied: list[Any] = []
        for index, item in enumerate(value):
            try:
                copied.append(_json_copy(item, depth + 1))
            except _FieldError as error:
                raise error.within(f"[{index}]") from None
        return copied
    if isinstance(value, dict):
        copied_object: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _FieldError("", f"object keys must be strings, got {described(key)}")
            _reject_surrogates(key)
            try:
                copied_object[key] = _json_copy(item, depth + 1)
            except _FieldError as error:
                raise error.within(key) from None
        return copied_object
    raise _FieldError("", f"not a JSON value: {described(value)}")


def _reject_surrogates(text: str) -> None:
    # A lone surrogate (from a "\ud800" escape) cannot be written back out as UTF-8.
    bad = _SURROGATE.search(text)
    if bad is not None:
        raise _FieldError("", f"invalid Unicode (lone surrogate) U+{ord(bad.group()):04X}")


_Record = TypeVar("_Record")


_SEASON_KEYS = frozenset(
    {
        "number",
        "release_date",
        "release_precision",
        "episodes",
        "runtime_minutes",
        "recap",
        "confirmed",
        "finale",
    }
)


_EPISODE_KEYS = frozenset({"season", "number", "name", "date", "airs_at"})


_CAST_KEYS = frozenset({"actor", "character", "note", "returning", "spoiler"})


_NEWS_KEYS = frozenset(
    {"date", "kind", "text", "confidence", "source", "source_url", "also_reported_by"}
)


_LINK_KEYS = frozenset({"label", "url"})


_SHOW_KEYS = frozenset(
    {
        "title",
        "aliases",
        "platform",
        "status",
        "final_season",
        "premiered",
        "genres",
        "created_by",
        "based_on",
        "sequel",
        "summary",
        "type",
        "content_rating",
        "setting",
        "ordered",
        "tvmaze_id",
        "imdb_id",
        "links",
        "seasons",
        "cast",
        "news",
        "next_episode",
    }
)


def _minutes(value: object, path: str) -> int:
    minutes = _int(value, path, minimum=1, maximum=MAX_RUNTIME_MINUTES)
    if minutes is None:
        raise _FieldError(path, "expected a whole number of minutes, got null")
    return minutes


def _runtime(value: object, key: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if value.__class__ is list and len(value) == 2:  # type: ignore[arg-type]
        shortest, longest = value  # type: ignore[misc]
        if (
            shortest.__class__ is int
            and longest.__class__ is int
            and 1 <= shortest <= longest <= MAX_RUNTIME_MINUTES
        ):
            return (shortest, longest)
    if is_whole(value):
        minutes = _minutes(value, key)
        return (minutes, minutes)
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise _FieldError(
            key, f"expected [min, max] or one number of minutes, got {described(value)}"
        )
    shortest = _minutes(value[0], f"{key}[0]")
    longest = _minutes(value[1], f"{key}[1]")
    if shortest > longest:
        raise _FieldError(key, f"minimum {shortest} is above maximum {longest}")
    return (shortest, longest)


# A season as most catalogues give one: a show's seasons are most of what is validated.
_PLAIN_SEASON_KEYS = frozenset({"number", "release_date", "episodes", "runtime_minutes"})


def _parse_season(value: object) -> SeasonEntry:
    if value.__class__ is dict and _PLAIN_SEASON_KEYS.issuperset(value):  # type: ignore[arg-type]
        # Only the fields it has are read, in the order _parse_any_season reads them, so the
        # first problem is the same one.
        get = value.get  # type: ignore[attr-defined]
        number = get("number")
        if number.__class__ is int and 1 <= number <= MAX_SEASON_NUMBER:
            date, episodes, runtime = get("release_date"), get("episodes"), get("runtime_minutes")
            return SeasonEntry(
                number=number,
                release_date=None if date is None else _partial_date(date, "release_date"),
                episodes=(
                    None
                    if episodes is None
                    else _int(episodes, "episodes", minimum=0, maximum=MAX_EPISODES)
                ),
                runtime_minutes=None if runtime is None else _runtime(runtime, "runtime_minutes"),
            )
    return _parse_any_season(value)


def _parse_any_season(value: object) -> SeasonEntry:
    raw = _object(value)
    _check_keys(raw, _SEASON_KEYS)
    number = _int(raw.get("number"), "number", minimum=1, maximum=MAX_SEASON_NUMBER)
    if number is None:
        raise _FieldError("number", "required, got nothing")
    release_date = _partial_date(raw.get("release_date"), "release_date")
    precision = _text(raw.get("release_precision"), "release_precision", SHORT_TEXT)
    if precision is not None:
        if release_date is None:
            raise _FieldError("release_precision", "given without a release_date")
        try:
            release_date = PartialDate.parse(release_date.iso, precision)
        except ValueError as error:
            raise _FieldError("release_precision", str(error)) from None
    confirmed = _bool(raw.get("confirmed"), "confirmed")
    return SeasonEntry(
        number=number,
        release_date=release_date,
        episodes=_int(raw.get("episodes"), "episodes", minimum=0, maximum=MAX_EPISODES),
        runtime_minutes=_runtime(raw.get("runtime_minutes"), "runtime_minutes"),
        recap=tuple(
            _text_list(
                raw.get("recap"),
                "recap",
                limit=SPOILER_TEXT,
                max_items=MAX_RECAP_POINTS,
                multiline=True,
            )
        ),
        confirmed=True if confirmed is None else confirmed,
        finale=_full_date(raw.get("finale"), "finale"),
    )


def _moment(value: object, key: str) -> datetime.datetime | None:
    text = _text(value, key, SHORT_TEXT)
    if text is None:
        return None
    problem = f"expected an ISO 8601 time with its offset, got {described(text)}"
    if not text[:1].isdigit():
        raise _FieldError(key, problem)
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise _FieldError(key, problem) from None
    if moment.tzinfo is None:
        # A time without its zone is a different moment for every reader: refused.
        raise _FieldError(key, problem)
    return moment.astimezone(datetime.UTC)


def _parse_episode(value: object) -> EpisodeEntry:
    raw = _object(value)
    _check_keys(raw, _EPISODE_KEYS)
    season = _int(raw.get("season"), "season", minimum=1, maximum=MAX_SEASON_NUMBER)
    if season is None:
        raise _FieldError("season", "required, got nothing")
    date = _full_date(raw.get("date"), "date")
    if date is None:
        raise _FieldError("date", "required, got nothing")
    return EpisodeEntry(
        season=season,
        date=date,
        number=_int(raw.get("number"), "number", minimum=1, maximum=MAX_EPISODES),
        name=_text(raw.get("name"), "name", SHORT_TEXT),
        airs_at=_moment(raw.get("airs_at"), "airs_at"),
    )


_PLAIN_CAST_KEYS = frozenset({"actor", "character"})


def _parse_cast(value: object) -> CastEntry:
    if value.__class__ is dict and _PLAIN_CAST_KEYS.issuperset(value):  # type: ignore[arg-type]
        get = value.get  # type: ignore[attr-defined]
        return CastEntry(
            actor=_required_text(get("actor"), "actor", SHORT_TEXT),
            character=_text(get("character"), "character", SHORT_TEXT),
        )
    raw = _object(value)
    _check_keys(raw, _CAST_KEYS)
    return CastEntry(
        actor=_required_text(raw.get("actor"), "actor", SHORT_TEXT),
        character=_text(raw.get("character"), "character", SHORT_TEXT),
        note=_text(raw.get("note"), "note", LONG_TEXT, multiline=True),
        returning=_bool(raw.get("returning"), "returning"),
        spoiler=_text(raw.get("spoiler"), "spoiler", SPOILER_TEXT, multiline=True),
    )


def _parse_news(value: object) -> NewsEntry:
    raw = _object(value)
    _check_keys(raw, _NEWS_KEYS)
    date = _partial_date(raw.get("date"), "date")
    if date is None:
        raise _FieldError("date", "required, got nothing")
    kind = _choice(raw.get("kind"), "kind", NEWS_KINDS.values)
    if kind is None:
        raise _FieldError("kind", f"required, one of {', '.join(NEWS_KINDS.values)}")
    text = _required_text(raw.get("text"), "text", SPOILER_TEXT, multiline=True)
    confidence = _choice(raw.get("confidence"), "confidence", CONFIDENCES.values)
    if confidence is None:
        raise _FieldError("confidence", f"required, one of {', '.join(CONFIDENCES.values)}")
    return NewsEntry(
        date=date,
        kind=kind,
        text=text,
        confidence=confidence,
        source=_text(raw.get("source"), "source", LONG_TEXT),
        source_url=_url(raw.get("source_url"), "source_url"),
        also=tuple(
            _records(raw.get("also_reported_by"), "also_reported_by", MAX_LINKS, _parse_link)
        ),
    )


def _parse_link(value: object) -> LinkEntry:
    raw = _object(value)
    _check_keys(raw, _LINK_KEYS)
    label = _required_text(raw.get("label"), "label", SHORT_TEXT)
    url = _url(raw.get("url"), "url")
    if url is None:
        raise _FieldError("url", "required, got nothing")
    return LinkEntry(label=label, url=url)


def _records(
    value: object, key: str, max_items: int, parse: Callable[[object], _Record]
) -> list[_Record]:
    if value is None:
        return []
    if value.__class__ is list and len(value) <= max_items:  # type: ignore[arg-type]
        try:
            return [parse(item) for item in value]  # type: ignore[attr-defined]
        except _FieldError:
            pass  # parsed again below, one by one, to name the item at fault
    records: list[_Record] = []
    for index, item in enumerate(_list(value, key, max_items)):
        try:
            records.append(parse(item))
        except _FieldError as error:
            raise error.within(f"{key}[{index}]") from None
    return records


def _parse_seasons(value: object) -> tuple[SeasonEntry, ...]:
    seasons = _records(value, "seasons", MAX_SEASONS, _parse_season)
    first_index: dict[int, int] = {}
    for index, season in enumerate(seasons):
        if season.number in first_index:
            raise _FieldError(
                f"seasons[{index}].number",
                f"season {season.number} already given at seasons[{first_index[season.number]}]",
            )
        first_index[season.number] = index
    return tuple(sorted(seasons, key=lambda season: season.number))


def _extra(raw: dict[str, Any]) -> dict[str, Any]:
    if _SHOW_KEYS.issuperset(raw):
        return {}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _SHOW_KEYS:
            continue
        if not isinstance(key, str):
            raise _FieldError("", f"keys must be strings, got {described(key)}")
        try:
            _reject_surrogates(key)
            extra[key] = _json_copy(value)
        except _FieldError as error:
            raise error.within(key) from None
    return extra


def _parse_show_fields(raw: dict[str, Any], title: str) -> ShowEntry:
    # Fields are read in document order so "first error wins" means the first one a reader meets.
    aliases = _text_list(raw.get("aliases"), "aliases", limit=SHORT_TEXT, max_items=MAX_ALIASES)
    platform = _text(raw.get("platform"), "platform", SHORT_TEXT)
    status = _choice(raw.get("status"), "status", STATUSES.values) or "unknown"
    final_season = _int(
        raw.get("final_season"), "final_season", minimum=1, maximum=MAX_SEASON_NUMBER
    )
    premiered = _full_date(raw.get("premiered"), "premiered")
    genres = _text_list(raw.get("genres"), "genres", limit=SHORT_TEXT, max_items=MAX_NAMES)
    created_by = _text_list(
        raw.get("created_by"), "created_by", limit=SHORT_TEXT, max_items=MAX_NAMES
    )
    based_on = _text(raw.get("based_on"), "based_on", LONG_TEXT, multiline=True)
    sequel = _text(raw.get("sequel"), "sequel", LONG_TEXT, multiline=True)
    summary = _text(raw.get("summary"), "summary", LONG_TEXT, multiline=True)
    show_type = _text(raw.get("type"), "type", SHORT_TEXT)
    content_rating = _text(raw.get("content_rating"), "content_rating", SHORT_TEXT)
    setting = _text(raw.get("setting"), "setting", LONG_TEXT, multiline=True)
    ordered = _partial_date(raw.get("ordered"), "ordered")
    tvmaze_id = _int(raw.get("tvmaze_id"), "tvmaze_id", minimum=1, maximum=MAX_EXTERNAL_ID)
    imdb_id = _text(raw.get("imdb_id"), "imdb_id", SHORT_TEXT)
    if imdb_id is not None and _IMDB_ID_RE.fullmatch(imdb_id) is None:
        raise _FieldError("imdb_id", f"expected 'tt' and 5 to 10 digits, got {described(imdb_id)}")
    links = _records(raw.get("links"), "links", MAX_LINKS, _parse_link)
    seasons = _parse_seasons(raw.get("seasons"))
    cast = _records(raw.get("cast"), "cast", MAX_CAST, _parse_cast)
    news = _records(raw.get("news"), "news", MAX_NEWS, _parse_news)
    next_episode = None
    if raw.get("next_episode") is not None:
        try:
            next_episode = _parse_episode(raw["next_episode"])
        except _FieldError as error:
            raise error.within("next_episode") from None
    return ShowEntry(
        title=title,
        aliases=_distinct(aliases, besides=title),
        platform=platform,
        status=status,
        final_season=final_season,
        premiered=premiered,
        genres=_distinct(genres),
        created_by=_distinct(created_by),
        based_on=based_on,
        sequel=sequel,
        summary=summary,
        show_type=show_type,
        content_rating=content_rating,
        setting=setting,
        ordered=ordered,
        tvmaze_id=tvmaze_id,
        imdb_id=imdb_id,
        links=tuple(links),
        seasons=seasons,
        cast=tuple(cast),
        news=tuple(news),
        next_episode=next_episode,
        extra=_extra(raw),
    )


def parse_show(value: object, origin: str, index: int) -> ShowEntry:
    """One decoded show (the `index`th of `origin`, from 0) validated; raises
    CatalogueError naming the show and field at the first problem."""
    # Where the show is ("file: show 7") is only spelled out for an error.
    if not isinstance(value, dict):
        where = _where(origin, index)
        raise CatalogueError(f"{where}: expected an object, got {described(value)}")
    try:
        title = _required_text(value.get("title"), "title", SHORT_TEXT)
    except _FieldError as error:
        raise CatalogueError(f"{_where(origin, index)}: {error.path}: {error.message}") from None
    try:
        return _parse_show_fields(value, title)
    except _FieldError as error:
        where = _where(origin, index)
        raise CatalogueError(f"{where} {title!r}: {error.path}: {error.message}") from None


def _where(origin: str, index: int) -> str:
    return f"{origin}: show {index + 1}"


def parse_catalogue(data: object, *, origin: str) -> Catalogue:
    """Validates JSON-decoded data; raises CatalogueError on the first problem."""
    if not isinstance(data, dict) or "shows" not in data:
        raise CatalogueError(
            f'{origin}: expected an object with a "shows" list, got {described(data)}'
        )
    # Other top-level keys ("$schema", a comment) are ignored: a catalogue holds only shows.
    raw_shows = data["shows"]
    if not isinstance(raw_shows, list | tuple):
        raise CatalogueError(f"{origin}: shows: expected a list, got {described(raw_shows)}")
    if len(raw_shows) > MAX_SHOWS:
        raise CatalogueError(f"{origin}: shows: at most {MAX_SHOWS} allowed, got {len(raw_shows)}")
    return Catalogue(shows=tuple(_parsed_shows(raw_shows, origin)))


def _parsed_shows(raw_shows: Iterable[object], origin: str) -> Iterator[ShowEntry]:
    """Each show validated as it comes; raises CatalogueError at the first problem."""
    ids = ShowIds(origin)
    for index, raw_show in enumerate(raw_shows):
        ids.count(index)
        show = parse_show(raw_show, origin, index)
        ids.claim(index, show.title, show.tvmaze_id, show.imdb_id)
        yield show


class ShowIds:
    """The checks across a file's shows, for a reader that validates them one at a time:
    how many there are, and that no two share a TVmaze or IMDb id (import matches shows on
    these ids, so two shows sharing one would be merged silently)."""

    def __init__(self, origin: str) -> None:
        self._origin = origin
        self._owner_of_tvmaze_id: dict[object, tuple[int, str]] = {}
        self._owner_of_imdb_id: dict[object, tuple[int, str]] = {}

    def count(self, index: int) -> None:
        """Raises if the show at `index` (from 0) is one too many."""
        if index >= MAX_SHOWS:
            raise CatalogueError(f"{self._origin}: shows: at most {MAX_SHOWS} allowed, got more")

    def claim(self, index: int, title: str, tvmaze_id: int | None, imdb_id: str | None) -> None:
        """Records the valid show at `index` as its ids' owner; raises if an earlier show has
        one of them."""
        if tvmaze_id is not None:
            self._claim(self._owner_of_tvmaze_id, "tvmaze_id", tvmaze_id, title, index)
        if imdb_id is not None:
            self._claim(self._owner_of_imdb_id, "imdb_id", imdb_id, title, index)

    def _claim(
        self,
        owners: dict[object, tuple[int, str]],
        key: str,
        value: object,
        title: str,
        index: int,
    ) -> None:
        owner = owners.setdefault(value, (index, title))
        if owner[0] != index:
            other, first_title = owner
            raise CatalogueError(
                f"{_where(self._origin, index)} {title!r}: {key}: {value!r} is also used by"
                f" show {other + 1} {first_title!r}"
            )


class _NonFiniteNumberError(Exception):
    pass


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN/Infinity, but they are not JSON and could not be exported again.
    raise _NonFiniteNumberError(name)


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; in a hand-edited file that hides a
    # mistake (two "status" lines), so it is an error instead. The dict is made in C and the
    # pairs are walked only when it came out shorter: a loop over every pair in Python cost a
    # third of reading a 100,000-show file.
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _FieldError("", f"duplicate key {described(key)} in one object")
            seen.add(key)
    return result


# Bytes read at a time: the file is never held whole, nor its decoded objects (a 100,000-show
# file is 57 MB of text, 230 MB as one str with non-ASCII titles, 600 MB decoded). Not more:
# the C allocator kept the freed buffers of a megabyte or more (it raises its threshold for
# giving memory back to the size of the largest freed), and reading 100,000 shows a
# megabyte at a time ended 60-100 MB larger than a quarter of one at a time, as fast.
_CHUNK_BYTES = 1 << 18
_NOT_WHITESPACE = re.compile(r"[^ \t\n\r]")


class CatalogueFile:
    """A catalogue file read a show at a time: iterating yields each show, validated, and
    raises CatalogueError at the first problem (after the shows before it were yielded, so a
    caller that must reject the whole file keeps what it did undoable: one transaction).

    The top-level object is read key by key, and its "shows" list item by item, each decoded
    by the json module from a buffer of about _CHUNK_BYTES; errors name the file, line and
    column as json.loads would. Opening the file happens at once, so a missing file fails
    before anything else is done. Use it as a context manager, or close() it.

    ijson (yajl2_c) was measured against this on the benchmark's 100,000-show file: 1.35 s to
    decode the shows against 2.35 s here, where validating them takes 5.4 s more; and ijson
    keeps the last of two equal keys silently, which the format refuses. Not worth a
    dependency and a weaker check for a seventh of the time.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.origin = os.fspath(path)
        try:
            self._file = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        except FileNotFoundError:
            raise CatalogueError(f"{self.origin}: file not found") from None
        except OSError as error:
            raise CatalogueError(f"{self.origin}: cannot read: {error.strerror or error}") from None
        # utf-8-sig: editors on Windows like to start files with a byte order mark.
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder(
            parse_constant=_reject_constant, object_pairs_hook=_object_without_duplicates
        )
        self._text = ""
        self._position = 0
        self._value_start = 0  # where the value `_value` decoded last begins
        self._at_end = False
        self._lines_before = 0  # line breaks in the text already dropped from the buffer
        self._column_before = 0  # characters of the current line already dropped
        self._byte_lines = 0  # line breaks in the bytes read so far

    def __enter__(self) -> CatalogueFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[ShowEntry]:
        return _parsed_shows(self.raw_shows(), self.origin)

    def raw_shows(self) -> Iterator[object]:
        """The items of the top-level object's "shows" list, decoded one at a time; its other
        keys ("$schema", a comment) are decoded and ignored."""
        return (show for show, _ in self.raw_shows_with_text())

    def raw_shows_with_text(self) -> Iterator[tuple[object, str]]:
        """`raw_shows`, each show beside its JSON text as written in the file."""
        if self._next_character() != "{":
            data = self._value()
            raise CatalogueError(
                f'{self.origin}: expected an object with a "shows" list, got {described(data)}'
            )
        self._position += 1
        keys: set[str] = set()
        while self._next_character() != "}":
            if keys:
                self._expect(",", "Expecting ',' delimiter")
            if self._next_character() != '"':
                self._syntax_error("Expecting property name enclosed in double quotes")
            key = self._value()
            if key in keys:
                raise CatalogueError(
                    f"{self.origin}: invalid JSON: duplicate key {described(key)} in one object"
                )
            keys.add(key)
            self._expect(":", "Expecting ':' delimiter")
            if key != "shows":
                self._value()
            elif self._next_character() == "[":
                yield from self._items()
            else:
                shows = self._value()
                raise CatalogueError(
                    f"{self.origin}: shows: expected a list, got {described(shows)}"
                )
        self._position += 1
        if self._next_character():
            self._syntax_error("Extra data")
        if "shows" not in keys:
            raise CatalogueError(
                f'{self.origin}: expected an object with a "shows" list, got an object'
            )

    def _items(self) -> Iterator[tuple[object, str]]:
        self._position += 1  # the "["
        if self._next_character() == "]":
            self._position += 1
            return
        while True:
            value = self._value()
            yield value, self._text[self._value_start : self._position]
            if self._next_character() == "]":
                self._position += 1
                return
            self._expect(",", "Expecting ',' delimiter")

    def _expect(self, character: str, message: str) -> None:
        if self._next_character() != character:
            self._syntax_error(message)
        self._position += 1

    def _next_character(self) -> str:
        """The next character that is not whitespace, left unread; "" at the end."""
        while True:
            found = _NOT_WHITESPACE.search(self._text, self._position)
            if found is not None:
                self._position = found.start()
                return found.group()
            self._position = len(self._text)
            if not self._read():
                return ""

    def _value(self) -> Any:
        """The JSON value starting at the next character, reading more until it is whole."""
        self._next_character()
        while True:
            try:
                value, end = self._json.raw_decode(self._text, self._position)
            except json.JSONDecodeError as error:
                # Perhaps only cut short by the buffer's end: read on, then judge.
                if self._read():
                    continue
                raise self._located(error.pos, error.msg) from None
            except _NonFiniteNumberError as error:
                raise CatalogueError(
                    f"{self.origin}: invalid JSON: {error} is not a JSON number"
                ) from None
            except _FieldError as error:
                raise CatalogueError(f"{self.origin}: invalid JSON: {error.message}") from None
            except RecursionError:
                raise CatalogueError(f"{self.origin}: invalid JSON: nested too deeply") from None
            except ValueError as error:
                # e.g. an integer literal longer than Python's 4300-digit conversion limit.
                raise CatalogueError(f"{self.origin}: invalid JSON: {error}") from None
            if end == len(self._text) and self._read():
                continue  # a number at the buffer's end may go on
            self._value_start = self._position
            self._position = end
            return value

    def _read(self) -> bool:
        """Append the next chunk to the buffer, dropping what was read; False at the end."""
        if self._at_end:
            return False
        try:
            chunk = self._file.read(_CHUNK_BYTES)
        except OSError as error:
            raise CatalogueError(f"{self.origin}: cannot read: {error.strerror or error}") from None
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            line = self._byte_lines + chunk[: max(error.start, 0)].count(b"\n") + 1
            raise CatalogueError(f"{self.origin}: line {line}: not valid UTF-8") from None
        self._byte_lines += chunk.count(b"\n")
        dropped = self._text[: self._position]
        breaks = dropped.count("\n")
        if breaks:
            self._lines_before += breaks
            self._column_before = len(dropped) - dropped.rfind("\n") - 1
        else:
            self._column_before += len(dropped)
        self._text = self._text[self._position :] + text
        self._position = 0
        self._at_end = not chunk
        return True

    def _syntax_error(self, message: str) -> NoReturn:
        raise self._located(self._position, message)

    def _located(self, position: int, message: str) -> CatalogueError:
        """A JSON syntax error at a buffer position, with its line and column in the file."""
        line = self._lines_before + self._text.count("\n", 0, position) + 1
        line_start = self._text.rfind("\n", 0, position)
        column = position - line_start if line_start >= 0 else self._column_before + position + 1
        return CatalogueError(
            f"{self.origin}: line {line}, column {column}: invalid JSON: {message}"
        )


def load_catalogue_file(path: str | os.PathLike[str]) -> Catalogue:
    """Reads a UTF-8 JSON catalogue; every failure, including a missing file, is CatalogueError."""
    with CatalogueFile(path) as shows:
        return Catalogue(shows=tuple(shows))


def _season_to_data(season: SeasonEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"number": season.number}
    if season.release_date is not None:
        data["release_date"] = season.release_date.iso
        # The text already implies day/month/year; only a part of a year needs saying.
        if season.release_date.part is not None:
            data["release_precision"] = season.release_date.part
    if season.episodes is not None:
        data["episodes"] = season.episodes
    if season.runtime_minutes is not None:
        data["runtime_minutes"] = list(season.runtime_minutes)
    if not season.confirmed:
        data["confirmed"] = False
    if season.finale is not None:
        data["finale"] = season.finale.isoformat()
    if season.recap:
        data["recap"] = list(season.recap)
    return data


def _cast_to_data(member: CastEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"actor": member.actor}
    _put(data, "character", member.character)
    _put(data, "note", member.note)
    _put(data, "returning", member.returning)
    _put(data, "spoiler", member.spoiler)
    return data


def _news_to_data(news: NewsEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": news.date.iso,
        "kind": news.kind,
        "text": news.text,
        "confidence": news.confidence,
    }
    _put(data, "source", news.source)
    _put(data, "source_url", news.source_url)
    _put(data, "also_reported_by", _links_to_data(news.also))
    return data


def _episode_to_data(episode: EpisodeEntry | None) -> dict[str, Any] | None:
    if episode is None:
        return None
    data: dict[str, Any] = {"season": episode.season}
    _put(data, "number", episode.number)
    _put(data, "name", episode.name)
    data["date"] = episode.date.isoformat()
    _put(data, "airs_at", episode.airs_at.isoformat() if episode.airs_at else None)
    return data


def _links_to_data(links: tuple[LinkEntry, ...]) -> tuple[dict[str, str], ...]:
    return tuple({"label": link.label, "url": link.url} for link in links)


def _put(data: dict[str, Any], key: str, value: object) -> None:
    if value is not None and value != "" and value != ():
        data[key] = list(value) if isinstance(value, tuple) else value


def show_to_data(show: ShowEntry) -> dict[str, Any]:
    """The JSON form of one show: fixed key order, empty and None values left out."""
    data: dict[str, Any] = {"title": show.title}
    _put(data, "aliases", show.aliases)
    _put(data, "platform", show.platform)
    data["status"] = show.status
    _put(data, "final_season", show.final_season)
    _put(data, "premiered", show.premiered.isoformat() if show.premiered else None)
    _put(data, "type", show.show_type)
    _put(data, "content_rating", show.content_rating)
    _put(data, "genres", show.genres)
    _put(data, "created_by", show.created_by)
    _put(data, "based_on", show.based_on)
    _put(data, "sequel", show.sequel)
    _put(data, "setting", show.setting)
    _put(data, "summary", show.summary)
    _put(data, "ordered", show.ordered.iso if show.ordered else None)
    _put(data, "tvmaze_id", show.tvmaze_id)
    _put(data, "imdb_id", show.imdb_id)
    _put(data, "links", _links_to_data(show.links))
    _put(data, "seasons", tuple(_season_to_data(season) for season in show.seasons))
    _put(data, "cast", tuple(_cast_to_data(member) for member in show.cast))
    _put(data, "news", tuple(_news_to_data(news) for news in show.news))
    _put(data, "next_episode", _episode_to_data(show.next_episode))
    # Sorted so an export is byte-stable whatever order the extras were read in.
    for key in sorted(show.extra):
        data[key] = copy.deepcopy(show.extra[key])
    return data


def catalogue_to_data(catalogue: Catalogue) -> dict[str, Any]:
    return {"shows": [show_to_data(show) for show in catalogue.shows]}


def dump_catalogue(catalogue: Catalogue) -> str:
    return (
        json.dumps(catalogue_to_data(catalogue), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )
