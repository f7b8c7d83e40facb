"""Questions that mention the bot: the one-line answer to what was asked, then the card.

Which show: the one the question names; else, for a question that names none (or only
words that might be a typo of nothing known), the show its channel talked about in the last
quarter of an hour, named in the answer ("About Tiny Pretty Things: …") so a wrong guess
shows. A question about television at large, or with no show to go on, gets a hint.
"""

from __future__ import annotations

import dataclasses

from bot.catalogue.recaps import choose_season, recap_reply
from bot.catalogue.service import ID_PREFIX, CatalogueService
from bot.replies.answers import (
    episodes_line,
    hint_reply,
    platform_line,
    release_line,
    runtime_line,
    who_line,
)
from bot.replies.formatting import neutralise
from bot.replies.reply import Reply
from bot.replies.shows import cast_reply, news_reply, release_reply, show_reply
from db.model.questions import Question, cast_named, interpret_question
from db.model.shows import StoredShow

# Commands a question can be answered by; the others ("subscribe") are never guessed.
ANSWERING = frozenset({"release", "show", "cast", "news", "recap"})


@dataclasses.dataclass(frozen=True, slots=True)
class _Placed:
    show: StoredShow
    from_context: bool  # the channel's subject, not a title the question named


class AnswerService:
    def __init__(self, catalogue: CatalogueService) -> None:
        self.catalogue = catalogue

    async def answer(
        self, text: str, *, channel: int | None, available: frozenset[str] = ANSWERING
    ) -> Reply:
        catalogue = self.catalogue
        question = interpret_question(text, catalogue.index.mention_in, available & ANSWERING)
        if question is None:
            return hint_reply(catalogue.command_prefix)
        placed = await self._place(question, channel)
        if placed is None:
            return hint_reply(catalogue.command_prefix, which_show=True)
        show = placed.show
        catalogue.remember(channel, show.id, show.title)
        question = _with_cast_mention(question, show, text)
        reply = self._reply(question, show, text)
        if placed.from_context:
            about = f"About {neutralise(show.title)}:"
            content = f"{about} {reply.content}" if reply.content else about
            reply = Reply(content=content, embeds=reply.embeds)
        return reply

    async def _place(self, question: Question, channel: int | None) -> _Placed | None:
        """The show a question is about, or None to ask which; raises the catalogue's
        "did you mean" or "not found" for a title that resolves to neither."""
        catalogue = self.catalogue
        subject = catalogue.conversations.subject(channel)
        title = question.title
        if title is not None and not question.guessed:
            return _Placed(await catalogue.find(title), from_context=False)
        if question.general:
            return None
        if title is not None:
            resolution = catalogue.index.resolve(title)
            suggested = {candidate.show_id for candidate in resolution.candidates}
            near_subject = subject is not None and subject.show_id in suggested
            # An everyday word ("lost") that is also a title loses to the channel's subject.
            if resolution.found and not (subject is not None and question.everyday):
                return _Placed(await catalogue.find(title), from_context=False)
            if subject is None or (suggested and not near_subject):
                # No subject to fall back on, or words close to other shows: the catalogue's
                # own "did you mean" (or TVmaze, for a title it doesn't know) answers.
                return _Placed(await catalogue.find(title), from_context=False)
        if subject is None:
            return None
        return _Placed(await catalogue.find(f"{ID_PREFIX}{subject.show_id}"), from_context=True)

    def _reply(self, question: Question, show: StoredShow, text: str) -> Reply:
        catalogue = self.catalogue
        entry = show.entry
        today, now = catalogue.today(), catalogue.now()
        season = catalogue.season_number(show, question.season)
        if question.command == "recap":
            chosen = choose_season(entry, season, today, prefix=catalogue.command_prefix)
            return recap_reply(entry, chosen)
        line: str | None = None
        if question.command == "cast":
            card = cast_reply(show, season=season)
            line = who_line(entry, question.ask, question.about, text)
        elif question.command == "news":
            card = news_reply(show, season=season)
        elif question.command == "show":
            card = show_reply(show, today)
            if question.ask == "episodes":
                line = episodes_line(entry, season, today)
            elif question.ask == "runtime":
                line = runtime_line(entry, season)
            elif question.ask == "platform":
                line = platform_line(entry, question.about)
        else:
            card = release_reply(show, today, season=season, now=now)
            line = release_line(entry, question.ask, season, today, now)
        return Reply(content=line, embeds=card.embeds)


def _with_cast_mention(question: Question, show: StoredShow, text: str) -> Question:
    """A question naming one of the show's characters or actors ("Libby's return", "who is
    Eleven") is about the cast, unless it asks what happened: that is the recap's."""
    if question.command in ("recap", "cast"):
        return question
    if cast_named(show.entry.cast, text, show.title) is None:
        return question
    return dataclasses.replace(question, command="cast", ask="who_plays", about=None)
