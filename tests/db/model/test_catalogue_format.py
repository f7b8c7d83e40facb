"""The catalogue format: parsing, validation errors, serialisation and the shipped seed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from db.model import catalogue_format
from db.model.catalogue_format import (
    MAX_ALIASES,
    MAX_SHOWS,
    CatalogueError,
    CatalogueFile,
    catalogue_to_data,
    dump_catalogue,
    load_catalogue_file,
    parse_catalogue,
    show_to_data,
)
from db.model.shows import (
    CastEntry,
    Catalogue,
    LinkEntry,
    NewsEntry,
    PartialDate,
    SeasonEntry,
    ShowEntry,
)

SEED_PATH = Path(__file__).resolve().parents[3] / "db" / "seed" / "catalogue.json"


def parse_show(**fields: Any) -> ShowEntry:
    show = {"title": "Tiny Pretty Things", **fields}
    return parse_catalogue({"shows": [show]}, origin="test.json").shows[0]


def error_for(**fields: Any) -> str:
    with pytest.raises(CatalogueError) as caught:
        parse_show(**fields)
    return str(caught.value)


def news_item(**overrides: object) -> dict[str, object]:
    return {"date": "2021", "kind": "note", "text": "t", "confidence": "reported", **overrides}


def full_show_data() -> dict[str, Any]:
    return {
        "title": "Example Show",
        "aliases": ["ex", "the example"],
        "platform": "Netflix",
        "status": "renewed",
        "final_season": 3,
        "premiered": "2021-03-04",
        "type": "Scripted",
        "content_rating": "TV-14",
        "genres": ["Drama", "Comedy"],
        "created_by": ["A. Writer", "B. Writer"],
        "based_on": "A novel",
        "sequel": "The second novel",
        "setting": "A town\twith a tab",
        "summary": "Line one.\nLine two.",
        "ordered": "2020-06",
        "tvmaze_id": 12345,
        "imdb_id": "tt1234567",
        "links": [{"label": "TVmaze", "url": "https://www.tvmaze.com/shows/12345"}],
        "seasons": [
            {
                "number": 2,
                "release_date": "2027",
                "release_precision": "late",
                "confirmed": False,
            },
            {
                "number": 1,
                "release_date": "2021-03-04",
                "episodes": 8,
                "runtime_minutes": 45,
                "recap": ["Something happens.", "Then something else."],
            },
        ],
        "cast": [
            {"actor": "Some Actor", "character": "Hero", "note": "the lead", "returning": True},
            {"actor": "Other Actor", "returning": False, "spoiler": "Leaves in the finale."},
        ],
        "news": [
            {
                "date": "2021-05-01",
                "kind": "renewed",
                "text": "Renewed for season 2.",
                "confidence": "confirmed",
                "source": "The network",
                "source_url": "https://example.com/news",
                "also_reported_by": [
                    {"label": "Deadline", "url": "https://deadline.example/renewed"},
                    {"label": "Variety", "url": "https://variety.example/renewed"},
                ],
            },
            {"date": "2022", "kind": "note", "text": "Filming began.", "confidence": "reported"},
        ],
        "episode_titles": [{"season": 1, "episode": 1, "title": "Pilot"}],
        "fan_rating": 8.5,
    }


# --------------------------------------------------------------------------- PartialDate


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2027", PartialDate(2027), "year"),
        ("2027-03", PartialDate(2027, 3), "month"),
        ("2020-12-14", PartialDate(2020, 12, 14), "day"),
    ],
)
def test_partial_date_precision_follows_the_text(
    text: str, expected: PartialDate, precision: str
) -> None:
    parsed = PartialDate.parse(text)
    assert parsed == expected
    assert parsed.precision == precision
    assert parsed.iso == text


@pytest.mark.parametrize("part", ["early", "mid", "late"])
def test_partial_date_part_of_year_precision_needs_a_bare_year(part: str) -> None:
    assert PartialDate.parse("2027", part) == PartialDate(2027, part=part)
    with pytest.raises(ValueError, match="YYYY"):
        PartialDate.parse("2027-03", part)


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2027", "day"), ("2027", "month"), ("2027-03", "day"), ("2027-03-01", "month")],
)
def test_partial_date_precision_must_agree_with_the_text(text: str, precision: str) -> None:
    with pytest.raises(ValueError, match="needs a"):
        PartialDate.parse(text, precision)


def test_partial_date_rejects_an_unknown_precision() -> None:
    with pytest.raises(ValueError, match="unknown precision"):
        PartialDate.parse("2027", "quarter")


@pytest.mark.parametrize(
    "text", ["14/12/2020", "2020-1-5", "20201214", "27", "２０２０", "2020-12-14T00:00", ""]
)
def test_partial_date_rejects_other_formats(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected YYYY, YYYY-MM or YYYY-MM-DD"):
        PartialDate.parse(text)


@pytest.mark.parametrize("text", ["2021-02-29", "2021-13", "2021-00", "0000", "2021-04-31"])
def test_partial_date_rejects_dates_not_on_the_calendar(text: str) -> None:
    with pytest.raises(ValueError, match="not a calendar date"):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        (PartialDate(2020, 12, 14), "14 December 2020"),
        (PartialDate(2027, 3), "March 2027"),
        (PartialDate(2027), "2027"),
        (PartialDate(2027, part="late"), "late 2027"),
    ],
)
def test_partial_date_displays_in_words(date: PartialDate, shown: str) -> None:
    assert date.display() == shown


def test_partial_date_is_exact_only_to_the_day() -> None:
    assert PartialDate(2020, 12, 14).exact == datetime.date(2020, 12, 14)
    assert PartialDate(2020, 12).exact is None
    assert PartialDate(2020, part="early").exact is None


def test_partial_date_sorts_by_earliest_possible_day() -> None:
    dates = [
        PartialDate(2021, 1, 20),
        PartialDate(2021),
        PartialDate(2020, 12),
        PartialDate(2021, 1),
    ]
    ordered = sorted(dates, key=PartialDate.sort_key)
    assert [date.iso for date in ordered] == ["2020-12", "2021", "2021-01", "2021-01-20"]


@pytest.mark.parametrize(
    "arguments",
    [
        {"year": 0},
        {"year": 2021, "month": 13},
        {"year": 2021, "day": 3},
        {"year": 2021, "month": 2, "day": 30},
        {"year": 2021, "month": 2, "part": "late"},
        {"year": 2021, "part": "soon"},
        {"year": True},
    ],
)
def test_partial_date_cannot_be_built_with_impossible_values(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        PartialDate(**arguments)


# --------------------------------------------------------------------------- parsing


def test_a_show_needs_only_a_title() -> None:
    assert parse_show() == ShowEntry(title="Tiny Pretty Things")


def test_a_full_show_parses_into_dataclasses() -> None:
    show = parse_catalogue({"shows": [full_show_data()]}, origin="test.json").shows[0]
    assert show.status == "renewed"
    assert show.premiered == datetime.date(2021, 3, 4)
    assert show.show_type == "Scripted"
    assert show.ordered == PartialDate(2020, 6)
    assert show.links == (LinkEntry("TVmaze", "https://www.tvmaze.com/shows/12345"),)
    assert show.seasons[0] == SeasonEntry(
        number=1,
        release_date=PartialDate(2021, 3, 4),
        episodes=8,
        runtime_minutes=(45, 45),
        recap=("Something happens.", "Then something else."),
    )
    assert show.cast[1] == CastEntry(
        "Other Actor", returning=False, spoiler="Leaves in the finale."
    )
    assert show.news[1] == NewsEntry(PartialDate(2022), "note", "Filming began.", "reported")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], 'expected an object with a "shows" list, got a list'),
        ({}, 'expected an object with a "shows" list, got an object'),
        ({"shows": {}}, "shows: expected a list, got an object"),
        ({"shows": ["Tiny Pretty Things"]}, "show 1: expected an object, got 'Tiny Pretty Things'"),
    ],
)
def test_top_level_must_be_an_object_with_a_list_of_show_objects(
    data: object, problem: str
) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data, origin="test.json")
    assert str(caught.value) == f"test.json: {problem}"


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        (None, "required, got nothing"),
        ("", "required, got nothing"),
        ("   ", "must not be blank"),
        (7, "expected a string, got 7"),
    ],
)
def test_a_show_without_a_usable_title_is_an_error(title: object, problem: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue({"shows": [{"title": "Fine"}, {"title": title}]}, origin="test.json")
    assert str(caught.value) == f"test.json: show 2: title: {problem}"


def test_an_error_names_origin_show_and_field_path() -> None:
    message = error_for(seasons=[{"number": 1, "release_date": "14/12/2020"}])
    assert message == (
        "test.json: show 1 'Tiny Pretty Things': seasons[0].release_date:"
        " expected YYYY, YYYY-MM or YYYY-MM-DD, got '14/12/2020'"
    )


def test_the_first_error_wins() -> None:
    shows = [{"title": "One", "status": "gone"}, {"title": "Two", "premiered": "soon"}]
    with pytest.raises(CatalogueError, match=r"show 1 'One': status"):
        parse_catalogue({"shows": shows}, origin="test.json")


def test_strings_are_stripped() -> None:
    show = parse_show(title="  Tiny Pretty Things \n", platform=" Netflix ", aliases=[" tpt "])
    assert (show.title, show.platform, show.aliases) == ("Tiny Pretty Things", "Netflix", ("tpt",))


def test_empty_optional_strings_and_nulls_are_absent() -> None:
    show = parse_show(platform="", summary="  ", imdb_id=None, aliases=["", "tpt"], seasons=None)
    assert show == ShowEntry(title="Tiny Pretty Things", aliases=("tpt",))


def test_repeated_aliases_and_the_title_itself_are_dropped() -> None:
    show = parse_show(aliases=["tpt", "TPT", "tiny pretty things", "tiny pretty thing"])
    assert show.aliases == ("tpt", "tiny pretty thing")


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"platform": ["Netflix"]}, "platform: expected a string, got a list"),
        ({"aliases": "tpt"}, "aliases: expected a list, got 'tpt'"),
        ({"aliases": ["tpt", 3]}, "aliases[1]: expected a string, got 3"),
        ({"tvmaze_id": "123"}, "tvmaze_id: expected a whole number, got '123'"),
        ({"seasons": [{"number": 1, "episodes": 9.5}]}, "seasons[0].episodes: expected a whole"),
        (
            {"cast": [{"actor": "A", "returning": "yes"}]},
            "cast[0].returning: expected true or false",
        ),
        ({"seasons": [[1]]}, "seasons[0]: expected an object, got a list"),
    ],
)
def test_types_are_checked_for_every_key(fields: dict[str, Any], path: str) -> None:
    assert f"'Tiny Pretty Things': {path}" in error_for(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"tvmaze_id": True},
        {"seasons": [{"number": True}]},
        {"seasons": [{"number": 1, "episodes": False}]},
        {"seasons": [{"number": 1, "runtime_minutes": [True, 50]}]},
    ],
)
def test_a_boolean_is_not_accepted_as_a_number(fields: dict[str, Any]) -> None:
    assert "expected a whole number, got " in error_for(**fields)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"platform": "x" * 201}, "platform"),
        ({"summary": "x" * 2001}, "summary"),
        ({"cast": [{"actor": "x" * 201}]}, "cast[0].actor"),
        ({"seasons": [{"number": 1, "recap": ["x" * 4001]}]}, "seasons[0].recap[0]"),
        ({"news": [news_item(text="x" * 4001)]}, "news[0].text"),
    ],
)
def test_text_lengths_are_limited(fields: dict[str, Any], path: str) -> None:
    assert f": {path}: at most " in error_for(**fields)


def test_an_overlong_title_is_an_error() -> None:
    with pytest.raises(CatalogueError, match=r"show 1: title: at most 200 characters"):
        parse_catalogue({"shows": [{"title": "x" * 201}]}, origin="test.json")


def test_the_number_of_aliases_is_limited() -> None:
    message = error_for(aliases=[f"alias {index}" for index in range(MAX_ALIASES + 1)])
    assert message.endswith(f"aliases: at most {MAX_ALIASES} items allowed, got {MAX_ALIASES + 1}")


def test_the_number_of_shows_is_limited() -> None:
    shows = [{"title": "Same"}] * (MAX_SHOWS + 1)
    with pytest.raises(CatalogueError, match=r"shows: at most 500000 allowed"):
        parse_catalogue({"shows": shows}, origin="test.json")


@pytest.mark.parametrize(
    ("fields", "character"),
    [
        ({"platform": "Net\x00flix"}, "U+0000"),
        ({"platform": "Net\nflix"}, "U+000A"),
        ({"cast": [{"actor": "A\tB"}]}, "U+0009"),
        ({"summary": "bell\x07"}, "U+0007"),
        ({"summary": "c1 \x85 control"}, "U+0085"),
    ],
)
def test_control_characters_are_rejected(fields: dict[str, Any], character: str) -> None:
    assert f"control character {character}" in error_for(**fields)


def test_long_texts_keep_newlines_and_tabs() -> None:
    show = parse_show(summary="One.\n\tTwo.", seasons=[{"number": 1, "recap": ["a\nb"]}])
    assert show.summary == "One.\n\tTwo."
    assert show.seasons[0].recap == ("a\nb",)


def test_long_texts_normalise_windows_line_breaks() -> None:
    assert parse_show(summary="One.\r\nTwo.\rThree.").summary == "One.\nTwo.\nThree."


def test_a_lone_surrogate_is_rejected() -> None:
    assert "invalid Unicode (lone surrogate) U+D800" in error_for(platform="bad \ud800 text")


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"status": "Cancelled"}, "status"),
        ({"status": "renewal pending"}, "status"),
        ({"news": [news_item(kind="rumour")]}, "news[0].kind"),
        ({"news": [news_item(confidence="sure")]}, "news[0].confidence"),
    ],
)
def test_status_kind_and_confidence_come_from_fixed_lists(
    fields: dict[str, Any], path: str
) -> None:
    assert f": {path}: expected one of " in error_for(**fields)


@pytest.mark.parametrize("missing", ["date", "kind", "text", "confidence"])
def test_a_news_item_needs_date_kind_text_and_confidence(missing: str) -> None:
    news = news_item()
    del news[missing]
    assert f"news[0].{missing}: required" in error_for(news=[news])


@pytest.mark.parametrize(
    ("premiered", "problem"),
    [
        ("2020-12", "expected YYYY-MM-DD, got '2020-12'"),
        ("2020", "expected YYYY-MM-DD, got '2020'"),
        ("2021-02-29", "not a calendar date: '2021-02-29'"),
    ],
)
def test_premiered_is_a_full_calendar_date(premiered: str, problem: str) -> None:
    assert error_for(premiered=premiered).endswith(f"premiered: {problem}")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "javascript:alert(1)",
        "https://",
        "example.com/page",
        "https://exa mple.com/",
        "https://example.com:99999/",
    ],
)
def test_urls_must_be_http_with_a_host(url: str) -> None:
    message = error_for(links=[{"label": "Site", "url": url}])
    assert "links[0].url: expected an http(s) URL with a host" in message


def test_http_and_https_urls_are_accepted() -> None:
    links = [
        {"label": "A", "url": "http://example.com"},
        {"label": "B", "url": "HTTPS://x.org/p?q=1"},
    ]
    assert [link.url for link in parse_show(links=links).links] == [
        "http://example.com",
        "HTTPS://x.org/p?q=1",
    ]


@pytest.mark.parametrize("imdb_id", ["tt123", "tt12345678901", "nm1234567", "tt١٢٣٤٥٦٧", "1234567"])
def test_imdb_id_is_tt_and_five_to_ten_digits(imdb_id: str) -> None:
    assert "imdb_id: expected 'tt' and 5 to 10 digits" in error_for(imdb_id=imdb_id)


@pytest.mark.parametrize("tvmaze_id", [0, -5, 2**63, 10**5000], ids=["0", "-5", "2^63", "10^5000"])
def test_tvmaze_id_is_positive(tvmaze_id: int) -> None:
    assert "tvmaze_id: must be between 1 and " in error_for(tvmaze_id=tvmaze_id)


def test_episodes_cannot_be_negative() -> None:
    assert "seasons[0].episodes: must be between 0" in error_for(
        seasons=[{"number": 1, "episodes": -1}]
    )


def test_a_single_runtime_means_a_range_of_one() -> None:
    show = parse_show(seasons=[{"number": 1, "runtime_minutes": 50}])
    assert show.seasons[0].runtime_minutes == (50, 50)


@pytest.mark.parametrize(
    ("runtime", "problem"),
    [
        ([58, 54], "runtime_minutes: minimum 58 is above maximum 54"),
        ([0, 54], "runtime_minutes[0]: must be between 1 and 1000, got 0"),
        ([54, 1001], "runtime_minutes[1]: must be between 1 and 1000, got 1001"),
        ([54], "runtime_minutes: expected [min, max] or one number of minutes, got a list"),
        ("54-58", "runtime_minutes: expected [min, max] or one number of minutes, got '54-58'"),
    ],
)
def test_runtime_is_a_sensible_min_max_range(runtime: object, problem: str) -> None:
    assert error_for(seasons=[{"number": 1, "runtime_minutes": runtime}]).endswith(
        f"seasons[0].{problem}"
    )


def test_seasons_are_sorted_by_number() -> None:
    show = parse_show(seasons=[{"number": 3}, {"number": 1}, {"number": 2}])
    assert [season.number for season in show.seasons] == [1, 2, 3]


def test_season_numbers_must_be_unique() -> None:
    message = error_for(seasons=[{"number": 1}, {"number": 2}, {"number": 1}])
    assert message.endswith("seasons[2].number: season 1 already given at seasons[0]")


@pytest.mark.parametrize("season", [{"number": 0}, {"episodes": 3}])
def test_a_season_needs_a_number_of_at_least_one(season: dict[str, Any]) -> None:
    assert "seasons[0].number: " in error_for(seasons=[season])


def test_release_precision_needs_a_release_date() -> None:
    message = error_for(seasons=[{"number": 2, "release_precision": "late"}])
    assert message.endswith("seasons[0].release_precision: given without a release_date")


def test_release_precision_must_agree_with_the_release_date() -> None:
    message = error_for(
        seasons=[{"number": 2, "release_date": "2027-03", "release_precision": "late"}]
    )
    assert "seasons[0].release_precision: precision 'late' needs a YYYY date" in message


def test_release_precision_matching_the_text_is_accepted() -> None:
    season = parse_show(
        seasons=[{"number": 2, "release_date": "2027-03", "release_precision": "month"}]
    ).seasons[0]
    assert season.release_date == PartialDate(2027, 3)


@pytest.mark.parametrize(("key", "value"), [("tvmaze_id", 42), ("imdb_id", "tt0123456")])
def test_an_external_id_may_belong_to_only_one_show(key: str, value: object) -> None:
    shows = [{"title": "First", key: value}, {"title": "Other"}, {"title": "Copy", key: value}]
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue({"shows": shows}, origin="test.json")
    assert str(caught.value) == (
        f"test.json: show 3 'Copy': {key}: {value!r} is also used by show 1 'First'"
    )


def test_unknown_show_keys_are_kept_verbatim_in_extra() -> None:
    episode_titles = [{"season": 1, "episode": 5, "title": "Split Sole"}]
    show = parse_show(episode_titles=episode_titles, misspellings={"Naveah": "Neveah"}, n=None)
    assert show.extra == {
        "episode_titles": episode_titles,
        "misspellings": {"Naveah": "Neveah"},
        "n": None,
    }


def test_extra_does_not_share_mutable_data_with_the_input() -> None:
    episode_titles = [{"season": 1, "episode": 5, "title": "Split Sole"}]
    show = parse_show(episode_titles=episode_titles)
    episode_titles.append({"season": 1, "episode": 9})
    assert len(show.extra["episode_titles"]) == 1


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (float("nan"), "episode_titles: nan is not a JSON number"),
        ({"a": [1, {2, 3}]}, "episode_titles.a[1]: not a JSON value: a set"),
        ({1: "x"}, "episode_titles: object keys must be strings, got 1"),
        ({"bad \udc00": 1}, "episode_titles: invalid Unicode (lone surrogate) U+DC00"),
    ],
)
def test_extra_values_must_be_json(value: object, problem: str) -> None:
    assert error_for(episode_titles=value).endswith(problem)


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (
            {"seasons": [{"number": 1, "epsiodes": 10}]},
            "seasons[0]: unknown key 'epsiodes' (did you mean 'episodes'?)",
        ),
        (
            {"cast": [{"actor": "A", "charater": "B"}]},
            "cast[0]: unknown key 'charater' (did you mean 'character'?)",
        ),
        (
            {"news": [news_item(url="https://a.b")]},
            "news[0]: unknown key 'url'",
        ),
        (
            {"links": [{"label": "A", "url": "https://a.b", "title": "x"}]},
            "links[0]: unknown key 'title'",
        ),
    ],
)
def test_an_unknown_key_inside_a_record_is_an_error_naming_it(
    record: dict[str, Any], problem: str
) -> None:
    assert error_for(**record).endswith(f"'Tiny Pretty Things': {problem}")


def test_extra_values_may_not_nest_without_limit() -> None:
    value: list[Any] = []
    for _ in range(40):
        value = [value]
    assert "nested more than 32 levels deep" in error_for(episode_titles=value)


def test_news_keeps_the_given_order() -> None:
    news = [
        {"date": "2022", "kind": "note", "text": "later", "confidence": "reported"},
        {"date": "2020-01-02", "kind": "note", "text": "earlier", "confidence": "reported"},
    ]
    assert [item.text for item in parse_show(news=news).news] == ["later", "earlier"]


def test_news_dates_may_have_any_precision() -> None:
    news = [
        {"date": date, "kind": "note", "text": "t", "confidence": "reported"}
        for date in ("2021", "2021-11", "2021-11-30")
    ]
    assert [item.date.precision for item in parse_show(news=news).news] == ["year", "month", "day"]


def test_a_link_needs_a_label_and_a_url() -> None:
    assert "links[0].url: required" in error_for(links=[{"label": "Site"}])


def test_a_final_season_is_a_season_number() -> None:
    assert parse_show(final_season=3).final_season == 3


@pytest.mark.parametrize(
    ("final_season", "problem"),
    [
        (0, "must be between 1 and 9999, got 0"),
        (10_000, "must be between 1 and 9999, got 10000"),
        ("3", "expected a whole number, got '3'"),
        (True, "expected a whole number, got true"),
    ],
)
def test_a_final_season_outside_season_numbers_is_an_error(
    final_season: object, problem: str
) -> None:
    assert error_for(final_season=final_season).endswith(f"final_season: {problem}")


def test_news_lists_the_other_outlets_that_reported_it() -> None:
    also = [{"label": "Deadline", "url": "https://deadline.example/a"}]
    (news,) = parse_show(news=[news_item(also_reported_by=also)]).news
    assert news.also == (LinkEntry("Deadline", "https://deadline.example/a"),)


@pytest.mark.parametrize(
    ("outlet", "problem"),
    [
        ({"label": "Deadline"}, "url: required, got nothing"),
        ({"url": "https://deadline.example/a"}, "label: required, got nothing"),
        ({"label": "Deadline", "url": "deadline.example/a"}, "url: expected an http(s) URL"),
    ],
)
def test_another_outlet_needs_a_label_and_a_web_address(
    outlet: dict[str, str], problem: str
) -> None:
    message = error_for(news=[news_item(also_reported_by=[outlet])])
    assert f"news[0].also_reported_by[0].{problem}" in message


def test_the_number_of_other_outlets_is_limited() -> None:
    also = [{"label": f"Outlet {n}", "url": f"https://o{n}.example/"} for n in range(51)]
    message = error_for(news=[news_item(also_reported_by=also)])
    assert "news[0].also_reported_by: at most 50 items allowed, got 51" in message


def test_a_cast_entry_needs_an_actor() -> None:
    assert "cast[0].actor: required" in error_for(cast=[{"character": "Neveah Stroyer"}])


# --------------------------------------------------------------------------- serialising


def test_to_data_leaves_out_empty_and_none_values() -> None:
    show = ShowEntry(title="Bare", seasons=(SeasonEntry(number=1),), cast=(CastEntry("A"),))
    assert show_to_data(show) == {
        "title": "Bare",
        "status": "unknown",
        "seasons": [{"number": 1}],
        "cast": [{"actor": "A"}],
    }


def test_to_data_keeps_false_values() -> None:
    show = ShowEntry(
        title="T",
        seasons=(SeasonEntry(number=2, confirmed=False, episodes=0),),
        cast=(CastEntry("A", returning=False),),
    )
    data = show_to_data(show)
    assert data["seasons"] == [{"number": 2, "episodes": 0, "confirmed": False}]
    assert data["cast"] == [{"actor": "A", "returning": False}]


@pytest.mark.parametrize(
    ("date", "written"),
    [
        (PartialDate(2027, part="late"), {"release_date": "2027", "release_precision": "late"}),
        (PartialDate(2027), {"release_date": "2027"}),
        (PartialDate(2027, 3), {"release_date": "2027-03"}),
        (PartialDate(2027, 3, 1), {"release_date": "2027-03-01"}),
    ],
)
def test_release_precision_is_written_only_for_a_part_of_a_year(
    date: PartialDate, written: dict[str, str]
) -> None:
    show = ShowEntry(title="T", seasons=(SeasonEntry(number=1, release_date=date),))
    assert show_to_data(show)["seasons"][0] == {"number": 1, **written}


def test_to_data_writes_keys_in_a_fixed_order() -> None:
    data = show_to_data(parse_catalogue({"shows": [full_show_data()]}, origin="t").shows[0])
    assert list(data) == [
        "title",
        "aliases",
        "platform",
        "status",
        "final_season",
        "premiered",
        "type",
        "content_rating",
        "genres",
        "created_by",
        "based_on",
        "sequel",
        "setting",
        "summary",
        "ordered",
        "tvmaze_id",
        "imdb_id",
        "links",
        "seasons",
        "cast",
        "news",
        "episode_titles",
        "fan_rating",
    ]


def test_news_from_one_outlet_and_a_show_without_a_final_season_write_neither() -> None:
    show = ShowEntry(title="T", news=(NewsEntry(PartialDate(2022), "note", "t", "reported"),))
    data = show_to_data(show)
    assert "final_season" not in data
    assert "also_reported_by" not in data["news"][0]


def test_other_outlets_are_written_last_in_their_news_item() -> None:
    data = show_to_data(parse_catalogue({"shows": [full_show_data()]}, origin="t").shows[0])
    assert list(data["news"][0]) == [
        "date",
        "kind",
        "text",
        "confidence",
        "source",
        "source_url",
        "also_reported_by",
    ]


def test_parse_to_data_parse_round_trips() -> None:
    catalogue = parse_catalogue({"shows": [full_show_data()]}, origin="test.json")
    assert parse_catalogue(catalogue_to_data(catalogue), origin="again") == catalogue


def test_dump_is_stable_and_readable() -> None:
    catalogue = parse_catalogue({"shows": [full_show_data(), {"title": "Ça va"}]}, origin="t")
    text = dump_catalogue(catalogue)
    assert text.endswith("}\n")
    assert "Ça va" in text
    assert text.startswith('{\n  "shows": [\n')
    assert dump_catalogue(parse_catalogue(json.loads(text), origin="again")) == text


def test_to_data_does_not_share_extra_with_the_show() -> None:
    show = parse_show(episode_titles=[{"episode": 1}])
    show_to_data(show)["episode_titles"].append({"episode": 2})
    assert show.extra == {"episode_titles": [{"episode": 1}]}


def test_parsed_shows_are_hashable_values() -> None:
    first = parse_catalogue({"shows": [full_show_data()]}, origin="a").shows[0]
    second = parse_catalogue({"shows": [full_show_data()]}, origin="b").shows[0]
    assert first == second
    assert len({first, second}) == 1


def test_an_empty_catalogue_round_trips() -> None:
    assert catalogue_to_data(Catalogue(shows=())) == {"shows": []}
    assert parse_catalogue({"shows": []}, origin="t") == Catalogue(shows=())


# --------------------------------------------------------------------------- loading files


def test_load_reads_a_catalogue_file(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text('{"shows": [{"title": "Ça"}]}', encoding="utf-8")
    assert load_catalogue_file(path).shows[0].title == "Ça"


def test_load_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_bytes(b'\xef\xbb\xbf{"shows": []}')
    assert load_catalogue_file(path) == Catalogue(shows=())


def test_load_names_file_line_and_column_of_a_json_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "shows": [\n    {"title": "A",}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_file(path)
    assert str(caught.value).startswith(f"{path}: line 3, column 19: invalid JSON: ")


def test_load_reports_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_file(path)
    assert str(caught.value) == f"{path}: file not found"


def test_load_rejects_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"shows": [\n{"title": "Ça"}]}'.encode("latin-1"))
    with pytest.raises(CatalogueError, match=r"line 2: not valid UTF-8"):
        load_catalogue_file(path)


def test_load_rejects_duplicate_keys_in_one_object(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"shows": [{"title": "A", "status": "airing", "status": "ended"}]}')
    with pytest.raises(CatalogueError, match=r"duplicate key 'status'"):
        load_catalogue_file(path)


def test_load_rejects_nan_which_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text('{"shows": [{"title": "A", "score": NaN}]}')
    with pytest.raises(CatalogueError, match=r"NaN is not a JSON number"):
        load_catalogue_file(path)


def test_load_names_the_file_in_validation_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"shows": [{"title": "A", "status": "gone"}]}')
    with pytest.raises(CatalogueError, match=r"^.*bad\.json: show 1 'A': status: expected one of"):
        load_catalogue_file(path)


def test_load_rejects_integers_python_cannot_convert(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"shows": [{"title": "A", "tvmaze_id": ' + "9" * 5000 + "}]}")
    with pytest.raises(CatalogueError, match=r"huge\.json: invalid JSON: Exceeds the limit"):
        load_catalogue_file(path)


def test_load_survives_absurdly_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"shows": [{"title": "A", "x": ' + "[" * 100_000 + "]" * 100_000 + "}]}")
    with pytest.raises(CatalogueError, match=r"deep"):
        load_catalogue_file(path)


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The streaming reader reads 7 bytes at a time: every value spans chunks."""
    monkeypatch.setattr(catalogue_format, "_CHUNK_BYTES", 7)


