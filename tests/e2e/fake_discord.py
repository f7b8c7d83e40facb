"""A Discord stand-in on 127.0.0.1 that the unmodified bot talks to over real sockets.

It speaks the little of Discord's REST API (v10) and gateway that discord.py 2.7 uses to log
in, receive messages and interactions, and send replies and alerts, and it records every
request, so a test can check what the bot really put on the wire. Its one guild has a manager
role, an owner who manages channels, a plain member, and as many text channels as a test asks.
A test may add guilds (`add_guild`) on the shards it wants: a bot that identifies with
`shard: [id, count]` gets READY and GUILD_CREATE, and later those guilds' events, only for
that shard's guilds, on that shard's websocket, as Discord shards a bot.

Shapes follow Discord's documentation; the pitfalls that matter to discord.py are kept:
responses are `application/json` exactly (discord.py parses nothing else as JSON), gateway
frames are plain text (discord.py asks for zlib-stream but reads text as it is), and payloads
carry every field discord.py reads unconditionally.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import math
import re
import secrets
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import discord
from aiohttp import WSMsgType, web

from db.model.shards import SNOWFLAKE_TIMESTAMP_SHIFT, shard_of

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
# discord.py accepts any string; this one says what it is if it ever shows up in a log.
TOKEN = "e2e-fake-token.not-a-real-secret"

BOT_USER_ID = 1_200_000_000_000_000_001  # the bot's user, and its application
GUILD_ID = 1_200_000_000_000_000_100  # also the @everyone role, as on Discord
MANAGER_ROLE_ID = 1_200_000_000_000_000_300
FANS_ROLE_ID = 1_200_000_000_000_000_301  # mentionable: a subscription may ping it
OWNER_ID = 1_200_000_000_000_000_400  # the test user: in OWNER_IDS, and a manager
MEMBER_ID = 1_200_000_000_000_000_401  # a plain member
BOT_NAME = "Cliffhanger"
# A server the bot is not in, where a person uses their own install of the app.
ELSEWHERE_GUILD_ID = 1_200_000_000_000_000_700

# Interaction contexts and installation types, as Discord numbers them.
GUILD_CONTEXT, BOT_DM_CONTEXT = 0, 1
GUILD_INSTALL, USER_INSTALL = "0", "1"
# Discord's JSON error code for a DM the person does not accept (DMs closed, bot blocked).
CANNOT_MESSAGE_USER = 50007

# Gateway opcodes and close codes.
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT = 0, 1, 2, 6, 7
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
UNKNOWN_ERROR = 4000  # resumable, as are 4001-4003, 4005, 4007-4009
DISALLOWED_INTENTS = 4014
AUTHENTICATION_FAILED = 4004
HEARTBEAT_INTERVAL_MS = 41_250
HEARTBEAT_ACK_DELAY = 0.1

# Interaction and callback types, message flags.
APPLICATION_COMMAND, AUTOCOMPLETE = 2, 4
MESSAGE_RESPONSE, DEFERRED_MESSAGE_RESPONSE, AUTOCOMPLETE_RESULT = 4, 5, 8
EPHEMERAL = 1 << 6
GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19

ALERT_FOOTER = "Cliffhanger alert"
DISCORD_EPOCH_MS = 1_420_070_400_000
_TIMESTAMP = re.compile(r"<t:(-?\d+)(?::[tTdDfFR])?>")

T = TypeVar("T")
# The request's JSON body, parsed once by the recording middleware for the handlers.
BODY = web.RequestKey("body", object)


async def eventually(
    condition: Callable[[], T | None],
    *,
    within: float,
    what: str,
    abort: Callable[[], str | None] | None = None,
    interval: float = 0.05,
) -> T:
    """Poll `condition` until it returns something other than None or False, or fail.

    Bounded in time and in rounds; `abort` says why waiting is pointless (the bot died).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    for _ in range(math.ceil(within / interval) + 1):
        value = condition()
        if value is not None and value is not False:
            return value
        if abort is not None and (reason := abort()) is not None:
            raise AssertionError(f"gave up waiting for {what}: {reason}")
        if loop.time() >= deadline:
            break
        await asyncio.sleep(interval)
    reason = abort() if abort is not None else None
    raise AssertionError(f"timed out after {within:.0f} s waiting for {what}" + _more(reason))


def _more(reason: str | None) -> str:
    return f"\n{reason}" if reason else ""


def visible_text(payload: Mapping[str, Any]) -> str:
    """What a reader sees of a message body: content and embeds, dates as "14 December 2020"."""
    parts = [payload.get("content") or ""]
    for embed in payload.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for embed_field in embed.get("fields") or []:
            parts += [embed_field.get("name") or "", embed_field.get("value") or ""]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return _TIMESTAMP.sub(_readable_date, "\n".join(part for part in parts if part))


def _readable_date(match: re.Match[str]) -> str:
    moment = datetime.datetime.fromtimestamp(int(match[1]), tz=datetime.UTC)
    return f"{moment.day} {moment:%B %Y}"


def pings_nobody(allowed_mentions: Mapping[str, Any] | None) -> bool:
    """Whether Discord would notify nobody for a message sent with these allowed_mentions.

    Without the field Discord pings whatever the text mentions; with it, only what it allows.
    """
    if allowed_mentions is None:
        return False
    return (
        not allowed_mentions.get("parse")
        and not allowed_mentions.get("users")
        and not allowed_mentions.get("roles")
        and not allowed_mentions.get("replied_user")
    )


