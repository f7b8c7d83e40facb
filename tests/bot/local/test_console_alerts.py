"""Alerts end to end in the console, in a subprocess, as a user runs it: subscribe, the news
source changes, `!sync` prints the alert once, and never again, not even after a restart."""

from __future__ import annotations

from pathlib import Path

from tests.alerting import write_catalogue
from tests.bot.test_main import run_bot

ALERT_MARK = "Cliffhanger alert #"
TPT = {"title": "Tiny Pretty Things", "premiered": "2020-12-14", "platform": "Netflix"}


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


def test_a_status_change_in_the_source_prints_one_alert_once(tmp_path: Path) -> None:
    source = write_catalogue(tmp_path / "news.json", {**TPT, "status": "cancelled"})
    subscribed = console(tmp_path, source, "!subscribe tiny pretty things")
    assert "will now get alerts for Tiny Pretty Things" in subscribed

    write_catalogue(source, {**TPT, "status": "renewed"})
    synced = console(tmp_path, source, "!sync", "!sync")
    assert synced.count(ALERT_MARK) == 1
    assert "Tiny Pretty Things: renewed" in synced
    assert "cancelled → renewed" in synced
    first_poll, second_poll = synced.split("Poll of ")[1:]
    assert "1 changes" in first_poll
    assert "0 changes" in second_poll

    restarted = console(tmp_path, source, "!sync")
    assert ALERT_MARK not in restarted
    assert "0 changes" in restarted


def test_a_season_date_set_in_the_source_prints_a_dates_alert(tmp_path: Path) -> None:
    seasons = [{"number": 1, "release_date": "2020-12-14"}, {"number": 2}]
    source = write_catalogue(tmp_path / "news.json", {**TPT, "seasons": seasons})
    console(tmp_path, source, "!subscribe tiny pretty things dates", "!sync")

    seasons[1]["release_date"] = "2027-03-05"
    write_catalogue(source, {**TPT, "seasons": seasons})
    synced = console(tmp_path, source, "!sync")
    assert synced.count(ALERT_MARK) == 1
    assert "Season 2: 5 March 2027" in synced
    assert ALERT_MARK not in console(tmp_path, source)


def test_the_console_user_is_an_owner_and_sees_the_status(tmp_path: Path) -> None:
    source = write_catalogue(tmp_path / "news.json", TPT)
    status = console(tmp_path, source, "!sync", "!status")
    assert "Only the bot's owners" not in status
    assert "0 waiting, 0 in flight, 0 delivered, 0 failed, 0 paused" in status