@pytest.mark.usefixtures("tiny_chunks")
def test_a_file_read_in_small_chunks_reads_as_one_read_whole() -> None:
    whole = parse_catalogue(json.loads(SEED_PATH.read_text(encoding="utf-8")), origin="seed")
    assert load_catalogue_file(SEED_PATH) == whole


@pytest.mark.usefixtures("tiny_chunks")
def test_shows_come_one_at_a_time_before_a_later_error(tmp_path: Path) -> None:
    path = tmp_path / "late.json"
    path.write_text('{"$schema": 1, "shows": [{"title": "A"}, {"title": "B", "status": "x"}]}')
    with CatalogueFile(path) as shows:
        read = iter(shows)
        assert next(read).title == "A"
        with pytest.raises(CatalogueError, match=r"show 2 'B': status"):
            next(read)


@pytest.mark.usefixtures("tiny_chunks")
def test_a_syntax_error_far_into_a_chunked_file_names_its_line_and_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "broken.json"
    lines = ['{"shows": [', *[f'  {{"title": "Show {n}"}},' for n in range(30)], '  {"title": }']
    text = "\n".join([*lines, "]}"])
    path.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(text)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_file(path)
    assert (whole.value.lineno, whole.value.colno) == (32, 13)
    assert str(caught.value) == f"{path}: line 32, column 13: invalid JSON: {whole.value.msg}"


