"""The console with news sources it can't reach: it says so once per source, in one line, and
answers from the catalogue."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.test_main import run_bot


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound, never listening."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


def test_an_unreachable_source_is_said_once_and_the_catalogue_still_answers(
    tmp_path: Path, closed_port: int
) -> None:
    away = f"http://127.0.0.1:{closed_port}"
    lines = "!release game of thrones\n!sync\n!release severance\n!sync\n!release tpt\n"
    result = run_bot(
        tmp_path,
        "console",
        stdin=lines,
        env={"NEWS_SOURCE": "tvmaze,feeds", "TVMAZE_BASE_URL": away, "NEWS_FEEDS": f"{away}/tv"},
    )

    assert result.returncode == 0, result.stderr
    said = result.stderr.splitlines()
    assert len([line for line in said if "tvmaze can't be reached" in line]) == 1, result.stderr
    assert len([line for line in said if "feeds can't be reached" in line]) == 1, result.stderr
    assert len(said) == 2, result.stderr
    assert "Cancelled after one season" in result.stdout
