"""A local stand-in for the TVmaze API: a real aiohttp server on 127.0.0.1 serving the
recorded responses in tests/fixtures/tvmaze, with scripted failures, logging each request."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures" / "tvmaze"

GOT = "show_82_game_of_thrones_embed_seasons_images_cast_crew.json"
BIG_BANG = "show_66_big_bang_theory_embed_episodes_2018.json"
DOME = "show_1_under_the_dome_2026.json"
DOME_SEASONS = "show_1_seasons_2026_trimmed.json"
DOME_CAST = "show_1_cast_2026_trimmed.json"
DOME_PILOT = "episode_1_under_the_dome_pilot_2026.json"
SCHEDULE = "schedule_us_2026_trimmed.json"
SEARCH_GIRLS = "search_shows_q_girls.json"
SEARCH_GIRLS_2026 = "search_shows_q_girls_2026_trimmed.json"
GOT_EPISODES = "show_82_game_of_thrones_episodes_with_specials.json"
UPDATES = "updates_shows_2026_trimmed.json"
TPT = "show_990001_tiny_pretty_things_embed_seasons_cast_2026_handbuilt.json"


def recorded(name: str) -> Any:
    """A fresh copy of a recorded response, to serve as is or change one field of."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def as_search_result(show: dict[str, Any], score: float = 0.9) -> list[dict[str, Any]]:
    """A `/search/shows` answer holding one recorded show (without its embedded lists)."""
    bare = {key: value for key, value in copy.deepcopy(show).items() if key != "_embedded"}
    return [{"score": score, "show": bare}]


class FakeTime:
    """A clock that only moves when someone sleeps (or a test says so): nobody really waits."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@dataclass
class Reply:
    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent instead of JSON (malformed bodies)
    delay: float = 0.0  # seconds before answering (timeouts)


class FakeTVmaze:
    """Routes are paths (`/shows/82`); the query string is logged but not matched."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.scripts: dict[str, deque[Reply]] = {}
        self.requests: list[str] = []  # "path?query" in arrival order
        self.user_agents: list[str] = []
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        self.url = ""

    def serve(self, path: str, body: Any = None, **reply: Any) -> None:
        """Answer `path` with `body` (JSON) from now on."""
        self.routes[path] = Reply(body=body, **reply)

    def serve_file(self, path: str, name: str) -> None:
        self.serve(path, recorded(name))

    def then(self, path: str, *replies: Reply) -> None:
        """Answer the next requests for `path` with these, in order, before the route."""
        self.scripts.setdefault(path, deque()).extend(replies)

    def paths(self) -> list[str]:
        return [request.split("?", 1)[0] for request in self.requests]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path_qs)
        self.user_agents.append(request.headers.get("User-Agent", ""))
        script = self.scripts.get(request.path)
        reply = script.popleft() if script else self.routes.get(request.path)
        if reply is None:
            return web.json_response({"name": "Not Found", "status": 404}, status=404)
        if reply.delay:
            # Ends early when the server stops, so a test's teardown never waits it out.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), reply.delay)
        body = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
        response = web.Response(
            body=body, status=reply.status, headers=reply.headers, content_type="application/json"
        )
        # No keep-alive: the local transport waits for every task a command spawned, and in
        # this one event loop that would include the server's idle connection.
        response.force_close()
        return response

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self.url

    async def close(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
