"""remind, reminders, unremind through discord.py's own dispatch, on the local transport."""

from __future__ import annotations

from bot.app.client import Cliffhanger
from bot.local.stand_in import MEMBER_USER_ID, LocalDiscord
from db.model.shows import Catalogue, ShowEntry
from db.reminders import ReminderRepository
from tests.messages import text_of

TPT = "Tiny Pretty Things"


def reminders_of(bot: Cliffhanger) -> ReminderRepository:
    return ReminderRepository(bot.services.database)


async def member_says(stand_in: LocalDiscord, text: str, place: str = "channel") -> str:
    return text_of(await stand_in.send(text, author_id=MEMBER_USER_ID, place=place))


async def test_any_member_may_follow_a_show_for_dms_and_list_it(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    said = await member_says(discord_stand_in, "!remind tpt")
    assert f"I'll DM you when {TPT} is renewed" in said
    listed = await member_says(discord_stand_in, "!reminders")
    assert f"• {TPT}" in listed
    (reminder,) = await reminders_of(bot).for_user(MEMBER_USER_ID)
    assert reminder.show_title == TPT


async def test_following_a_show_twice_keeps_one_reminder(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await member_says(discord_stand_in, "!remind tpt")
    assert f"You already get DMs about {TPT}." in await member_says(discord_stand_in, "!remind tpt")
    assert len(await reminders_of(bot).for_user(MEMBER_USER_ID)) == 1


async def test_reminders_work_in_a_dm_with_the_bot(discord_stand_in: LocalDiscord) -> None:
    assert "I'll DM you" in await member_says(discord_stand_in, "!remind tpt", place="dm")
    assert f"• {TPT}" in await member_says(discord_stand_in, "!reminders", place="dm")


async def test_unremind_stops_one_show(bot: Cliffhanger, discord_stand_in: LocalDiscord) -> None:
    await member_says(discord_stand_in, "!remind tpt")
    assert f"No more DMs about {TPT}." in await member_says(discord_stand_in, "!unremind tpt")
    assert await reminders_of(bot).for_user(MEMBER_USER_ID) == []
    said = await member_says(discord_stand_in, "!unremind tpt")
    assert f"You don't get DMs about {TPT}." in said


async def test_unremind_all_deletes_everything_kept_about_the_person(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await member_says(discord_stand_in, "!remind tpt")
    await member_says(discord_stand_in, "!remind warrior nun")
    said = await member_says(discord_stand_in, "!unremind all")
    assert "I no longer keep any list of shows for you" in said
    rows = await bot.services.database.fetch_all(
        "SELECT 1 FROM reminders WHERE user_id = ?", (MEMBER_USER_ID,)
    )
    assert rows == []
    assert "You follow no shows for DMs" in await member_says(discord_stand_in, "!reminders")


async def test_a_person_may_follow_at_most_fifty_shows(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    shows = tuple(ShowEntry(title=f"Reminder Show {number}") for number in range(51))
    await bot.services.catalogue.import_catalogue(Catalogue(shows=shows))
    # Stored directly: fifty commands in a row would meet the flood guard first.
    for number in range(50):
        show = await bot.services.catalogue.find_stored(f"reminder show {number}")
        await reminders_of(bot).add(MEMBER_USER_ID, show.id)
    said = await member_says(discord_stand_in, "!remind reminder show 50")
    assert "You already follow 50 shows, the most one person can." in said
    assert len(await reminders_of(bot).for_user(MEMBER_USER_ID)) == 50


async def test_a_person_whose_dms_were_closed_is_told_once_at_their_next_command(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    await member_says(discord_stand_in, "!remind tpt")
    await reminders_of(bot).pause_user(MEMBER_USER_ID, "403 Forbidden: DMs closed")
    (reminder,) = await reminders_of(bot).for_user(MEMBER_USER_ID)
    assert reminder.paused
    told = await member_says(discord_stand_in, "!release tpt")
    assert "your DMs with me are closed" in told
    # Told once: the reminders resume, and the next command says nothing of it.
    assert "DMs with me are closed" not in await member_says(discord_stand_in, "!release tpt")
    (reminder,) = await reminders_of(bot).for_user(MEMBER_USER_ID)
    assert not reminder.paused


async def test_the_slash_forms_answer_privately(discord_stand_in: LocalDiscord) -> None:
    (reply,) = await discord_stand_in.interact("remind", {"show": "tpt"}, author_id=MEMBER_USER_ID)
    assert reply.ephemeral
    assert "I'll DM you" in reply.text()


async def test_remind_me_said_to_the_bot_is_a_question_not_a_reminder(
    bot: Cliffhanger, discord_stand_in: LocalDiscord
) -> None:
    said = await member_says(discord_stand_in, "@Cliffhanger remind me what happened in tpt")
    assert "Recap of Tiny Pretty Things" in said
    assert await reminders_of(bot).for_user(MEMBER_USER_ID) == []
    assert "I'll DM you" in await member_says(discord_stand_in, "@Cliffhanger remind tpt")


async def test_unremind_s_autocomplete_offers_all_shows_first(
    discord_stand_in: LocalDiscord,
) -> None:
    choices = await discord_stand_in.autocomplete("unremind", {"show": "tiny"}, "show")

    assert choices[0] == {"name": "All shows", "value": "all"}
    assert choices[1]["name"] == "Tiny Pretty Things (2020, Netflix)"
    assert len(choices) <= 25