@pytest.mark.usefixtures("tiny_chunks")
def test_bad_utf8_far_into_a_chunked_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"shows": [\n{"title": "A"},\n\n{"title": "Ça"}]}'.encode("latin-1"))
    with pytest.raises(CatalogueError, match=r"line 4: not valid UTF-8"):
        load_catalogue_file(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"shows": [], "shows": []}', "duplicate key 'shows'"),
        ('{"shows": {}}', "shows: expected a list, got an object"),
        ('{"other": []}', 'expected an object with a "shows" list'),
        ('[{"title": "A"}]', 'expected an object with a "shows" list, got a list'),
        ('{"shows": []} []', "Extra data"),
        ('{"shows": [{"title": "A"},]}', "invalid JSON"),
    ],
)
def test_the_streaming_reader_refuses_what_json_loads_would(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=problem):
        load_catalogue_file(path)


# --------------------------------------------------------------------------- the shipped seed


@pytest.fixture(scope="module")
def seed_show() -> ShowEntry:
    catalogue = load_catalogue_file(SEED_PATH)
    assert catalogue.shows[0].title == "Tiny Pretty Things"
    return catalogue.shows[0]


def test_the_seed_holds_the_key_facts_of_tiny_pretty_things(seed_show: ShowEntry) -> None:
    assert seed_show.status == "cancelled"
    assert seed_show.platform == "Netflix"
    assert seed_show.premiered == datetime.date(2020, 12, 14)
    assert seed_show.content_rating == "TV-MA"
    assert seed_show.created_by == ("Michael MacLennan",)
    assert "Shiny Broken Pieces" in (seed_show.sequel or "")
    assert seed_show.ordered == PartialDate(2019, 8, 6)
    (season,) = seed_show.seasons
    assert season.number == 1
    assert season.release_date == PartialDate(2020, 12, 14)
    assert season.episodes == 10
    assert season.runtime_minutes == (54, 58)
    assert len(season.recap) >= 8


