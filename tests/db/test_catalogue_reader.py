"""A catalogue read ahead by a second process gives exactly the rows, and the refusals, that
reading it in the importing process gives, and the reader never outlives the reading."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from benchmarks.catalogue_generator import catalogue_json, generate
from db.catalogue_reader import catalogue_rows
from db.catalogue_rows import ShowRows, entry_of
from db.connection import Database
from db.model.catalogue_format import CatalogueError
from db.shows import ShowRepository

# More shows than the reader sends at once, so that several batches cross the pipe.
SHOWS = 1_200


def write(path: Path, shows: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"shows": shows}, ensure_ascii=False), encoding="utf-8")
    return path


def generated_file(tmp_path: Path, count: int = SHOWS) -> Path:
    return write(tmp_path / "generated.json", catalogue_json(generate(count))["shows"])


def read(path: Path, *, ahead: bool) -> list[ShowRows]:
    with catalogue_rows(path, read_ahead_from_bytes=0 if ahead else 1 << 40) as rows:
        return list(rows)


def failure(path: Path, *, ahead: bool) -> str:
    with pytest.raises(CatalogueError) as refused:
        read(path, ahead=ahead)
    return str(refused.value)


def test_rows_read_ahead_are_the_rows_read_here(tmp_path: Path) -> None:
    path = generated_file(tmp_path)
    here, ahead = read(path, ahead=False), read(path, ahead=True)
    assert len(ahead) == SHOWS
    assert [rows[:-2] for rows in ahead] == [rows[:-2] for rows in here]
    assert [entry_of(rows) for rows in ahead] == [entry_of(rows) for rows in here]


def test_a_show_read_ahead_keeps_its_json_as_text(tmp_path: Path) -> None:
    path = write(tmp_path / "one.json", [{"title": "Pluribus", "platform": "Apple TV+"}])
    (rows,) = read(path, ahead=True)
    assert isinstance(rows.source, str)
    assert json.loads(rows.source) == {"title": "Pluribus", "platform": "Apple TV+"}


def test_a_bad_show_read_ahead_is_refused_as_reading_here_refuses_it(tmp_path: Path) -> None:
    shows = catalogue_json(generate(SHOWS))["shows"]
    shows[1_100]["seasons"] = [{"number": "one"}]
    path = write(tmp_path / "bad.json", shows)
    assert failure(path, ahead=True) == failure(path, ahead=False)
    assert "show 1101" in failure(path, ahead=True)


def test_broken_json_read_ahead_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    path = generated_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    assert failure(path, ahead=True) == failure(path, ahead=False)
    assert "line 1, column" in failure(path, ahead=True)


def test_a_missing_file_is_refused_before_any_reader_starts(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="file not found"):
        read(tmp_path / "missing.json", ahead=True)
    assert multiprocessing.active_children() == []


def test_leaving_early_stops_the_reader(tmp_path: Path) -> None:
    path = generated_file(tmp_path)
    with catalogue_rows(path, read_ahead_from_bytes=0) as rows:
        next(rows)
        assert len(multiprocessing.active_children()) == 1
    assert multiprocessing.active_children() == []


def test_a_reader_that_dies_is_an_error_not_the_end_of_the_file(tmp_path: Path) -> None:
    path = generated_file(tmp_path, count=20_000)
    with catalogue_rows(path, read_ahead_from_bytes=0) as rows:
        next(rows)
        (reader,) = multiprocessing.active_children()
        reader.kill()
        with pytest.raises(RuntimeError, match="reader process ended"):
            list(rows)


async def test_a_file_read_ahead_imports_and_imports_again_as_updates(
    database: Database, tmp_path: Path
) -> None:
    path = generated_file(tmp_path, count=600)
    repository = ShowRepository(database)
    with catalogue_rows(path, read_ahead_from_bytes=0) as rows:
        first, ids = await repository.import_rows(rows, bulk=True)
    with catalogue_rows(path, read_ahead_from_bytes=0) as rows:
        again, same_ids = await repository.import_rows(rows, bulk=True)
    assert (first.added, again.added, again.updated) == (600, 0, 600)
    assert same_ids == ids
    stored = await repository.get(ids[-1])
    assert stored is not None
    assert stored.entry == entry_of(read(path, ahead=False)[-1])
