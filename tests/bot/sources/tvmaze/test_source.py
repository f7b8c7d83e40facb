"""The TVmaze source: polls cost 1 + changed shows, fail whole, and look titles up on demand."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.catalogue.service import CatalogueService
from bot.errors import AmbiguousTitle, ShowNotFound
from bot.news.pipeline import NewsService
from bot.settings import NewsSource, SettingsError
from bot.sources.base import Snapshot, SourceError
from bot.sources.configured import build_source
from bot.sources.tvmaze.client import RateLimiter, TVmazeClient
from bot.sources.tvmaze.mapping import StoredFacts
from bot.sources.tvmaze.source import (
    DatabaseStateStore,
    StateStore,
    Tracked,
    TVmazeSource,
    tracked_from,
    window_for,
)
from db.connection import Database
from db.meta import MetaRepository
from db.model.shows import Catalogue
from tests.crashes import ProcessKilled, killed_at_news_record
from tests.tvmaze_server import (
    BIG_BANG,
    DOME,
    DOME_SEASONS,
    GOT,
    SCHEDULE,
    SEARCH_GIRLS_2026,
    TPT,
    UPDATES,
    FakeTime,
    FakeTVmaze,
    Reply,
    as_search_result,
    recorded,
)

# 2026-05-30 12:00 UTC, the day the recorded /updates map was taken.
NOW = 1_780_142_400.0
DAY = 86_400.0
STORY_ID = 87855  # the show embedded in the recorded schedule


def records() -> dict[int, dict[str, Any]]:
    """Five recorded shows, by TVmaze id: both old shapes, the new one, and the hand-built."""
    return {
        1: recorded(DOME),
        66: recorded(BIG_BANG),
        82: recorded(GOT),
        990001: recorded(TPT),
        STORY_ID: recorded(SCHEDULE)[0]["show"],
    }


def facts(record: dict[str, Any], status: str = "airing") -> StoredFacts:
    """A stored show never yet taken from TVmaze: no marker."""
    return StoredFacts(title=record["name"], status=status)


class Stored:
    """The catalogue's side as NewsService keeps it: applying a snapshot stores its markers."""

    def __init__(self, shows: dict[int, StoredFacts]) -> None:
        self.shows = shows

    async def __call__(self) -> dict[int, StoredFacts]:
        return dict(self.shows)

    def apply(self, snapshot: Snapshot, only: set[int] | None = None) -> None:
        for show in snapshot.shows:
            assert show.tvmaze_id is not None
            if only is None or show.tvmaze_id in only:
                old = self.shows[show.tvmaze_id]
                self.shows[show.tvmaze_id] = dataclasses.replace(old, extra=dict(show.extra))


@pytest.fixture
def tvmaze(tvmaze: FakeTVmaze) -> FakeTVmaze:
    """The local TVmaze serving the recorded shows and their /updates map."""
    for show_id, record in records().items():
        tvmaze.serve(f"/shows/{show_id}", record)
    tvmaze.serve("/updates/shows", recorded(UPDATES))
    return tvmaze


@pytest.fixture
def time() -> FakeTime:
    return FakeTime(NOW)


def make_source(
    server: FakeTVmaze, time: FakeTime, tracked: Tracked, state: StateStore | None = None
) -> TVmazeSource:
    client = TVmazeClient(
        server.url,
        limiter=RateLimiter(clock=time.clock, sleep=time.sleep),
        sleep=time.sleep,
        jitter=lambda: 1.0,
        timeout=aiohttp.ClientTimeout(total=0.2),
    )
    return TVmazeSource(client, tracked, state=state, now=time.clock)


@pytest.fixture
def stored() -> Stored:
    return Stored({show_id: facts(record) for show_id, record in records().items()})


@pytest.fixture
async def source(tvmaze: FakeTVmaze, time: FakeTime, stored: Stored) -> AsyncIterator[TVmazeSource]:
    made = make_source(tvmaze, time, stored)
    yield made
    await made.close()


async def poll(source: TVmazeSource, stored: Stored, only: set[int] | None = None) -> Snapshot:
    """Fetch, and store what came back (or `only` some of it, as a poll that died midway)."""
    snapshot = await source.fetch()
    stored.apply(snapshot, only)
    return snapshot