@dataclass(slots=True)
class RecordedRequest:
    """A request as it arrived; recorded before it is answered (an answer may be held)."""

    method: str
    route: str  # the template, e.g. "/api/v10/channels/{channel_id}/messages"
    path: str
    query: dict[str, str]
    channel_id: int | None
    body: Any
    status: int | None = None  # None until answered


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot created: through a channel, an interaction response or a follow-up."""

    channel_id: int
    message_id: int
    payload: dict[str, Any] = field(hash=False)  # the body the bot sent
    via: str = "channel"  # "channel" | "interaction" | "followup"
    interaction_id: int | None = None

    @property
    def content(self) -> str:
        return self.payload.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.payload.get("embeds") or [])

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.payload.get("allowed_mentions")

    @property
    def footers(self) -> list[str]:
        return [(embed.get("footer") or {}).get("text") or "" for embed in self.embeds]

    @property
    def is_alert(self) -> bool:
        return any(footer.startswith(ALERT_FOOTER) for footer in self.footers)

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.payload.get("flags") or 0) & EPHEMERAL)

    def text(self) -> str:
        return visible_text(self.payload)


@dataclass
class FakeInteraction:
    id: int
    token: str
    channel_id: int
    kind: int
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    messages: list[SentMessage] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        return bool(self.callbacks)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices from the first callback, if it was an autocomplete result."""
        for callback in self.callbacks:
            if callback.get("type") == AUTOCOMPLETE_RESULT:
                return list((callback.get("data") or {}).get("choices") or [])
        return []


