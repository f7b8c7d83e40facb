"""`upcoming`: what comes out in a window, with the asking channel's followed shows first."""

from __future__ import annotations

from bot.catalogue.service import CatalogueService
from bot.errors import UserFacingError
from bot.replies.reply import Reply
from bot.replies.upcoming import MAX_LISTED, MAX_LOOSE_LISTED, upcoming_reply
from db.model.upcoming import UpcomingRequestError, parse_upcoming_request
from db.subscriptions import SubscriptionRepository


class UpcomingService:
    def __init__(self, catalogue: CatalogueService, subscriptions: SubscriptionRepository) -> None:
        self.catalogue = catalogue
        self.subscriptions = subscriptions

    async def upcoming(self, text: str, *, channel: int | None = None) -> Reply:
        try:
            request = parse_upcoming_request(text)
        except UpcomingRequestError as error:
            raise UserFacingError(str(error)) from None
        start = self.catalogue.today()
        end = request.end(start)
        shows = self.catalogue.shows
        followed: frozenset[int] = frozenset()
        if channel is not None:
            everything, followed = await self.subscriptions.followed_in(channel)
            if everything:
                # A channel that follows every show follows nothing in particular.
                followed = frozenset()
        window = await shows.coming_first(
            start,
            end,
            platform=request.platform,
            limit=MAX_LISTED,
            loose_limit=MAX_LOOSE_LISTED,
            followed=followed,
        )
        next_item = None
        if window.dated_total == 0:
            next_item = await shows.next_dated_after(end, platform=request.platform)
        return upcoming_reply(
            request,
            window.items,
            followed=followed,
            next_item=next_item,
            dated_total=window.dated_total,
            loose_total=window.loose_total,
        )
