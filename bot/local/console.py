"""The local console: the real bot, its real commands, a terminal instead of Discord."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TextIO

from bot.app.client import Cliffhanger
from bot.local.stand_in import (
    CHANNEL_ID,
    CONSOLE_USER_ID,
    DM_CHANNEL_ID,
    LocalDiscord,
    SentMessage,
)
from bot.settings import Settings

PROMPT = "> "


@asynccontextmanager
async def local_bot(
    settings: Settings, *, on_send: Callable[[SentMessage], None] | None = None
) -> AsyncIterator[tuple[Cliffhanger, LocalDiscord]]:
    """A started bot on a local transport; closed (database included) on the way out."""
    bot = Cliffhanger(settings, local=True)
    # The console's user owns the bot, as whoever runs the process does.
    bot.owner_ids = {*settings.owner_ids, CONSOLE_USER_ID}
    transport = LocalDiscord(bot, on_send=on_send)
    try:
        await bot._async_setup_hook()
        transport.install()
        await bot.setup_hook()
        yield bot, transport
    finally:
        await bot.close()


class ConsolePrinter:
    """Prints what the bot sends; notices when the reader has gone (`| head`)."""

    def __init__(self, output: TextIO) -> None:
        self.output = output
        self.closed = False
        self.dm_channels: set[int] = {DM_CHANNEL_ID}

    def __call__(self, message: SentMessage) -> None:
        # A reminder goes to the person, not the channel: say so, as Discord's DM list would.
        mark = "(DM) " if message.channel_id in self.dm_channels else ""
        if message.edited is not None:
            # A board is edited in place: the console shows the new version, marked as such.
            mark += f"(edited message {message.edited}) "
        self.write(mark + message.text() + "\n\n")

    def write(self, text: str) -> None:
        if self.closed:
            return
        try:
            self.output.write(text)
            self.output.flush()
        except BrokenPipeError:
            self.closed = True


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
    printer = ConsolePrinter(output)
    async with local_bot(settings, on_send=printer) as (bot, transport):
        async for line in _lines(source):
            if not line.strip():
                continue
            await _handle(bot, transport, printer, line)
            if printer.closed:
                break
        await _deliver_alerts(bot, transport)
    return 0


async def _handle(
    bot: Cliffhanger, transport: LocalDiscord, printer: ConsolePrinter, message: str
) -> None:
    """One message in the console's channel, then the alerts it caused; says so if neither."""
    replies = await transport.send(message)
    replies += await _deliver_alerts(bot, transport)
    if not replies:
        printer.write("(no reply)\n\n")


async def _deliver_alerts(bot: Cliffhanger, transport: LocalDiscord) -> list[SentMessage]:
    """Post the alerts due in the console's channel, and the console user's reminder DMs, as
    the delivery job would on Discord."""
    first = len(transport.sent)
    await bot.services.deliveries.drain(channel_id=CHANNEL_ID)
    await bot.services.deliveries.drain(user_id=CONSOLE_USER_ID)
    return transport.sent[first:]


async def ask(settings: Settings, message: str, output: TextIO) -> int:
    printer = ConsolePrinter(output)
    async with local_bot(settings, on_send=printer) as (bot, transport):
        await _handle(bot, transport, printer, message)
    return 0