@dataclass
class _Session:
    """One gateway connection."""

    ws: web.WebSocketResponse
    sequence: int = 0
    identified: bool = False
    session_id: str = ""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # (shard id, shard count) from IDENTIFY; None: an unsharded bot, which gets every guild.
    shard: tuple[int, int] | None = None

    def serves(self, guild_id: int | None) -> bool:
        """Whether Discord sends this connection a guild's events (guild None: a DM, shard 0's)."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return shard_of(guild_id, count) == shard_id

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        async with self.lock:
            sequence = None
            if op == DISPATCH:
                self.sequence += 1
                sequence = self.sequence
            frame = {"op": op, "d": data, "s": sequence, "t": event}
            if not self.ws.closed:
                await self.ws.send_str(json.dumps(frame))


@dataclass(frozen=True, slots=True)
class _Forced:
    """An answer a test forces on the next request that matches."""

    method: str
    route_suffix: str
    status: int
    global_limit: bool
    alerts_only: bool

    def matches(self, request: RecordedRequest) -> bool:
        if request.method != self.method or not request.route.endswith(self.route_suffix):
            return False
        return not self.alerts_only or _is_alert(request.body)


def _is_alert(body: Any) -> bool:
    embeds = (body or {}).get("embeds") or [] if isinstance(body, dict) else []
    return any(
        ((embed.get("footer") or {}).get("text") or "").startswith(ALERT_FOOTER) for embed in embeds
    )


def _body(request: web.Request) -> Any:
    return request[BODY]


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with aiohttp's default "; charset=utf-8" discord.py would
    # treat every answer as text.
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _rate_limited(retry_after: float, *, scope: str) -> web.Response:
    """A 429 as Discord sends it: retry_after and global in the body, the same in headers, and
    a Via header (without one discord.py takes a 429 for a Cloudflare ban)."""
    is_global = scope == "global"
    headers = {
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Scope": scope,
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {"message": "You are being rate limited.", "retry_after": round(retry_after, 3)}
    body["global"] = is_global
    return _json(body, 429, headers)


def _error(status: int, code: int, message: str) -> web.Response:
    return _json({"message": message, "code": code}, status)


def _iso(moment: datetime.datetime | None = None) -> str:
    return (moment or datetime.datetime.now(datetime.UTC)).isoformat()


def _user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    add_reactions=True,
    use_application_commands=True,
)
MANAGER_PERMISSIONS = discord.Permissions(manage_channels=True, manage_guild=True)
# What an app has in a server it was not installed to, used through a person's install.
USER_INSTALL_APP_PERMISSIONS = discord.Permissions(
    attach_files=True, embed_links=True, mention_everyone=True, use_external_emojis=True
)
PEOPLE: dict[int, tuple[str, tuple[int, ...]]] = {
    OWNER_ID: ("Owner", (MANAGER_ROLE_ID,)),
    MEMBER_ID: ("Member", ()),
}


class FakeDiscord:
    """The server, its guild, and the record of what the bot did."""

    def __init__(self, *, channels: Iterable[str] = ("general",)) -> None:
        self.token = TOKEN
        self._last_id = 0
        self.channels: dict[int, str] = {}
        # Every guild and its name; a channel's guild (the first guild's unless added to another).
        self.guilds: dict[int, str] = {GUILD_ID: "Cliffhanger E2E"}
        self.channel_guilds: dict[int, int] = {}
        # What GET /gateway/bot recommends.
        self.recommended_shards = 1
        for name in channels:
            self.add_channel(name)
        self.requests: list[RecordedRequest] = []
        self.sent: list[SentMessage] = []
        self.history: dict[int, list[dict[str, Any]]] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.identifies: list[dict[str, Any]] = []
        self.synced_commands: dict[str, list[dict[str, Any]]] = {}
        self.unhandled: list[str] = []
        self.failures: list[str] = []
        self.nonce_repeats = 0
        # The bot's edits of its own channel messages, in order (kept apart from `sent`).
        self.edits: list[SentMessage] = []
        # Knobs.
        self.refused_channels: dict[int, int] = {}  # channel id -> 403 or 404
        self.message_delay = 0.0
        self.refuse_intents = False
        self.hello_delay = 0.0  # seconds before HELLO on each new gateway connection
        # Every REST answer takes this long (a slow API); tests keep the requests few.
        self.response_delay = 0.0
        # Discord's per-route bucket for posting in a channel: (messages, seconds), or None.
        self.channel_limit: tuple[int, float] | None = None
        self._channel_windows: dict[int, tuple[float, int]] = {}
        # Answers forced on the next matching requests.
        self._forced: list[_Forced] = []
        self.forced_retry_after = 1.0
        self.ready_sent_at: list[float] = []  # time.monotonic() of each READY
        # Each person's DM channel with the bot, opened by POST /users/@me/channels.
        self.dm_channels: dict[int, int] = {}
        # People who don't accept DMs from the bot: a DM to them is answered 403, code 50007.
        self.closed_dms: set[int] = set()
        self._hold_after: int | None = None
        self._hold_channels: frozenset[int] | None = None  # None: alerts in every channel
        self._held = asyncio.Event()
        # Waits fail fast with this explanation when it is not None (e.g. the bot died).
        self.abort_probe: Callable[[], str | None] | None = None
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._sessions: list[_Session] = []
        self._session_sequences: dict[str, int] = {}  # session id -> last sequence sent
        self._session_shards: dict[str, tuple[int, int]] = {}  # session id -> its shard
        self.resumes = 0
        self._runner: web.AppRunner | None = None
        self.host, self.port = "", 0

    # ------------------------------------------------------------------ life cycle

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        api = API_PREFIX
        routes = [
            ("GET", GATEWAY_PATH, self._gateway),
            ("GET", f"{api}/gateway", self._gateway_url),
            ("GET", f"{api}/gateway/bot", self._gateway_bot),
            ("GET", f"{api}/users/@me", self._me),
            ("POST", f"{api}/users/@me/channels", self._open_dm),
            ("GET", f"{api}/users/{{user_id}}", self._get_user),
            ("GET", f"{api}/oauth2/applications/@me", self._application),
            ("GET", f"{api}/applications/@me", self._application),
            ("GET", f"{api}/channels/{{channel_id}}", self._get_channel),
            ("POST", f"{api}/channels/{{channel_id}}/messages", self._post_message),
            ("GET", f"{api}/channels/{{channel_id}}/messages", self._get_messages),
            (
                "PATCH",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}",
                self._edit_message,
            ),
            ("POST", f"{api}/channels/{{channel_id}}/typing", self._typing),
            ("POST", f"{api}/interactions/{{interaction_id}}/{{token}}/callback", self._callback),
            ("POST", f"{api}/webhooks/{{application_id}}/{{token}}", self._followup),
            (
                "PATCH",
                f"{api}/webhooks/{{application_id}}/{{token}}/messages/{{message_id}}",
                self._edit_response,
            ),
            ("GET", f"{api}/applications/{{application_id}}/commands", self._get_commands),
            ("PUT", f"{api}/applications/{{application_id}}/commands", self._put_commands),
            (
                "GET",
                f"{api}/applications/{{application_id}}/guilds/{{guild_id}}/commands",
                self._get_commands,
            ),
            (
                "PUT",
                f"{api}/applications/{{application_id}}/guilds/{{guild_id}}/commands",
                self._put_commands,
            ),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        # Bound to loopback only, on a port the kernel picks: nothing else can reach it.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        self.host, self.port = listener.getsockname()[:2]
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.SockSite(self._runner, listener).start()

    async def stop(self) -> None:
        self._held.set()
        for session in list(self._sessions):
            await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    # ------------------------------------------------------------------ the guild

    def next_id(self) -> int:
        """A snowflake for now, increasing: discord.py trusts interaction ids to be recent."""
        now = ((time.time_ns() // 1_000_000) - DISCORD_EPOCH_MS) << 22
        self._last_id = max(self._last_id + 1, now)
        return self._last_id

    def add_channel(self, name: str, *, guild_id: int = GUILD_ID) -> int:
        """A text channel, in the guild that bots receive when they connect (or in `guild_id`)."""
        channel_id = self.next_id()
        self.channels[channel_id] = name
        self.channel_guilds[channel_id] = guild_id
        return channel_id

    def channel_id(self, name: str, *, guild_id: int = GUILD_ID) -> int:
        for channel_id, channel_name in self.channels.items():
            if channel_name == name and self.guild_of(channel_id) == guild_id:
                return channel_id
        raise KeyError(name)

    def guild_of(self, channel_id: int) -> int:
        return self.channel_guilds.get(channel_id, GUILD_ID)

    def add_guild(
        self, name: str, *, shard: int, count: int, channels: Iterable[str] = ("general",)
    ) -> int:
        """Another guild with the same people and roles, with an id on `shard` of `count`
        (Discord's rule: the id's timestamp bits modulo the count)."""
        guild_id = self.next_id()
        stamp = guild_id >> SNOWFLAKE_TIMESTAMP_SHIFT
        stamp += (shard - stamp) % count
        guild_id = stamp << SNOWFLAKE_TIMESTAMP_SHIFT | guild_id & (
            (1 << SNOWFLAKE_TIMESTAMP_SHIFT) - 1
        )
        self._last_id = max(self._last_id, guild_id)
        self.guilds[guild_id] = name
        for channel in channels:
            self.add_channel(channel, guild_id=guild_id)
        return guild_id

    def channel_payload(self, channel_id: int) -> dict[str, Any]:
        return {
            "id": str(channel_id),
            "guild_id": str(self.guild_of(channel_id)),
            "type": 0,
            "name": self.channels[channel_id],
            "position": list(self.channels).index(channel_id),
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "parent_id": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    @staticmethod
    def _role(
        role_id: int, name: str, permissions: discord.Permissions, *, mentionable: bool = False
    ) -> dict[str, Any]:
        return {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions.value),
            "position": 0 if role_id == GUILD_ID else 1,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }

    @staticmethod
    def _member(user_id: int, *, with_user: bool = True) -> dict[str, Any]:
        if user_id == BOT_USER_ID:
            name, roles = BOT_NAME, ()
        else:
            name, roles = PEOPLE[user_id]
        member: dict[str, Any] = {
            "roles": [str(role) for role in roles],
            "joined_at": _iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "communication_disabled_until": None,
        }
        if with_user:
            member["user"] = _user(user_id, name, bot=user_id == BOT_USER_ID)
        return member

    def guild_payload(self, guild_id: int = GUILD_ID) -> dict[str, Any]:
        members = [self._member(user_id) for user_id in (*PEOPLE, BOT_USER_ID)]
        return {
            "id": str(guild_id),
            "name": self.guilds[guild_id],
            "icon": None,
            "owner_id": str(MEMBER_ID + 1),  # someone else: owning the guild bypasses checks
            "unavailable": False,
            "large": False,
            "member_count": len(members),
            "joined_at": _iso(),
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "roles": [
                self._role(guild_id, "@everyone", EVERYONE_PERMISSIONS),
                self._role(MANAGER_ROLE_ID, "Managers", MANAGER_PERMISSIONS),
                self._role(FANS_ROLE_ID, "Fans", discord.Permissions.none(), mentionable=True),
            ],
            "channels": [
                self.channel_payload(channel_id)
                for channel_id in self.channels
                if self.guild_of(channel_id) == guild_id
            ],
            "threads": [],
            "members": members,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "emojis": [],
            "stickers": [],
            "features": [],
        }

    def _permissions(self, user_id: int) -> discord.Permissions:
        permissions = discord.Permissions(EVERYONE_PERMISSIONS.value)
        if MANAGER_ROLE_ID in PEOPLE.get(user_id, ("", ()))[1]:
            permissions |= MANAGER_PERMISSIONS
        return permissions

    # ------------------------------------------------------------------ the gateway

    @property
    def connected(self) -> int:
        return sum(1 for session in self._sessions if session.identified)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """To every connected bot, or with shards, to the one connection serving the guild."""
        guild = data.get("guild_id")
        for session in list(self._sessions):
            if session.identified and session.serves(int(guild) if guild else None):
                await session.send(DISPATCH, data, event)

    def sessions_serving(self, guild_id: int) -> int:
        """How many connected bots receive a guild's events (0: no process has its shard)."""
        return sum(
            1 for session in self._sessions if session.identified and session.serves(guild_id)
        )

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        session = _Session(ws)
        self._sessions.append(session)
        try:
            if self.hello_delay:
                await asyncio.sleep(self.hello_delay)
            await session.send(HELLO, {"heartbeat_interval": HEARTBEAT_INTERVAL_MS})
            async for frame in ws:
                if frame.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(frame.data)
                op = payload.get("op")
                if op == IDENTIFY:
                    await self._identify(session, payload.get("d") or {})
                elif op == HEARTBEAT:
                    # A real round trip takes a while. discord.py notes when it sent a heartbeat
                    # only after the send returns, so an instant ACK reads as 41 s of latency.
                    await asyncio.sleep(HEARTBEAT_ACK_DELAY)
                    await session.send(HEARTBEAT_ACK, None)
                elif op == RESUME:
                    await self._resume(session, payload.get("d") or {})
        finally:
            self._sessions.remove(session)
            if session.session_id:
                self._session_sequences[session.session_id] = session.sequence
        return ws

    async def _identify(self, session: _Session, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        if data.get("token") != self.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        if self.refuse_intents:
            await session.ws.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        session.identified = True
        session.session_id = secrets.token_hex(16)
        self._session_sequences[session.session_id] = 0
        if data.get("shard") is not None:
            shard_id, count = (int(number) for number in data["shard"])
            session.shard = (shard_id, count)
            self._session_shards[session.session_id] = session.shard
        guilds = [guild for guild in self.guilds if session.serves(guild)]
        await session.send(
            DISPATCH,
            {
                "v": 10,
                "user": _user(BOT_USER_ID, BOT_NAME, bot=True),
                "guilds": [{"id": str(guild), "unavailable": True} for guild in guilds],
                "session_id": session.session_id,
                "resume_gateway_url": self.gateway_url,
                "application": {"id": str(BOT_USER_ID), "flags": GATEWAY_MESSAGE_CONTENT_LIMITED},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
                "session_type": "normal",
                "auth": {},
                "shard": list(session.shard or (0, 1)),
                "_trace": ["fake-discord"],
            },
            "READY",
        )
        self.ready_sent_at.append(time.monotonic())
        for guild in guilds:
            await session.send(DISPATCH, self.guild_payload(guild), "GUILD_CREATE")

    async def _resume(self, session: _Session, data: dict[str, Any]) -> None:
        """Continue a dropped session. Events are not kept for replay: tests send none while
        the bot is away. An unknown session is invalidated, so the client identifies anew."""
        session_id = str(data.get("session_id") or "")
        if data.get("token") != self.token or session_id not in self._session_sequences:
            await session.send(INVALID_SESSION, False)
            return
        self.resumes += 1
        session.session_id = session_id
        session.shard = self._session_shards.get(session_id)
        session.sequence = self._session_sequences[session_id]
        session.identified = True
        await session.send(DISPATCH, {"_trace": ["fake-discord"]}, "RESUMED")

    async def drop_connections(self, code: int = UNKNOWN_ERROR) -> None:
        """Close every gateway connection, as Discord does now and then (4000, "unknown
        error", tells the client to reconnect and resume)."""
        for session in list(self._sessions):
            await session.ws.close(code=code, message=b"Unknown error.")

    async def invalidate_sessions(self, *, resumable: bool) -> None:
        """INVALID_SESSION on every connection: with true the client may resume, with false
        the session is gone and it must identify anew."""
        for session in list(self._sessions):
            if not resumable:
                self._session_sequences.pop(session.session_id, None)
                session.session_id = ""
            await session.send(INVALID_SESSION, resumable)

    async def ask_to_reconnect(self) -> None:
        """RECONNECT on every connection, as Discord sends before it moves a session."""
        for session in list(self._sessions):
            await session.send(RECONNECT, None)

    # ------------------------------------------------------------------ what a test does

    async def send_message(
        self, content: str, *, channel_id: int | None = None, author_id: int = OWNER_ID
    ) -> dict[str, Any]:
        """A user posts in a channel: MESSAGE_CREATE to every connected bot."""
        assert self.connected, "no bot is connected to the gateway"
        channel_id = channel_id or self.channel_id("general")
        name, _ = PEOPLE[author_id]
        mentions = []
        if f"<@{BOT_USER_ID}>" in content or f"<@!{BOT_USER_ID}>" in content:
            mentions.append(_user(BOT_USER_ID, BOT_NAME, bot=True))
        message = {
            **self._message(channel_id, {"content": content}, author=_user(author_id, name)),
            "member": self._member(author_id, with_user=False),
            "mentions": mentions,
        }
        self.history.setdefault(channel_id, []).append(message)
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    async def say(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        author_id: int = OWNER_ID,
        replies: int = 1,
        within: float = 20.0,
    ) -> list[SentMessage]:
        """Post a message and wait for the bot's replies in that channel (alerts aside)."""
        channel_id = channel_id or self.channel_id("general")
        mark = len(self.sent)
        await self.send_message(content, channel_id=channel_id, author_id=author_id)

        def answered() -> list[SentMessage] | None:
            found = [
                message
                for message in self.sent[mark:]
                if message.channel_id == channel_id and not message.is_alert
            ]
            return found if len(found) >= replies else None

        return await eventually(
            answered, within=within, what=f"a reply to {content!r}", abort=self.abort_probe
        )

    def interaction_payload(
        self,
        command: str,
        options: Mapping[str, str | int | bool],
        *,
        channel_id: int,
        author_id: int = OWNER_ID,
        kind: int = APPLICATION_COMMAND,
        focused: str | None = None,
        elsewhere: bool = False,
    ) -> dict[str, Any]:
        if elsewhere:
            return self._elsewhere_payload(command, options, channel_id, author_id, kind)
        option_types = {bool: 5, int: 4, str: 3}
        member = self._member(author_id)
        member["permissions"] = str(self._permissions(author_id).value)
        return {
            "id": str(self.next_id()),
            "application_id": str(BOT_USER_ID),
            "type": kind,
            "token": f"fake-interaction-token-{secrets.token_hex(8)}",
            "version": 1,
            "guild_id": str(self.guild_of(channel_id)),
            "channel_id": str(channel_id),
            "channel": {
                **self.channel_payload(channel_id),
                "permissions": str(EVERYONE_PERMISSIONS.value),
            },
            "member": member,
            "app_permissions": str(EVERYONE_PERMISSIONS.value),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_of(channel_id))},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
            "data": {
                "id": str(self.next_id()),
                "name": command,
                "type": 1,
                "guild_id": str(self.guild_of(channel_id)),
                "options": [
                    {
                        "name": name,
                        "type": option_types[type(value)],
                        "value": value,
                        **({"focused": True} if name == focused else {}),
                    }
                    for name, value in options.items()
                ],
            },
        }

    def _elsewhere_payload(
        self,
        command: str,
        options: Mapping[str, str | int | bool],
        channel_id: int,
        author_id: int,
        kind: int,
    ) -> dict[str, Any]:
        """A slash command used through the author's own install of the app, in a server the
        bot is not in: Discord sends the guild's id and a partial guild, the channel and the
        member as that server has them, the app's permissions there, and the author as the
        installation's owner. The bot has no GUILD_CREATE for that server."""
        option_types = {bool: 5, int: 4, str: 3}
        member = self._member(author_id)
        member["roles"] = []
        member["permissions"] = str(EVERYONE_PERMISSIONS.value)
        channel = {
            **self.channel_payload_elsewhere(channel_id),
            "permissions": str(EVERYONE_PERMISSIONS.value),
        }
        return {
            "id": str(self.next_id()),
            "application_id": str(BOT_USER_ID),
            "type": kind,
            "token": f"fake-interaction-token-{secrets.token_hex(8)}",
            "version": 1,
            "guild_id": str(ELSEWHERE_GUILD_ID),
            "guild": {"id": str(ELSEWHERE_GUILD_ID), "locale": "en-US", "features": []},
            "channel_id": str(channel_id),
            "channel": channel,
            "member": member,
            "app_permissions": str(USER_INSTALL_APP_PERMISSIONS.value),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {USER_INSTALL: str(author_id)},
            "context": GUILD_CONTEXT,
            "attachment_size_limit": 10 * 1024 * 1024,
            "data": {
                "id": str(self.next_id()),
                "name": command,
                "type": 1,
                "options": [
                    {"name": name, "type": option_types[type(value)], "value": value}
                    for name, value in options.items()
                ],
            },
        }

    @staticmethod
    def channel_payload_elsewhere(channel_id: int) -> dict[str, Any]:
        return {
            "id": str(channel_id),
            "guild_id": str(ELSEWHERE_GUILD_ID),
            "type": 0,
            "name": "their-channel",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "parent_id": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    async def interact(
        self,
        command: str,
        options: Mapping[str, str | int | bool],
        *,
        channel_id: int | None = None,
        author_id: int = OWNER_ID,
        kind: int = APPLICATION_COMMAND,
        focused: str | None = None,
        within: float = 20.0,
        elsewhere: bool = False,
    ) -> FakeInteraction:
        """Use a slash command (or type in its option): INTERACTION_CREATE, then wait for the
        bot's response through the interaction callback route. `elsewhere`: through the
        author's own install, in a server the bot is not in."""
        assert self.connected, "no bot is connected to the gateway"
        if elsewhere:
            channel_id = channel_id or self.next_id()
        channel_id = channel_id or self.channel_id("general")
        payload = self.interaction_payload(
            command,
            options,
            channel_id=channel_id,
            author_id=author_id,
            kind=kind,
            focused=focused,
            elsewhere=elsewhere,
        )
        interaction = FakeInteraction(
            id=int(payload["id"]), token=payload["token"], channel_id=channel_id, kind=kind
        )
        self.interactions[interaction.id] = interaction
        await self.dispatch("INTERACTION_CREATE", payload)
        return await eventually(
            lambda: interaction if interaction.acknowledged else None,
            within=within,
            what=f"a response to /{command}",
            abort=self.abort_probe,
        )

    def refuse_channel(self, channel_id: int, status: int) -> None:
        """From now on the channel answers 403 Missing Access or 404 Unknown Channel."""
        assert status in (403, 404)
        self.refused_channels[channel_id] = status

    def hold_alerts_after(self, count: int, *, channels: Iterable[int] | None = None) -> None:
        """Alerts past the first `count` are created, but their answers are held back, as when
        Discord has posted a message and the connection dies before the bot hears so.
        `channels`: only alerts in these count and are held (one process's share)."""
        self._hold_after = count
        self._hold_channels = None if channels is None else frozenset(channels)
        self._held.clear()

    def _holds(self, channel_id: int | None) -> bool:
        return self._hold_channels is None or channel_id in self._hold_channels

    def release_held(self) -> None:
        self._hold_after = None
        self._held.set()

    def force(
        self,
        *statuses: int,
        method: str = "POST",
        route_suffix: str = "/channels/{channel_id}/messages",
        global_limit: bool = False,
        alerts_only: bool = False,
    ) -> None:
        """The next matching requests get these answers instead (429s as Discord sends them,
        global or a route's; 5xx before anything is created), one each, in order."""
        self._forced += [
            _Forced(method, route_suffix, status, global_limit, alerts_only) for status in statuses
        ]

    @property
    def forced_left(self) -> int:
        return len(self._forced)

    def invalid_requests(self) -> int:
        """What Discord counts towards its ban (10,000 in ten minutes): 401, 403 and 429
        answers, except 429s of a shared resource's limit."""
        return sum(1 for request in self.requests if request.status in (401, 403, 429))

    def answered(self, status: int) -> int:
        return sum(1 for request in self.requests if request.status == status)

    # ------------------------------------------------------------------ what a test reads

    def sent_to(self, channel_id: int) -> list[SentMessage]:
        return [message for message in self.sent if message.channel_id == channel_id]

    def dm_recipient(self, channel_id: int | None) -> int | None:
        for user_id, dm_channel_id in self.dm_channels.items():
            if dm_channel_id == channel_id:
                return user_id
        return None

    def dms_to(self, user_id: int) -> list[SentMessage]:
        """The messages the bot created in a person's DMs."""
        channel_id = self.dm_channels.get(user_id)
        return [] if channel_id is None else self.sent_to(channel_id)

    def dm_posts(self, user_id: int) -> list[RecordedRequest]:
        """Every attempt to post in a person's DMs, refused ones included."""
        channel_id = self.dm_channels.get(user_id)
        return [
            request
            for request in self.requests
            if channel_id is not None
            and request.method == "POST"
            and request.route.endswith("/channels/{channel_id}/messages")
            and request.channel_id == channel_id
        ]

    def alerts_in(self, channel_id: int) -> list[SentMessage]:
        """The alert messages that exist in a channel (a repeated nonce created none)."""
        return [message for message in self.sent_to(channel_id) if message.is_alert]

    def alert_posts(self, channel_id: int | None = None) -> list[RecordedRequest]:
        """Every POST of an alert, including any that Discord dropped as a repeated nonce."""
        return [
            request
            for request in self.requests
            if request.method == "POST"
            and request.route.endswith("/channels/{channel_id}/messages")
            and (channel_id is None or request.channel_id == channel_id)
            and _is_alert(request.body)
        ]

    def count(self, method: str, route_suffix: str, channel_id: int | None = None) -> int:
        return sum(
            1
            for request in self.requests
            if request.method == method
            and request.route.endswith(route_suffix)
            and (channel_id is None or request.channel_id == channel_id)
        )

    # ------------------------------------------------------------------ REST

    @web.middleware
    async def _record(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Any],
    ) -> web.StreamResponse:
        body: Any = None
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
        elif request.content_type.startswith("multipart/") and request.can_read_body:
            # Sends with files carry the JSON body as the "payload_json" form field.
            form = await request.post()
            if isinstance(form.get("payload_json"), str):
                body = json.loads(str(form["payload_json"]))
        request[BODY] = body
        # Discord requires the bot token on its API; webhooks and interactions carry theirs in
        # the URL, and the gateway gets it in IDENTIFY.
        path = request.path
        needs_token = path.startswith(API_PREFIX) and not path.startswith(
            (f"{API_PREFIX}/webhooks/", f"{API_PREFIX}/interactions/")
        )
        channel = request.match_info.get("channel_id")
        resource = request.match_info.route.resource
        recorded = RecordedRequest(
            method=request.method,
            route=resource.canonical if resource is not None else path,
            path=path,
            query=dict(request.query),
            channel_id=int(channel) if channel and channel.isdigit() else None,
            body=body,
        )
        self.requests.append(recorded)
        if self.response_delay and path.startswith(API_PREFIX):
            await asyncio.sleep(self.response_delay)
        forced = self._forced_answer(recorded)
        if needs_token and request.headers.get("Authorization") != f"Bot {self.token}":
            response: web.StreamResponse = _error(401, 0, "401: Unauthorized")
        elif forced is not None:
            response = forced
        else:
            try:
                response = await handler(request)
            except Exception as error:
                # A bug in this stand-in, not in the bot: kept so the fixture fails the test.
                self.failures.append(f"{request.method} {path}: {error!r}")
                raise
        recorded.status = response.status
        return response

    def _forced_answer(self, request: RecordedRequest) -> web.Response | None:
        for index, forced in enumerate(self._forced):
            if forced.matches(request):
                del self._forced[index]
                if forced.status == 429:
                    scope = "global" if forced.global_limit else "user"
                    return _rate_limited(self.forced_retry_after, scope=scope)
                return _error(forced.status, 0, f"{forced.status}: Server Error")
        return None

    def _channel_bucket(self, channel_id: int) -> tuple[web.Response | None, dict[str, str]]:
        """Discord's per-channel bucket for posting: a 429 past it, else the headers that let
        discord.py wait before it would meet one."""
        if self.channel_limit is None:
            return None, {}
        limit, period = self.channel_limit
        now = time.monotonic()
        start, count = self._channel_windows.get(channel_id, (now, 0))
        if now - start >= period:
            start, count = now, 0
        reset_after = start + period - now
        if count >= limit:
            return _rate_limited(reset_after, scope="user"), {}
        self._channel_windows[channel_id] = (start, count + 1)
        return None, {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(limit - count - 1),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": "fake-channel-messages",
        }

    async def _unknown(self, request: web.Request) -> web.Response:
        # The bot asked for something this stand-in does not know: a test should hear of it.
        self.unhandled.append(f"{request.method} {request.path}")
        return _error(404, 0, "404: Not Found")

    async def _gateway_url(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return _json(
            {
                "url": self.gateway_url,
                "shards": self.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _me(self, request: web.Request) -> web.Response:
        return _json(
            {
                **_user(BOT_USER_ID, BOT_NAME, bot=True),
                "verified": True,
                "mfa_enabled": False,
                "locale": "en-US",
            }
        )

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(BOT_USER_ID),
                "name": BOT_NAME,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "bot": _user(BOT_USER_ID, BOT_NAME, bot=True),
                "owner": _user(OWNER_ID, PEOPLE[OWNER_ID][0]),
                "team": None,
                "verify_key": "0" * 64,
                "flags": GATEWAY_MESSAGE_CONTENT_LIMITED,
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": 1,
            }
        )

    def _refusal(self, channel_id: int) -> web.Response | None:
        if channel_id in self.dm_channels.values():
            return None
        status = self.refused_channels.get(channel_id)
        if status == 403:
            return _error(403, 50001, "Missing Access")
        if status == 404 or channel_id not in self.channels:
            return _error(404, 10003, "Unknown Channel")
        return None

    def _dm_channel_payload(self, user_id: int) -> dict[str, Any]:
        name = PEOPLE.get(user_id, ("Someone", ()))[0]
        return {
            "id": str(self.dm_channels[user_id]),
            "type": 1,
            "recipients": [_user(user_id, name)],
            "last_message_id": None,
            "flags": 0,
        }

    async def _open_dm(self, request: web.Request) -> web.Response:
        """Create DM: the same channel every time for the same person, as on Discord."""
        user_id = int((_body(request) or {}).get("recipient_id") or 0)
        if user_id not in PEOPLE:
            return _error(400, 50033, "Invalid Recipient(s)")
        self.dm_channels.setdefault(user_id, self.next_id())
        return _json(self._dm_channel_payload(user_id))

    async def _get_user(self, request: web.Request) -> web.Response:
        user_id = int(request.match_info["user_id"])
        if user_id not in PEOPLE:
            return _error(404, 10013, "Unknown User")
        return _json(_user(user_id, PEOPLE[user_id][0]))

    async def _get_channel(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        return self._refusal(channel_id) or _json(self.channel_payload(channel_id))

    async def _typing(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        return self._refusal(channel_id) or web.Response(status=204)

    def _message(
        self, channel_id: int, body: Mapping[str, Any], *, author: dict[str, Any]
    ) -> dict[str, Any]:
        in_guild = (
            {}
            if channel_id in self.dm_channels.values()
            else {"guild_id": str(self.guild_of(channel_id))}
        )
        return {
            "id": str(self.next_id()),
            "channel_id": str(channel_id),
            **in_guild,
            "author": author,
            "content": body.get("content") or "",
            "timestamp": _iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": list(body.get("embeds") or []),
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
            **({"nonce": body["nonce"]} if body.get("nonce") is not None else {}),
        }

    def _create(
        self,
        channel_id: int,
        body: dict[str, Any],
        *,
        via: str = "channel",
        interaction_id: int | None = None,
    ) -> tuple[dict[str, Any], SentMessage]:
        message = self._message(channel_id, body, author=_user(BOT_USER_ID, BOT_NAME, bot=True))
        sent = SentMessage(
            channel_id=channel_id,
            message_id=int(message["id"]),
            payload=body,
            via=via,
            interaction_id=interaction_id,
        )
        self.sent.append(sent)
        if not sent.ephemeral:
            self.history.setdefault(channel_id, []).append(message)
        return message, sent

    async def _post_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        if (refusal := self._refusal(channel_id)) is not None:
            return refusal
        if self.dm_recipient(channel_id) in self.closed_dms:
            return _error(403, CANNOT_MESSAGE_USER, "Cannot send messages to this user")
        limited, bucket_headers = self._channel_bucket(channel_id)
        if limited is not None:
            return limited
        body = dict(_body(request) or {})
        nonce = body.get("nonce")
        # Discord's idempotency: the same nonce in the same channel (within minutes)
        # answers with the message it already created.
        existing = self._nonces.get((channel_id, str(nonce))) if nonce is not None else None
        if body.get("enforce_nonce") and existing is not None:
            self.nonce_repeats += 1
            return _json(existing)
        message, sent = self._create(channel_id, body)
        if nonce is not None:
            self._nonces[(channel_id, str(nonce))] = message
        if sent.is_alert and self._hold_after is not None and self._holds(channel_id):
            alerts_so_far = sum(
                1 for earlier in self.sent if earlier.is_alert and self._holds(earlier.channel_id)
            )
            if alerts_so_far > self._hold_after:
                await self._held.wait()
        if self.message_delay:
            await asyncio.sleep(self.message_delay)
        return _json(message, headers=bucket_headers)

    async def _edit_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        if (refusal := self._refusal(channel_id)) is not None:
            return refusal
        message_id = int(request.match_info["message_id"])
        message = next(
            (m for m in self.history.get(channel_id, []) if int(m["id"]) == message_id), None
        )
        if message is None:
            return _error(404, 10008, "Unknown Message")
        body = dict(_body(request) or {})
        for key in ("content", "embeds", "flags"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ""
        message["edited_timestamp"] = _iso()
        self.edits.append(SentMessage(channel_id, message_id, body, via="edit"))
        return _json(message)

    async def _get_messages(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        if (refusal := self._refusal(channel_id)) is not None:
            return refusal
        limit = max(1, min(100, int(request.query.get("limit", "50"))))
        newest_first = list(reversed(self.history.get(channel_id, [])))
        if "before" in request.query:
            before = int(request.query["before"])
            newest_first = [m for m in newest_first if int(m["id"]) < before]
        if "after" in request.query:
            after = int(request.query["after"])
            newest_first = [m for m in newest_first if int(m["id"]) > after]
        return _json(newest_first[:limit])

    def _interaction(self, request: web.Request, key: str) -> FakeInteraction | None:
        token = request.match_info["token"]
        if key == "interaction_id":
            interaction = self.interactions.get(int(request.match_info[key]))
            return interaction if interaction is not None and interaction.token == token else None
        return next(
            (item for item in self.interactions.values() if item.token == token),
            None,
        )

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request, "interaction_id")
        if interaction is None:
            return _error(404, 10062, "Unknown interaction")
        if interaction.acknowledged:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        body = dict(_body(request) or {})
        interaction.callbacks.append(body)
        kind = body.get("type")
        data = dict(body.get("data") or {})
        message = None
        if kind == MESSAGE_RESPONSE:
            message, sent = self._create(
                interaction.channel_id, data, via="interaction", interaction_id=interaction.id
            )
            interaction.messages.append(sent)
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.kind,
                "response_message_loading": kind == DEFERRED_MESSAGE_RESPONSE,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
                **({"response_message_id": message["id"]} if message else {}),
            },
        }
        if kind != AUTOCOMPLETE_RESULT:
            answer["resource"] = {"type": kind, **({"message": message} if message else {})}
        return _json(answer)

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request, "token")
        if interaction is None or int(request.match_info["application_id"]) != BOT_USER_ID:
            return _error(404, 10015, "Unknown Webhook")
        message, sent = self._create(
            interaction.channel_id,
            dict(_body(request) or {}),
            via="followup",
            interaction_id=interaction.id,
        )
        interaction.messages.append(sent)
        if request.query.get("wait") in ("1", "true", "True"):
            return _json(message)
        return web.Response(status=204)

    async def _edit_response(self, request: web.Request) -> web.Response:
        interaction = self._interaction(request, "token")
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        message, sent = self._create(
            interaction.channel_id,
            dict(_body(request) or {}),
            via="followup",
            interaction_id=interaction.id,
        )
        interaction.messages.append(sent)
        return _json(message)

    async def _get_commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild_id", "global")
        return _json(self.synced_commands.get(scope, []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild_id", "global")
        commands = [
            {
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "dm_permission": True,
                "nsfw": False,
                **command,
                "id": str(self.next_id()),
                "application_id": str(BOT_USER_ID),
                "version": str(self.next_id()),
                **({"guild_id": scope} if scope != "global" else {}),
            }
            for command in _body(request) or []
        ]
        self.synced_commands[scope] = commands
        return _json(commands)
