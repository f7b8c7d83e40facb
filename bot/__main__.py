"""Command line: `python -m bot [run | console | ask MESSAGE | import FILE | export FILE]`.

`import tvmaze <id | "title">` imports one show from TVmaze instead of a file; `backup FILE`
copies the live database; `copy-database URL` moves the SQLite file into PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dotenv import load_dotenv

from bot.logs import configure_logging
from bot.settings import (
    Settings,
    SettingsError,
    check_database_url,
    load_settings,
    with_default_sources,
)
from db.backends import copy_database, open_database
from db.catalogue_reader import catalogue_rows
from db.connection import DatabaseError, DatabaseSetupError, SqliteDatabase
from db.model.catalogue_format import CatalogueError, dump_catalogue
from db.model.shows import Catalogue
from db.postgresql import safe_url
from db.shows import ShowRepository, seed_if_new

if TYPE_CHECKING:
    from bot.app.client import Cliffhanger

# discord.py, aiohttp and the bot built on them are imported by the commands that use them:
# importing them took 0.6 s of `import FILE`'s 5 s budget, which needs only the database.

logger = logging.getLogger(__name__)

EXIT_USAGE = 2
EXIT_FAILURE = 1
MESSAGE_CONTENT_HELP = (
    "Discord refused the Message Content intent. In the Developer Portal open your "
    "application, then Bot > Privileged Gateway Intents, and turn on MESSAGE CONTENT INTENT."
)


class CommandLineError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Cliffhanger: TV renewal and release news for Discord. With no command it "
        "runs on Discord when DISCORD_TOKEN is set, otherwise it opens the local console.",
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("run", help="run on Discord (needs DISCORD_TOKEN)")
    commands.add_parser("console", help="type commands in a terminal, as in a Discord channel")
    ask_parser = commands.add_parser("ask", help="answer one message and exit")
    ask_parser.add_argument("message", help='for example: "!release tiny pretty things"')
    import_parser = commands.add_parser(
        "import",
        help="add or update shows from a catalogue file, or one show from TVmaze",
        description='import FILE.json, or import tvmaze <id | "title">',
    )
    import_parser.add_argument("file", type=Path, metavar="FILE | tvmaze")
    import_parser.add_argument("tvmaze_show", nargs="?", metavar="ID | TITLE")
    export_parser = commands.add_parser("export", help="write the catalogue to a file")
    export_parser.add_argument("file", type=Path)
    backup_parser = commands.add_parser(
        "backup", help="copy the database to a file, safely while the bot runs"
    )
    backup_parser.add_argument("file", type=Path)
    copy_parser = commands.add_parser(
        "copy-database",
        help="copy the SQLite database at DATABASE_PATH into an empty PostgreSQL database",
    )
    copy_parser.add_argument("url", metavar="postgresql://…")
    return parser


async def run_discord(settings: Settings) -> int:
    import aiohttp
    import discord
    import yarl

    from bot.app.client import new_bot

    if settings.discord_token is None:
        raise CommandLineError(
            "DISCORD_TOKEN is not set: put the bot token in the environment or in .env "
            "(see .env.example), or run `python -m bot console` to try it locally",
            EXIT_USAGE,
        )
    if settings.discord_api_base is not None:
        discord.http.Route.BASE = settings.discord_api_base
    if settings.discord_gateway_url is not None:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    bot = new_bot(settings)
    if bot.own_shards is not None:
        logger.info("serving %s", bot.own_shards.describe())
    stop_on_signals(bot)
    try:
        async with bot:
            await bot.start(settings.discord_token)
        # A signal's close may still be closing the database: `async with` skips a bot that
        # already says it is closed, and the process must not end before that close does.
        await bot.close()
    except discord.PrivilegedIntentsRequired as error:
        raise CommandLineError(MESSAGE_CONTENT_HELP) from error
    except discord.LoginFailure as error:
        raise CommandLineError(
            "Discord rejected DISCORD_TOKEN: copy a fresh token from the Developer Portal "
            "(Bot > Reset Token)"
        ) from error
    except (aiohttp.ClientError, OSError) as error:
        # The error text names the host, never the token (it is only in a request header).
        raise CommandLineError(f"can't reach Discord: {error}") from error
    return 0


def stop_on_signals(bot: Cliffhanger) -> None:
    """SIGTERM (and Ctrl-C) close the bot: jobs stop, the gateway closes, the database is
    closed; undelivered alerts stay queued for the next start."""
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signal_number, _close_soon, bot, signal_number)
        except (NotImplementedError, RuntimeError):
            return


def _close_soon(bot: Cliffhanger, signal_number: int) -> None:
    logger.info("received %s, shutting down", signal.Signals(signal_number).name)
    task = asyncio.ensure_future(bot.close())
    _closing.add(task)
    task.add_done_callback(_closing.discard)


# Strong references to closing tasks, so they are not collected before they finish.
_closing: set[asyncio.Future[None]] = set()


@asynccontextmanager
async def catalogue_database(
    settings: Settings, *, bulk: bool = False
) -> AsyncIterator[ShowRepository]:
    """The database as the bot would find it (seeded on first use), closed afterwards;
    `bulk`: tuned for one large write."""
    database = await open_database(settings.database_path, settings.database_url)
    try:
        await seed_if_new(database)
        if bulk:
            async with database.bulk_writing():
                yield ShowRepository(database)
        else:
            yield ShowRepository(database)
    finally:
        await database.close()


async def import_file(settings: Settings, path: Path) -> int:
    # Read as it is imported, a batch of shows at a time: a 100,000-show file whole, and
    # its shows, held 600 MB. A bad show anywhere rolls the one transaction back.
    # The cyclic collector is off meanwhile: the import makes millions of objects and no
    # cycles to free, and its passes over them were a tenth of a 100,000-show import's CPU.
    gc.disable()
    try:
        with catalogue_rows(path) as rows:
            async with catalogue_database(settings, bulk=True) as shows:
                counts, _ = await shows.import_rows(rows, bulk=True)
    finally:
        gc.enable()
    print(f"Imported {path}: {counts.describe()}.")
    return 0


async def import_tvmaze(settings: Settings, what: str) -> int:
    from bot.sources.base import SourceError
    from bot.sources.tvmaze.client import TVmazeClient
    from bot.sources.tvmaze.source import (
        TVmazeSource,
        import_by_id_or_title,
        no_tracked_shows,
    )

    # Only looks shows up: it never polls, so it follows no shows.
    source = TVmazeSource(TVmazeClient(settings.tvmaze_base_url), tracked=no_tracked_shows)
    try:
        found = await import_by_id_or_title(source, what.strip())
    except LookupError as error:
        raise CommandLineError(str(error)) from error
    except SourceError as error:
        raise CommandLineError(f"TVmaze could not be asked: {error}") from error
    finally:
        await source.close()
    if isinstance(found, list):
        choices = "\n".join(f"  {hit.tvmaze_id}  {hit.label}" for hit in found)
        raise CommandLineError(
            f"several TVmaze shows match “{what}”; import one by its id:\n{choices}"
        )
    async with catalogue_database(settings) as shows:
        counts, _ = await shows.import_catalogue(Catalogue(shows=(found,)))
    print(f"Imported {found.title} from TVmaze (id {found.tvmaze_id}): {counts.describe()}.")
    return 0


async def export_file(settings: Settings, path: Path) -> int:
    async with catalogue_database(settings) as shows:
        catalogue = await shows.export()
    try:
        await asyncio.to_thread(path.write_text, dump_catalogue(catalogue), encoding="utf-8")
    except OSError as error:
        raise CommandLineError(f"can't write {path}: {error.strerror}") from error
    print(f"Exported {len(catalogue.shows)} shows to {path}.")
    return 0


async def backup_file(settings: Settings, path: Path) -> int:
    if await asyncio.to_thread(path.exists):
        raise CommandLineError(f"{path} already exists: choose a new file name")
    database = await open_database(settings.database_path, settings.database_url)
    try:
        await database.backup(path)
    finally:
        await database.close()
    if database.dialect == "postgresql":
        print(
            f"Backed up {database.path} to {path} with pg_dump (its custom format: restore "
            "with pg_restore)."
        )
    else:
        print(f"Backed up {settings.database_path} to {path}.")
    return 0


def where_data_lives(settings: Settings) -> str:
    """The database in use, fit to print: the SQLite file, or the PostgreSQL URL without its
    password."""
    if settings.database_url is not None:
        return safe_url(settings.database_url)
    return str(settings.database_path)


async def copy_to_postgresql(settings: Settings, url: str) -> int:
    """Copy the SQLite database into an empty PostgreSQL one, and print each table's rows."""
    check_database_url(url)
    if not await asyncio.to_thread(settings.database_path.is_file):
        raise CommandLineError(
            f"there is no database at {settings.database_path} to copy (DATABASE_PATH)", EXIT_USAGE
        )
    source = await SqliteDatabase.open_file(settings.database_path)
    try:
        report = await copy_database(source, url)
    finally:
        await source.close()
    print(f"Copied {settings.database_path} into {safe_url(url)}; rows per table, checked:")
    for table, count in report.counts:
        print(f"  {table:<14} {count}")
    return 0


