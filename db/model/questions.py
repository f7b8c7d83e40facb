"""Plain questions that mention the bot, mapped to the command that answers them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from db.model.titles import normalise_title

# Checked in this order: "who is in X" is about cast even though "is" could open a status
# question, and "when is X coming back" is about release even though it says "coming".
_INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cast",
        re.compile(
            r"\b(who s in|who is in|whos in|who was in|who stars|who starred|who plays|"
            r"who played|cast|actors?|actress(es)?|starring|stars)\b"
        ),
    ),
    ("recap", re.compile(r"\b(recap|what happened|story so far|remind me|catch me up)\b")),
    ("news", re.compile(r"\b(news|latest|updates?|history|timeline)\b")),
    (
        "release",
        re.compile(
            r"\b(when|release[ds]?|releasing|come out|coming out|comes out|premieres?|"
            r"airs?|airing|renew(ed|al)?|cancell?(ed)?|cancel|next season|season \d+|"
            r"coming back|back|return(ing|s)?|status|ended|ending|over|new season)\b"
        ),
    ),
    (
        "show",
        re.compile(
            r"\b(what is|what s|whats|tell me about|about|info|information|plot|premise|"
            r"synopsis|summary)\b"
        ),
    ),
)

# Words of a question that are never part of the title it asks about.
_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "be",
        "been",
        "can",
        "coming",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "going",
        "got",
        "has",
        "have",
        "hey",
        "hi",
        "i",
        "in",
        "is",
        "it",
        "it",
        "s",
        "its",
        "me",
        "my",
        "news",
        "next",
        "of",
        "on",
        "out",
        "please",
        "season",
        "seasons",
        "so",
        "still",
        "tell",
        "that",
        "the",
        "there",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "yet",
    ]
)


@dataclass(frozen=True, slots=True)
class Question:
    command: str
    title: str


def interpret_question(
    text: str,
    find_title: Callable[[str], str | None],
    available_commands: frozenset[str],
) -> Question | None:
    """The command and title a question asks about; None when it can't be placed.

    `find_title` looks for a known title or alias inside the text. When none is there, the
    words left after removing the question's own words are taken as the title, so a typo
    still reaches the command's "did you mean".
    """
    words = normalise_title(text)
    if not words:
        return None
    intent = next(
        (
            name
            for name, pattern in _INTENTS
            if name in available_commands and pattern.search(words)
        ),
        None,
    )
    title = find_title(text)
    if title is None:
        if intent is None:
            # Neither a known title nor a recognisable question: small talk, not a typo.
            return None
        title = _leftover_title(words)
    if not title:
        return None
    # A bare title is a question about its release: the thing people ask most.
    return Question(command=intent or "release", title=title)


def _leftover_title(words: str) -> str:
    for _, pattern in _INTENTS:
        words = pattern.sub(" ", words)
    kept = [word for word in words.split() if word not in _FILLER and not word.isdigit()]
    return " ".join(kept)