def test_the_seed_resolves_the_sequel_novel_and_its_misspelling(seed_show: ShowEntry) -> None:
    assert {"tpt", "tiny pretty thing", "tinyprettythings"} <= set(seed_show.aliases)
    assert {"Shiny Broken Pieces", "Shining Broken Pieces"} <= set(seed_show.aliases)


def test_the_seed_lists_all_twelve_main_cast(seed_show: ShowEntry) -> None:
    assert {(member.actor, member.character) for member in seed_show.cast} == {
        ("Kylie Jefferson", "Neveah Stroyer"),
        ("Casimere Jollette", "Bette Whitlaw"),
        ("Daniela Norman", "June Park"),
        ("Brennan Clost", "Shane McRae"),
        ("Barton Cowperthwaite", "Oren Lennox"),
        ("Michael Hsu Rosen", "Nabil"),
        ("Damon J. Gillespie", "Caleb Wick"),
        ("Bayardo De Murguia", "Ramon Costa"),
        ("Lauren Holly", "Monique DuBois"),
        ("Tory Trowbridge", "Delia Whitlaw"),
        ("Jess Salgueiro", "Isabel Cruz"),
        ("Anna Maiche", "Cassie Shore"),
    }


def test_the_seed_keeps_ramons_fate_out_of_spoiler_free_notes(seed_show: ShowEntry) -> None:
    by_actor = {member.actor: member for member in seed_show.cast}
    ramon = by_actor["Bayardo De Murguia"]
    assert ramon.returning is False
    assert "dies" in (ramon.spoiler or "")
    assert all(m.returning for m in seed_show.cast if m is not ramon)
    for member in seed_show.cast:
        note = (member.note or "").lower()
        assert not any(word in note for word in ("dies", "death", "dead", "killed", "stab"))


