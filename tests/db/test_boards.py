"""Boards split between processes by the shard of their guild, on a real SQLite file."""

from __future__ import annotations

from db.boards import BoardRepository
from db.connection import Database
from db.model.shards import Shards

COUNT = 4
GUILDS = [(2_000_000 + index) << 22 | 99 for index in range(8)]


async def put_a_board_in_every_guild(boards: BoardRepository) -> None:
    for guild in GUILDS:
        await boards.put(channel_id=guild + 1, guild_id=guild, everything=True, created_by=1)


async def test_each_process_refreshes_only_the_boards_of_guilds_on_its_shards(
    database: Database,
) -> None:
    boards = BoardRepository(database)
    await put_a_board_in_every_guild(boards)
    first, second = Shards((0,), COUNT), Shards((1, 2, 3), COUNT)

    mine = await boards.active(first)
    theirs = await boards.active(second)

    assert {board.guild_id for board in mine} == {g for g in GUILDS if first.owns(g)}
    assert len(mine) == 2
    assert sorted(board.channel_id for board in mine + theirs) == [g + 1 for g in GUILDS]


async def test_without_shards_every_unpaused_board_is_refreshed(database: Database) -> None:
    boards = BoardRepository(database)
    await put_a_board_in_every_guild(boards)
    await boards.pause(GUILDS[0] + 1, "403")

    assert [board.guild_id for board in await boards.active()] == GUILDS[1:]
