"""The local console: the real bot, its real commands, a terminal instead of Discord."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TextIO

from bot.client import Cliffhanger
from bot.local import CONSOLE_USER_ID, LocalDiscord, SentMessage
from bot.settings import Settings

PROMPT = "> "


@asynccontextmanager
async def local_bot(
    settings: Settings, *, output: TextIO | None = None
) -> AsyncIterator[tuple[Cliffhanger, LocalDiscord]]:
    """A started bot on a local transport; closed (database included) on the way out."""
    bot = Cliffhanger(settings, local=True)
    # The console's user owns the bot, as whoever runs the process does.
    bot.owner_ids = {*settings.owner_ids, CONSOLE_USER_ID}
    printer = _printer(output) if output is not None else None
    transport = LocalDiscord(bot, on_send=printer)
    try:
        await bot._async_setup_hook()
        transport.install()
        await bot.setup_hook()
        yield bot, transport
    finally:
        await bot.close()


def _printer(output: TextIO) -> Callable[[SentMessage], None]:
    def show(message: SentMessage) -> None:
        output.write(message.text() + "\n\n")
        output.flush()

    return show


async def _lines(source: TextIO) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    interactive = source.isatty()
    while True:
        if interactive:
            sys.stdout.write(PROMPT)
            sys.stdout.flush()
        line = await loop.run_in_executor(None, source.readline)
        if not line:
            return
        yield line.rstrip("\r\n")


async def run_console(settings: Settings, source: TextIO, output: TextIO) -> int:
    async with local_bot(settings, output=output) as (_, transport):
        async for line in _lines(source):
            if not line.strip():
                continue
            if not await transport.send(line):
                output.write("(no reply)\n\n")
                output.flush()
    return 0


async def ask(settings: Settings, message: str, output: TextIO) -> int:
    async with local_bot(settings, output=output) as (_, transport):
        if not await transport.send(message):
            output.write("(no reply)\n")
    return 0
