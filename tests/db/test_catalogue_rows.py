"""A show's rows made straight from a catalogue's JSON are the rows of its parsed record, and
JSON the catalogue format refuses is left to the format's parser to name the problem."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.catalogue_generator import catalogue_json, generate
from db.catalogue_rows import ShowRows, entry_of, rows_of_entry, rows_of_raw, rows_of_shows
from db.model.catalogue_format import CatalogueError, CatalogueFile, parse_show


def comparable(rows: ShowRows) -> ShowRows:
    """The rows, without the record or JSON they were made from."""
    return rows._replace(entry=None, source=None, news=list(rows.news))


def parsed_rows(raw: object) -> ShowRows:
    return comparable(rows_of_entry(parse_show(raw, "test", 0)))


def shipped_shows() -> list[dict[str, Any]]:
    text = (resources.files("db") / "seed" / "catalogue.json").read_text(encoding="utf-8")
    return list(json.loads(text)["shows"])


def test_generated_shows_make_the_rows_of_their_records() -> None:
    for raw in catalogue_json(generate(400))["shows"]:
        made = rows_of_raw(raw)
        assert made is not None, raw
        assert comparable(made) == parsed_rows(raw)


def test_shipped_shows_with_every_field_make_the_rows_of_their_records() -> None:
    for raw in shipped_shows():
        made = rows_of_raw(raw)
        assert made is not None, raw["title"]
        assert comparable(made) == parsed_rows(raw)


def test_a_show_made_from_json_gives_its_record_when_asked() -> None:
    raw = shipped_shows()[0]
    made = rows_of_raw(raw)
    assert made is not None
    assert entry_of(made) == parse_show(raw, "test", 0)


@pytest.mark.parametrize(
    "change",
    [
        {"status": "maybe"},
        {"title": "   "},
        {"premiered": "2020-02-30"},
        {"seasons": [{"number": 1}, {"number": 1}]},
        {"seasons": [{"number": 1, "episodes": True}]},
        {"cast": [{"actor": ""}]},
        {"tvmaze_id": 0},
        {"imdb_id": "nm123"},
        {"genres": ["Drama", 7]},
        {"summary": "a\x00b"},
    ],
)
def test_a_show_the_format_refuses_is_left_to_the_parser(change: dict[str, Any]) -> None:
    raw = {"title": "Fine", "seasons": [{"number": 1}], **change}
    assert rows_of_raw(raw) is None
    with pytest.raises(CatalogueError):
        parse_show(raw, "test", 0)


def test_a_file_of_rows_names_a_bad_show_as_parsing_it_does(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    shows = [{"title": "Good"}, {"title": "Bad", "seasons": [{"number": "one"}]}]
    path.write_text(json.dumps({"shows": shows}), encoding="utf-8")
    with CatalogueFile(path) as parsed, pytest.raises(CatalogueError) as by_parsing:
        list(parsed)
    with CatalogueFile(path) as read, pytest.raises(CatalogueError) as by_rows:
        list(rows_of_shows(read.raw_shows(), read.origin))
    assert str(by_rows.value) == str(by_parsing.value)
    assert "show 2 'Bad': seasons[0].number" in str(by_rows.value)


def test_a_file_of_rows_refuses_a_tvmaze_id_given_twice() -> None:
    shows = [{"title": "One", "tvmaze_id": 5}, {"title": "Two", "tvmaze_id": 5}]
    with pytest.raises(CatalogueError, match="show 2 'Two': tvmaze_id: 5 is also used by"):
        list(rows_of_shows(shows, "test"))


# Values a hand-edited or hostile file may put in any field.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=10_001),
    st.sampled_from([2**63, 1.5, 45.0, float("nan")]),
    st.text(max_size=8),
    st.sampled_from(
        [
            "",
            "  padded  ",
            "Ünïcode",
            "tab\there",
            "line\r\nbreak",
            "x" * 201,
            "x" * 2001,
            "2020",
            "2020-13",
            "2020-02-29",
            "2021-02-29",
            " 2020-01-01 ",
            "late",
            "airing",
            "tt1234567",
            "https://example.org/a",
            "\ud800",
        ]
    ),
    st.lists(st.sampled_from(["Drama", "drama", " Drama ", "", "Ünï"]), max_size=4),
    st.lists(st.integers(min_value=0, max_value=70), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["a", "label", "url"]), st.sampled_from(["x", 1]), max_size=2),
)
# Values that are right for some field or other, so that many shows made are valid.
FITTING_VALUES = st.sampled_from(
    [
        None,
        True,
        False,
        2,
        "Scripted",
        "  Padded Name ",
        "Ünïcode name",
        "line one\r\nline two",
        "2024",
        "2024-05",
        "2024-05-06",
        "late",
        "renewed",
        "reported",
        "tt1234567",
        "https://example.org/a",
        "2025-01-01T10:00:00+02:00",
        ["Drama", "drama", "Comedy"],
        [" Spaced ", ""],
        [30, 45],
        ["a recap point", "another"],
        [{"label": "Site", "url": "https://example.org/s"}],
        {"season": 2, "date": "2025-01-01", "number": 3, "airs_at": "2025-01-01T20:00:00Z"},
        {"nested": [1, "two", {"three": None}]},
    ]
)
FIELD_VALUES = st.one_of(FITTING_VALUES, FITTING_VALUES, ODD_VALUES)
SHOW_FIELDS = [
    "title",
    "aliases",
    "platform",
    "status",
    "final_season",
    "premiered",
    "genres",
    "created_by",
    "based_on",
    "summary",
    "type",
    "content_rating",
    "setting",
    "ordered",
    "tvmaze_id",
    "imdb_id",
    "links",
    "news",
    "next_episode",
    "unknown_key",
]
SEASON_FIELDS = [
    "number",
    "release_date",
    "release_precision",
    "episodes",
    "runtime_minutes",
    "recap",
    "confirmed",
    "finale",
]
CAST_FIELDS = ["actor", "character", "returning", "note"]
NEWS_FIELDS = ["date", "kind", "text", "confidence", "source", "source_url", "also_reported_by"]


def changes(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Often none, else a field or two given another value: one change at a time finds
    the shows the two paths disagree on, and many changes make shows both refuse."""
    return st.one_of(
        st.just({}), st.dictionaries(st.sampled_from(fields), FIELD_VALUES, max_size=2)
    )


