"""The Bot subclass: its lifecycle, the one error handler, and questions that mention it."""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any
from urllib.parse import urlencode

import discord
from discord import app_commands
from discord.ext import commands
from discord.ext.commands.view import StringView
from rapidfuzz import fuzz, process

from bot.app.flood import FloodGuard, Flooding
from bot.app.gateway import (
    PromptReadyShardedState,
    PromptReadyState,
    prompt_ready_sharded_state,
    prompt_ready_state,
)
from bot.app.services import Services
from bot.budget import RequestBudget
from bot.errors import NotAllowed, UserFacingError
from bot.loop import let_others_run
from bot.replies.answers import hint_reply
from bot.replies.formatting import echo
from bot.replies.sending import NO_MENTIONS, send_reply
from bot.settings import Settings
from db.model.shards import Shards

logger = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.shows",
    "cogs.upcoming",
    "cogs.boards",
    "cogs.reminders",
    "cogs.recap",
    "cogs.alerts",
    "cogs.catalogue",
    "cogs.general",
)

# View Channels, Send Messages, Send Messages in Threads, Embed Links, Read Message History.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
# How long a shutdown waits for the answers under way: one slow request to Discord, and less
# than the ten seconds a process manager gives between SIGTERM and SIGKILL.
ANSWERS_GRACE_SECONDS = 8.0
# Discord's installation contexts in an authorize link.
SERVER_INSTALL, USER_INSTALL = 0, 1


def invite_links(application_id: int) -> tuple[str, str]:
    """The two ways to add the app: to a server (the bot joins it, with its permissions, and
    every command comes along), and to a person's account (no bot anywhere; the read-only
    slash commands follow them into DMs and any server)."""
    server = urlencode(
        {
            "client_id": application_id,
            "scope": "bot applications.commands",
            "permissions": INVITE_PERMISSIONS.value,
            "integration_type": SERVER_INSTALL,
        }
    )
    person = urlencode(
        {
            "client_id": application_id,
            "scope": "applications.commands",
            "integration_type": USER_INSTALL,
        }
    )
    return f"{AUTHORIZE_URL}?{server}", f"{AUTHORIZE_URL}?{person}"


def new_bot(settings: Settings) -> Cliffhanger:
    """The bot for Discord: one gateway connection, or with SHARD_COUNT set, the shards this
    process serves (discord.py's AutoShardedBot, one connection per shard)."""
    if settings.shards is None:
        return Cliffhanger(settings)
    return ShardedCliffhanger(settings, settings.shards)


def intents() -> discord.Intents:
    wanted = discord.Intents.default()
    # Privileged: prefix commands and questions need the text of messages.
    wanted.message_content = True
    return wanted


