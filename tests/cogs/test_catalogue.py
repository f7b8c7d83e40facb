"""Editors' commands through discord.py's dispatch: who may edit, and what an edit records."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app.client import Cliffhanger
from bot.local.console import local_bot
from bot.local.stand_in import (
    CONSOLE_USER_ID,
    GUILD_ID,
    MANAGER_ROLE_ID,
    MEMBER_USER_ID,
    LocalDiscord,
)
from bot.settings import Settings
from db.news import NewsRepository
from db.shows import ShowRepository
from tests.alerting import tvmaze_knowing_the_expanse
from tests.messages import text_of

# Owners other than the console's user: is_owner must not fall back to asking Discord.
OTHER_OWNER_ID = 1_100_000_000_000_000_999
STATUS_EDIT = (
    "!catalogue status show: tpt status: renewed confidence: confirmed source: Netflix "
    "url: https://example.org/renewal reported: 2026-11-20"
)


async def tpt_status(bot: Cliffhanger) -> str:
    show = await bot.services.catalogue.find("tpt")
    return show.entry.status


async def test_a_non_editor_is_refused_and_nothing_changes(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send(STATUS_EDIT, author_id=MEMBER_USER_ID)
    assert "Only Cliffhanger's editors" in text_of(replies)
    assert await tpt_status(bot) == "cancelled"


async def test_a_server_manager_who_is_not_an_editor_is_refused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    bot.owner_ids = {OTHER_OWNER_ID}
    # The console user manages this server, yet the catalogue is shared by all servers.
    replies = await discord_stand_in.send(STATUS_EDIT, author_id=CONSOLE_USER_ID)
    assert "Only Cliffhanger's editors" in text_of(replies)
    assert await tpt_status(bot) == "cancelled"


async def test_a_member_with_the_editor_role_in_the_home_server_may_edit(
    settings: Settings,
) -> None:
    with_editors = replace(settings, home_guild_id=GUILD_ID, editor_role_id=MANAGER_ROLE_ID)
    async with local_bot(with_editors) as (bot, transport):
        bot.owner_ids = {OTHER_OWNER_ID}
        replies = await transport.send(STATUS_EDIT, author_id=CONSOLE_USER_ID)
        assert "Saved" in text_of(replies)
        assert await tpt_status(bot) == "renewed"


async def test_an_editors_status_change_appears_in_news_with_its_source(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    assert "Saved" in text_of(await discord_stand_in.send(STATUS_EDIT))
    assert await tpt_status(bot) == "renewed"
    news = text_of(await discord_stand_in.send("!news tpt"))
    assert "20 November 2026 · renewed" in news
    assert (
        "Confirmed · as of 20 November 2026 · source: Netflix (https://example.org/renewal)" in news
    )


async def test_an_edit_records_who_made_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send(STATUS_EDIT)
    show = await bot.services.catalogue.find("tpt")
    latest = (await NewsRepository(bot.services.database).events_for(show.id))[-1]
    assert latest.author == f"editor:{CONSOLE_USER_ID}"
    assert latest.details.from_status == "cancelled"
    assert latest.details.to_status == "renewed"


@pytest.mark.parametrize(
    ("command", "complaint"),
    [
        (
            "!catalogue status show: tpt status: maybe confidence: confirmed source: X",
            "status must be",
        ),
        (
            "!catalogue status show: tpt status: renewed confidence: sure source: X",
            "confidence must be",
        ),
        (
            "!catalogue status show: tpt status: renewed confidence: confirmed source: X url: ftp://x",
            "http(s) URL",
        ),
        (
            "!catalogue status show: tpt status: renewed confidence: confirmed source: X "
            "reported: 2026-13-01",
            "reported",
        ),
        (
            "!catalogue status show: zzzz qqqq status: renewed confidence: confirmed source: X",
            "couldn't find",
        ),
        (
            "!catalogue date show: tpt season: 2 date: 14/12/2027 confidence: reported source: X",
            "date",
        ),
        ("!catalogue status show: tpt status: renewed", "confidence"),
    ],
)
async def test_an_invalid_edit_is_explained_and_changes_nothing(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, command: str, complaint: str
) -> None:
    before = await ShowRepository(bot.services.database).export()
    replies = await discord_stand_in.send(command)
    assert complaint in text_of(replies)
    assert "Traceback" not in text_of(replies)
    assert await ShowRepository(bot.services.database).export() == before


async def test_a_release_window_is_set_then_moved(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send(STATUS_EDIT)
    await discord_stand_in.send(
        "!catalogue date show: tpt season: 2 date: 2027 precision: late "
        "confidence: reported source: Deadline"
    )
    assert "Season 2 is expected late 2027, but the date is not confirmed." in text_of(
        await discord_stand_in.send("!release tpt")
    )
    await discord_stand_in.send(
        "!catalogue date show: tpt season: 2 date: 2027-10-03 confidence: confirmed source: Netflix"
    )
    release = text_of(await discord_stand_in.send("!release tpt"))
    assert "Season 2 comes out 3 October 2027." in release


async def test_recap_points_are_added_edited_and_removed(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    before = (await bot.services.catalogue.find("tpt")).entry.seasons[0].recap
    await discord_stand_in.send("!catalogue recap-add show: tpt season: 1 text: A new twist.")
    await discord_stand_in.send(
        "!catalogue recap-edit show: tpt season: 1 point: 1 text: Rewritten."
    )
    after_edit = (await bot.services.catalogue.find("tpt")).entry.seasons[0].recap
    assert after_edit[0] == "Rewritten."
    assert after_edit[-1] == "A new twist."
    await discord_stand_in.send(
        f"!catalogue recap-remove show: tpt season: 1 point: {len(after_edit)}"
    )
    final = (await bot.services.catalogue.find("tpt")).entry.seasons[0].recap
    assert final == ("Rewritten.", *before[1:])


async def test_a_recap_point_that_does_not_exist_is_named(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.send("!catalogue recap-remove show: tpt season: 1 point: 99")
    assert "recap points 1 to" in text_of(replies)


async def test_an_added_alias_finds_the_show(discord_stand_in: LocalDiscord) -> None:
    await discord_stand_in.send("!catalogue alias show: tpt alias: ballet school show")
    assert "Cancelled after one season" in text_of(
        await discord_stand_in.send("!release ballet school show")
    )


async def test_an_added_show_can_be_asked_about(discord_stand_in: LocalDiscord) -> None:
    reply = await discord_stand_in.send(
        "!catalogue add title: Severance platform: Apple TV+ premiered: 2022-02-18 status: renewed"
    )
    assert "Added Severance" in text_of(reply)
    assert "Renewed for season 1" in text_of(await discord_stand_in.send("!release severance"))
    again = await discord_stand_in.send("!catalogue add title: Severance premiered: 2022-02-18")
    assert "already in the catalogue" in text_of(again)


async def test_an_editors_change_alerts_a_subscribed_channel(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe tiny pretty things")
    await discord_stand_in.send(STATUS_EDIT)
    result = await bot.services.deliveries.drain()
    assert result.delivered == 1
    alert = discord_stand_in.sent[-1].text()
    assert "Tiny Pretty Things: renewed" in alert
    assert "cancelled → renewed" in alert


@pytest.mark.parametrize(
    "command",
    [
        "!catalogue status show: the expanse status: renewed confidence: confirmed source: X",
        "!catalogue alias show: the expanse alias: exp",
        "!catalogue recap-add show: the expanse season: 1 text: they find the ring",
    ],
)
async def test_an_editors_title_is_never_looked_up_on_tvmaze(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, command: str
) -> None:
    # A typo in an edit must not import a show: the editors' commands know only the catalogue.
    tvmaze = tvmaze_knowing_the_expanse(bot)
    shows = ShowRepository(bot.services.database)
    before = await shows.count()

    replies = await discord_stand_in.send(command)

    assert tvmaze.asked == []
    assert "The Expanse" not in text_of(replies)
    assert await shows.count() == before
