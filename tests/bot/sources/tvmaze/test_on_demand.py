"""The whole bot with NEWS_SOURCE=tvmaze against a local TVmaze: alerts, on-demand imports,
and `python -m bot import tvmaze`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import CommandLineError, build_parser, main_async
from bot.app.client import Cliffhanger
from bot.local.console import local_bot
from bot.local.stand_in import CHANNEL_ID, LocalDiscord
from bot.settings import NewsSource, Settings
from db.connection import Database
from db.shows import ShowRepository
from tests.messages import text_of
from tests.tvmaze_server import (
    GOT,
    SEARCH_GIRLS_2026,
    UPDATES,
    FakeTVmaze,
    as_search_result,
    recorded,
)


def game_of_thrones(**changes: Any) -> dict[str, Any]:
    """The recorded Game of Thrones (status "Ended"), with some fields changed."""
    return {**recorded(GOT), **changes}


@pytest.fixture
def tvmaze(tvmaze: FakeTVmaze) -> FakeTVmaze:
    """The local TVmaze finding Game of Thrones, one clear match, for any search."""
    tvmaze.serve("/search/shows", as_search_result(recorded(GOT)))
    tvmaze.serve("/shows/82", recorded(GOT))
    return tvmaze


@pytest.fixture
def settings(tmp_path: Path, tvmaze: FakeTVmaze) -> Settings:
    # Overrides the suite's settings: the bot fixtures below now poll the local TVmaze.
    return Settings(
        database_path=tmp_path / "cliffhanger.sqlite3",
        news_sources=(NewsSource("tvmaze"),),
        tvmaze_base_url=tvmaze.url,
    )


async def test_a_subscribed_show_that_ends_on_tvmaze_gives_exactly_one_alert(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze
) -> None:
    running = game_of_thrones(status="Running")
    tvmaze.serve("/shows/82", running)
    subscribed = text_of(await discord_stand_in.send("!subscribe game of thrones"))
    assert "will now get alerts for Game of Thrones" in subscribed
    assert (await bot.services.news.poll()).changes == ()  # the first poll: everything, once
    tvmaze.serve("/shows/82", game_of_thrones(updated=running["updated"] + 60))
    tvmaze.serve("/updates/shows", {**recorded(UPDATES), "82": running["updated"] + 60})
    before = len(discord_stand_in.sent_to(CHANNEL_ID))
    tvmaze.requests.clear()

    result = await bot.services.news.poll()
    await bot.services.deliveries.drain()

    assert result.requests == 2  # the updates map, and the one changed show
    assert tvmaze.paths() == ["/updates/shows", "/shows/82"]
    (alert,) = discord_stand_in.sent_to(CHANNEL_ID)[before:]
    assert "Game of Thrones" in alert.text()
    assert "airing → ended" in alert.text()
    assert "TVmaze" in alert.text()


async def test_release_of_a_show_not_in_the_catalogue_imports_it_and_answers(
    discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze
) -> None:
    text = text_of(await discord_stand_in.send("!release game of thrones"))
    assert "Ended after eight seasons" in text
    assert "Latest season: 8" in text
    assert "released 14 April 2019 on HBO · six episodes" in text
    assert "Status\nEnded" in text
    assert "source: TVmaze (http://www.tvmaze.com/shows/82/game-of-thrones)" in text
    assert tvmaze.paths() == ["/search/shows", "/shows/82"]


async def test_the_imported_show_links_to_its_tvmaze_page(
    discord_stand_in: LocalDiscord,
) -> None:
    (reply,) = await discord_stand_in.send("!show game of thrones")
    embed = reply.embeds[0]
    assert embed["url"] == "http://www.tvmaze.com/shows/82/game-of-thrones"
    assert "TVmaze" in reply.text()


async def test_two_shows_called_girls_get_did_you_mean_with_year_and_platform(
    discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze
) -> None:
    tvmaze.serve("/search/shows", recorded(SEARCH_GIRLS_2026))
    text = text_of(await discord_stand_in.send("!release girls"))
    assert "Did you mean" in text
    assert "Girls (2012, HBO)" in text
    assert "GIRLS (2018, UBS)" in text


async def test_a_repeated_typo_asks_tvmaze_once(
    discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze
) -> None:
    tvmaze.serve("/search/shows", [])
    for _ in range(3):
        text = text_of(await discord_stand_in.send("!release zzzz qqqq"))
        assert "couldn't find a show called “zzzz qqqq”" in text
    assert tvmaze.paths() == ["/search/shows"]


async def test_a_catalogue_show_is_answered_without_asking_tvmaze(
    discord_stand_in: LocalDiscord, tvmaze: FakeTVmaze
) -> None:
    text = text_of(await discord_stand_in.send("!release tiny pretty things"))
    assert "Cancelled after one season" in text
    assert tvmaze.requests == []


async def test_closing_the_bot_closes_the_tvmaze_session(settings: Settings) -> None:
    async with local_bot(settings) as (bot, stand_in):
        await stand_in.send("!release game of thrones")
        client = bot.services.news.sources[0].client  # type: ignore[attr-defined]
        session = client._session
        assert session is not None
    assert session.closed


# --------------------------------------------------------------------------- the command line


def arguments(*words: str) -> argparse.Namespace:
    return build_parser().parse_args(["import", *words])


async def stored_titles(settings: Settings) -> list[str]:
    database = await Database.open(settings.database_path)
    try:
        return [show.title for show in await ShowRepository(database).all_shows()]
    finally:
        await database.close()


async def test_import_tvmaze_by_id(
    settings: Settings, tvmaze: FakeTVmaze, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await main_async(arguments("tvmaze", "82"), settings) == 0
    assert "Imported Game of Thrones from TVmaze (id 82)" in capsys.readouterr().out
    assert "Game of Thrones" in await stored_titles(settings)
    assert tvmaze.paths() == ["/shows/82"]


async def test_import_tvmaze_by_title(settings: Settings, tvmaze: FakeTVmaze) -> None:
    assert await main_async(arguments("tvmaze", "Game of Thrones"), settings) == 0
    assert "Game of Thrones" in await stored_titles(settings)
    assert tvmaze.paths() == ["/search/shows", "/shows/82"]


async def test_import_tvmaze_with_several_matches_lists_their_ids(
    settings: Settings, tvmaze: FakeTVmaze
) -> None:
    tvmaze.serve("/search/shows", recorded(SEARCH_GIRLS_2026))
    with pytest.raises(CommandLineError) as raised:
        await main_async(arguments("tvmaze", "girls"), settings)
    assert "139  Girls (2012, HBO)" in str(raised.value)
    assert "41734  GIRLS (2018, UBS)" in str(raised.value)


async def test_import_tvmaze_of_an_unknown_id_says_so(settings: Settings) -> None:
    with pytest.raises(CommandLineError, match="TVmaze has no show with id 404"):
        await main_async(arguments("tvmaze", "404"), settings)


async def test_import_tvmaze_when_tvmaze_fails_says_so(
    settings: Settings, tvmaze: FakeTVmaze
) -> None:
    tvmaze.serve("/shows/82", status=403)
    with pytest.raises(CommandLineError, match="TVmaze could not be asked"):
        await main_async(arguments("tvmaze", "82"), settings)


async def test_import_with_two_arguments_needs_the_word_tvmaze(settings: Settings) -> None:
    with pytest.raises(CommandLineError, match="import tvmaze"):
        await main_async(arguments("file.json", "82"), settings)
