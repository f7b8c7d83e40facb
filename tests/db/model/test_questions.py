from __future__ import annotations

import pytest

from db.model.questions import Question, interpret_question
from db.model.seasons import SeasonRef

COMMANDS = frozenset({"release", "show", "cast", "news", "search", "help"})


def known_title(text: str) -> str | None:
    return "Tiny Pretty Things" if "tiny pretty things" in text.casefold() else None


def ask(text: str) -> Question | None:
    return interpret_question(text, known_title, COMMANDS)


@pytest.mark.parametrize(
    ("question", "command"),
    [
        ("when is tiny pretty things season 2 coming out?", "release"),
        ("is tiny pretty things renewed?", "release"),
        ("was tiny pretty things cancelled?", "release"),
        ("who is in tiny pretty things?", "cast"),
        ("who's in tiny pretty things", "cast"),
        ("any news about tiny pretty things?", "news"),
        ("what is tiny pretty things?", "show"),
        ("tiny pretty things", "release"),
    ],
)
def test_a_question_maps_to_the_command_that_answers_it(question: str, command: str) -> None:
    question_read = ask(question)
    assert question_read is not None
    assert (question_read.command, question_read.title) == (command, "Tiny Pretty Things")


def test_a_misspelt_title_is_passed_on_for_did_you_mean() -> None:
    assert ask("when is tiny prety thing season 2 coming out?") == Question(
        command="release",
        title="tiny prety thing",
        season=SeasonRef(number=2),
        ask="when",
        guessed=True,
    )


def test_small_talk_is_not_placed() -> None:
    assert ask("good morning") is None


def test_a_question_without_a_title_is_read_for_the_channels_show() -> None:
    # Placed now: the channel's subject, if it has one, is the show (bot.catalogue.answers).
    assert ask("when is season 2 coming out?") == Question(
        command="release", title=None, season=SeasonRef(number=2), ask="when", guessed=True
    )


def test_an_intent_whose_command_is_missing_falls_back_to_release() -> None:
    assert ask("recap tiny pretty things") == Question(
        command="release", title="Tiny Pretty Things"
    )
