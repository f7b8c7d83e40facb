"""A local stand-in for Discord: the console, `ask`, and the tests drive the real bot with it.

Messages are built as Discord would send them and dispatched through discord.py's own event
and command machinery; whatever the bot would send over HTTP is captured instead, as the exact
request body Discord would have received.
"""

from __future__ import annotations

import asyncio
import datetime
import itertools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.ext import commands
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

logger = logging.getLogger(__name__)

BOT_NAME = "Cliffhanger"
BOT_USER_ID = 1_100_000_000_000_000_001
GUILD_ID = 1_100_000_000_000_000_100
CHANNEL_ID = 1_100_000_000_000_000_200
MANAGER_ROLE_ID = 1_100_000_000_000_000_300
CHANNEL_MANAGER_ROLE_ID = 1_100_000_000_000_000_301
SERVER_MANAGER_ROLE_ID = 1_100_000_000_000_000_302
EDITOR_ROLE_ID = 1_100_000_000_000_000_303
CONSOLE_USER_ID = 1_100_000_000_000_000_400
MEMBER_USER_ID = 1_100_000_000_000_000_401
CHANNEL_MANAGER_USER_ID = 1_100_000_000_000_000_402
SERVER_MANAGER_USER_ID = 1_100_000_000_000_000_403
EDITOR_USER_ID = 1_100_000_000_000_000_404
THREAD_ID = 1_100_000_000_000_000_500
DM_CHANNEL_ID = 1_100_000_000_000_000_600

# Roles and channels are sent as their ids, with the objects in the payload's "resolved" data.
OptionValue = str | int | bool | discord.Role | discord.abc.GuildChannel
EPHEMERAL_FLAG = 1 << 6
APPLICATION_COMMAND = 2
AUTOCOMPLETE = 4
AUTOCOMPLETE_RESULT = 8

# Who is in the local guild: (display name, role ids). Kept here because without the
# privileged members intent discord.py does not cache guild members.
LOCAL_MEMBERS: dict[int, tuple[str, tuple[int, ...]]] = {
    CONSOLE_USER_ID: ("Console", (MANAGER_ROLE_ID,)),
    MEMBER_USER_ID: ("Member", ()),
    CHANNEL_MANAGER_USER_ID: ("Channel Manager", (CHANNEL_MANAGER_ROLE_ID,)),
    SERVER_MANAGER_USER_ID: ("Server Manager", (SERVER_MANAGER_ROLE_ID,)),
    EDITOR_USER_ID: ("Editor", (EDITOR_ROLE_ID,)),
}
# Where a local message can be posted: the guild's text channel, a thread in it, or a DM.
Place = str  # "channel" | "thread" | "dm"
# A server the bot is not in, where someone uses their own install of the app.
ELSEWHERE_GUILD_ID = 1_100_000_000_000_000_700
ELSEWHERE_CHANNEL_ID = 1_100_000_000_000_000_701
# What Discord gives an app in a server it was not installed to, through a person's install.
USER_INSTALL_APP_PERMISSIONS = discord.Permissions(
    attach_files=True, embed_links=True, mention_everyone=True, use_external_emojis=True
)

# How long one message may keep the bot busy before the console gives up waiting on it.
HANDLING_TIMEOUT_SECONDS = 60.0

