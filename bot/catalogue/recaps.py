"""Recaps: which season a request means, and a reply that keeps every recap point in spoiler tags.

The builders are pure (catalogue facts in, text out) so tests call them without Discord; `recap`
is the one service function the cog calls. Recap points are plot outcomes: they only ever reach
a reply through `spoiler`, one tag per point, and the reply is plain message content because
`split_message` can cut content across messages without ever leaving a tag open.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalogue.service import CatalogueService
from bot.errors import UserFacingError
from bot.replies.formatting import bullet_lines, neutralise, spoiler
from bot.replies.reply import Reply
from bot.replies.shows import released_seasons
from db.model.shows import SeasonEntry, ShowEntry

# "tiny pretty things 2", "tiny pretty things season 2", "tpt s2". At most four digits, as
# season numbers go up to 9999 in the catalogue; a longer number stays part of the title.
_TRAILING_SEASON = re.compile(
    r"(?P<title>.+?)\s+(?:season\s*|s)?(?P<season>[0-9]{1,4})", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class RecapRequest:
    title: str
    season: int | None  # None: the latest season with a recap


def read_request(text: str) -> RecapRequest:
    """Split typed text into a title and an optional season: the last word, if a number.

    "tiny pretty things 1" -> ("tiny pretty things", 1). A lone number ("1883") is a title.
    """
    text = " ".join(text.split())
    match = _TRAILING_SEASON.fullmatch(text)
    if match is None:
        return RecapRequest(title=text, season=None)
    return RecapRequest(title=match["title"], season=int(match["season"]))


def seasons_with_recap(show: ShowEntry) -> list[SeasonEntry]:
    return sorted((season for season in show.seasons if season.recap), key=lambda s: s.number)


def choose_season(
    show: ShowEntry, number: int | None, today: datetime.date, *, prefix: str
) -> SeasonEntry:
    """The season to recap, or a user-facing error that says which seasons have one.

    Without a number: the latest released season that has a recap; when none of those is out
    (a recap written ahead of the catalogue's release dates), the highest season with one.
    """
    recapped = seasons_with_recap(show)
    if not recapped:
        raise UserFacingError(no_recap_text(show, prefix))
    if number is None:
        released = {season.number for season in released_seasons(show, today)}
        out = [season for season in recapped if season.number in released]
        return (out or recapped)[-1]
    chosen = next((season for season in recapped if season.number == number), None)
    if chosen is None:
        raise UserFacingError(missing_season_text(show, number, recapped))
    return chosen


def recap_reply(show: ShowEntry, season: SeasonEntry) -> Reply:
    """A heading that spoils nothing, then each point in a tag of its own.

    One tag per point lets a reader reveal the story a step at a time, and a tag never spans
    two points, so a long point split across messages is the only tag ever cut in two.
    """
    heading = f"Recap of {_plain_title(show)}, season {season.number} — spoilers below"
    points = bullet_lines(spoiler(point) for point in season.recap)
    return Reply(content=f"{heading}\n{points}")


def no_recap_text(show: ShowEntry, prefix: str) -> str:
    title = _plain_title(show)
    code_title = title.replace("`", "ˋ")
    return (
        f"There's no recap of {title} on record yet. For what is known, try "
        f"`{prefix}show {code_title}` or `{prefix}news {code_title}`."
    )


def missing_season_text(show: ShowEntry, number: int, recapped: Sequence[SeasonEntry]) -> str:
    title = _plain_title(show)
    exists = any(season.number == number for season in show.seasons)
    problem = (
        f"There's no recap of season {number} of {title} yet."
        if exists
        else f"{title} has no season {number} on record."
    )
    numbers = [season.number for season in recapped]
    which = f"season {numbers[0]}" if len(numbers) == 1 else f"seasons {_joined(numbers)}"
    return f"{problem} Recaps are on record for {which}."


def _joined(numbers: Sequence[int]) -> str:
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _plain_title(show: ShowEntry) -> str:
    # Catalogue text: shown as it is, but unable to ping or to open a spoiler tag.
    return neutralise(show.title)


async def recap(
    catalogue: CatalogueService,
    text: str,
    season: int | None = None,
    *,
    today: datetime.date | None = None,
    channel: int | None = None,
) -> Reply:
    """The recap a user asked for: `text` is a title, with the season in it ("season 2",
    "s2", "last season", or a last word that is a number) when `season` is not given
    separately (prefix commands and questions type both in one string).
    """
    request = RecapRequest(title=text, season=season)
    reference = None
    if season is None:
        title, reference = catalogue.split_season(text)
        if reference is not None:
            request = RecapRequest(title=title, season=None)
        else:
            request = read_request(text)
            if request.season is not None and catalogue.index.is_title(text):
                # "The 100", "Station 19": typed exactly, the number belongs to the title.
                request = RecapRequest(title=text, season=None)
    show = await catalogue.find(request.title, channel=channel)
    number = request.season
    if reference is not None:
        number = catalogue.season_number(show, reference)
    chosen = choose_season(
        show.entry, number, today or catalogue.today(), prefix=catalogue.command_prefix
    )
    return recap_reply(show.entry, chosen)
