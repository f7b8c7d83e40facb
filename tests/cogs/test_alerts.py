"""Subscriptions through discord.py's own dispatch, prefix and slash, on the local transport."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.alerts.subscriptions import SubscriptionService
from bot.app.client import Cliffhanger
from bot.local.stand_in import CHANNEL_ID, GUILD_ID, MEMBER_USER_ID, LocalDiscord
from bot.sources.catalogue_file import FileSource
from db.model.shows import Catalogue, ShowEntry
from db.subscriptions import SubscriptionRepository
from tests.alerting import (
    ALERTS_CHANNEL_ID,
    FANS_ROLE_ID,
    NEWS_CHANNEL_ID,
    add_channel_managed_by,
    add_role,
    forbid_mentioning_roles,
    subscriptions_of,
    tpt_id,
    tvmaze_knowing_the_expanse,
    write_catalogue,
)
from tests.messages import text_of

OTHER_GUILD_ID = 1_200_000_000_000_000_100
OTHER_GUILD_CHANNEL_ID = 1_200_000_000_000_000_200
TPT = "Tiny Pretty Things"


def alerts_service(bot: Cliffhanger) -> SubscriptionService:
    # load_extension executes the cog's module afresh: compare by what it holds, not its class.
    service = getattr(bot.get_cog("Alerts"), "subscriptions", None)
    assert isinstance(service, SubscriptionService)
    return service


async def subscribe_other_guild(bot: Cliffhanger) -> None:
    await SubscriptionRepository(bot.services.database).subscribe(
        guild_id=OTHER_GUILD_ID,
        channel_id=OTHER_GUILD_CHANNEL_ID,
        show_id=None,
        kinds=(),
        role_id=None,
        created_by=42,
    )


# --------------------------------------------------------------------------- subscribe


async def test_subscribe_follows_a_show_here_for_every_kind_of_news(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send("!subscribe tiny pretty things")
    assert f"<#{CHANNEL_ID}> will now get alerts for {TPT}: every kind of news" in text_of(replies)
    (subscription,) = await subscriptions_of(bot)
    assert subscription.channel_id == CHANNEL_ID
    assert subscription.show_id == await tpt_id(bot)
    assert subscription.kinds == ()
    assert subscription.role_id is None


@pytest.mark.parametrize(
    ("words", "kinds"),
    [
        ("renewed", ("renewed",)),
        ("cancelled", ("ended",)),
        ("ended", ("ended",)),
        ("dates", ("release_date",)),
        ("out", ("season_out",)),
        ("out dates renewed cancelled", ("renewed", "ended", "release_date", "season_out")),
    ],
)
async def test_subscribe_with_kinds_keeps_only_those_kinds(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, words: str, kinds: tuple[str, ...]
) -> None:
    await discord_stand_in.send(f"!subscribe tiny pretty things {words}")
    (subscription,) = await subscriptions_of(bot)
    assert subscription.kinds == kinds


async def test_subscribe_all_follows_every_show(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send("!subscribe all renewed")
    assert "alerts for every show: renewals" in text_of(replies)
    (subscription,) = await subscriptions_of(bot)
    assert subscription.show_id is None
    assert subscription.kinds == ("renewed",)


async def test_subscribing_again_updates_the_subscription_instead_of_adding_one(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe tiny pretty things")
    replies = await discord_stand_in.send("!subscribe tpt dates")
    assert "now gets alerts" in text_of(replies)
    (subscription,) = await subscriptions_of(bot)
    assert subscription.kinds == ("release_date",)


async def test_a_channel_argument_subscribes_another_channel_of_the_guild(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    replies = await discord_stand_in.send(f"!subscribe tiny pretty things <#{ALERTS_CHANNEL_ID}>")
    assert f"<#{ALERTS_CHANNEL_ID}> will now get alerts" in text_of(replies)
    (subscription,) = await subscriptions_of(bot)
    assert subscription.channel_id == ALERTS_CHANNEL_ID


async def test_a_channel_of_another_guild_is_refused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send(f"!subscribe tpt <#{OTHER_GUILD_CHANNEL_ID}>")
    assert "text channel or thread of this server" in text_of(replies)
    assert await subscriptions_of(bot) == []


async def test_a_title_ending_in_a_kind_word_is_the_title(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await bot.services.catalogue.import_catalogue(
        Catalogue(shows=(ShowEntry(title="First Dates"),))
    )
    await discord_stand_in.send("!subscribe first dates")
    discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    await discord_stand_in.send(f"!subscribe first dates renewed <#{ALERTS_CHANNEL_ID}>")
    here, there = await subscriptions_of(bot)
    assert (here.show_title, here.kinds) == ("First Dates", ())
    assert (there.show_title, there.kinds) == ("First Dates", ("renewed",))
    await discord_stand_in.send("!unsubscribe first dates")
    assert [sub.channel_id for sub in await subscriptions_of(bot)] == [ALERTS_CHANNEL_ID]


async def test_an_unknown_show_is_not_found_and_nothing_is_stored(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send("!subscribe zzzz qqqq renewed")
    assert "couldn't find a show" in text_of(replies)
    assert await subscriptions_of(bot) == []


async def test_subscribing_to_a_show_only_tvmaze_knows_imports_it_and_says_so(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    tvmaze = tvmaze_knowing_the_expanse(bot)

    replies = await discord_stand_in.send("!subscribe the expanse renewed")

    text = text_of(replies)
    assert "will now get alerts for The Expanse" in text
    assert "The Expanse was not in the catalogue: I added it from TVmaze." in text
    (subscription,) = await subscriptions_of(bot)
    assert subscription.show_id == (await bot.services.catalogue.find("the expanse")).id
    # Known from now on: subscribing again neither asks TVmaze nor says it was added.
    again = text_of(await discord_stand_in.send("!subscribe the expanse"))
    assert "added it from TVmaze" not in again
    assert tvmaze.asked == ["the expanse"]


async def test_unsubscribing_never_imports_a_show(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    tvmaze = tvmaze_knowing_the_expanse(bot)

    replies = await discord_stand_in.send("!unsubscribe the expanse")

    assert "couldn't find a show" in text_of(replies)
    assert tvmaze.asked == []


async def test_subscribe_without_a_show_prints_usage(discord_stand_in: LocalDiscord) -> None:
    text = text_of(await discord_stand_in.send("!subscribe"))
    assert "Usage: `!subscribe <show|all>" in text


# --------------------------------------------------------------------------- permissions


async def test_a_member_without_manage_channels_is_refused_and_nothing_changes(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send("!subscribe tiny pretty things", author_id=MEMBER_USER_ID)
    assert "You need Manage Channels" in text_of(replies)
    assert await subscriptions_of(bot) == []


async def test_a_member_without_manage_channels_cannot_unsubscribe(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe tiny pretty things")
    replies = await discord_stand_in.send("!unsubscribe tpt", author_id=MEMBER_USER_ID)
    assert "You need Manage Channels" in text_of(replies)
    assert len(await subscriptions_of(bot)) == 1


async def test_manage_channels_on_the_target_channel_is_enough(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    add_channel_managed_by(discord_stand_in, ALERTS_CHANNEL_ID, MEMBER_USER_ID)
    refused = await discord_stand_in.send("!subscribe tpt", author_id=MEMBER_USER_ID)
    accepted = await discord_stand_in.send(
        f"!subscribe tpt <#{ALERTS_CHANNEL_ID}>", author_id=MEMBER_USER_ID
    )
    assert "You need Manage Channels" in text_of(refused)
    assert "will now get alerts" in text_of(accepted)
    assert [sub.channel_id for sub in await subscriptions_of(bot)] == [ALERTS_CHANNEL_ID]


async def test_a_mentionable_role_is_stored_for_the_ping(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    add_role(discord_stand_in)
    replies = await discord_stand_in.send(f"!subscribe tpt renewed <@&{FANS_ROLE_ID}>")
    assert f"pinging <@&{FANS_ROLE_ID}>" in text_of(replies)
    assert replies[0].allowed_mentions == {"parse": []}
    (subscription,) = await subscriptions_of(bot)
    assert (subscription.role_id, subscription.kinds) == (FANS_ROLE_ID, ("renewed",))


async def test_the_everyone_role_is_never_pinged(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send(f"!subscribe tpt <@&{GUILD_ID}>")
    assert "never ping @everyone or @here" in text_of(replies)
    assert await subscriptions_of(bot) == []


async def test_everyone_written_out_is_not_a_role_and_pings_nobody(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send("!subscribe tpt @everyone")
    assert all(reply.allowed_mentions == {"parse": []} for reply in replies)
    assert all(sub.role_id is None for sub in await subscriptions_of(bot))


async def test_a_role_the_requester_may_not_mention_is_refused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    forbid_mentioning_roles(discord_stand_in)
    add_role(discord_stand_in, mentionable=False)
    replies = await discord_stand_in.send(f"!subscribe tpt <@&{FANS_ROLE_ID}>")
    assert "can't mention" in text_of(replies)
    assert await subscriptions_of(bot) == []


async def test_an_integration_role_is_refused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    add_role(discord_stand_in, managed=True)
    replies = await discord_stand_in.send(f"!subscribe tpt <@&{FANS_ROLE_ID}>")
    assert "belongs to an integration" in text_of(replies)
    assert await subscriptions_of(bot) == []


async def test_a_role_of_another_guild_is_refused(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    replies = await discord_stand_in.send(f"!subscribe tpt <@&{FANS_ROLE_ID}>")
    assert "That role is not in this server" in text_of(replies)
    assert await subscriptions_of(bot) == []


# --------------------------------------------------------------------------- limit


async def test_the_guild_limit_is_refused_with_a_clear_reply(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts_service(bot), "max_per_guild", 2)
    discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    discord_stand_in.add_channel(NEWS_CHANNEL_ID)
    await discord_stand_in.send("!subscribe tpt")
    await discord_stand_in.send(f"!subscribe tpt <#{ALERTS_CHANNEL_ID}>")
    replies = await discord_stand_in.send(f"!subscribe tpt <#{NEWS_CHANNEL_ID}>")
    assert "already has 2 subscriptions, the most it can have" in text_of(replies)
    assert len(await subscriptions_of(bot)) == 2


async def test_at_the_limit_an_existing_subscription_can_still_change(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts_service(bot), "max_per_guild", 1)
    await discord_stand_in.send("!subscribe tpt")
    replies = await discord_stand_in.send("!subscribe tpt dates")
    assert "now gets alerts" in text_of(replies)
    (subscription,) = await subscriptions_of(bot)
    assert subscription.kinds == ("release_date",)


async def test_other_guilds_subscriptions_do_not_count_towards_the_limit(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts_service(bot), "max_per_guild", 1)
    await subscribe_other_guild(bot)
    replies = await discord_stand_in.send("!subscribe tpt")
    assert "will now get alerts" in text_of(replies)
    (subscription,) = await subscriptions_of(bot)
    assert subscription.show_id == await tpt_id(bot)


# --------------------------------------------------------------------------- unsubscribe


async def test_unsubscribe_removes_only_that_show(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe tpt")
    await discord_stand_in.send("!subscribe all")
    replies = await discord_stand_in.send("!unsubscribe tiny pretty things")
    assert f"will no longer get alerts for {TPT}" in text_of(replies)
    (left,) = await subscriptions_of(bot)
    assert left.show_id is None


async def test_unsubscribe_all_removes_the_every_show_subscription(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe all")
    # Removed, not merely never made.
    assert [subscription.show_id for subscription in await subscriptions_of(bot)] == [None]
    await discord_stand_in.send("!unsubscribe all")
    assert await subscriptions_of(bot) == []


async def test_unsubscribe_another_channel_by_mention(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    await discord_stand_in.send(f"!subscribe tpt <#{ALERTS_CHANNEL_ID}>")
    subscribed = await subscriptions_of(bot)
    assert [subscription.channel_id for subscription in subscribed] == [ALERTS_CHANNEL_ID]
    await discord_stand_in.send(f"!unsubscribe tpt <#{ALERTS_CHANNEL_ID}>")
    assert await subscriptions_of(bot) == []


async def test_unsubscribe_what_is_not_followed_says_so(discord_stand_in: LocalDiscord) -> None:
    replies = await discord_stand_in.send("!unsubscribe tpt")
    assert f"has no subscription to {TPT}" in text_of(replies)


async def test_slash_unsubscribe_is_private(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe tpt")
    (reply,) = await discord_stand_in.interact("unsubscribe", {"show": "tiny pretty things"})
    assert reply.ephemeral
    assert "will no longer get alerts" in reply.text()
    assert await subscriptions_of(bot) == []


async def test_slash_unsubscribe_by_a_member_is_refused_privately(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await discord_stand_in.send("!subscribe tpt")
    (reply,) = await discord_stand_in.interact(
        "unsubscribe", {"show": "tpt"}, author_id=MEMBER_USER_ID
    )
    assert reply.ephemeral
    assert "You need Manage Channels" in reply.text()
    assert len(await subscriptions_of(bot)) == 1


# --------------------------------------------------------------------------- subscriptions


async def test_subscriptions_lists_this_guilds_shows_kinds_and_roles(
    discord_stand_in: LocalDiscord,
) -> None:
    add_role(discord_stand_in)
    await discord_stand_in.send(f"!subscribe tpt dates <@&{FANS_ROLE_ID}>")
    await discord_stand_in.send("!subscribe all out")
    text = text_of(await discord_stand_in.send("!subscriptions"))
    assert f"{TPT} — release dates set or moved, pings <@&{FANS_ROLE_ID}>" in text
    assert "every show — seasons out today" in text


async def test_subscriptions_when_there_are_none_says_how_to_start(
    discord_stand_in: LocalDiscord,
) -> None:
    text = text_of(await discord_stand_in.send("!subscriptions"))
    assert "follows no shows yet" in text


async def test_a_guild_never_sees_another_guilds_subscriptions(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe_other_guild(bot)
    await discord_stand_in.send("!subscribe tpt")
    text = text_of(await discord_stand_in.send("!subscriptions"))
    assert str(OTHER_GUILD_CHANNEL_ID) not in text
    assert "every show" not in text


async def test_a_guild_cannot_unsubscribe_another_guilds_channel(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await subscribe_other_guild(bot)
    replies = await discord_stand_in.send(f"!unsubscribe all <#{OTHER_GUILD_CHANNEL_ID}>")
    assert "text channel or thread of this server" in text_of(replies)
    assert len(await subscriptions_of(bot, OTHER_GUILD_ID)) == 1


# --------------------------------------------------------------------------- slash subscribe


async def test_slash_subscribe_with_kinds_answers_privately(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    (reply,) = await discord_stand_in.interact(
        "subscribe", {"show": "tiny pretty things", "kinds": "renewed dates"}
    )
    assert reply.ephemeral
    assert "renewals, release dates set or moved" in reply.text()
    (subscription,) = await subscriptions_of(bot)
    assert subscription.kinds == ("renewed", "release_date")


async def test_slash_subscribe_with_a_role_and_another_channel(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    role = add_role(discord_stand_in)
    channel = discord_stand_in.add_channel(ALERTS_CHANNEL_ID)
    await discord_stand_in.interact("subscribe", {"show": "all", "role": role, "channel": channel})
    (subscription,) = await subscriptions_of(bot)
    assert (subscription.channel_id, subscription.show_id, subscription.role_id) == (
        ALERTS_CHANNEL_ID,
        None,
        FANS_ROLE_ID,
    )


async def test_slash_subscribe_by_a_member_is_refused_privately(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    (reply,) = await discord_stand_in.interact(
        "subscribe", {"show": "tiny pretty things"}, author_id=MEMBER_USER_ID
    )
    assert reply.ephemeral
    assert "You need Manage Channels" in reply.text()
    assert await subscriptions_of(bot) == []


async def test_slash_subscribe_never_pings_everyone(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    everyone = discord_stand_in.guild.default_role
    (reply,) = await discord_stand_in.interact("subscribe", {"show": "tpt", "role": everyone})
    assert "never ping @everyone" in reply.text()
    assert await subscriptions_of(bot) == []


async def test_slash_subscribe_with_an_unknown_kind_names_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    (reply,) = await discord_stand_in.interact("subscribe", {"show": "tpt", "kinds": "weekly"})
    assert "“weekly” is not an alert kind" in reply.text()
    assert await subscriptions_of(bot) == []


# --------------------------------------------------------------------------- owner commands


@pytest.mark.parametrize("command", ["!sync", "!status"])
async def test_owner_commands_are_refused_to_members(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, command: str
) -> None:
    replies = await discord_stand_in.send(command, author_id=MEMBER_USER_ID)
    assert "Only the bot's owners" in text_of(replies)
    assert bot.services.news.last_poll is None


async def test_status_shows_jobs_last_poll_and_backlog_to_an_owner(
    discord_stand_in: LocalDiscord,
) -> None:
    await discord_stand_in.send("!sync")
    text = text_of(await discord_stand_in.send("!status"))
    assert "poll: next run not scheduled here" in text
    assert "Poll of none" in text
    assert "0 waiting, 0 in flight, 0 delivered, 0 failed, 0 paused" in text


async def test_sync_reports_a_long_poll_within_discords_message_limit(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    titles = [f"Long Running Show Number {number}" for number in range(80)]
    await bot.services.catalogue.import_catalogue(
        Catalogue(shows=tuple(ShowEntry(title=title, status="airing") for title in titles))
    )
    source = write_catalogue(
        tmp_path / "source.json", *({"title": title, "status": "renewed"} for title in titles)
    )
    monkeypatch.setattr(bot.services.news, "sources", (FileSource(source),))
    replies = await discord_stand_in.send("!sync")
    assert "80 changes" in text_of(replies)
    assert all(len(reply.content) <= 2000 for reply in replies)
    assert all(reply.allowed_mentions == {"parse": []} for reply in replies)
