"""A catalogue file's shows as rows, read ahead in a second process while they are written.

Importing 100,000 shows, a third of the CPU went to decoding and checking the file (2.1 of
7.4 s), all of it on the thread that also feeds the database. A process of its own does that
part on another core: it reads the file with `CatalogueFile`, makes each show's rows with
`rows_of_shows` (the same checks, so the same messages), and sends them a batch at a time;
the importing process only unpickles them (a fifth of the cost of making them). A show's
`source` travels as its JSON text, decoded again only if the show turns out to be one already
stored (`entry_of`).

The pipe holds back a reader that runs ahead, so at most a batch or two is in flight. Any
problem in the file is raised here, in order, as a `CatalogueError`, after the shows before
it: the caller's one transaction still rejects the whole file. A small file is read in this
process: starting the reader costs more than it saves.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from db.catalogue_rows import ShowRows, rows_of_shows
from db.model.catalogue_format import CatalogueError, CatalogueFile

log = logging.getLogger(__name__)

# Below this size a file is read in the importing process. Starting the reader (a fresh
# interpreter importing the format) takes about 0.15 s of CPU, what reading 6 MB of shows does.
READ_AHEAD_FROM_BYTES = 8 << 20
# Shows a message: large enough that the pipe's round trips don't count, small enough that
# the importing process starts writing at once and little is held in flight.
_BATCH = 500

_ROWS, _END, _REFUSED, _FAILED = "rows", "end", "refused", "failed"


@contextmanager
def catalogue_rows(
    path: str | os.PathLike[str], *, read_ahead_from_bytes: int = READ_AHEAD_FROM_BYTES
) -> Iterator[Iterator[ShowRows]]:
    """The rows of every show in the catalogue file at `path`, in order, raising
    CatalogueError at the first problem; a missing or unreadable file fails at once. Files of
    `read_ahead_from_bytes` or more are read by a second process. Leaving the block stops
    the reading, wherever it is."""
    with CatalogueFile(path) as catalogue_file:
        if Path(path).stat().st_size < read_ahead_from_bytes:
            yield rows_of_shows(catalogue_file.raw_shows(), catalogue_file.origin)
            return
        origin = catalogue_file.origin
    log.debug("%s: read by a second process", origin)
    # A fresh interpreter rather than a fork: the importing process may already run threads
    # (aiosqlite's), whose locks a fork would copy held.
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    reader = context.Process(
        target=_read, args=(os.fspath(path), sending), name="catalogue reader", daemon=True
    )
    reader.start()
    sending.close()  # the reader's end: once it exits, receiving finds the pipe closed
    try:
        yield _received(receiving, reader, origin)
    finally:
        receiving.close()
        if reader.is_alive():
            reader.kill()
        reader.join()


def _received(
    pipe: Connection, reader: multiprocessing.process.BaseProcess, origin: str
) -> Iterator[ShowRows]:
    while True:
        try:
            kind, payload = pipe.recv()
        except EOFError:
            reader.join()
            raise RuntimeError(
                f"reading {origin} stopped: its reader process ended (exit code {reader.exitcode})"
            ) from None
        if kind == _ROWS:
            for row in payload:
                yield ShowRows._make(row)
        elif kind == _REFUSED:
            raise CatalogueError(payload)
        elif kind == _FAILED:
            raise RuntimeError(f"reading {origin} failed in its reader process:\n{payload}")
        else:
            return


def _read(path: str, pipe: Connection) -> None:
    """The reader process: every show's rows, then the end or the problem that stopped it."""
    # Ctrl-C reaches the whole process group: the importing process decides, and stops this.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Millions of objects are made here and no cycles: the collector's passes over them were
    # a tenth of the reading.
    gc.disable()
    try:
        with CatalogueFile(path) as catalogue_file:
            batch: list[tuple[object, ...]] = []
            texts: list[str] = []  # the text of the show rows_of_shows is making rows of
            for rows in rows_of_shows(_noting_texts(catalogue_file, texts), catalogue_file.origin):
                text = texts.pop()
                # A show made from its JSON keeps that as its source: as text it pickles as
                # one string instead of a tree of objects. A parsed one has its record.
                batch.append((*rows[:-1], text if rows.entry is None else None))
                if len(batch) == _BATCH:
                    pipe.send((_ROWS, batch))
                    batch = []
            if batch:
                pipe.send((_ROWS, batch))
        pipe.send((_END, None))
    except CatalogueError as error:
        pipe.send((_REFUSED, str(error)))
    except BrokenPipeError:
        pass  # the importing process stopped reading: nothing to tell it
    except BaseException:  # told to the importing process, which raises it
        pipe.send((_FAILED, traceback.format_exc()))
    finally:
        pipe.close()


def _noting_texts(catalogue_file: CatalogueFile, texts: list[str]) -> Iterator[object]:
    for show, text in catalogue_file.raw_shows_with_text():
        texts.append(text)
        yield show
