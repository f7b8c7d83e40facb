"""TVmaze records become our facts: every recorded shape, every field optional, no false news."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from bot.sources.tvmaze.mapping import (
    MalformedRecord,
    SearchHit,
    StoredFacts,
    choose,
    reconcile_status,
    search_hits,
    show_data,
    show_entry,
    strip_html,
    updates_of,
)
from db.model.shows import CastEntry, EpisodeEntry, LinkEntry, PartialDate
from tests.tvmaze_server import (
    BIG_BANG,
    DOME,
    DOME_CAST,
    DOME_PILOT,
    DOME_SEASONS,
    GOT,
    GOT_EPISODES,
    SCHEDULE,
    SEARCH_GIRLS,
    SEARCH_GIRLS_2026,
    TPT,
    UPDATES,
    as_search_result,
    recorded,
)

TODAY = datetime.date(2026, 6, 1)


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


# --------------------------------------------------------------------------- recorded shows


def test_game_of_thrones_2019_maps_to_an_ended_hbo_show_with_eight_seasons() -> None:
    show = show_entry(recorded(GOT), today=TODAY)
    assert (show.title, show.tvmaze_id, show.imdb_id) == ("Game of Thrones", 82, "tt0944947")
    assert show.status == "ended"
    assert show.platform == "HBO"  # the network, not its HBO Go web channel
    assert show.premiered == datetime.date(2011, 4, 17)
    assert show.show_type == "Scripted"
    assert [season.number for season in show.seasons] == list(range(1, 9))
    last = show.seasons[-1]
    assert (last.release_date, last.episodes) == (day("2019-04-14"), 6)
    assert show.seasons[0].episodes == 10


def test_game_of_thrones_cast_is_actor_and_character() -> None:
    show = show_entry(recorded(GOT), today=TODAY)
    assert len(show.cast) == 42
    assert show.cast[0] == CastEntry(actor="Peter Dinklage", character="Tyrion Lannister")


def test_game_of_thrones_summary_is_plain_text() -> None:
    summary = show_entry(recorded(GOT), today=TODAY).summary
    assert summary is not None
    assert summary.startswith("Based on the bestselling book series A Song of Ice and Fire by")
    assert "<" not in summary
    assert summary.endswith("you either win or you die.")


def test_a_show_keeps_its_record_url_as_a_tvmaze_link() -> None:
    show = show_entry(recorded(GOT), today=TODAY)
    assert show.links == (LinkEntry("TVmaze", "http://www.tvmaze.com/shows/82/game-of-thrones"),)


def test_an_imported_status_is_reported_news_credited_to_tvmaze() -> None:
    (news,) = show_entry(recorded(GOT), today=TODAY).news
    assert (news.kind, news.confidence, news.source) == ("ended", "reported", "TVmaze")
    assert news.source_url == "http://www.tvmaze.com/shows/82/game-of-thrones"
    assert news.date == day("2026-06-01")
    assert "Ended" in news.text


def test_the_big_bang_theory_2018_is_airing_on_cbs() -> None:
    show = show_entry(recorded(BIG_BANG), today=TODAY)
    assert (show.title, show.status, show.platform) == ("The Big Bang Theory", "airing", "CBS")
    assert show.imdb_id == "tt0898266"
    # Without a seasons list, the embedded episodes give each season its run.
    first = show.seasons[0]
    assert (first.number, first.release_date, first.finale) == (
        1,
        day("2007-09-24"),
        datetime.date(2007, 10, 8),
    )
    assert show.next_episode is None  # only a link to it, no date


def test_under_the_dome_2026_with_its_seasons_and_cast_responses() -> None:
    show = show_entry(
        recorded(DOME), today=TODAY, seasons=recorded(DOME_SEASONS), cast=recorded(DOME_CAST)
    )
    assert (show.title, show.status, show.platform) == ("Under the Dome", "ended", "CBS")
    assert show.imdb_id == "tt1553656"
    assert [(season.number, season.release_date, season.episodes) for season in show.seasons] == [
        (1, day("2013-06-24"), 13),
        (2, day("2014-06-30"), 13),
    ]
    assert show.cast[0] == CastEntry(actor="Mike Vogel", character='Dale "Barbie" Barbara')
    assert show.links == (LinkEntry("TVmaze", "https://www.tvmaze.com/shows/1/under-the-dome"),)


def test_the_hand_built_tiny_pretty_things_is_an_ended_netflix_show() -> None:
    show = show_entry(recorded(TPT), today=TODAY)
    assert (show.title, show.status, show.platform) == ("Tiny Pretty Things", "ended", "Netflix")
    assert show.imdb_id is None
    assert [(season.number, season.release_date, season.episodes) for season in show.seasons] == [
        (1, day("2020-12-14"), 10)
    ]
    assert [member.actor for member in show.cast] == [
        "Kylie Jefferson",
        "Casimere Jollette",
        "Daniela Norman",
    ]
    assert show.summary is not None
    assert "Chicago's elite Archer School" in show.summary


def test_every_show_embedded_in_the_schedule_maps() -> None:
    shows = [show_entry(row["show"], today=TODAY) for row in recorded(SCHEDULE)]
    assert shows
    story = shows[0]
    assert (story.title, story.status, story.platform) == (
        "The Story Is with Elex Michaelson",
        "airing",
        "CNN",
    )
    assert story.imdb_id is None  # externals.imdb is null


# --------------------------------------------------------------------------- status


def with_status(name: str, status: str, **changes: Any) -> dict[str, Any]:
    record = recorded(name)
    record["status"] = status
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("tvmaze", "ours"),
    [
        ("Running", "airing"),
        ("To Be Determined", "awaiting"),
        ("Ended", "ended"),
        ("In Development", "in_development"),
        ("Something New", "unknown"),
    ],
)
def test_tvmaze_statuses_in_our_words(tvmaze: str, ours: str) -> None:
    assert show_entry(with_status(DOME, tvmaze), today=TODAY).status == ours


def test_a_missing_status_is_unknown() -> None:
    record = recorded(DOME)
    del record["status"]
    show = show_entry(record, today=TODAY)
    assert show.status == "unknown"
    assert show.news == ()


def test_running_with_a_later_season_still_to_come_is_renewed() -> None:
    seasons = recorded(DOME_SEASONS)
    seasons.append({"number": 3, "episodeOrder": None, "premiereDate": None})
    show = show_entry(with_status(DOME, "Running"), today=TODAY, seasons=seasons)
    assert show.status == "renewed"
    assert show.seasons[-1].number == 3
    assert show.seasons[-1].release_date is None


def test_a_later_season_with_a_future_date_is_renewed_with_that_date() -> None:
    seasons = recorded(DOME_SEASONS)
    seasons.append({"number": 3, "episodeOrder": 10, "premiereDate": "2026-09-01"})
    show = show_entry(with_status(DOME, "To Be Determined"), today=TODAY, seasons=seasons)
    assert show.status == "renewed"
    assert show.seasons[-1].release_date == day("2026-09-01")


def test_running_while_the_latest_season_airs_is_airing() -> None:
    seasons = recorded(DOME_SEASONS)
    seasons[-1]["premiereDate"] = "2026-05-25"
    assert show_entry(with_status(DOME, "Running"), today=TODAY, seasons=seasons).status == "airing"


def test_running_without_a_next_episode_is_never_cancelled_or_ended() -> None:
    record = with_status(BIG_BANG, "Running")
    del record["_links"]["nextepisode"]
    assert show_entry(record, today=TODAY).status == "airing"


@pytest.mark.parametrize("reported", ["ended", "airing", "awaiting"])
def test_tvmaze_never_overwrites_a_curated_cancellation(reported: str) -> None:
    assert reconcile_status(reported, "cancelled") == "unknown"


def test_a_new_season_listed_for_a_cancelled_show_is_still_reported() -> None:
    assert reconcile_status("renewed", "cancelled") == "renewed"


def test_to_be_determined_does_not_undo_a_known_renewal() -> None:
    assert reconcile_status("awaiting", "renewed") == "unknown"


def test_ended_replaces_airing() -> None:
    assert reconcile_status("ended", "airing") == "ended"


def test_a_poll_of_the_cancelled_tiny_pretty_things_leaves_its_status_alone() -> None:
    stored = StoredFacts(title="Tiny Pretty Things", status="cancelled")
    assert show_entry(recorded(TPT), today=TODAY, stored=stored).status == "unknown"


# --------------------------------------------------------------------------- polls


def test_a_poll_gives_only_news_facts_and_never_overwrites_curated_ones() -> None:
    stored = StoredFacts(
        title="Our Game of Thrones",
        status="airing",
        links=(LinkEntry("HBO", "https://www.hbo.com/game-of-thrones"),),
    )
    data = show_data(recorded(GOT), today=TODAY, stored=stored)
    assert set(data) == {"title", "tvmaze_id", "status", "links", "tvmaze_updated"}
    assert data["tvmaze_updated"] == recorded(GOT)["updated"]
    assert data["title"] == "Our Game of Thrones"
    assert data["status"] == "ended"
    assert data["links"] == [
        {"label": "HBO", "url": "https://www.hbo.com/game-of-thrones"},
        {"label": "TVmaze", "url": "http://www.tvmaze.com/shows/82/game-of-thrones"},
    ]


def test_a_poll_gives_seasons_to_come_not_history() -> None:
    seasons = recorded(DOME_SEASONS)
    seasons += [
        {"number": 3, "episodeOrder": 13, "premiereDate": "2026-05-31"},
        {"number": 4, "episodeOrder": None, "premiereDate": "2026-09-01"},
        {"number": 5, "episodeOrder": None, "premiereDate": None},
    ]
    stored = StoredFacts(title="Under the Dome", status="airing")
    data = show_data(with_status(DOME, "Running"), today=TODAY, seasons=seasons, stored=stored)
    assert data["seasons"] == [
        {"number": 3, "release_date": "2026-05-31", "episodes": 13},  # out yesterday
        {"number": 4, "release_date": "2026-09-01"},
        {"number": 5},
    ]
    assert data["status"] == "renewed"


def test_a_dateless_season_before_the_latest_one_out_is_a_gap_not_news() -> None:
    seasons = [{"number": 1, "premiereDate": None}, {"number": 2, "premiereDate": "2020-01-01"}]
    stored = StoredFacts(title="Under the Dome", status="ended")
    assert "seasons" not in show_data(recorded(DOME), today=TODAY, seasons=seasons, stored=stored)


def test_a_poll_leaves_links_out_when_the_tvmaze_link_is_already_stored() -> None:
    link = LinkEntry("TVmaze", "http://www.tvmaze.com/shows/82/game-of-thrones")
    stored = StoredFacts(title="Game of Thrones", status="ended", links=(link,))
    assert "links" not in show_data(recorded(GOT), today=TODAY, stored=stored)


# --------------------------------------------------------------------------- next episode


def with_next_episode(episode: dict[str, Any], status: str = "Running") -> dict[str, Any]:
    record = with_status(DOME, status)
    record["_embedded"] = {"nextepisode": episode}
    return record


def test_a_scheduled_first_episode_dates_its_season_with_the_air_time_kept() -> None:
    show = show_entry(with_next_episode(recorded(DOME_PILOT)), today=datetime.date(2013, 6, 1))
    assert show.seasons[0].release_date == day("2013-06-24")
    assert show.next_episode == EpisodeEntry(
        season=1,
        number=1,
        name="Pilot",
        date=datetime.date(2013, 6, 24),
        airs_at=datetime.datetime(2013, 6, 25, 2, tzinfo=datetime.UTC),
    )
    assert "next_episode" not in show.extra


def test_a_streamers_next_episode_keeps_only_its_date() -> None:
    episode = recorded(DOME_PILOT)
    episode.update(airtime="", airstamp="2013-06-24T12:00:00+00:00")
    show = show_entry(with_next_episode(episode), today=datetime.date(2013, 6, 1))
    assert show.next_episode is not None
    assert show.next_episode.date == datetime.date(2013, 6, 24)
    assert show.next_episode.airs_at is None


def test_a_first_episode_of_a_new_season_announces_that_season() -> None:
    episode = recorded(DOME_PILOT)
    episode.update(season=3, airdate="2026-09-01")
    show = show_entry(with_next_episode(episode), today=TODAY, seasons=recorded(DOME_SEASONS))
    assert show.seasons[-1].number == 3
    assert show.seasons[-1].release_date == day("2026-09-01")
    assert show.status == "renewed"


def test_a_special_as_next_episode_dates_no_season() -> None:
    special = next(row for row in recorded(GOT_EPISODES) if row["number"] is None)
    show = show_entry(with_next_episode(special), today=datetime.date(2010, 11, 1))
    assert show.seasons == ()
    assert show.next_episode is not None
    assert show.next_episode.number is None


# --------------------------------------------------------------------------- robustness


def test_wrongly_typed_fields_are_left_out_not_fatal() -> None:
    record = recorded(GOT)
    record.update(
        genres="Drama",
        network="HBO",
        webChannel=None,
        premiered="2011/04/17",
        externals={"imdb": "nm0000001"},
        summary=42,
        url="javascript:alert(1)",
    )
    record["_embedded"]["seasons"] = {"number": 1}
    record["_embedded"]["cast"] = [None, {"person": {"name": 7}}, {"person": {}}]
    show = show_entry(record, today=TODAY)
    assert show.title == "Game of Thrones"
    assert (show.genres, show.platform, show.premiered, show.imdb_id) == ((), None, None, None)
    assert (show.summary, show.links, show.seasons, show.cast) == (None, (), (), ())


def test_season_numbers_that_make_no_sense_are_skipped() -> None:
    seasons = [
        {"number": 0},
        {"number": "2"},
        {"number": True},
        {"number": 1, "episodeOrder": -3, "premiereDate": "2013-02-30"},
        {"number": 1, "episodeOrder": 99},
    ]
    show = show_entry(recorded(DOME), today=TODAY, seasons=seasons)
    assert [(season.number, season.episodes, season.release_date) for season in show.seasons] == [
        (1, None, None)
    ]


def test_control_characters_and_overlong_names_are_tidied() -> None:
    record = recorded(DOME)
    record["name"] = "Under\x00the\u0085Dome " + "x" * 300
    show = show_entry(record, today=TODAY)
    assert show.title.startswith("Under the Dome x")
    assert len(show.title) <= 200


@pytest.mark.parametrize(
    "record",
    [[], "Under the Dome", None, {"name": "No id"}, {"id": 1}, {"id": "1", "name": "x"}],
    ids=["list", "string", "null", "no id", "no name", "text id"],
)
def test_a_record_without_an_id_and_a_name_is_malformed(record: object) -> None:
    with pytest.raises(MalformedRecord):
        show_entry(record, today=TODAY)


def test_strip_html_keeps_paragraphs_and_decodes_entities() -> None:
    html = "<p><b>A</b> &amp; B<br>C&#39;s</p>\n<p>  D  </p><script>x</script>"
    assert strip_html(html) == "A & B\nC's\nD\nx"


def test_strip_html_of_nothing_is_none() -> None:
    assert strip_html("<p></p>") is None
    assert strip_html(None) is None


# --------------------------------------------------------------------------- lists


def test_the_updates_map_is_show_id_to_unix_seconds() -> None:
    assert updates_of(recorded(UPDATES)) == {
        81: 1780096192,
        240: 1780096286,
        279: 1780134751,
        289: 1780109768,
        675: 1780088592,
    }


def test_odd_entries_of_the_updates_map_are_skipped() -> None:
    assert updates_of({"1": 5, "x": 6, "2": "7", "3": None, "4": True}) == {1: 5}


@pytest.mark.parametrize("data", [[], "x", None])
def test_an_updates_map_that_is_not_an_object_is_malformed(data: object) -> None:
    with pytest.raises(MalformedRecord):
        updates_of(data)


def test_search_2019_lists_ten_hits_with_year_and_platform() -> None:
    hits = search_hits(recorded(SEARCH_GIRLS))
    assert len(hits) == 10
    assert hits[0] == SearchHit(139, "Girls", 2012, "HBO")
    assert SearchHit(32087, "Chicken Girls", 2017, "Brat") in hits  # a web channel
    assert SearchHit(41734, "GIRLS", None, "UBS") in hits  # no premiere on record then


def test_search_2026_has_the_same_shape_with_new_scores() -> None:
    assert search_hits(recorded(SEARCH_GIRLS_2026)) == [
        SearchHit(139, "Girls", 2012, "HBO"),
        SearchHit(41734, "GIRLS", 2018, "UBS"),
    ]


def test_two_shows_with_the_searched_title_are_a_question() -> None:
    choice = choose("girls", search_hits(recorded(SEARCH_GIRLS_2026)))
    assert choice.show is None
    assert [hit.label for hit in choice.suggestions] == ["Girls (2012, HBO)", "GIRLS (2018, UBS)"]


def test_one_show_with_the_searched_title_is_the_answer() -> None:
    hits = search_hits(as_search_result(recorded(GOT)))
    assert choose("Game of Thrones", hits).show == hits[0]


def test_a_close_typo_of_the_only_match_is_the_answer() -> None:
    hits = search_hits(as_search_result(recorded(GOT)))
    assert choose("game of throne", hits).show == hits[0]


def test_nothing_like_the_title_is_no_answer() -> None:
    choice = choose("zzzz qqqq", search_hits(recorded(SEARCH_GIRLS)))
    assert (choice.show, choice.suggestions) == (None, ())
