"""Boards kept current by the process that serves their guild's shard, and by no other."""

from __future__ import annotations

from bot.alerts.boards import BoardService
from bot.app.client import Cliffhanger
from bot.local.stand_in import GUILD_ID, LocalDiscord
from db.boards import BoardRepository
from db.model.shards import Shards, shard_of
from db.subscriptions import SubscriptionRepository
from tests.cogs.test_upcoming import add_shows, in_days, show

COUNT = 4


def board_service(bot: Cliffhanger, shards: Shards) -> BoardService:
    """The board service of a process serving `shards`, on the same database."""
    database = bot.services.database
    return BoardService(
        bot,
        BoardRepository(database),
        bot.services.catalogue,
        SubscriptionRepository(database),
        shards=shards,
    )


async def test_only_the_process_serving_the_boards_guild_edits_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!board all")
    await add_shows(bot, show("Sooner Show", "HBO", in_days(3)))
    home = shard_of(GUILD_ID, COUNT)
    elsewhere = Shards(tuple(shard for shard in range(COUNT) if shard != home), COUNT)

    assert await board_service(bot, elsewhere).refresh_all() == 0
    assert await board_service(bot, Shards((home,), COUNT)).refresh_all() == 1
