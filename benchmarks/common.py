"""What every benchmark shares: figures, percentiles, the event-loop stall meter, subprocesses."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the results table."""

    benchmark: str
    measure: str
    value: float | int | str | None  # None: not measured (see note)
    unit: str = ""
    target: str = ""  # e.g. "<= 5 ms"; empty when there is none
    met: bool | None = None  # None when there is no target or nothing was measured
    note: str = ""

    def value_text(self) -> str:
        if self.value is None:
            return "not measured"
        if isinstance(self.value, float):
            digits = 0 if abs(self.value) >= 100 else 1 if abs(self.value) >= 10 else 2
            text = f"{self.value:,.{digits}f}"
        else:
            text = f"{self.value:,}" if isinstance(self.value, int) else str(self.value)
        return f"{text} {self.unit}".strip()


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def at_least(value: float | None, limit: float) -> bool | None:
    return None if value is None else value >= limit


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def milliseconds(seconds: float) -> float:
    return seconds * 1000.0


@dataclass
class StallMeter:
    """How late a task that wakes every `interval` seconds gets: the longest time the event
    loop was kept from running anything else, whatever kept it (our code, the garbage
    collector, a library). Start it, do the work, stop it."""

    interval: float = 0.001
    threshold: float = 0.020  # stalls longer than this are counted
    worst: float = 0.0
    # The longest stall counting only the time this process was on a CPU meanwhile (all its
    # threads): on a machine shared with other work, a stall our code caused keeps its
    # length here, one the OS caused by running something else for a while does not.
    worst_on_cpu: float = 0.0
    # The same counting only the event loop's own thread: what our code on the loop did,
    # without the database's threads working meanwhile on the other core.
    worst_on_loop_thread: float = 0.0
    over_threshold: int = 0
    wakeups: int = 0
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            expected = loop.time() + self.interval
            cpu, thread = time.process_time(), time.thread_time()
            await asyncio.sleep(self.interval)
            late = loop.time() - expected
            self.wakeups += 1
            self.worst = max(self.worst, late)
            self.worst_on_cpu = max(self.worst_on_cpu, min(late, time.process_time() - cpu))
            self.worst_on_loop_thread = max(
                self.worst_on_loop_thread, min(late, time.thread_time() - thread)
            )
            if late > self.threshold:
                self.over_threshold += 1

    async def __aenter__(self) -> StallMeter:
        self._task = asyncio.create_task(self._beat())
        await asyncio.sleep(0)  # let it take its first reading of the clock
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


def python_command(module: str, *arguments: str) -> list[str]:
    return [sys.executable, "-m", module, *arguments]


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for a child process: this one, without a Discord token, with the
    repository importable, plus `extra`."""
    environment = {key: value for key, value in os.environ.items() if key != "DISCORD_TOKEN"}
    environment["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO), environment.get("PYTHONPATH", "")) if part
    )
    environment.update(extra)
    return environment


@dataclass(frozen=True, slots=True)
class ChildRun:
    seconds: float
    peak_rss_mb: float  # the program's own peak (VmHWM); see benchmarks/rss_probe.py
    returncode: int
    stdout: str
    stderr: str


def run_module(
    module: str,
    *arguments: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> ChildRun:
    """`python -m module arguments…` in a fresh process, to the end: its wall time, output
    and peak resident memory; `stdin` is what it reads."""
    with tempfile.TemporaryDirectory() as temporary:
        peak_file = Path(temporary) / "peak"
        started = time.perf_counter()
        completed = subprocess.run(
            python_command("benchmarks.rss_probe", str(peak_file), module, *arguments),
            cwd=cwd,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else math.nan
    return ChildRun(seconds, peak, completed.returncode, completed.stdout, completed.stderr)


def last_json_line(text: str) -> dict[str, Any]:
    """A child reports its figures as one JSON object on its last line of output."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return dict(json.loads(line))
    raise ValueError(f"no JSON figures in the child's output: {text[-500:]!r}")


def format_table(figures: Sequence[Figure]) -> str:
    headers = ("benchmark", "measure", "value", "target", "")
    rows = [
        (
            figure.benchmark,
            figure.measure,
            figure.value_text(),
            figure.target,
            {True: "ok", False: "MISSED", None: ""}[figure.met],
        )
        for figure in figures
    ]
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    previous = None
    for figure, row in zip(figures, rows, strict=True):
        if previous is not None and figure.benchmark != previous:
            lines.append("")
        previous = figure.benchmark
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    notes = [
        f"- {figure.benchmark} / {figure.measure}: {figure.note}"
        for figure in figures
        if figure.note
    ]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def figures_json(figures: Sequence[Figure], extra: dict[str, Any]) -> str:
    return json.dumps(
        {**extra, "figures": [asdict(figure) for figure in figures]},
        indent=2,
        ensure_ascii=False,
    )


async def serve_on_loopback(app: web.Application) -> tuple[web.AppRunner, str]:
    """`app` on a free port of 127.0.0.1: its runner (to clean up) and its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    assert server.sockets
    port = server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}"
