"""People's reminders: the pause a closed DM sets, told and lifted once, on either engine."""

from __future__ import annotations

from db.connection import Database
from db.reminders import ReminderRepository

PERSON = 1_200_000_000_000_000_500


async def a_show(database: Database) -> int:
    row = await database.fetch_one("SELECT id FROM shows ORDER BY id LIMIT 1")
    assert row is not None
    return int(row[0])


async def test_a_pause_is_taken_once(seeded_database: Database) -> None:
    reminders = ReminderRepository(seeded_database)
    await reminders.add(PERSON, await a_show(seeded_database))
    await reminders.pause_user(PERSON, "403 Forbidden: DMs closed")

    assert await reminders.take_pause(PERSON)
    assert not await reminders.take_pause(PERSON)


async def test_a_person_never_paused_has_no_pause_to_take(seeded_database: Database) -> None:
    reminders = ReminderRepository(seeded_database)
    await reminders.add(PERSON, await a_show(seeded_database))

    assert not await reminders.take_pause(PERSON)
