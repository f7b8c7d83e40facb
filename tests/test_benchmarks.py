"""Every benchmark runs at tiny sizes: proof that `make bench` works, in seconds.

Figures are never asserted (this machine is shared and noisy); what must hold whatever the
speed is: the generator is deterministic, a poll costs 1 + k requests, and a fan-out killed
midway neither loses nor repeats an alert.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import pytest

from benchmarks import (
    fanout_bench,
    headlines_bench,
    import_bench,
    postgres_bench,
    questions_bench,
    serving_bench,
    titles_bench,
    tvmaze_bench,
    upcoming_bench,
)
from benchmarks.catalogue_generator import (
    CATEGORIES,
    exact_key,
    generate,
    title_queries,
)
from benchmarks.common import Figure, StallMeter, figures_json, format_table, percentile
from db.shows import shipped_catalogue
from tests.postgres import PostgresServer


def block_the_loop(seconds: float) -> None:
    """What a slow synchronous call does to the event loop; here on purpose."""
    time.sleep(seconds)


def by_measure(figures: list[Figure]) -> dict[str, Figure]:
    return {figure.measure: figure for figure in figures}


VERDICTS = {True: "ok", False: "MISSED", None: ""}


def assert_reported_in_full(figures: list[Figure]) -> None:
    """The table has a row per figure with its value, its target and its verdict, and the
    JSON file carries the very same figures."""
    table = format_table(figures)
    rows = table.split("\nNotes:")[0].splitlines()[2:]
    rows = [row for row in rows if row]
    assert len(rows) == len(figures)
    for figure, row in zip(figures, rows, strict=True):
        assert row.startswith(figure.benchmark)
        assert figure.measure in row
        assert figure.value_text() in row
        assert figure.target in row
        # The verdict is the row's last cell; a figure without a target has none.
        assert row.endswith(VERDICTS[figure.met] or figure.target or figure.value_text())
    assert table.count("MISSED") == sum(figure.met is False for figure in figures)
    for figure in figures:
        if figure.note:
            assert f"- {figure.benchmark} / {figure.measure}: {figure.note}" in table
    written = json.loads(figures_json(figures, {"quick": True}))
    assert written["quick"] is True
    assert [Figure(**figure) for figure in written["figures"]] == figures


def test_the_report_has_every_figure_its_target_and_a_verdict_per_row() -> None:
    figures = [
        Figure("titles", "p99", 1.25, "ms", "<= 5 ms", True, "fuzzy path"),
        Figure("titles", "top-1", 0.5, "", ">= 0.9", False),
        Figure("import", "peak RSS", None, "MB", "<= 200 MB", None, "no /proc here"),
        Figure("import", "shows", 60),
    ]
    assert_reported_in_full(figures)
    table = format_table(figures)
    assert "1.25 ms" in table
    assert "not measured" in table
    assert table.count(" ok") == 1


def test_the_generator_is_deterministic_and_grows_by_appending() -> None:
    shows = generate(3_000)
    assert shows == generate(3_000)
    smaller = generate(1_000)
    assert [(s.title, s.year, s.aliases) for s in smaller] == [
        (s.title, s.year, s.aliases) for s in shows[:1_000]
    ]


def test_the_generator_makes_the_hard_cases() -> None:
    shows = generate(3_000)
    kinds = {show.family_kind for show in shows}
    assert {"remake", "near"} <= kinds
    assert any(not show.title.isascii() for show in shows)
    assert any(show.aliases for show in shows)
    assert any(any(mark in show.title for mark in "':&.") for show in shows)
    remakes: dict[int, set[int]] = {}
    for show in shows:
        if show.family_kind == "remake" and show.family is not None:
            remakes.setdefault(show.family, set()).add(show.year)
    assert all(len(years) >= 2 for years in remakes.values())
    # Apart from remakes, every title and alias is a different key.
    keys = [
        exact_key(text)
        for show in shows
        if show.family_kind != "remake"
        for text in (show.title, *show.aliases)
    ]
    assert len(keys) == len(set(keys))


def test_title_queries_cover_every_category_and_typos_are_not_other_titles() -> None:
    shows = generate(3_000)
    queries = title_queries(shows, per_category=20)
    assert {query.category for query in queries} == set(CATEGORIES)
    assert queries == title_queries(shows, per_category=20)
    titles = {exact_key(text) for show in shows for text in (show.title, *show.aliases)}
    for query in queries:
        if "typo" in query.category:
            typed = query.text.rsplit(" ", 1)[0] if "year" in query.category else query.text
            assert exact_key(typed) not in titles


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([3.0], 0.99) == 3.0


async def test_the_stall_meter_sees_a_blocked_loop() -> None:
    async with StallMeter() as meter:
        await asyncio.sleep(0.01)
        block_the_loop(0.03)
        await asyncio.sleep(0.01)
    assert meter.worst >= 0.02
    assert meter.wakeups > 0


def test_title_resolution_benchmark_runs() -> None:
    figures = titles_bench.run(sizes=(200, 400), per_category=5)
    measures = by_measure(figures)
    assert measures["400 titles: p99, fuzzy path"].value is not None
    assert measures["400 titles: top-1 on the typo set"].target
    assert "MISSED" in format_table(figures) or "ok" in format_table(figures)
    assert measures["400 titles: top-1 on the typo set"].met is not None
    assert measures["400 titles: typo set resolved to a wrong show"].target == "= 0"
    assert {"200 titles: p99, fuzzy path", "400 titles: p99, fuzzy path"} <= set(measures)
    assert_reported_in_full(figures)


async def test_import_command_and_stall_benchmarks_run(tmp_path: Path) -> None:
    figures, database = await asyncio.to_thread(import_bench.run, tmp_path, 60)
    measures = by_measure(figures)
    assert measures["60 shows: python -m bot import"].value is not None
    assert measures["60 shows: peak RSS, bot with the catalogue loaded"].value is not None
    serving = by_measure(
        await serving_bench.run(database, 60, commands=22, changed_shows=3, channels=4)
    )
    # 60 generated shows and the shipped ones.
    shows = f"{60 + len(shipped_catalogue().shows)} shows"
    assert serving[f"{shows}: !release p99"].value is not None
    poll = serving[f"{shows}: longest stall while a poll applies changes"]
    assert "deliveries queued" in poll.note
    assert serving[f"{shows}: first fuzzy resolve after a title change"].value is not None
    assert serving[f"{shows}: longest stall, start-up to the title index built"].target
    assert serving[f"{shows}: start-up until the title index is built"].value is not None
    assert_reported_in_full(figures + list(serving.values()))


async def test_the_upcoming_benchmark_times_the_command_on_a_dated_calendar(
    tmp_path: Path,
) -> None:
    database, _ = import_bench.import_catalogue(tmp_path, 200)
    figures = await upcoming_bench.run(database, rounds=1)
    shows = f"{200 + len(shipped_catalogue().shows)} shows"
    p99 = by_measure(figures)[f"{shows}: !upcoming p99"]
    assert p99.value is not None
    assert f"{len(upcoming_bench.REQUESTS)} answered" in p99.note
    assert_reported_in_full(figures)


async def test_a_tvmaze_poll_costs_one_request_plus_one_per_changed_show(tmp_path: Path) -> None:
    figures = await tvmaze_bench.run(tmp_path, sizes=(40,), changed=(3,))
    requests = by_measure(figures)["N=40, k=3: requests per poll"]
    assert requests.value == 4
    assert requests.met is True
    assert_reported_in_full(figures)


async def test_a_fan_out_killed_midway_delivers_every_alert_exactly_once(tmp_path: Path) -> None:
    result = await fanout_bench.fan_out(tmp_path, 24)
    assert result.killed
    assert result.runs == 2
    assert set(result.per_channel.values()) == {1}
    assert result.delivered_in_database == 24
    measures = by_measure(fanout_bench.figures(result))
    assert measures["24 channels: duplicates"].value == 0
    assert measures["24 channels: losses"].value == 0
    assert_reported_in_full(fanout_bench.figures(result))


@pytest.mark.parametrize("window", ["fixed", "sliding"])
async def test_the_discord_emulator_answers_429_past_the_global_limit(window: str) -> None:
    emulator = fanout_bench.DiscordEmulator(global_per_second=3, window=window)
    assert [emulator._global_wait(10.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert emulator._global_wait(10.5) == pytest.approx(0.5)
    assert emulator._global_wait(11.0) == 0.0


def test_headline_reader_benchmark_runs() -> None:
    measures = by_measure(headlines_bench.run(count=50))
    assert measures["50 titles read"].value is not None
    assert measures["false events (labelled headlines and feed)"].target == "0"
    assert measures["labelled events found"].met is not None


def test_the_question_set_benchmark_reports_its_three_figures() -> None:
    figures = questions_bench.figures(questions_bench.score(questions_bench.load_rows()[:4]))
    assert [figure.measure for figure in figures] == [
        "right kind and show, 4 questions",
        "answers about the wrong show",
        "spoilers outside tags",
    ]
    assert_reported_in_full(figures)


async def test_reminder_dms_killed_midway_reach_every_person_exactly_once(tmp_path: Path) -> None:
    result = await fanout_bench.fan_out(tmp_path, 24, kind="user")
    assert result.killed
    assert result.runs == 2
    assert set(result.per_channel.values()) == {1}
    assert result.delivered_in_database == 24
    assert result.dm_opens == 24
    measures = by_measure(fanout_bench.figures(result))
    assert measures["24 reminder DMs: duplicates"].value == 0
    assert measures["24 reminder DMs: losses"].value == 0
    assert_reported_in_full(fanout_bench.figures(result))


def test_the_postgres_benchmark_sets_both_engines_side_by_side_and_processes_lose_nothing(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    figures = postgres_bench.run(
        tmp_path,
        size=300,
        channels=60,
        processes=(2,),
        queries=40,
        admin_url=postgres_server.admin_url,
        lease=2.0,
    )
    measures = by_measure(figures)
    for engine in ("SQLite", "PostgreSQL"):
        assert measures[f"300 shows: python -m bot import, {engine}"].value is not None
        commands, answered = re.findall(r"\d+", measures[f"300 shows: !release p99, {engine}"].note)
        assert commands == answered != "0", "every command answered"
    assert measures["300 shows: !release p99, PostgreSQL / SQLite"].met is not None
    assert "SIGKILLed" in measures["60 channels, 2 processes: duplicates"].note
    assert measures["60 channels, 2 processes: duplicates"].value == 0
    assert measures["60 channels, 2 processes: losses"].value == 0
    assert_reported_in_full(figures)


def test_processes_split_the_shards_between_them() -> None:
    assert postgres_bench.shard_groups(1) == ["0,1,2,3"]
    assert postgres_bench.shard_groups(2) == ["0,1", "2,3"]
    assert postgres_bench.shard_groups(4) == ["0", "1", "2", "3"]