async def main_async(arguments: argparse.Namespace, settings: Settings) -> int:
    command = arguments.command
    if command in (None, "console", "ask"):
        from bot.local.console import ask, run_console
    if command is None:
        if settings.discord_token is not None:
            return await run_discord(settings)
        print(
            "No DISCORD_TOKEN is set, so this is the local console on the embedded catalogue "
            f"({where_data_lives(settings)}). Type {settings.command_prefix}help; Ctrl-D quits.",
            flush=True,
        )
        return await run_console(settings, sys.stdin, sys.stdout)
    if command == "run":
        return await run_discord(settings)
    if command == "console":
        return await run_console(settings, sys.stdin, sys.stdout)
    if command == "ask":
        return await ask(settings, arguments.message, sys.stdout)
    if command == "import":
        if arguments.tvmaze_show is not None:
            if str(arguments.file) != "tvmaze":
                raise CommandLineError(
                    'import takes one FILE, or: import tvmaze <id | "title">', EXIT_USAGE
                )
            return await import_tvmaze(settings, arguments.tvmaze_show)
        return await import_file(settings, arguments.file)
    if command == "backup":
        return await backup_file(settings, arguments.file)
    if command == "copy-database":
        return await copy_to_postgresql(settings, arguments.url)
    return await export_file(settings, arguments.file)


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    load_dotenv(Path.cwd() / ".env")
    try:
        settings = with_default_sources(load_settings())
    except SettingsError as error:
        print(f"cliffhanger: {error}", file=sys.stderr)
        return EXIT_USAGE
    local = arguments.command in (
        "console",
        "ask",
        "import",
        "export",
        "backup",
        "copy-database",
    ) or (arguments.command is None and settings.discord_token is None)
    # Locally, the terminal is the user interface: only warnings unless asked otherwise.
    level = "WARNING" if local and not settings.log_level_set else settings.log_level
    configure_logging(level, secrets=[settings.discord_token or ""], local=local)
    try:
        status = asyncio.run(main_async(arguments, settings))
    except CommandLineError as error:
        print(f"cliffhanger: {error}", file=sys.stderr)
        return error.exit_code
    except SettingsError as error:
        print(f"cliffhanger: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseSetupError as error:
        # The database can't be reached or used as configured: the operator's to fix.
        print(f"cliffhanger: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (CatalogueError, DatabaseError) as error:
        print(f"cliffhanger: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    _quiet_if_output_closed()
    return status


def _quiet_if_output_closed() -> None:
    # After `| head` has gone, the interpreter's final flush of stdout would print a traceback.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