def change(server: FakeTVmaze, *show_ids: int, record: dict[str, Any] | None = None) -> None:
    """Those shows changed on TVmaze a minute later (into `record`, or as recorded): a newer
    record, and the /updates map saying so."""
    updates = recorded(UPDATES)
    for show_id in show_ids:
        newer = dict(record or records()[show_id])
        newer["updated"] = records()[show_id]["updated"] + 60
        server.serve(f"/shows/{show_id}", newer)
        updates[str(show_id)] = newer["updated"]
    server.serve("/updates/shows", updates)


# --------------------------------------------------------------------------- polling


async def test_the_first_poll_refreshes_every_tracked_show_once(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored
) -> None:
    snapshot = await poll(source, stored)
    assert sorted(tvmaze.paths()) == sorted(f"/shows/{show_id}" for show_id in records())
    assert snapshot.requests == 5
    assert {show.tvmaze_id for show in snapshot.shows} == set(records())


async def test_each_show_carries_the_update_time_it_was_built_from(
    source: TVmazeSource, stored: Stored
) -> None:
    snapshot = await poll(source, stored)
    got = next(show for show in snapshot.shows if show.tvmaze_id == 82)
    assert got.extra["tvmaze_updated"] == recorded(GOT)["updated"]


async def test_a_poll_asks_for_updates_once_and_refetches_only_changed_shows(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    tvmaze.requests.clear()
    change(tvmaze, 82, 990001)
    time.now += 1800

    snapshot = await poll(source, stored)

    # N = 5 tracked, k = 2 changed: 1 + k requests.
    assert snapshot.requests == 3
    assert tvmaze.requests[0] == "/updates/shows?since=day"
    assert tvmaze.paths()[1:] == ["/shows/82", "/shows/990001"]
    assert [show.tvmaze_id for show in snapshot.shows] == [82, 990001]


async def test_a_poll_with_nothing_changed_costs_one_request(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    tvmaze.requests.clear()
    time.now += 1800
    snapshot = await poll(source, stored)
    assert snapshot.requests == 1
    assert snapshot.shows == ()
    assert tvmaze.paths() == ["/updates/shows"]


async def test_a_show_changed_on_tvmaze_is_fetched_once_not_every_poll(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    change(tvmaze, 82)
    time.now += 1800
    assert (await poll(source, stored)).requests == 2
    time.now += 1800
    assert (await poll(source, stored)).requests == 1


@pytest.mark.parametrize(
    ("gap_days", "window"), [(0.5, "day"), (3, "week"), (20, "month"), (40, None)]
)
def test_the_updates_window_covers_the_gap_and_the_hour_of_caching(
    gap_days: float, window: str | None
) -> None:
    assert window_for(gap_days * DAY) == window


def test_a_gap_just_under_a_day_needs_a_week_for_the_cached_hour() -> None:
    assert window_for(DAY - 1800) == "week"


async def test_after_three_days_away_the_poll_asks_for_the_week(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    tvmaze.requests.clear()
    time.now += 3 * DAY
    await poll(source, stored)
    assert tvmaze.requests == ["/updates/shows?since=week"]


async def test_after_more_than_a_month_away_every_show_is_refreshed(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    tvmaze.requests.clear()
    time.now += 40 * DAY
    assert (await poll(source, stored)).requests == 5
    assert "/updates/shows" not in tvmaze.paths()


async def test_a_full_refresh_is_paced_within_the_rate_limit(
    tvmaze: FakeTVmaze, time: FakeTime
) -> None:
    shows = {}
    for show_id in range(1000, 1040):
        record = dict(recorded(DOME), id=show_id)
        tvmaze.serve(f"/shows/{show_id}", record)
        shows[show_id] = facts(record)
    source = make_source(tvmaze, time, Stored(shows))
    try:
        snapshot = await source.fetch()
    finally:
        await source.close()
    assert snapshot.requests == 40
    assert time.waits == [10.0, 10.0]  # 18 at once, then 18 per 10 s


async def test_a_restart_reads_the_updates_on_from_where_it_was(
    tvmaze: FakeTVmaze, time: FakeTime, stored: Stored, database: Database
) -> None:
    state = DatabaseStateStore(MetaRepository(database))
    first = make_source(tvmaze, time, stored, state)
    await poll(first, stored)
    await first.close()
    tvmaze.requests.clear()
    time.now += 1800

    restarted = make_source(tvmaze, time, stored, state)
    try:
        snapshot = await poll(restarted, stored)
    finally:
        await restarted.close()
    assert snapshot.requests == 1
    assert tvmaze.requests == ["/updates/shows?since=day"]
    assert json.loads(await state.load() or "{}")["covered_since"] == NOW


async def test_another_process_polling_next_reads_on_from_where_the_last_poll_got_to(
    tvmaze: FakeTVmaze, time: FakeTime, stored: Stored, database: Database
) -> None:
    polled_before = make_source(tvmaze, time, stored, DatabaseStateStore(MetaRepository(database)))
    taking_over = make_source(tvmaze, time, stored, DatabaseStateStore(MetaRepository(database)))
    try:
        await poll(polled_before, stored)
        tvmaze.requests.clear()
        time.now += 1800

        snapshot = await poll(taking_over, stored)
    finally:
        await polled_before.close()
        await taking_over.close()
    assert snapshot.requests == 1
    assert tvmaze.requests == ["/updates/shows?since=day"]


async def test_an_unreadable_poll_state_means_one_full_refresh(
    tvmaze: FakeTVmaze, time: FakeTime, database: Database
) -> None:
    meta = MetaRepository(database)
    await meta.put(DatabaseStateStore.KEY, "{not json")
    source = make_source(tvmaze, time, Stored({82: facts(recorded(GOT))}), DatabaseStateStore(meta))
    try:
        assert (await source.fetch()).requests == 1
        assert tvmaze.paths() == ["/shows/82"]
    finally:
        await source.close()


async def test_a_show_newly_tracked_is_fetched_though_tvmaze_did_not_change_it(
    tvmaze: FakeTVmaze, time: FakeTime
) -> None:
    stored = Stored({82: facts(recorded(GOT))})
    source = make_source(tvmaze, time, stored)
    try:
        await poll(source, stored)
        stored.shows[1] = facts(recorded(DOME))
        tvmaze.requests.clear()
        time.now += 1800
        snapshot = await poll(source, stored)
    finally:
        await source.close()
    assert tvmaze.paths() == ["/updates/shows", "/shows/1"]
    assert [show.tvmaze_id for show in snapshot.shows] == [1]


async def test_no_tracked_shows_no_requests(tvmaze: FakeTVmaze, time: FakeTime) -> None:
    source = make_source(tvmaze, time, Stored({}))
    try:
        snapshot = await source.fetch()
    finally:
        await source.close()
    assert (snapshot.shows, snapshot.requests, tvmaze.requests) == ((), 0, [])


async def test_a_show_gone_from_tvmaze_is_skipped_and_not_asked_again(
    tvmaze: FakeTVmaze, time: FakeTime
) -> None:
    stored = Stored({404404: StoredFacts(title="Gone"), 82: facts(recorded(GOT))})
    source = make_source(tvmaze, time, stored)
    try:
        assert [show.tvmaze_id for show in (await poll(source, stored)).shows] == [82]
        tvmaze.requests.clear()
        time.now += 1800
        assert (await poll(source, stored)).requests == 1
    finally:
        await source.close()


async def test_retries_count_as_requests(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    time.now += 1800
    tvmaze.then("/updates/shows", Reply(status=429, headers={"Retry-After": "2"}))
    assert (await poll(source, stored)).requests == 2


# --------------------------------------------------------------------------- failures


FAILURES = {
    "500": Reply(status=500),
    "429 for an hour": Reply(status=429, headers={"Retry-After": "3600"}),
    "timeout": Reply(recorded(GOT), delay=5.0),
    "malformed JSON": Reply(raw=b'{"id": 82, "name": "Game of'),
    "not a show": Reply(["a list, not a show"]),
}


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
async def test_a_failed_show_fails_the_whole_poll(
    tvmaze: FakeTVmaze, source: TVmazeSource, failure: Reply
) -> None:
    tvmaze.then("/shows/82", *[failure] * 4)
    with pytest.raises(SourceError):
        await source.fetch()


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
async def test_failed_updates_fail_the_poll(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime, failure: Reply
) -> None:
    await poll(source, stored)
    time.now += 1800
    tvmaze.then("/updates/shows", *[failure] * 4)
    with pytest.raises(SourceError):
        await source.fetch()


async def test_updates_that_are_gone_fail_the_poll(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    time.now += 1800
    tvmaze.then("/updates/shows", Reply(status=404))
    with pytest.raises(SourceError, match="not found"):
        await source.fetch()


async def test_after_a_failed_poll_the_next_asks_for_the_same_shows_again(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    change(tvmaze, 82, 990001)
    time.now += 1800
    tvmaze.then("/shows/990001", *[Reply(status=500)] * 4)
    with pytest.raises(SourceError):
        await poll(source, stored)
    time.now += 1800
    snapshot = await poll(source, stored)
    assert [show.tvmaze_id for show in snapshot.shows] == [82, 990001]


async def test_after_a_poll_that_died_midway_only_the_rest_is_fetched_again(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)
    change(tvmaze, 82, 990001)
    time.now += 1800
    await poll(source, stored, only={82})  # stored 82, then died before 990001
    tvmaze.requests.clear()
    time.now += 1800
    snapshot = await poll(source, stored)
    assert tvmaze.paths() == ["/updates/shows", "/shows/990001"]
    assert [show.tvmaze_id for show in snapshot.shows] == [990001]


async def test_after_a_poll_that_died_the_updates_are_read_from_before_it(
    tvmaze: FakeTVmaze, source: TVmazeSource, stored: Stored, time: FakeTime
) -> None:
    await poll(source, stored)  # at NOW, applied
    change(tvmaze, 82)
    time.now += 22 * 3600
    await poll(source, stored, only=set())  # died: nothing stored
    tvmaze.requests.clear()
    time.now += 2 * 3600
    await poll(source, stored)
    # A day since the last poll known applied, plus the cached hour: the week's updates.
    assert tvmaze.requests[0] == "/updates/shows?since=week"
    assert tvmaze.paths()[1:] == ["/shows/82"]


# --------------------------------------------------------------------------- building it


def test_build_source_makes_the_tvmaze_source_from_the_settings() -> None:
    source = build_source(
        NewsSource("tvmaze"),
        tvmaze_base_url="http://127.0.0.1:1",
        shows=object(),  # type: ignore[arg-type]
    )
    assert isinstance(source, TVmazeSource)
    assert (source.name, source.label, source.client.base_url) == (
        "tvmaze",
        "TVmaze",
        "http://127.0.0.1:1",
    )


def test_build_source_for_tvmaze_needs_the_catalogue() -> None:
    with pytest.raises(SettingsError, match="NEWS_SOURCE=tvmaze"):
        build_source(NewsSource("tvmaze"))


# --------------------------------------------------------------------------- with the news flow


@pytest.fixture
async def catalogue(seeded_database: Database) -> CatalogueService:
    return await CatalogueService.load(seeded_database)


@pytest.fixture
async def news(
    tvmaze: FakeTVmaze, time: FakeTime, catalogue: CatalogueService, seeded_database: Database
) -> AsyncIterator[NewsService]:
    source = make_source(tvmaze, time, tracked_from(catalogue.shows))
    service = NewsService(seeded_database, catalogue, (source,))
    yield service
    await source.close()


def running(record: dict[str, Any]) -> dict[str, Any]:
    return dict(record, status="Running")


async def store_got_airing(tvmaze: FakeTVmaze, news: NewsService) -> int:
    tvmaze.serve("/shows/82", running(recorded(GOT)))
    found = await news.sources[0].lookup("game of thrones")  # type: ignore[attr-defined]
    await news.catalogue.import_catalogue(Catalogue(shows=(found,)))
    show_id = await news.catalogue.shows.match(found)
    assert show_id is not None
    return show_id


@pytest.fixture
def got_search(tvmaze: FakeTVmaze) -> None:
    tvmaze.serve("/search/shows", as_search_result(recorded(GOT)))


@pytest.mark.usefixtures("got_search")
@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
async def test_a_failed_poll_changes_nothing_and_makes_no_news(
    tvmaze: FakeTVmaze, news: NewsService, time: FakeTime, failure: Reply
) -> None:
    show_id = await store_got_airing(tvmaze, news)
    await news.poll()
    before = await news.news.events_for(show_id)  # the import's "TVmaze lists it as airing"
    change(tvmaze, 82)  # the recorded record: "Ended"
    tvmaze.then("/shows/82", *[failure] * 4)
    time.now += 1800

    result = await news.poll()

    assert result.error is not None
    stored = await news.catalogue.shows.get(show_id)
    assert stored is not None
    assert stored.entry.status == "airing"
    assert await news.news.events_for(show_id) == before


@pytest.mark.usefixtures("got_search")
async def test_once_the_failure_clears_the_ended_is_news_once(
    tvmaze: FakeTVmaze, news: NewsService, time: FakeTime
) -> None:
    show_id = await store_got_airing(tvmaze, news)
    await news.poll()
    change(tvmaze, 82)  # the recorded record: "Ended"
    tvmaze.then("/shows/82", *[Reply(status=500)] * 4)
    time.now += 1800
    await news.poll()
    time.now += 1800

    result = await news.poll()

    assert result.changes == ("Game of Thrones: airing → ended.",)
    _imported, event = await news.news.events_for(show_id)
    assert (event.entry.kind, event.entry.confidence, event.entry.source) == (
        "ended",
        "reported",
        "TVmaze",
    )
    time.now += 1800
    assert (await news.poll()).changes == ()


async def test_a_poll_that_dies_while_applied_is_completed_by_the_next_without_repeats(
    tvmaze: FakeTVmaze, news: NewsService, time: FakeTime
) -> None:
    for show_id, name in ((1, DOME), (82, GOT)):
        tvmaze.serve(f"/shows/{show_id}", dict(recorded(name), status="Running"))
        imported = await news.sources[0].show(show_id)  # type: ignore[attr-defined]
        await news.catalogue.import_catalogue(Catalogue(shows=(imported,)))
    await news.poll()
    change(tvmaze, 1, 82)  # both recorded as "Ended"
    time.now += 1800
    with killed_at_news_record(2), pytest.raises(ProcessKilled):
        await news.poll()
    time.now += 1800
    tvmaze.requests.clear()

    result = await news.poll()

    assert tvmaze.paths() == ["/updates/shows", "/shows/82"]
    assert result.changes == ("Game of Thrones: airing → ended.",)
    for title in ("under the dome", "game of thrones"):
        show = await news.catalogue.find(title)
        kinds = [event.entry.kind for event in await news.news.events_for(show.id)]
        assert kinds.count("ended") == 1


async def test_a_new_season_with_a_date_on_tvmaze_is_a_renewal_and_an_announcement(
    tvmaze: FakeTVmaze, news: NewsService, time: FakeTime
) -> None:
    dome_seasons = recorded(DOME_SEASONS)
    dome = dict(recorded(DOME), status="Running", _embedded={"seasons": dome_seasons})
    tvmaze.serve("/shows/1", dome)
    imported = await news.sources[0].show(1)  # type: ignore[attr-defined]
    await news.catalogue.import_catalogue(Catalogue(shows=(imported,)))
    await news.poll()
    season_3 = {"number": 3, "episodeOrder": 13, "premiereDate": "2026-09-01"}
    change(tvmaze, 1, record={**dome, "_embedded": {"seasons": [*dome_seasons, season_3]}})
    time.now += 1800

    result = await news.poll()

    assert result.changes == (
        "Under the Dome: airing → renewed.",
        "Under the Dome: season 3 announced, coming 1 September 2026.",
    )


async def test_tvmazes_ended_leaves_the_curated_cancellation_of_tpt_alone(
    news: NewsService,
) -> None:
    tpt = await news.catalogue.find("tiny pretty things")
    with_id = dataclasses.replace(tpt.entry, tvmaze_id=990001)
    await news.catalogue.import_catalogue(Catalogue(shows=(with_id,)))

    result = await news.poll()

    assert result.error is None
    assert result.shows_seen == 1
    assert result.changes == ()
    stored = await news.catalogue.shows.get(tpt.id)
    assert stored is not None
    assert stored.entry.status == "cancelled"
    assert stored.entry.cast == tpt.entry.cast  # curated notes untouched
    assert [link.label for link in stored.entry.links] == ["TVmaze"]  # credited


# --------------------------------------------------------------------------- on demand


@pytest.mark.usefixtures("got_search")
async def test_an_unknown_title_is_searched_imported_and_answered(
    tvmaze: FakeTVmaze, news: NewsService
) -> None:
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    show = await news.catalogue.find("game of thrones")
    assert (show.title, show.entry.tvmaze_id, show.entry.status) == ("Game of Thrones", 82, "ended")
    assert len(show.entry.seasons) == 8
    assert len(show.entry.cast) == 42
    assert tvmaze.requests == [
        "/search/shows?q=game+of+thrones",
        "/shows/82?embed%5B%5D=seasons&embed%5B%5D=cast&embed%5B%5D=nextepisode",
    ]
    tvmaze.requests.clear()
    assert (await news.catalogue.find("Game of Thrones")).id == show.id
    assert tvmaze.requests == []  # now it is in the catalogue


@pytest.mark.usefixtures("got_search")
async def test_a_show_imported_on_demand_is_not_fetched_again_until_it_changes(
    tvmaze: FakeTVmaze, news: NewsService, time: FakeTime
) -> None:
    tpt = await news.catalogue.find("tiny pretty things")
    with_id = dataclasses.replace(tpt.entry, tvmaze_id=990001)
    await news.catalogue.import_catalogue(Catalogue(shows=(with_id,)))
    await news.poll()
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    await news.catalogue.find("game of thrones")
    time.now += 1800
    assert (await news.poll()).requests == 1  # its import stored its update time
    change(tvmaze, 82)
    time.now += 1800
    assert (await news.poll()).requests == 2


async def test_several_shows_of_that_title_is_did_you_mean_with_year_and_platform(
    tvmaze: FakeTVmaze, news: NewsService
) -> None:
    tvmaze.serve("/search/shows", recorded(SEARCH_GIRLS_2026))
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    with pytest.raises(AmbiguousTitle) as raised:
        await news.catalogue.find("girls")
    assert "Did you mean" in raised.value.message
    assert "Girls (2012, HBO)" in raised.value.message
    assert "GIRLS (2018, UBS)" in raised.value.message
    assert tvmaze.paths() == ["/search/shows"]  # nothing imported


async def test_a_miss_is_remembered_so_a_repeated_typo_asks_nothing(
    tvmaze: FakeTVmaze, news: NewsService, time: FakeTime
) -> None:
    tvmaze.serve("/search/shows", [])
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    for _ in range(3):
        with pytest.raises(ShowNotFound):
            await news.catalogue.find("zzzz qqqq")
    assert tvmaze.paths() == ["/search/shows"]
    time.now += 31 * 60
    with pytest.raises(ShowNotFound):
        await news.catalogue.find("ZZZZ  qqqq!")
    assert tvmaze.paths() == ["/search/shows", "/search/shows"]


async def test_tvmaze_down_still_answers_not_found_and_remembers_nothing(
    tvmaze: FakeTVmaze, news: NewsService
) -> None:
    tvmaze.serve("/search/shows", status=503)
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    with pytest.raises(ShowNotFound, match="couldn't find a show"):
        await news.catalogue.find("zzzz qqqq")
    with pytest.raises(ShowNotFound):
        await news.catalogue.find("zzzz qqqq")
    # Two tries each time (someone is waiting), and asked again: failures are not misses.
    assert tvmaze.paths().count("/search/shows") == 4


async def test_without_a_fallback_find_never_asks_tvmaze(
    tvmaze: FakeTVmaze, news: NewsService
) -> None:
    with pytest.raises(ShowNotFound):
        await news.catalogue.find("game of thrones")
    assert tvmaze.requests == []


async def test_a_show_already_stored_is_answered_not_overwritten(
    tvmaze: FakeTVmaze, news: NewsService
) -> None:
    tpt = await news.catalogue.find("tiny pretty things")
    with_id = dataclasses.replace(tpt.entry, tvmaze_id=990001)
    await news.catalogue.import_catalogue(Catalogue(shows=(with_id,)))
    on_tvmaze = dict(recorded(TPT), name="Tiny Pretty Things: The Ballet Series")
    tvmaze.serve("/search/shows", as_search_result(on_tvmaze))
    tvmaze.serve("/shows/990001", on_tvmaze)
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    found = await news.catalogue.find("tiny pretty things the ballet series")
    assert found.id == tpt.id
    assert (found.title, found.entry.status) == ("Tiny Pretty Things", "cancelled")
    assert tvmaze.paths() == ["/search/shows", "/shows/990001"]


async def test_one_loose_match_is_offered_as_the_closest_match(
    tvmaze: FakeTVmaze, news: NewsService
) -> None:
    tvmaze.serve("/search/shows", as_search_result(recorded(GOT)))
    news.catalogue.fallback = news.sources[0]  # type: ignore[assignment]
    with pytest.raises(ShowNotFound) as raised:
        await news.catalogue.find("game of thrones prequel")
    assert "Closest matches:\n• Game of Thrones (2011, HBO)" in raised.value.message
    assert tvmaze.paths() == ["/search/shows"]


def test_lookup_dates_use_the_sources_clock() -> None:
    assert datetime.datetime.fromtimestamp(NOW, datetime.UTC).date() == datetime.date(2026, 5, 30)