def test_the_seed_news_runs_oldest_first_with_its_confidence(seed_show: ShowEntry) -> None:
    summary = [(item.date.iso, item.kind, item.confidence) for item in seed_show.news]
    assert summary == [
        ("2020-12", "release_date", "speculation"),
        ("2021-01-20", "note", "reported"),
        ("2021-11", "cancelled", "reported"),
    ]
    assert all(item.source and item.source_url is None for item in seed_show.news)
    assert "PopCulture" in (seed_show.news[2].source or "")


def test_the_seed_invents_no_external_ids_or_urls(seed_show: ShowEntry) -> None:
    assert (seed_show.tvmaze_id, seed_show.imdb_id, seed_show.links) == (None, None, ())


def test_the_seed_keeps_the_known_episode_titles(seed_show: ShowEntry) -> None:
    titles = {entry["title"] for entry in seed_show.extra["episode_titles"]}
    assert titles == {"Split Sole", "It's Not the Waking, It's the Rising"}


def test_the_seed_file_is_in_canonical_form() -> None:
    text = SEED_PATH.read_text(encoding="utf-8")
    assert dump_catalogue(load_catalogue_file(SEED_PATH)) == text


# The shows of shared/catalogue/more-shows.md, shipped beside Tiny Pretty Things.
MORE_SHOWS = {
    "Warrior Nun": "cancelled",
    "1899": "cancelled",
    "Shadow and Bone": "cancelled",
    "Lockwood & Co.": "cancelled",
    "The Midnight Club": "cancelled",
    "First Kill": "cancelled",
    "Fate: The Winx Saga": "cancelled",
    "Paper Girls": "cancelled",
    "Archive 81": "cancelled",
    "Brooklyn Nine-Nine": "renewed",  # saved by NBC the day after Fox cancelled it
    "Heartstopper": "renewed",
    "Lost in Space": "renewed",
    "Supacell": "renewed",
    "How I Met Your Mother": "ended",
}