class Cliffhanger(commands.Bot):
    def __init__(self, settings: Settings, *, local: bool = False, **sharding: Any) -> None:
        # Every request discord.py makes waits for a slot in it (see bot/budget.py).
        self.budget = RequestBudget(settings.requests_per_second)
        # The console is one process with its one local guild, whatever the settings say.
        self.own_shards: Shards | None = None if local else settings.shards
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.command_prefix),
            intents=intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            owner_ids=set(settings.owner_ids),
            case_insensitive=True,
            strip_after_prefix=True,
            http_trace=self.budget.trace_config(),
            **sharding,
        )
        self.settings = settings
        # Local: the console or a test drives us without a Discord connection.
        self.local = local
        # Built in setup_hook, read through `services`: a bot that never started has none.
        self._services: Services | None = None
        # A signal's close and `async with bot`'s close can overlap: the second waits for
        # the first, or the process would end with the database half closed.
        self._closing = asyncio.Lock()
        # Messages and slash commands being answered: a shutdown lets them finish first.
        self._answering: set[asyncio.Task[Any]] = set()
        self.flood_guard = FloodGuard()
        self.tree.on_error = self.on_app_command_error
        self.tree.interaction_check = self._interaction_admitted  # type: ignore[method-assign]
        self.add_check(self._not_flooding, call_once=True)

    async def _admitted(self, context: commands.Context[Cliffhanger]) -> bool:
        """The flood check for replies that are not commands (hints and suggestions)."""
        try:
            await self._not_flooding(context)
        except Flooding as error:
            if error.warn:
                await context.send(str(error))
            return False
        return True

    async def _interaction_admitted(self, interaction: discord.Interaction[Cliffhanger], /) -> bool:
        """Every slash command and autocomplete: an answer under way (a shutdown waits for
        it), which reads the title index, so it waits for the index to be built."""
        self._answering_now()
        await self.services.catalogue.ready()
        return True

    def _answering_now(self) -> None:
        """This task answers someone: a shutdown waits for it (see `close`)."""
        task = asyncio.current_task()
        if task is not None and task not in self._answering:
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)

    async def _let_answers_finish(self) -> None:
        others = self._answering - {asyncio.current_task()}
        if others:
            logger.info("waiting for %d answers under way before closing", len(others))
            await asyncio.wait(others, timeout=ANSWERS_GRACE_SECONDS)

    async def _not_flooding(self, context: commands.Context[Cliffhanger]) -> bool:
        # Owners are exempt: they run the console and the catalogue's bulk edits.
        if not await self.is_owner(context.author):
            self.flood_guard.admit(context.author.id)
        return True

    def _get_state(self, **options: Any) -> PromptReadyState:
        return prompt_ready_state(self, **options)

    @property
    def services(self) -> Services:
        """The catalogue, news, alerts and jobs; there from `setup_hook` on."""
        if self._services is None:
            raise RuntimeError("the bot's services are built in setup_hook, which has not run")
        return self._services

    async def setup_hook(self) -> None:
        self._services = await Services.build(self, self.settings, self.budget, self.own_shards)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
            # Loading one runs its module and builds its commands, 2-10 ms each: the loop
            # gets its turns between them (the title index is being built meanwhile).
            await let_others_run()
        self.before_invoke(self._tell_if_reminders_paused)
        if not self.local:
            # Locally the console polls and delivers when asked, so its output is predictable.
            self._services.jobs.start(ready=self.wait_until_ready)
        if self.settings.dev_guild_id is not None and not self.local:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            logger.info("synced %d slash commands to the development guild", len(synced))

    async def close(self) -> None:
        async with self._closing:
            # A reply cut off by the HTTP session's closing would be lost, and logged as a bug.
            await self._let_answers_finish()
            services, self._services = self._services, None
            if services is not None:
                await services.jobs.stop()
            await super().close()
            if services is not None:
                await services.close()

    async def on_ready(self) -> None:
        assert self.user is not None
        where = "" if self.own_shards is None else f" on {self.own_shards.describe()}"
        logger.info(
            "logged in as %s (%s) in %d guilds%s", self.user, self.user.id, len(self.guilds), where
        )
        server, person = invite_links(self.application_id or self.user.id)
        logger.info("invite link: %s", server)
        logger.info("install link for a person's account: %s", person)

    async def on_shard_ready(self, shard_id: int) -> None:
        guilds = sum(1 for guild in self.guilds if guild.shard_id == shard_id)
        logger.info("shard %d of %s ready with %d guilds", shard_id, self.shard_count, guilds)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self._answering_now()
        # The gateway connects while the title index is still building (see
        # CatalogueService.start); whatever a message asks waits for it here, once, but for
        # the commands that can look an exact title up in the database meanwhile.
        context = await self.get_context(message)
        catalogue = self.services.catalogue
        if not catalogue.is_ready and not (
            context.command is not None
            and not self._is_sentence(context)
            and catalogue.answers_before_the_index(context.command.qualified_name)
        ):
            await catalogue.ready()
        if context.command is not None and not self._is_sentence(context):
            await self.invoke(context)
            return
        if self.user is not None and self.user in message.mentions:
            await self.answer_question(context)
            return
        if context.prefix is not None and context.invoked_with:
            await self._suggest_command(context)

    def _is_sentence(self, context: commands.Context[Cliffhanger]) -> bool:
        """ "@Cliffhanger remind me what happened in tpt" is a question, not `remind`: said to
        the bot, "remind me" asks for a recap far more often than for DMs."""
        if context.command is None or context.command.name != "remind":
            return False
        if context.prefix is None or context.prefix == self.settings.command_prefix:
            return False
        rest = context.view.buffer[context.view.index :].split()
        return bool(rest) and rest[0].casefold() == "me"

    async def answer_question(self, context: commands.Context[Cliffhanger]) -> None:
        """Route "@Cliffhanger when is X season 2 coming out?" through the matching command."""
        assert self.user is not None
        text = context.message.content
        for mention in (f"<@{self.user.id}>", f"<@!{self.user.id}>"):
            text = text.replace(mention, " ")
        prefix = self.settings.command_prefix
        if not text.strip():
            if await self._admitted(context):
                await send_reply(context, hint_reply(prefix))
            return
        # Through the `ask` command, so questions get the checks and the one error handler
        # every command has.
        context.command = self.get_command("ask")
        context.invoked_with = "ask"
        context.prefix = prefix
        context.view = StringView(text.strip())
        await self.invoke(context)

    async def _suggest_command(self, context: commands.Context[Cliffhanger]) -> None:
        # Other bots share "!": stay silent unless the word is clearly a typo of ours.
        assert context.invoked_with is not None
        names = [name for command in self.commands for name in (command.name, *command.aliases)]
        match = process.extractOne(
            context.invoked_with.casefold(), names, scorer=fuzz.ratio, score_cutoff=75
        )
        if match is not None and await self._admitted(context):
            await context.send(
                f"There's no `{echo(context.invoked_with, 30)}` command. "
                f"Did you mean `{self.settings.command_prefix}{match[0]}`?"
            )

    async def _tell_if_reminders_paused(self, context: commands.Context[Cliffhanger]) -> None:
        """A person whose DMs were closed hears it here, once: a DM could not tell them."""
        notice = await self.services.reminders.pause_notice(context.author.id)
        if notice is not None:
            await context.send(notice, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def on_command_error(  # type: ignore[override]
        self, context: commands.Context[Cliffhanger], error: commands.CommandError
    ) -> None:
        text = self.describe_error(context, error)
        if text is None:
            return
        await context.send(text, ephemeral=True)

    def describe_error(
        self, context: commands.Context[Cliffhanger], error: Exception
    ) -> str | None:
        """The short reply for an error, or None when it deserves none; logs the unexpected."""
        if isinstance(error, commands.HybridCommandError):
            error = error.original
        if isinstance(error, commands.CommandInvokeError | app_commands.CommandInvokeError):
            error = error.original
        prefix = self.settings.command_prefix
        usage = ""
        # A pure slash command has no prefix usage line; only message commands do.
        if isinstance(context.command, commands.Command):
            arguments = context.command.usage or context.command.signature
            usage = f"`{prefix}{context.command.qualified_name} {arguments}`"
        if isinstance(error, UserFacingError):
            return error.message
        if isinstance(error, NotAllowed):
            return str(error)
        if isinstance(error, Flooding):
            return str(error) if error.warn else None
        if isinstance(error, commands.CommandNotFound):
            return None
        if isinstance(error, commands.MissingRequiredArgument | commands.TooManyArguments):
            example = (context.command.extras.get("example") if context.command else None) or ""
            hint = f" For example: `{prefix}{example}`" if example else ""
            return f"Usage: {usage.strip()}.{hint}"
        if isinstance(error, commands.BadArgument | commands.ArgumentParsingError):
            return f"I couldn't read that: {echo(str(error), 150).rstrip('.')}. Usage: {usage}"
        if isinstance(error, commands.CommandOnCooldown | app_commands.CommandOnCooldown):
            return f"Slow down a little: try again in {error.retry_after:.0f} s."
        if isinstance(error, commands.NotOwner):
            return "Only the bot's owners can do that."
        if isinstance(error, commands.NoPrivateMessage | app_commands.NoPrivateMessage):
            return "That only works in a server channel."
        if isinstance(error, commands.MissingPermissions | app_commands.MissingPermissions):
            needed = ", ".join(name.replace("_", " ") for name in error.missing_permissions)
            return f"You need the {needed} permission for that."
        if isinstance(error, commands.BotMissingPermissions | app_commands.BotMissingPermissions):
            needed = ", ".join(name.replace("_", " ") for name in error.missing_permissions)
            return f"I need the {needed} permission here for that."
        if isinstance(error, commands.CheckFailure | app_commands.CheckFailure):
            return "You can't use that command here."
        code = secrets.token_hex(3)
        logger.error(
            "unexpected error %s in %r from message %s",
            code,
            context.command.qualified_name if context.command else context.invoked_with,
            context.message.id if context.message else None,
            exc_info=error,
        )
        return f"Something went wrong on my side (error `{code}`); it has been logged."

    async def on_app_command_error(
        self, interaction: discord.Interaction[Cliffhanger], error: app_commands.AppCommandError
    ) -> None:
        # Hybrid commands report through on_command_error; this catches app-only paths.
        context = await commands.Context.from_interaction(interaction)
        text = self.describe_error(context, error)
        if text is None:
            return
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)


class ShardedCliffhanger(Cliffhanger, commands.AutoShardedBot):
    """The same bot, serving some of a sharded bot's shards; other processes serve the rest."""

    def __init__(self, settings: Settings, shards: Shards) -> None:
        super().__init__(settings, shard_ids=list(shards.ids), shard_count=shards.count)

    def _get_state(self, **options: Any) -> PromptReadyShardedState:  # type: ignore[override]
        return prompt_ready_sharded_state(self, **options)
