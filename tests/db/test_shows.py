"""The catalogue repository against a real SQLite file."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from benchmarks.catalogue_generator import catalogue_json, generate
from db.catalogue_rows import ShowRows, entry_of, rows_of_entry, rows_of_shows
from db.connection import Database
from db.model.catalogue_format import CatalogueError, dump_catalogue
from db.model.shows import (
    Catalogue,
    LinkEntry,
    NewsEntry,
    PartialDate,
    SeasonEntry,
    ShowEntry,
)
from db.shows import IMPORT_BATCH, ShowRepository, shipped_catalogue


@pytest.fixture
def seed() -> Catalogue:
    # The shipped catalogue's first show: these tests read one show back.
    return Catalogue(shows=shipped_catalogue().shows[:1])


async def test_an_imported_show_reads_back_exactly(database: Database, seed: Catalogue) -> None:
    repository = ShowRepository(database)
    _, (show_id,) = await repository.import_catalogue(seed)
    stored = await repository.get(show_id)
    assert stored is not None
    assert stored.entry == seed.shows[0]


async def test_import_counts_what_it_wrote(database: Database, seed: Catalogue) -> None:
    counts, _ = await ShowRepository(database).import_catalogue(seed)
    assert (counts.added, counts.updated, counts.seasons, counts.cast) == (1, 0, 1, 12)
    assert counts.news_added == 3
    assert counts.recap_points >= 8


async def test_importing_again_updates_in_place_and_keeps_news_once(
    database: Database, seed: Catalogue
) -> None:
    repository = ShowRepository(database)
    await repository.import_catalogue(seed)
    counts, _ = await repository.import_catalogue(seed)
    assert (counts.added, counts.updated, counts.news_added) == (0, 1, 0)
    assert await repository.count() == 1


async def test_news_already_stored_is_kept_when_a_file_omits_it(
    database: Database, seed: Catalogue
) -> None:
    repository = ShowRepository(database)
    _, (show_id,) = await repository.import_catalogue(seed)
    trimmed = Catalogue(
        shows=(ShowEntry(title=seed.shows[0].title, premiered=seed.shows[0].premiered),)
    )
    await repository.import_catalogue(trimmed)
    stored = await repository.get(show_id)
    assert stored is not None
    assert len(stored.entry.news) == 3


async def test_a_show_is_matched_by_tvmaze_id_before_title(database: Database) -> None:
    repository = ShowRepository(database)
    await repository.import_catalogue(Catalogue(shows=(ShowEntry(title="Old Name", tvmaze_id=7),)))
    counts, _ = await repository.import_catalogue(
        Catalogue(shows=(ShowEntry(title="New Name", tvmaze_id=7),))
    )
    assert counts.updated == 1
    assert [title.title for title in await repository.titles()] == ["New Name"]


async def test_remakes_with_the_same_title_stay_separate_shows(database: Database) -> None:
    repository = ShowRepository(database)
    remakes = Catalogue(
        shows=(
            ShowEntry(title="Doctor Who", premiered=datetime.date(1963, 11, 23)),
            ShowEntry(title="Doctor Who", premiered=datetime.date(2005, 3, 26)),
        )
    )
    counts, _ = await repository.import_catalogue(remakes)
    assert counts.added == 2
    assert sorted(title.year for title in await repository.titles()) == [1963, 2005]


async def test_an_import_that_conflicts_changes_nothing(database: Database) -> None:
    repository = ShowRepository(database)
    stored = Catalogue(
        shows=(ShowEntry(title="A", tvmaze_id=1), ShowEntry(title="B", imdb_id="tt0000002"))
    )
    await repository.import_catalogue(stored)
    # Matched to A by its TVmaze id, it would take B's IMDb id: the whole file is refused.
    clash = Catalogue(
        shows=(
            ShowEntry(title="New"),
            ShowEntry(title="A renamed", tvmaze_id=1, imdb_id="tt0000002"),
        )
    )
    with pytest.raises(CatalogueError, match="show 2 'A renamed'"):
        await repository.import_catalogue(clash)
    assert sorted(title.title for title in await repository.titles()) == ["A", "B"]


async def test_titles_carry_year_platform_and_aliases(database: Database, seed: Catalogue) -> None:
    repository = ShowRepository(database)
    await repository.import_catalogue(seed)
    (title,) = await repository.titles()
    assert (title.title, title.year, title.platform) == ("Tiny Pretty Things", 2020, "Netflix")
    assert "tpt" in title.aliases


async def test_seeding_is_recorded_with_the_import(database: Database, seed: Catalogue) -> None:
    repository = ShowRepository(database)
    assert not await repository.is_seeded()
    await repository.import_catalogue(seed, seeding=True)
    assert await repository.is_seeded()


async def test_news_reads_back_oldest_first(database: Database) -> None:
    repository = ShowRepository(database)
    events = (
        NewsEntry(PartialDate.parse("2021-11"), "cancelled", "late", "reported"),
        NewsEntry(PartialDate.parse("2020-12"), "note", "early", "speculation"),
    )
    _, (show_id,) = await repository.import_catalogue(
        Catalogue(shows=(ShowEntry(title="X", news=events),))
    )
    stored = await repository.get(show_id)
    assert stored is not None
    assert [event.text for event in stored.entry.news] == ["early", "late"]


async def test_an_export_imported_into_an_empty_database_exports_the_same(
    database: Database, seed: Catalogue, tmp_path: Path
) -> None:
    await ShowRepository(database).import_catalogue(seed)
    exported = await ShowRepository(database).export()
    empty = await Database.open(tmp_path / "empty.sqlite3")
    try:
        await ShowRepository(empty).import_catalogue(exported)
        assert dump_catalogue(await ShowRepository(empty).export()) == dump_catalogue(exported)
    finally:
        await empty.close()


async def test_tracked_by_tvmaze_lists_only_shows_with_a_tvmaze_id(database: Database) -> None:
    repository = ShowRepository(database)
    await repository.import_catalogue(
        Catalogue(
            shows=(
                ShowEntry(title="Tracked", status="airing", tvmaze_id=42, extra={"marker": 7}),
                ShowEntry(title="Curated only"),
            )
        )
    )
    (tracked,) = await repository.tracked_by_tvmaze()
    assert (tracked.tvmaze_id, tracked.title, tracked.status) == (42, "Tracked", "airing")
    assert tracked.extra == {"marker": 7}


DEADLINE = LinkEntry("Deadline", "https://deadline.example/renewed")
VARIETY = LinkEntry("Variety", "https://variety.example/renewed")


def renewal(*also: LinkEntry) -> NewsEntry:
    return NewsEntry(
        PartialDate(2026, 5, 1), "renewed", "Renewed for a third season.", "confirmed", also=also
    )


async def test_a_final_season_reads_back_as_imported(database: Database) -> None:
    repository = ShowRepository(database)
    show = ShowEntry(title="Last Call", status="renewed", final_season=3)
    _, (show_id,) = await repository.import_catalogue(Catalogue(shows=(show,)))
    stored = await repository.get(show_id)
    assert stored is not None
    assert stored.entry.final_season == 3


async def test_news_reads_back_with_its_other_outlets_in_the_order_given(
    database: Database,
) -> None:
    repository = ShowRepository(database)
    show = ShowEntry(title="Last Call", news=(renewal(VARIETY, DEADLINE),))
    _, (show_id,) = await repository.import_catalogue(Catalogue(shows=(show,)))
    stored = await repository.get(show_id)
    assert stored is not None
    assert stored.entry.news[0].also == (VARIETY, DEADLINE)


async def test_importing_again_adds_the_outlets_a_stored_event_lacked_once(
    database: Database,
) -> None:
    repository = ShowRepository(database)
    first = ShowEntry(title="Last Call", news=(renewal(DEADLINE),))
    _, (show_id,) = await repository.import_catalogue(Catalogue(shows=(first,)))
    again = ShowEntry(title="Last Call", news=(renewal(DEADLINE, VARIETY),))
    counts, _ = await repository.import_catalogue(Catalogue(shows=(again,)))
    stored = await repository.get(show_id)
    assert stored is not None
    assert counts.news_added == 0
    assert stored.entry.news == (renewal(DEADLINE, VARIETY),)


async def test_a_final_season_and_other_outlets_survive_export_and_import(
    database: Database, tmp_path: Path
) -> None:
    show = ShowEntry(title="Last Call", final_season=3, news=(renewal(DEADLINE, VARIETY),))
    await ShowRepository(database).import_catalogue(Catalogue(shows=(show,)))
    exported = await ShowRepository(database).export()
    empty = await Database.open(tmp_path / "empty.sqlite3")
    try:
        await ShowRepository(empty).import_catalogue(exported)
        assert exported.shows == (show,)
        assert dump_catalogue(await ShowRepository(empty).export()) == dump_catalogue(exported)
    finally:
        await empty.close()


# --- what is coming: the first items of a window, and its totals --------------------------

START = datetime.date(2027, 3, 1)
END = datetime.date(2027, 3, 31)


def dated_show(number: int, date: PartialDate, platform: str = "Netflix") -> ShowEntry:
    return ShowEntry(
        title=f"Show {number:03}",
        platform=platform,
        status="renewed",
        seasons=(SeasonEntry(number=1, release_date=date),),
    )


async def test_a_crowded_window_gives_its_first_items_soonest_first_and_counts_them_all(
    database: Database,
) -> None:
    repository = ShowRepository(database)
    shows = [dated_show(n, PartialDate(2027, 3, 1 + n % 28)) for n in range(60)]
    shows.append(dated_show(99, PartialDate(2027, 4, 2)))  # after the window
    await repository.import_catalogue(Catalogue(shows=tuple(shows)))

    window = await repository.coming_first(START, END, limit=10)

    assert window.dated_total == 60
    days = sorted(item.date.exact for item in window.items if item.date.exact)
    assert len(days) == 10
    assert days[-1] <= datetime.date(2027, 3, 4), "the soonest ten"


async def test_a_platform_narrows_the_window_and_its_count(database: Database) -> None:
    repository = ShowRepository(database)
    shows = [dated_show(n, PartialDate(2027, 3, 10), "Netflix") for n in range(5)]
    shows += [dated_show(10 + n, PartialDate(2027, 3, 11), "Apple TV+") for n in range(3)]
    await repository.import_catalogue(Catalogue(shows=tuple(shows)))

    window = await repository.coming_first(START, END, platform="apple  tv", limit=10)

    assert window.dated_total == 3
    assert {item.platform for item in window.items} == {"Apple TV+"}


async def test_loose_dates_are_counted_when_they_touch_the_window(database: Database) -> None:
    repository = ShowRepository(database)
    shows = (
        dated_show(1, PartialDate.parse("2027", "early")),  # January to April: touches March
        dated_show(2, PartialDate.parse("2027", "late")),  # September on: does not
        dated_show(3, PartialDate.parse("2027-03", "month")),
        dated_show(4, PartialDate.parse("2026", "year")),
    )
    await repository.import_catalogue(Catalogue(shows=shows))

    window = await repository.coming_first(START, END, limit=10, loose_limit=1)

    assert window.loose_total == 2
    assert window.dated_total == 0
    assert len(window.items) == 1


async def test_followed_shows_are_given_however_far_in_the_window(database: Database) -> None:
    repository = ShowRepository(database)
    shows = [dated_show(n, PartialDate(2027, 3, 2)) for n in range(20)]
    shows.append(dated_show(50, PartialDate(2027, 3, 30)))
    _, ids = await repository.import_catalogue(Catalogue(shows=tuple(shows)))

    window = await repository.coming_first(START, END, limit=5, followed=frozenset({ids[-1]}))

    assert ids[-1] in {item.show_id for item in window.items}
    assert window.dated_total == 21


async def test_a_platform_a_show_moves_to_is_matched_from_then_on(database: Database) -> None:
    repository = ShowRepository(database)
    show = dated_show(1, PartialDate(2027, 3, 10), "Starz")
    await repository.import_catalogue(Catalogue(shows=(show,)))
    assert await repository.platforms_matching("peacock") == ()

    moved = ShowEntry(title=show.title, platform="Peacock", status="renewed", seasons=show.seasons)
    await repository.import_catalogue(Catalogue(shows=(moved,)))

    assert await repository.platforms_matching("peacock") == ("Peacock",)
    window = await repository.coming_first(START, END, platform="peacock", limit=10)
    assert window.dated_total == 1


def generated(count: int) -> list[ShowRows]:
    return list(rows_of_shows(catalogue_json(generate(count))["shows"], "generated"))


async def schema_of(database: Database) -> list[tuple[str, str]]:
    """Every table, index and trigger with its definition."""
    if database.dialect == "sqlite":
        query = "SELECT name, sql FROM sqlite_master ORDER BY name"
    else:
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "UNION ALL SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE NOT tgisinternal ORDER BY 1"
        )
    rows = await database.fetch_all(query)
    return [(row[0], row[1]) for row in rows]


async def test_a_bulk_import_reads_back_as_the_file_gave_it(database: Database) -> None:
    repository = ShowRepository(database)
    shows = generated(60)
    counts, ids = await repository.import_rows(shows, bulk=True)
    assert counts.added == 60
    for show_id, show in zip(ids, shows, strict=True):
        stored = await repository.get(show_id)
        assert stored is not None
        assert stored.entry == entry_of(show)
    by_title = await repository.ids_titled(shows[7].title)
    assert ids[7] in by_title


async def test_a_bulk_import_moves_the_version_and_lists_every_show(database: Database) -> None:
    repository = ShowRepository(database)
    await repository.import_catalogue(Catalogue(shows=(ShowEntry(title="Before"),)))
    before = await repository.catalogue_version()
    _, ids = await repository.import_rows(generated(30), bulk=True)
    assert await repository.catalogue_version() > before
    assert await repository.titles_changed_since(before, limit=100) == sorted(ids)


async def test_a_bulk_import_adds_its_platforms(database: Database) -> None:
    repository = ShowRepository(database)
    shows = [
        rows_of_entry(ShowEntry(title="One", platform="Quibi")),
        rows_of_entry(ShowEntry(title="Two")),
    ]
    await repository.import_rows(shows, bulk=True)
    assert await repository.platforms_matching("quibi") == ("Quibi",)


async def test_a_bulk_import_leaves_the_schema_as_it_found_it(database: Database) -> None:
    before = await schema_of(database)
    await ShowRepository(database).import_rows(generated(20), bulk=True)
    assert await schema_of(database) == before


async def test_a_refused_bulk_import_changes_nothing(database: Database) -> None:
    repository = ShowRepository(database)
    await repository.import_catalogue(Catalogue(shows=(ShowEntry(title="Kept"),)))
    version = await repository.catalogue_version()
    schema = await schema_of(database)
    raw = catalogue_json(generate(700))["shows"]
    raw[650]["status"] = "maybe"  # in the second batch, after the first went in
    with pytest.raises(CatalogueError, match=r"show 651 .*: status"):
        await repository.import_rows(rows_of_shows(raw, "bad.json"), bulk=True)
    assert [title.title for title in await repository.titles()] == ["Kept"]
    assert await repository.catalogue_version() == version
    assert await schema_of(database) == schema


async def test_a_bulk_import_that_meets_a_stored_show_updates_it(database: Database) -> None:
    repository = ShowRepository(database)
    _, (stored_id,) = await repository.import_catalogue(
        Catalogue(shows=(ShowEntry(title="Old Name", tvmaze_id=99),))
    )
    shows = [
        *generated(IMPORT_BATCH + 10),
        rows_of_entry(ShowEntry(title="New Name", tvmaze_id=99)),
        rows_of_entry(ShowEntry(title="After It")),
    ]
    counts, _ = await repository.import_rows(shows, bulk=True)
    assert (counts.added, counts.updated) == (IMPORT_BATCH + 11, 1)
    stored = await repository.get(stored_id)
    assert stored is not None
    assert stored.title == "New Name"
    assert await repository.ids_titled("after it")
    assert stored_id in await repository.ids_titled("new name")