_TIMESTAMP = re.compile(r"<t:(?P<seconds>-?\d+)(?::(?P<style>[tTdDfFR]))?>")
_LINK = re.compile(r"\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One message the bot sent: the body it would have posted to Discord."""

    channel_id: int
    payload: dict[str, Any] = field(hash=False)
    # Set when this is an edit of the bot's earlier message with that id, not a new one.
    edited: int | None = None

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
    def ephemeral(self) -> bool:
        return bool(int(self.payload.get("flags") or 0) & EPHEMERAL_FLAG)

    def text(self) -> str:
        """Everything a reader would see, as plain text."""
        return render_message(self.payload)


def _iso_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def _user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def bot_user_payload() -> dict[str, Any]:
    return _user(BOT_USER_ID, BOT_NAME, bot=True)


def bot_message_payload(message_id: int, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """The message object Discord answers with when the bot posts `body` in the local guild."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "guild_id": str(GUILD_ID),
        "author": bot_user_payload(),
        "content": body.get("content") or "",
        "timestamp": _iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags", 0),
        "nonce": body.get("nonce"),
    }


class LocalDiscord:
    """One guild with one text channel, a console user who owns the bot, and a plain member."""

    def __init__(
        self, bot: commands.Bot, *, on_send: Callable[[SentMessage], None] | None = None
    ) -> None:
        self.bot = bot
        self.sent: list[SentMessage] = []
        self._on_send = on_send
        self._ids = itertools.count(discord.utils.time_snowflake(discord.utils.utcnow()))
        self.autocomplete_choices: list[dict[str, Any]] = []
        self._history: dict[int, list[dict[str, Any]]] = {}
        self._webhooks = _LocalWebhookAdapter(self)
        # Each person's DM channel with the bot, opened when the bot first DMs them.
        self.dm_channels: dict[int, int] = {CONSOLE_USER_ID: DM_CHANNEL_ID}
        # People who closed their DMs: Discord answers 403 to a DM for them.
        self.closed_dms: set[int] = set()

    def next_id(self) -> int:
        return next(self._ids)

    def install(self) -> None:
        """Give the bot its identity and guild, and take over its HTTP client's requests."""
        state = self.bot._connection
        state.user = discord.ClientUser(state=state, data=bot_user_payload())
        state.application_id = BOT_USER_ID
        guild = discord.Guild(data=self._guild_payload(), state=state)
        state._add_guild(guild)
        guild._add_thread(discord.Thread(guild=guild, state=state, data=self._thread_payload()))  # type: ignore[arg-type]
        self._dm_channel = discord.DMChannel(
            me=state.user,
            state=state,
            data={"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [], "last_message_id": None},  # type: ignore[typeddict-item]
        )
        self.bot.http.request = self._request  # type: ignore[method-assign]

    @staticmethod
    def _thread_payload() -> dict[str, Any]:
        return {
            "id": str(THREAD_ID),
            "guild_id": str(GUILD_ID),
            "parent_id": str(CHANNEL_ID),
            "owner_id": str(CONSOLE_USER_ID),
            "name": "console-thread",
            "type": 11,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": _iso_now(),
                "locked": False,
            },
        }

    def _channel_of(self, place: Place) -> discord.abc.Messageable:
        if place == "dm":
            return self._dm_channel
        channel = self.guild.get_channel_or_thread(THREAD_ID if place == "thread" else CHANNEL_ID)
        assert channel is not None
        return channel  # type: ignore[return-value]

    def _knows_channel(self, channel_id: int) -> bool:
        return (
            channel_id in self.dm_channels.values()
            or self.guild.get_channel_or_thread(channel_id) is not None
        )

    def is_dm(self, channel_id: int) -> bool:
        return channel_id in self.dm_channels.values()

    def dms_to(self, user_id: int) -> list[SentMessage]:
        """What the bot sent a person in their DMs."""
        channel_id = self.dm_channels.get(user_id)
        return [] if channel_id is None else self.sent_to(channel_id)

    def _open_dm(self, user_id: int) -> dict[str, Any]:
        channel_id = self.dm_channels.setdefault(user_id, self.next_id())
        name = LOCAL_MEMBERS.get(user_id, ("Someone", ()))[0]
        return {
            "id": str(channel_id),
            "type": 1,
            "recipients": [_user(user_id, name)],
            "last_message_id": None,
        }

    def _dm_recipient(self, channel_id: int) -> int | None:
        for user_id, dm_channel_id in self.dm_channels.items():
            if dm_channel_id == channel_id:
                return user_id
        return None

    @property
    def guild(self) -> discord.Guild:
        guild = self.bot.get_guild(GUILD_ID)
        assert guild is not None
        return guild

    def _guild_payload(self) -> dict[str, Any]:
        everyone = discord.Permissions.general() | discord.Permissions.text()
        everyone.update(manage_guild=False, manage_channels=False, manage_roles=False)
        managers = discord.Permissions(manage_guild=True, manage_channels=True)
        return {
            "id": str(GUILD_ID),
            "name": "Local",
            "owner_id": str(MEMBER_USER_ID + 1),
            "member_count": 3,
            "roles": [
                self._role(GUILD_ID, "@everyone", everyone, position=0),
                self._role(MANAGER_ROLE_ID, "Managers", managers, position=1),
                self._role(
                    CHANNEL_MANAGER_ROLE_ID,
                    "Channel managers",
                    discord.Permissions(manage_channels=True),
                    position=2,
                ),
                self._role(
                    SERVER_MANAGER_ROLE_ID,
                    "Server managers",
                    discord.Permissions(manage_guild=True),
                    position=3,
                ),
                self._role(EDITOR_ROLE_ID, "Editors", discord.Permissions.none(), position=4),
            ],
            "channels": [self._channel_payload(CHANNEL_ID, "console")],
            "members": [
                *(
                    self._member(_user(user_id, name), list(roles))
                    for user_id, (name, roles) in LOCAL_MEMBERS.items()
                ),
                self._member(bot_user_payload(), []),
            ],
            "emojis": [],
            "stickers": [],
            "features": [],
        }

    @staticmethod
    def _role(
        role_id: int, name: str, permissions: discord.Permissions, *, position: int
    ) -> dict[str, Any]:
        return {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions.value),
            "position": position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    @staticmethod
    def _member(user: dict[str, Any], roles: list[int]) -> dict[str, Any]:
        return {
            "user": user,
            "roles": [str(role) for role in roles],
            "joined_at": _iso_now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
        }

    def _permissions(self, role_ids: tuple[int, ...]) -> discord.Permissions:
        permissions = discord.Permissions.none()
        for role_id in (GUILD_ID, *role_ids):
            role = self.guild.get_role(role_id)
            if role is not None:
                permissions |= role.permissions
        return permissions

    def message_payload(
        self, content: str, *, author_id: int = CONSOLE_USER_ID, place: Place = "channel"
    ) -> dict[str, Any]:
        """A MESSAGE_CREATE body; a leading "@Cliffhanger" becomes a real mention of the bot."""
        mentions = []
        if re.match(rf"@{BOT_NAME}\b", content, flags=re.IGNORECASE):
            content = f"<@{BOT_USER_ID}>" + content[len(BOT_NAME) + 1 :]
        if f"<@{BOT_USER_ID}>" in content or f"<@!{BOT_USER_ID}>" in content:
            mentions.append(bot_user_payload())
        name, roles = LOCAL_MEMBERS[author_id]
        channel_id = {"channel": CHANNEL_ID, "thread": THREAD_ID, "dm": DM_CHANNEL_ID}[place]
        in_guild: dict[str, Any] = {}
        if place != "dm":
            in_guild = {
                "guild_id": str(GUILD_ID),
                "member": {
                    key: value
                    for key, value in self._member({}, list(roles)).items()
                    if key != "user"
                },
            }
        return {
            "id": str(self.next_id()),
            "channel_id": str(channel_id),
            **in_guild,
            "author": _user(author_id, name),
            "content": content,
            "timestamp": _iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }

    async def send(
        self, content: str, *, author_id: int = CONSOLE_USER_ID, place: Place = "channel"
    ) -> list[SentMessage]:
        """Post a message in the local channel (or its thread, or a DM with the bot); return
        what the bot sent while handling it."""
        message = discord.Message(
            state=self.bot._connection,
            channel=self._channel_of(place),  # type: ignore[arg-type]
            data=self.message_payload(content, author_id=author_id, place=place),  # type: ignore[arg-type]
        )
        first = len(self.sent)
        await self.settle(lambda: self.bot.dispatch("message", message))
        return self.sent[first:]

    async def settle(self, start: Callable[[], object]) -> None:
        """Run `start`, then wait until every task it spawned (and they spawned) has finished.

        discord.py runs event handlers, including the command error handler, as tasks of their
        own; waiting for all of them is what lets the console answer one line before the next.
        """
        existing = asyncio.all_tasks()
        start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + HANDLING_TIMEOUT_SECONDS
        while True:
            spawned = {task for task in asyncio.all_tasks() - existing if not task.done()}
            if not spawned:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                logger.warning("gave up waiting for %d handler tasks", len(spawned))
                return
            await asyncio.wait(spawned, timeout=remaining)

    def interaction_payload(
        self,
        command: str,
        options: dict[str, OptionValue],
        *,
        kind: int = APPLICATION_COMMAND,
        focused: str | None = None,
        author_id: int = CONSOLE_USER_ID,
        place: Place = "channel",
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE body for a slash command or its autocomplete, used in the
        local channel, in the author's DM with the bot ("dm"), or in a server the bot is not
        in through the author's own install of the app ("elsewhere")."""
        name, roles = LOCAL_MEMBERS[author_id]
        where: dict[str, Any]
        if place == "dm":
            where = {
                "channel_id": str(DM_CHANNEL_ID),
                "channel": {**self._open_dm(author_id), "id": str(DM_CHANNEL_ID), "flags": 0},
                "user": _user(author_id, name),
                "app_permissions": str(discord.Permissions.text().value),
                "authorizing_integration_owners": {"1": str(author_id)},
                "context": 1,
            }
        elif place == "elsewhere":
            member_payload = self._member(_user(author_id, name), [])
            member_payload["permissions"] = str(discord.Permissions.text().value)
            where = {
                "guild_id": str(ELSEWHERE_GUILD_ID),
                "guild": {"id": str(ELSEWHERE_GUILD_ID), "locale": "en-US", "features": []},
                "channel_id": str(ELSEWHERE_CHANNEL_ID),
                "channel": {
                    **self._channel_payload(ELSEWHERE_CHANNEL_ID, "elsewhere"),
                    "guild_id": str(ELSEWHERE_GUILD_ID),
                    "permissions": str(discord.Permissions.text().value),
                },
                "member": member_payload,
                "app_permissions": str(USER_INSTALL_APP_PERMISSIONS.value),
                "guild_locale": "en-US",
                "authorizing_integration_owners": {"1": str(author_id)},
                "context": 0,
            }
        else:
            member_payload = self._member(_user(author_id, name), list(roles))
            member_payload["permissions"] = str(self._permissions(roles).value)
            where = {
                "guild_id": str(GUILD_ID),
                "channel_id": str(CHANNEL_ID),
                "channel": self._channel_payload(CHANNEL_ID, "console"),
                "member": member_payload,
                "app_permissions": str(discord.Permissions.text().value),
                "guild_locale": "en-US",
                "authorizing_integration_owners": {"0": str(GUILD_ID)},
                "context": 0,
            }
        return {
            "id": str(self.next_id()),
            "application_id": str(BOT_USER_ID),
            "type": kind,
            "token": f"local-interaction-{self.next_id()}",
            "version": 1,
            **where,
            "attachment_size_limit": 10 * 1024 * 1024,
            "locale": "en-US",
            "entitlements": [],
            "data": {
                "id": str(self.next_id()),
                "name": command,
                "type": 1,
                "options": [
                    {
                        "name": name,
                        "type": _option_type(value),
                        "value": _option_value(value),
                        **({"focused": True} if name == focused else {}),
                    }
                    for name, value in options.items()
                ],
                "resolved": self._resolved(options.values()),
            },
        }

    def _resolved(self, values: Iterable[OptionValue]) -> dict[str, dict[str, Any]]:
        """The roles and channels an interaction's options name, as Discord resolves them."""
        roles: dict[str, Any] = {}
        channels: dict[str, Any] = {}
        for value in values:
            if isinstance(value, discord.Role):
                payload = self._role(value.id, value.name, value.permissions, position=0)
                payload["mentionable"] = value.mentionable
                payload["managed"] = value.managed
                roles[str(value.id)] = payload
            elif isinstance(value, discord.abc.GuildChannel):
                payload = self._channel_payload(value.id, value.name)
                payload["type"] = value.type.value
                payload["permissions"] = str(discord.Permissions.text().value)
                channels[str(value.id)] = payload
        return {"roles": roles, "channels": channels}

    async def interact(
        self,
        command: str,
        options: dict[str, OptionValue],
        *,
        author_id: int = CONSOLE_USER_ID,
        place: Place = "channel",
    ) -> list[SentMessage]:
        """Run a slash command through the command tree; return the responses it sent."""
        data = self.interaction_payload(command, options, author_id=author_id, place=place)
        first = len(self.sent)
        await self._run_interaction(data)
        return self.sent[first:]

    async def autocomplete(
        self,
        command: str,
        options: dict[str, OptionValue],
        focused: str,
        *,
        author_id: int = CONSOLE_USER_ID,
    ) -> list[dict[str, Any]]:
        """Ask the tree for autocomplete choices as Discord would while the user types."""
        data = self.interaction_payload(
            command, options, kind=AUTOCOMPLETE, focused=focused, author_id=author_id
        )
        self.autocomplete_choices = []
        await self._run_interaction(data)
        return self.autocomplete_choices

    async def _run_interaction(self, data: dict[str, Any]) -> None:
        interaction: discord.Interaction[Any] = discord.Interaction(
            data=data,
            state=self.bot._connection,  # type: ignore[arg-type]
        )
        reset = async_context.set(self._webhooks)
        try:
            await self.settle(lambda: asyncio.ensure_future(self.bot.tree._call(interaction)))
        finally:
            async_context.reset(reset)

    def add_channel(self, channel_id: int, name: str = "alerts") -> discord.TextChannel:
        """Another text channel in the local guild (for fan-out and failure tests)."""
        data = self._channel_payload(channel_id, name)
        channel = discord.TextChannel(state=self.bot._connection, guild=self.guild, data=data)  # type: ignore[arg-type]
        self.guild._add_channel(channel)
        return channel

    def remove_channel(self, channel_id: int) -> None:
        """The channel is deleted: Discord answers 404 for it from now on."""
        channel = self.guild.get_channel(channel_id)
        if channel is not None:
            self.guild._remove_channel(channel)

    def sent_to(self, channel_id: int) -> list[SentMessage]:
        return [message for message in self.sent if message.channel_id == channel_id]

    async def _request(self, route: Route, **kwargs: Any) -> Any:
        # Route.path is the template; the ids are the route's own attributes.
        channel_id = int(route.channel_id) if route.channel_id is not None else None
        if route.path == "/channels/{channel_id}/messages" and channel_id is not None:
            if route.method == "POST":
                if not self._knows_channel(channel_id):
                    raise http_error(404, 10003, "Unknown Channel")
                if self._dm_recipient(channel_id) in self.closed_dms:
                    raise http_error(403, 50007, "Cannot send messages to this user")
                return self._record(channel_id, kwargs)
            if route.method == "GET":
                limit = int((kwargs.get("params") or {}).get("limit", 50))
                return list(reversed(self._history.get(channel_id, [])))[:limit]
        if route.path == "/channels/{channel_id}/messages/{message_id}" and channel_id is not None:
            # Route keeps only channel, guild and webhook ids; the message's is the URL's end.
            message_id = int(route.url.rsplit("/", 1)[1])
            if not self._knows_channel(channel_id):
                raise http_error(404, 10003, "Unknown Channel")
            if route.method == "PATCH":
                return self._edit(channel_id, message_id, dict(kwargs.get("json") or {}))
            if route.method == "DELETE":
                self.delete_message(channel_id, message_id)
                return None
        if route.method == "GET" and route.path == "/channels/{channel_id}":
            channel = self.guild.get_channel(channel_id or 0)
            if channel is None:
                raise http_error(404, 10003, "Unknown Channel")
            return self._channel_payload(channel.id, channel.name)
        if route.method == "POST" and route.path.endswith("/typing"):
            return None
        if route.method == "POST" and route.path == "/users/@me/channels":
            recipient = int((kwargs.get("json") or {})["recipient_id"])
            if recipient not in LOCAL_MEMBERS:
                raise http_error(400, 50033, "Invalid Recipient(s)")
            return self._open_dm(recipient)
        if route.method == "GET" and route.path == "/users/{user_id}":
            # Route keeps only channel, guild and webhook ids; the user's is the URL's end.
            user_id = int(route.url.rsplit("/", 1)[1])
            if user_id not in LOCAL_MEMBERS:
                raise http_error(404, 10013, "Unknown User")
            return _user(user_id, LOCAL_MEMBERS[user_id][0])
        logger.warning("local transport has no answer for %s %s", route.method, route.path)
        raise http_error(404, 0, "not available locally")

    @staticmethod
    def _channel_payload(channel_id: int, name: str) -> dict[str, Any]:
        return {
            "id": str(channel_id),
            "guild_id": str(GUILD_ID),
            "type": 0,
            "name": name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "parent_id": None,
        }

    def _record(self, channel_id: int, request: dict[str, Any]) -> dict[str, Any]:
        payload = request.get("json")
        if payload is None:
            # Multipart sends (files) carry the JSON body as the "payload_json" form field.
            for part in request.get("form") or ():
                if part.get("name") == "payload_json":
                    payload = discord.utils._from_json(part["value"])
        return self.record_message(channel_id, dict(payload or {}))

    def record_message(self, channel_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        sent = SentMessage(channel_id=channel_id, payload=payload)
        self.sent.append(sent)
        if self._on_send is not None:
            self._on_send(sent)
        message = self._message_payload(channel_id, payload)
        self._history.setdefault(channel_id, []).append(message)
        return message

    def _edit(self, channel_id: int, message_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        history = self._history.get(channel_id, [])
        found = next((message for message in history if int(message["id"]) == message_id), None)
        if found is None:
            raise http_error(404, 10008, "Unknown Message")
        found.update({key: value for key, value in changes.items() if key != "allowed_mentions"})
        found["edited_timestamp"] = _iso_now()
        body = {"content": found.get("content"), "embeds": found.get("embeds"), **changes}
        edit = SentMessage(channel_id=channel_id, payload=body, edited=message_id)
        self.sent.append(edit)
        if self._on_send is not None:
            self._on_send(edit)
        return dict(found)

    def delete_message(self, channel_id: int, message_id: int) -> None:
        """Someone deleted the message: Discord answers 404 Unknown Message for it now."""
        history = self._history.get(channel_id, [])
        history[:] = [message for message in history if int(message["id"]) != message_id]

    def _message_payload(self, channel_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        return bot_message_payload(self.next_id(), channel_id, payload)


def _option_value(value: OptionValue) -> str | int | bool:
    if isinstance(value, discord.Role | discord.abc.GuildChannel):
        return str(value.id)
    return value


def _option_type(value: OptionValue) -> int:
    """Discord's application command option type: string, integer, boolean, channel or role."""
    if isinstance(value, discord.Role):
        return 8
    if isinstance(value, discord.abc.GuildChannel):
        return 7
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3


class _LocalWebhookAdapter(AsyncWebhookAdapter):
    """Interaction responses and follow-ups go through webhooks, not the bot's HTTP client."""

    def __init__(self, transport: LocalDiscord) -> None:
        super().__init__()
        self._transport = transport

    async def request(self, route: Route, session: Any, **kwargs: Any) -> Any:
        payload = kwargs.get("payload")
        if payload is None:
            for part in kwargs.get("multipart") or ():
                if part.get("name") == "payload_json":
                    payload = discord.utils._from_json(part["value"])
        payload = dict(payload or {})
        if route.path.endswith("/callback"):
            return self._callback(payload)
        if route.method == "POST":
            return self._transport.record_message(CHANNEL_ID, payload)
        logger.warning("local transport has no answer for webhook %s %s", route.method, route.path)
        return None

    def _callback(self, payload: dict[str, Any]) -> dict[str, Any]:
        data = dict(payload.get("data") or {})
        interaction = {"id": str(self._transport.next_id()), "type": APPLICATION_COMMAND}
        if payload.get("type") == AUTOCOMPLETE_RESULT:
            self._transport.autocomplete_choices = list(data.get("choices") or [])
            return {"interaction": interaction}
        message = self._transport.record_message(CHANNEL_ID, data) if data else None
        interaction["response_message_ephemeral"] = bool(
            int(data.get("flags") or 0) & EPHEMERAL_FLAG
        )
        if message is not None:
            interaction["response_message_id"] = message["id"]
        resource = {"type": payload.get("type"), **({"message": message} if message else {})}
        return {"interaction": interaction, "resource": resource}


class _FakeResponse:
    """The little of aiohttp's response that discord.HTTPException reads."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = {403: "Forbidden", 404: "Not Found", 429: "Too Many Requests"}.get(
            status, "Error"
        )


def http_error(status: int, code: int, message: str) -> discord.HTTPException:
    """The exception discord.py raises for a Discord error response of this status."""
    kinds: dict[int, type[discord.HTTPException]] = {
        403: discord.Forbidden,
        404: discord.NotFound,
    }
    kind = kinds.get(status, discord.DiscordServerError if status >= 500 else discord.HTTPException)
    return kind(_FakeResponse(status), {"code": code, "message": message})  # type: ignore[arg-type]


def render_timestamps(text: str) -> str:
    """Discord timestamps as readable UTC dates ("14 December 2020")."""

    def replace(match: re.Match[str]) -> str:
        moment = datetime.datetime.fromtimestamp(int(match["seconds"]), tz=datetime.UTC)
        if match["style"] in ("t", "T"):
            return moment.strftime("%H:%M UTC")
        if match["style"] in ("f", "F"):
            return f"{moment.day} {moment:%B %Y %H:%M} UTC"
        if match["style"] == "R":
            return _relative(moment)
        return f"{moment.day} {moment:%B %Y}"

    return _TIMESTAMP.sub(replace, text)


def _relative(moment: datetime.datetime) -> str:
    """What Discord shows for `<t:…:R>`, in whole days: the console has no live clock face."""
    days = (moment.date() - datetime.datetime.now(datetime.UTC).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def render_text(text: str) -> str:
    return _LINK.sub(r"\g<label> (\g<url>)", render_timestamps(text))


def render_message(payload: dict[str, Any]) -> str:
    """A sent message as text: content, then each embed as title, description, fields, footer."""
    blocks = []
    if payload.get("content"):
        blocks.append(render_text(payload["content"]))
    for embed in payload.get("embeds") or []:
        lines = []
        if embed.get("title"):
            lines.append(f"== {render_text(embed['title'])} ==")
        if embed.get("description"):
            lines.append(render_text(embed["description"]))
        for embed_field in embed.get("fields") or []:
            lines.append(f"-- {render_text(embed_field['name'])}")
            lines.append(render_text(embed_field["value"]))
        if embed.get("footer", {}).get("text"):
            lines.append(f"({render_text(embed['footer']['text'])})")
        if embed.get("url"):
            lines.append(f"Link: {embed['url']}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
