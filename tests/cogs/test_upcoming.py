"""`upcoming` through discord.py's own dispatch, prefix and slash, on the local transport."""

from __future__ import annotations

import datetime

from bot.app.client import Cliffhanger
from bot.local.stand_in import LocalDiscord
from db.model.shows import Catalogue, PartialDate, SeasonEntry, ShowEntry
from tests.messages import content_of, text_of


def in_days(days: int) -> PartialDate:
    day = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=days)
    return PartialDate(day.year, day.month, day.day)


def show(title: str, platform: str, date: PartialDate, *, confirmed: bool = True) -> ShowEntry:
    return ShowEntry(
        title=title,
        platform=platform,
        status="renewed",
        seasons=(
            SeasonEntry(number=1, release_date=PartialDate(2020, 1, 1)),
            SeasonEntry(number=2, release_date=date, confirmed=confirmed),
        ),
    )


async def add_shows(bot: Cliffhanger, *shows: ShowEntry) -> None:
    await bot.services.catalogue.import_catalogue(Catalogue(shows=shows))


async def test_upcoming_lists_the_announced_seasons_soonest_first(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(
        bot,
        show("Later Show", "Netflix", in_days(20)),
        show("Sooner Show", "HBO", in_days(3)),
        show("Far Show", "Netflix", in_days(60)),
    )
    text = text_of(await discord_stand_in.send("!upcoming month"))
    assert "Coming out in the next 30 days" in text
    assert text.index("Sooner Show") < text.index("Later Show")
    assert "Far Show" not in text
    # The console reads Discord's timestamps as plain dates.
    assert f"Sooner Show** season 2 · HBO · {in_days(3).display()} (in 3 days)" in text


async def test_on_discord_the_dates_are_timestamps(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(bot, show("Sooner Show", "HBO", in_days(3)))
    replies = await discord_stand_in.interact("upcoming", {"window": "week"})
    (embed,) = replies[0].embeds
    assert ":D> (<t:" in embed["description"]
    assert ":R>)" in embed["description"]
    assert content_of(replies) == ""


async def test_a_platform_narrows_the_list(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(
        bot, show("Later Show", "Netflix", in_days(20)), show("Sooner Show", "HBO", in_days(3))
    )
    text = text_of(await discord_stand_in.send("!upcoming month netflix"))
    assert "Later Show" in text
    assert "Sooner Show" not in text


async def test_windows_and_guesses_are_dated_loosely(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    today = datetime.datetime.now(datetime.UTC).date()
    await add_shows(
        bot,
        show("Windowed Show", "Netflix", PartialDate(today.year, today.month)),
        show("Guessed Show", "Netflix", in_days(5), confirmed=False),
    )
    text = text_of(await discord_stand_in.send("!upcoming week"))
    assert "Nothing has an announced date in the next 7 days." in text
    loose = text.split("-- Dated loosely", 1)[1]
    assert "Windowed Show" in loose
    assert "Guessed Show** season 2 · Netflix" in loose
    assert "not confirmed" in loose


async def test_the_channels_subscribed_shows_come_first(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(
        bot, show("Later Show", "Netflix", in_days(20)), show("Sooner Show", "HBO", in_days(3))
    )
    await discord_stand_in.send("!subscribe later show")
    text = text_of(await discord_stand_in.send("!upcoming"))
    followed, others = text.split("-- Everything else", 1)
    assert "-- Followed in this channel" in followed
    assert "Later Show" in followed
    assert "Sooner Show" in others


async def test_an_empty_window_says_so_and_names_the_next_date(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await add_shows(bot, show("Far Show", "Netflix", in_days(60)))
    text = text_of(await discord_stand_in.send("!upcoming week"))
    assert "Nothing has an announced date in the next 7 days." in text
    assert f"The next one: **Far Show** season 2 · Netflix · {in_days(60).display()}" in text


async def test_a_window_too_long_is_refused_with_the_reason(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!upcoming 1000 days"))
    assert "Pick a window of 1 to 366 days" in text