@settings(max_examples=400, deadline=None)
@given(
    show_changes=changes(SHOW_FIELDS),
    season_changes=changes(SEASON_FIELDS),
    cast_changes=changes(CAST_FIELDS),
    news_changes=changes(NEWS_FIELDS),
    season_order=st.sampled_from([[1, 2], [2, 1], [1, 1], [3]]),
)
def test_any_show_makes_the_rows_of_its_record_or_is_left_to_the_parser(
    show_changes: dict[str, Any],
    season_changes: dict[str, Any],
    cast_changes: dict[str, Any],
    news_changes: dict[str, Any],
    season_order: list[int],
) -> None:
    raw: dict[str, Any] = copy.deepcopy(catalogue_json(generate(1))["shows"][0])
    raw.update(show_changes)
    raw["seasons"] = [
        {"number": number, "release_date": "2020-01-01", "runtime_minutes": [30, 45]}
        for number in season_order
    ]
    raw["seasons"][0].update(season_changes)
    raw["cast"] = [{"actor": "Ann Lee", "character": "Ann"}, {"actor": "Bo", **cast_changes}]
    if news_changes:
        event = {"date": "2024-05", "kind": "renewed", "text": "Renewed", "confidence": "reported"}
        raw["news"] = [event, {**event, **news_changes}]
    made = rows_of_raw(raw)
    try:
        expected = parsed_rows(raw)
    except CatalogueError:
        assert made is None
        return
    assert made is None or comparable(made) == expected