def test_the_seed_holds_every_listed_show_with_its_status_sourced_and_dated() -> None:
    shows = {show.title: show for show in load_catalogue_file(SEED_PATH).shows}
    for title, status in MORE_SHOWS.items():
        show = shows[title]
        assert show.status == status, title
        assert show.news, title
        for item in show.news:
            assert item.source, (title, item.text)
            assert item.confidence in ("confirmed", "reported"), (title, item.text)
        # Only what the sources say: no ids or pages made up.
        assert (show.tvmaze_id, show.imdb_id, show.links) == (None, None, ()), title


def test_uncertain_reports_are_notes_never_a_status() -> None:
    shows = {show.title: show for show in load_catalogue_file(SEED_PATH).shows}
    films = [item for item in shows["Warrior Nun"].news if "film" in item.text]
    assert films
    assert all(item.kind == "note" for item in films)
    elsewhere = [item for item in shows["Paper Girls"].news if "other outlets" in item.text]
    assert elsewhere
    assert all(item.kind == "note" for item in elsewhere)
    assert shows["Paper Girls"].status == "cancelled"
    # Reported only to the month: never given a day it doesn't have.
    (archive,) = shows["Archive 81"].news
    assert archive.date.precision == "month"


def test_a_next_episode_and_a_seasons_finale_round_trip() -> None:
    data = {
        "title": "Slow Horses",
        "seasons": [{"number": 6, "release_date": "2026-05-01", "finale": "2026-06-12"}],
        "next_episode": {
            "season": 6,
            "number": 3,
            "name": "Uneasy Lies",
            "date": "2026-06-04",
            "airs_at": "2026-06-05T01:00:00+00:00",
        },
    }
    show = parse_catalogue({"shows": [data]}, origin="t").shows[0]
    assert show.seasons[0].finale == datetime.date(2026, 6, 12)
    assert show.next_episode is not None
    assert show.next_episode.airs_at == datetime.datetime(2026, 6, 5, 1, tzinfo=datetime.UTC)
    written = show_to_data(show)
    assert written["next_episode"] == data["next_episode"]
    assert written["seasons"][0]["finale"] == "2026-06-12"
    text = dump_catalogue(Catalogue(shows=(show,)))
    assert dump_catalogue(parse_catalogue(json.loads(text), origin="again")) == text


@pytest.mark.parametrize(
    ("episode", "problem"),
    [
        ({"number": 1, "date": "2026-06-04"}, "next_episode.season: required"),
        ({"season": 1}, "next_episode.date: required"),
        ({"season": 1, "date": "2026-06-04", "airs_at": "2026-06-05T01:00"}, "its offset"),
        ({"season": 1, "date": "2026-06-04", "airs_at": "soon"}, "next_episode.airs_at"),
        ({"season": 1, "date": "2026-06-04", "episode": 2}, "unknown key"),
    ],
)
def test_a_malformed_next_episode_is_refused_naming_the_field(
    episode: dict[str, Any], problem: str
) -> None:
    with pytest.raises(CatalogueError, match=problem):
        parse_catalogue({"shows": [{"title": "X", "next_episode": episode}]}, origin="t")
