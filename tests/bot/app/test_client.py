"""The Bot's lifecycle and its one error path."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import discord
import pytest
from discord.ext import commands

from bot.__main__ import MESSAGE_CONTENT_HELP, CommandLineError, run_discord
from bot.app.client import INVITE_PERMISSIONS, Cliffhanger, invite_links, new_bot
from bot.local.console import local_bot
from bot.local.stand_in import MEMBER_USER_ID, LocalDiscord
from bot.logs import REDACTED, RedactSecrets
from bot.settings import Settings
from db.model.shards import Shards
from db.shows import ShowRepository, shipped_catalogue
from tests.messages import text_of

# The shipped catalogue's size: a seeding adds each of its shows once.
SHIPPED = len(shipped_catalogue().shows)


async def test_a_new_database_is_seeded_once(bot: Cliffhanger, settings: Settings) -> None:
    repository = ShowRepository(bot.services.database)
    assert await repository.count() == SHIPPED
    assert await repository.is_seeded()


async def test_restarting_on_the_same_database_does_not_seed_again(settings: Settings) -> None:
    for _ in range(2):
        async with local_bot(settings) as (bot, _):
            assert await ShowRepository(bot.services.database).count() == SHIPPED


async def test_close_closes_the_database(settings: Settings) -> None:
    async with local_bot(settings) as (bot, _):
        database = bot.services.database
    with pytest.raises(ValueError, match="no active connection"):
        await database.fetch_one("SELECT 1")


async def test_a_shutdown_lets_an_answer_under_way_finish_first(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with local_bot(settings) as (bot, stand_in):
        catalogue = bot.services.catalogue
        release = catalogue.release
        answering = asyncio.Event()

        async def slow_release(*args: Any, **kwargs: Any) -> object:
            answering.set()
            await asyncio.sleep(0.2)  # the shutdown starts meanwhile
            return await release(*args, **kwargs)

        monkeypatch.setattr(catalogue, "release", slow_release)
        asked = asyncio.create_task(stand_in.send("!release tiny pretty things"))
        await answering.wait()
        await bot.close()
        (reply,) = await asked

    assert "Tiny Pretty Things" in reply.content + text_of([reply])
    assert "went wrong" not in reply.content


async def test_a_closed_bot_has_no_services_to_hand_out(settings: Settings) -> None:
    async with local_bot(settings) as (bot, _):
        pass
    with pytest.raises(RuntimeError, match="setup_hook"):
        _ = bot.services


async def test_an_unexpected_error_shows_a_code_and_logs_the_traceback(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(query: str) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.services.catalogue, "release", broken)
    with caplog.at_level(logging.ERROR):
        (reply,) = await discord_stand_in.send("!release tpt")
    match = re.search(r"error `([0-9a-f]{6})`", reply.content)
    assert match is not None
    assert "database on fire" not in reply.content
    assert "Traceback" not in reply.content
    logged = [record for record in caplog.records if match.group(1) in record.getMessage()]
    assert logged
    assert logged[0].exc_info is not None


async def test_owner_only_commands_refuse_other_members(discord_stand_in: LocalDiscord) -> None:
    (reply,) = await discord_stand_in.send("!synccommands", author_id=MEMBER_USER_ID)
    assert "Only the bot's owners" in reply.content


async def test_a_refused_message_content_intent_names_the_portal_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(self: Cliffhanger, token: str, *, reconnect: bool = True) -> None:
        raise discord.PrivilegedIntentsRequired(shard_id=None)

    monkeypatch.setattr(Cliffhanger, "start", refuse)
    settings = Settings(discord_token="a.b.c", database_path=tmp_path / "x.sqlite3")
    with pytest.raises(CommandLineError) as raised:
        await run_discord(settings)
    assert str(raised.value) == MESSAGE_CONTENT_HELP
    assert "MESSAGE CONTENT INTENT" in MESSAGE_CONTENT_HELP


def test_the_token_is_redacted_from_log_records_and_tracebacks() -> None:
    token = "MTIz.secret.token"
    redact = RedactSecrets([token])
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "login with %s", (token,), None)
    try:
        raise ValueError(f"bad token {token}")
    except ValueError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    redact.filter(record)
    formatted = logging.Formatter().format(record)
    assert token not in formatted
    assert REDACTED in formatted


async def test_slash_commands_are_published_to_the_dev_guild_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published: list[object] = []

    async def sync(*, guild: discord.abc.Snowflake | None = None) -> list[object]:
        published.append(guild.id if guild else "global")
        return []

    settings = Settings(database_path=tmp_path / "x.sqlite3", dev_guild_id=123456789012345678)
    bot = Cliffhanger(settings)
    monkeypatch.setattr(bot.tree, "sync", sync)
    await bot._async_setup_hook()
    await bot.setup_hook()
    await bot.close()
    assert published == [123456789012345678]


async def test_slash_commands_are_not_published_globally_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published: list[object] = []

    async def sync(*, guild: discord.abc.Snowflake | None = None) -> list[object]:
        published.append(guild)
        return []

    bot = Cliffhanger(Settings(database_path=tmp_path / "x.sqlite3"))
    monkeypatch.setattr(bot.tree, "sync", sync)
    await bot._async_setup_hook()
    await bot.setup_hook()
    await bot.close()
    assert published == []


def test_the_server_invite_brings_the_bot_with_its_permissions_and_the_commands() -> None:
    server, _ = invite_links(1_200_000_000_000_000_001)
    query = parse_qs(urlsplit(server).query)
    assert query["client_id"] == ["1200000000000000001"]
    assert query["scope"] == ["bot applications.commands"]
    assert query["permissions"] == [str(INVITE_PERMISSIONS.value)]
    assert query["integration_type"] == ["0"]


def test_the_personal_install_link_asks_for_commands_only_and_no_bot() -> None:
    _, person = invite_links(1_200_000_000_000_000_001)
    query = parse_qs(urlsplit(person).query)
    assert query["scope"] == ["applications.commands"]
    assert query["integration_type"] == ["1"]
    assert "permissions" not in query


async def test_without_shard_settings_the_bot_is_the_plain_one_connection_bot(
    settings: Settings,
) -> None:
    bot = new_bot(settings)
    assert not isinstance(bot, commands.AutoShardedBot)
    assert bot.own_shards is None


async def test_with_shard_settings_the_bot_connects_each_of_its_shards(settings: Settings) -> None:
    sharded = dataclasses.replace(settings, shards=Shards((0, 1), 4), requests_per_second=22)
    bot = new_bot(sharded)
    assert isinstance(bot, commands.AutoShardedBot)
    assert (bot.shard_ids, bot.shard_count) == ([0, 1], 4)
    assert bot.budget.per_second == 22


async def test_the_console_serves_its_local_guild_whatever_the_shard_settings(
    settings: Settings,
) -> None:
    sharded = dataclasses.replace(settings, shards=Shards((3,), 4))
    async with local_bot(sharded) as (bot, _):
        assert bot.own_shards is None
        assert bot.services.deliveries.shards is None


async def test_a_sharded_process_claims_alerts_in_its_shards_name(settings: Settings) -> None:
    # Another process on the same shards is this one restarted (Discord lets one session
    # hold a shard), so it takes up these claims at once instead of after their lease.
    sharded = dataclasses.replace(settings, shards=Shards((0, 1), 4), requests_per_second=22)
    bot = new_bot(sharded)
    try:
        await bot._async_setup_hook()
        await bot.setup_hook()
        assert bot.services.deliveries.deliveries.owner == "shards 0-1 of 4"
    finally:
        await bot.close()
