"""Personal reminders: a person follows shows and is sent a DM when their news changes."""

from __future__ import annotations

import logging

from bot.catalogue.service import CatalogueService
from bot.errors import UserFacingError
from bot.replies.formatting import EmbedPages, bullet_lines, neutralise
from bot.replies.reply import BRAND_COLOUR, Reply
from db.model.news import MAX_REMINDERS_PER_USER, ReminderLimitReached
from db.reminders import ReminderRepository

logger = logging.getLogger(__name__)

ALL_SHOWS = "all"
PAUSE_NOTICE = (
    "I couldn't send you a reminder: your DMs with me are closed. Allow direct messages from "
    "this server's members (or from apps) and I'll DM you with the next news."
)


class ReminderService:
    def __init__(
        self,
        reminders: ReminderRepository,
        catalogue: CatalogueService,
        *,
        max_per_user: int = MAX_REMINDERS_PER_USER,
    ) -> None:
        self.reminders = reminders
        self.catalogue = catalogue
        # An attribute, not only the repository's default, so a deployment or test can set it.
        self.max_per_user = max_per_user

    async def remind(self, user_id: int, query: str) -> Reply:
        found = await self.catalogue.resolve(query, elsewhere=True)
        title = neutralise(found.show.title)
        try:
            added = await self.reminders.add(user_id, found.show.id, limit=self.max_per_user)
        except ReminderLimitReached as error:
            raise UserFacingError(
                f"You already follow {self.max_per_user} shows, the most one person can. "
                "Drop one with `unremind <show>` first."
            ) from error
        origin = (
            f"\n{title} was not in the catalogue: I added it from TVmaze." if found.imported else ""
        )
        if not added:
            return Reply(content=f"You already get DMs about {title}.{origin}")
        return Reply(
            content=f"I'll DM you when {title} is renewed, cancelled or ends, gets a date or a "
            f"new one, or a season comes out. `unremind {title}` stops it.{origin}"
        )

    async def list_for(self, user_id: int) -> Reply:
        reminders = await self.reminders.for_user(user_id)
        if not reminders:
            return Reply(content="You follow no shows for DMs. Try `remind <show>`.")
        pages = EmbedPages(title="Your reminders", colour=BRAND_COLOUR)
        pages.description = bullet_lines(
            neutralise(reminder.show_title)
            + (" — **paused**: DMs closed" if reminder.paused else "")
            for reminder in reminders
        )
        pages.footer = f"{len(reminders)} of {self.max_per_user} · `unremind all` forgets them all"
        return Reply(embeds=tuple(pages.build()))

    async def unremind(self, user_id: int, query: str) -> Reply:
        if query.strip().casefold() == ALL_SHOWS:
            removed = await self.reminders.forget_user(user_id)
            logger.info("user %s forgot their %d reminders", user_id, removed)
            return Reply(content="Done: I no longer keep any list of shows for you.")
        show = await self.catalogue.find_stored(query)
        if not await self.reminders.remove(user_id, show.id):
            raise UserFacingError(f"You don't get DMs about {neutralise(show.title)}.")
        return Reply(content=f"No more DMs about {neutralise(show.title)}.")

    async def pause_notice(self, user_id: int) -> str | None:
        """Said once, the next time a paused person uses a command; their reminders resume."""
        return PAUSE_NOTICE if await self.reminders.take_pause(user_id) else None
