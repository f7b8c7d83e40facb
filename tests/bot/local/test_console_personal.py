"""What is coming, reminders and the board in the console, in a subprocess, as a user runs it:
`!upcoming month` with plain dates, a reminder DM printed once and never after a restart, and
a board edited in place by `!sync` after the news changes."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.alerting import write_catalogue
from tests.bot.test_main import PROJECT, run_bot

DM_MARK = "(DM) "
EDIT_MARK = "(edited message "
BOARD_TITLE = "== Coming out in the next 30 days =="
SOON = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=10)
TPT: dict[str, Any] = {
    "title": "Tiny Pretty Things",
    "premiered": "2020-12-14",
    "platform": "Netflix",
    "status": "cancelled",
    "seasons": [{"number": 1, "release_date": "2020-12-14"}],
}
TPT_DATED = {
    **TPT,
    "status": "renewed",
    "seasons": [*TPT["seasons"], {"number": 2, "release_date": SOON.isoformat()}],
}


def console(tmp_path: Path, source: Path, *lines: str) -> str:
    result = run_bot(
        tmp_path,
        "console",
        stdin="".join(f"{line}\n" for line in lines),
        env={"NEWS_SOURCE": f"file:{source}"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def plain_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_upcoming_month_lists_an_announced_season_with_a_plain_date(tmp_path: Path) -> None:
    source = write_catalogue(tmp_path / "news.json", TPT_DATED)

    said = console(tmp_path, source, "!sync", "!upcoming month")

    listing = said.split("== Coming out in the next 30 days ==")[1]
    assert "**Tiny Pretty Things** season 2 · Netflix" in listing
    assert plain_date(SOON) in listing
    assert "<t:" not in listing


def test_a_reminder_prints_the_dm_once_and_never_again_after_a_restart(tmp_path: Path) -> None:
    source = write_catalogue(tmp_path / "news.json", TPT)
    assert "I'll DM you" in console(tmp_path, source, "!remind tiny pretty things")

    write_catalogue(source, {**TPT, "status": "renewed"})
    synced = console(tmp_path, source, "!sync", "!sync")
    assert synced.count(DM_MARK) == 1
    assert "Tiny Pretty Things: renewed" in synced

    restarted = console(tmp_path, source, "!sync")
    assert DM_MARK not in restarted
    assert "0 changes" in restarted


def test_a_board_is_edited_in_place_by_a_sync_after_the_news_changes(tmp_path: Path) -> None:
    source = write_catalogue(tmp_path / "news.json", TPT)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISCORD_TOKEN", "LOG_LEVEL", "NEWS_SOURCE", "COMMAND_PREFIX")
    }
    environment.update(
        DATABASE_PATH=str(tmp_path / "cli.sqlite3"),
        NEWS_SOURCE=f"file:{source}",
        PYTHONPATH=str(PROJECT),
    )
    # Interactive: the news changes between two lines of one console session.
    with subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=environment,
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write("!board all\n")
        process.stdin.flush()
        deadline = time.monotonic() + 60
        seen = ""
        while "lists every show" not in seen and time.monotonic() < deadline:
            seen += process.stdout.readline()
        assert BOARD_TITLE in seen
        assert "Tiny Pretty Things" not in seen

        write_catalogue(source, TPT_DATED)
        output, errors = process.communicate("!sync\n", timeout=60)
    assert process.returncode == 0, errors

    assert output.count(BOARD_TITLE) == 1, "one board, edited: never a second message"
    edited = output.split(EDIT_MARK)[1]
    assert BOARD_TITLE in edited
    assert "Tiny Pretty Things" in edited
    assert plain_date(SOON) in edited
