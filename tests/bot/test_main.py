"""The command line in a subprocess, as a user runs it, against a temporary database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from benchmarks.catalogue_generator import catalogue_json, generate
from db.catalogue_reader import READ_AHEAD_FROM_BYTES

PROJECT = Path(__file__).parents[2]


def run_bot(
    tmp_path: Path, *arguments: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DISCORD_TOKEN",
            "LOG_LEVEL",
            "NEWS_SOURCE",
            "NEWS_FEEDS",
            "COMMAND_PREFIX",
            "DATABASE_URL",
        )
    }
    environment["DATABASE_PATH"] = str(tmp_path / "cli.sqlite3")
    # Every source is the default; tests name theirs, so none goes to the network.
    environment["NEWS_SOURCE"] = "none"
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        # A temporary working directory, so no developer's .env is picked up.
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(PROJECT)},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "message",
    [
        "!release tiny pretty things",
        "!release TINY PRETTY THINGS",
        "!release tiny prety thing",
        "!release tpt",
        "@Cliffhanger when is tiny pretty things season 2 coming out?",
    ],
)
def test_ask_answers_release_questions(tmp_path: Path, message: str) -> None:
    result = run_bot(tmp_path, "ask", message)
    assert result.returncode == 0, result.stderr
    for fact in ("Cancelled", "Netflix", "14 December 2020", "10 episodes", "54–58 min", "source:"):
        assert fact in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_ask_without_a_title_prints_usage(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "ask", "!release")
    assert result.returncode == 0
    assert "Usage: `!release <show>`" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_ask_for_an_unknown_show_prints_not_found_with_suggestions(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "ask", "!release zzzz qqqq")
    assert result.returncode == 0
    assert "couldn't find a show" in result.stdout
    assert "!search" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_no_token_opens_the_console_and_says_so_first(tmp_path: Path) -> None:
    lines = "!release tpt\n!cast tiny pretty things\n!news tiny pretty things\n"
    result = run_bot(tmp_path, stdin=lines)
    assert result.returncode == 0, result.stderr
    first_line = result.stdout.splitlines()[0]
    assert "No DISCORD_TOKEN" in first_line
    release = result.stdout.index("Cancelled after one season")
    cast = result.stdout.index("Kylie Jefferson")
    news = result.stdout.index("Tiny Pretty Things: news history")
    assert release < cast < news


def test_run_without_a_token_fails_clearly(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run")
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_setting_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "ask", "!help", env={"POLL_INTERVAL_MINUTES": "soon"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "POLL_INTERVAL_MINUTES" in result.stderr


def test_overlapping_shard_ids_stop_the_bot_before_it_connects_with_one_line(
    tmp_path: Path,
) -> None:
    result = run_bot(
        tmp_path,
        "run",
        env={"DISCORD_TOKEN": "abc.def.ghi", "SHARD_COUNT": "4", "SHARD_IDS": "0-2,1"},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "cliffhanger: SHARD_IDS names shard 1 more than once"


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("COMMAND_PREFIX=?\n", encoding="utf-8")
    result = run_bot(tmp_path, "ask", "?release tpt")
    assert "Cancelled after one season" in result.stdout


def test_import_adds_shows_and_prints_counts(tmp_path: Path) -> None:
    catalogue = tmp_path / "more.json"
    catalogue.write_text(
        json.dumps(
            {"shows": [{"title": "Shiny Test Show", "platform": "HBO", "status": "renewed"}]}
        ),
        encoding="utf-8",
    )
    result = run_bot(tmp_path, "import", str(catalogue))
    assert result.returncode == 0, result.stderr
    assert "1 shows added" in result.stdout
    answer = run_bot(tmp_path, "ask", "!release shiny test show")
    assert "Renewed for season 1" in answer.stdout


def test_a_large_catalogue_is_read_by_a_second_process_and_imported(tmp_path: Path) -> None:
    catalogue = tmp_path / "large.json"
    catalogue.write_text(json.dumps(catalogue_json(generate(15_000))), encoding="utf-8")
    assert catalogue.stat().st_size >= READ_AHEAD_FROM_BYTES
    result = run_bot(tmp_path, "import", str(catalogue), env={"LOG_LEVEL": "DEBUG"})
    assert result.returncode == 0, result.stderr
    assert "read by a second process" in result.stderr
    assert "15000 shows added" in result.stdout


def test_an_invalid_catalogue_names_the_problem_and_changes_nothing(tmp_path: Path) -> None:
    catalogue = tmp_path / "bad.json"
    catalogue.write_text(
        json.dumps(
            {"shows": [{"title": "Fine Show"}, {"title": "Broken Show", "status": "maybe"}]}
        ),
        encoding="utf-8",
    )
    result = run_bot(tmp_path, "import", str(catalogue))
    assert result.returncode == 1
    assert "bad.json" in result.stderr
    assert "Broken Show" in result.stderr
    assert "status" in result.stderr
    assert "Traceback" not in result.stderr
    search = run_bot(tmp_path, "ask", "!search fine show")
    assert "Fine Show" not in search.stdout


def test_export_writes_the_catalogue_in_the_import_format(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    run_bot(tmp_path, "ask", "!help")
    result = run_bot(tmp_path, "export", str(target))
    assert result.returncode == 0, result.stderr
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["shows"][0]["title"] == "Tiny Pretty Things"


def test_export_import_export_round_trips_identically(tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    edit = (
        "!catalogue date show: tpt season: 2 date: 2027 precision: late "
        "confidence: reported source: Deadline url: https://example.org/date"
    )
    run_bot(tmp_path, "ask", edit)
    assert run_bot(tmp_path, "export", str(first)).returncode == 0
    empty = {"DATABASE_PATH": str(tmp_path / "empty.sqlite3")}
    imported = run_bot(tmp_path, "import", str(first), env=empty)
    assert imported.returncode == 0, imported.stderr
    assert run_bot(tmp_path, "export", str(second), env=empty).returncode == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert "late" in first.read_text(encoding="utf-8")


def test_the_token_never_reaches_the_output_even_when_login_fails(tmp_path: Path) -> None:
    token = "MTEwMDAwMDAwMDAwMDAwMDAx.secret-part.do-not-print"
    result = run_bot(
        tmp_path,
        "run",
        env={
            "DISCORD_TOKEN": token,
            "LOG_LEVEL": "DEBUG",
            # A closed loopback port: the login fails at once, without any network.
            "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
        },
    )
    assert result.returncode == 1
    assert "can't reach Discord" in result.stderr
    assert "Traceback" not in result.stderr
    for part in token.split("."):
        assert part not in result.stdout + result.stderr


def test_backup_copies_the_live_database(tmp_path: Path) -> None:
    run_bot(tmp_path, "ask", "!catalogue alias show: tpt alias: ballet academy show")
    copy = tmp_path / "backup.sqlite3"
    result = run_bot(tmp_path, "backup", str(copy))
    assert result.returncode == 0, result.stderr
    restored = run_bot(
        tmp_path, "ask", "!release ballet academy show", env={"DATABASE_PATH": str(copy)}
    )
    assert "Cancelled after one season" in restored.stdout
    again = run_bot(tmp_path, "backup", str(copy))
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_ctrl_c_in_the_console_exits_quietly(tmp_path: Path) -> None:
    environment = {
        "DATABASE_PATH": str(tmp_path / "console.sqlite3"),
        "PYTHONPATH": str(PROJECT),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    console = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=environment,
    )
    try:
        assert console.stdin is not None
        assert console.stdout is not None
        console.stdin.write("!release tpt\n")
        console.stdin.flush()
        # The answer's first line shows the console is up and waiting for the next line.
        assert "release and renewal" in console.stdout.readline()
        console.send_signal(signal.SIGINT)
        _, errors = console.communicate(timeout=30)
    finally:
        console.kill()
    assert console.returncode == 130
    assert "Traceback" not in errors


def test_an_import_killed_half_way_leaves_the_catalogue_as_it_was(tmp_path: Path) -> None:
    database = tmp_path / "cli.sqlite3"
    assert run_bot(tmp_path, "ask", "!help").returncode == 0
    with closing(sqlite3.connect(database)) as before:
        schema = before.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        shows = before.execute("SELECT count(*) FROM shows").fetchone()
    catalogue = tmp_path / "large.json"
    catalogue.write_text(json.dumps(catalogue_json(generate(10_000))), encoding="utf-8")
    importing = subprocess.Popen(
        [sys.executable, "-m", "bot", "import", str(catalogue)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env={
            "DATABASE_PATH": str(database),
            "NEWS_SOURCE": "none",
            "PYTHONPATH": str(PROJECT),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        },
    )
    try:
        # Killed once its transaction holds the write lock (its bulk load has dropped the
        # title indexes and triggers by then, or is about to), well before it can commit.
        with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as probe:
            while importing.poll() is None:
                try:
                    probe.execute("BEGIN IMMEDIATE")
                    probe.execute("ROLLBACK")
                except sqlite3.OperationalError:
                    break
                time.sleep(0.005)
        time.sleep(0.2)
        importing.send_signal(signal.SIGKILL)
        importing.wait(timeout=30)
    finally:
        importing.kill()
    assert importing.returncode == -signal.SIGKILL
    with closing(sqlite3.connect(database)) as after:
        assert after.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert after.execute("SELECT count(*) FROM shows").fetchone() == shows
        assert (
            after.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall() == schema
        )
