"""Plain questions that mention the bot: which command answers them, about which show and
season, and what exactly was asked, so the answer can lead with it.

Read from the words alone, never from a list of known questions: what happened in the plot
(recap, always inside spoiler tags), who plays whom (cast), the next episode, episode counts
and lengths, where to watch, and the show's future (cancelled, renewed, when).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from db.model.seasons import SeasonRef, find_season
from db.model.shows import CastEntry
from db.model.titles import COMMON_WORDS, PLATFORM_WORDS, Mention, normalise_title

_PLATFORMS = "|".join(sorted(PLATFORM_WORDS))

# The show's fate in words that also tell plot ("Netflix killed it", "is the show dead?").
_FATE = re.compile(
    rf"\b(?:(?:{_PLATFORMS}|network|networks|they|studio) (?:has |have |had |just )?"
    r"(?:kill|killed|killing|axe|axed|drop|dropped|scrap|scrapped)"
    r"|(?:show|series|it) (?:is |was |has been )?(?:dead|killed|axed|over|done|finished))\b"
)
# What happened in the story: only ever answered with the recap, inside spoiler tags.
_PLOT = re.compile(
    r"\b(?:what happen(?:s|ed)?|what will happen|what went on|story so far|recap|remind me"
    r"|catch me up|the ending|ending explained|end of (?:the )?(?:season|series|show|finale)"
    r"|how (?:did|does|will) [\w ]{1,60}? end"
    r"|who (?!played|starred|voiced|appeared|featured|returned|renewed|cancell?ed|created"
    r"|directed|produced|developed|adapted|wanted|hoped|asked|liked|loved)\w+ed"
    r"|who (?:shot|did it|dies|is the killer|was the killer|stole|took)"
    r"|die|dies|died|kill|kills|killed|kill off|killed off|murder|murders|murdered|stab|stabs"
    r"|stabbed|pushed(?! back)|pushes(?! back)|survive|survives|survived|betray|betrays"
    r"|betrayed|spoiler|spoilers|plot twist)\b"
)
_WHO_PLAYS = re.compile(
    r"\bwho (?:plays|played|voices|voiced|is playing|portrays|portrayed|will play) "
    r"(?P<character>.+?)(?= in | on | from | of |$)"
)
_WHO_IS = re.compile(r"\bwho (?:is|was|s) (?P<character>.+?)(?= in | on | from | of |$)")
_ROLE_OF = re.compile(
    r"\b(?:who|what|which (?:character|role)) (?:does|did|will) (?P<actor>.+?) play\b"
)
_CAST = re.compile(
    r"\b(?:who s in|who is in|whos in|who was in|who will be in|who are in|who stars|"
    r"who starred|cast|casting|actors?|actress(?:es)?|starring|stars|played by|characters?)\b"
)
_NEXT_EPISODE = re.compile(
    r"\b(?:next|new|upcoming|latest) (?:episode|ep)s?\b|\bepisode [0-9]+\b.*\b(?:air|out|come)"
)
_EPISODES = re.compile(
    r"\b(?:how many (?:episodes|eps|seasons)|number of (?:episodes|seasons)|episode count)\b"
)
_RUNTIME = re.compile(
    r"\b(?:how long (?:are|is|do|does) (?:the |each |an )?(?:episodes?|eps|it|they|one)"
    r"|runtime|run time|episode length|minutes long)\b"
)
_PLATFORM = re.compile(
    r"\b(?:where (?:can|do|could|should|would|to|is|are|does) (?:i |we |you |one |it |they )?"
    r"(?:watch|stream|see|find|available|streaming)"
    r"|(?:what|which) (?:platform|service|channel|network|streamer)"
    r"|(?:is|are) (?:it|this|that|the show|the series|they) (?:still )?"
    r"(?:on|streaming on|available on)\b"
    r"|streaming on|available on|watch it on)"
)
# "is tpt on netflix?": the platform, asked about a show named in between.
_ON_PLATFORM = re.compile(
    rf"^(?:is|are) .{{1,80}} (?:on|streaming on|available on|streaming|at) (?:{_PLATFORMS})\b"
)
_CANCELLED = re.compile(
    r"\b(?:cancell?ed|cancel|cancels|cancell?ing|cancellation|axed|scrapped|pulled the plug"
    r"|not (?:be )?renewed|wont (?:be )?renewed|no more seasons?|over for good|ended|ending"
    r"|finished|the end)\b"
)
_RENEWED = re.compile(
    r"\b(?:renew(?:ed|al|s|ing)?|another season|more seasons?|next season|new season"
    r"|will there be|is there (?:going to be )?(?:a |another )?season|any hope|hope for"
    r"|come back|coming back|back for|be back|returns?|returning|likely|happening|exists?"
    r"|announced|confirmed|greenlit|picked up|saved|revival|reboot|continue|continues"
    r"|continuing|will we see|will you have|sequel)\b"
)
_WHEN = re.compile(
    r"\b(?:when|release[ds]?|releasing|come out|coming out|comes out|premiere[sd]?|debuts?"
    r"|debuted|airs?|aired|airing|date|schedule[d]?|arrives?|drops?|dropping|status|season)\b"
)
_NEWS = re.compile(r"\b(?:news|latest|updates?|history|timeline|rumou?rs?)\b")
_SHOW = re.compile(
    r"\b(?:what is|what s|whats|tell me about|about|info|information|plot|premise|synopsis"
    r"|summary|genre)\b"
)
# Words of a question about television at large, not about the show a channel discussed.
_GENERAL = re.compile(r"\b(?:tv|television|shows|networks|anything|everything|any show)\b")
# Numbers, months and short words: never what a typed title is made of alone.
_MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
# Left-over words beyond this are a sentence, not a mistyped title.
MAX_GUESSED_TITLE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Question:
    command: str  # the command whose card answers it: release, show, cast, news, recap
    title: str | None  # None: no show named (the channel's subject, if any, is meant)
    season: SeasonRef | None = None
    # What exactly was asked, answered in one line before the card: "cancelled", "renewed",
    # "when", "next_episode", "episodes", "runtime", "platform", "who_plays", "role_of".
    ask: str | None = None
    about: str | None = None  # the character, actor or platform the ask names
    # The title is the words left over once the question's own are gone (maybe a typo),
    # or an everyday word ("lost"), rather than a title or alias found as typed.
    guessed: bool = False
    everyday: bool = False  # the title found is an everyday word typed in lower case
    general: bool = False  # about television at large, not one show


def interpret_question(
    text: str,
    find_title: Callable[[str], Mention | str | None],
    available_commands: frozenset[str],
) -> Question | None:
    """The command, show, season and ask of a question; None when it can't be placed.

    `find_title` looks for a known title or alias inside the text. When none is there, the
    words left after removing the question's own words are taken as the title, so a typo
    still reaches the command's "did you mean"; with no such words the title is None.
    """
    rest, season = find_season(text)
    words = normalise_title(rest)
    if not words and season is None:
        return None
    command, ask, about = _intent(words, available_commands)
    if season is not None and command is None:
        command, ask = "release", "when"
    found = find_title(text)
    mention = Mention(found) if isinstance(found, str) else found
    if mention is not None:
        title: str | None = mention.text
        guessed = everyday = mention.weak
    else:
        if command is None:
            # Neither a known title nor a recognisable question: small talk, not a typo.
            return None
        if about is not None and ask in ("who_plays", "role_of"):
            words = words.replace(about, " ")
        title, guessed, everyday = _leftover_title(words) or None, True, False
    return Question(
        # A bare title is a question about its release: the thing people ask most.
        command=command or "release",
        title=title,
        season=season,
        ask=ask,
        about=about,
        guessed=guessed,
        everyday=everyday,
        general=bool(_GENERAL.search(words)),
    )


def _intent(words: str, available: frozenset[str]) -> tuple[str | None, str | None, str | None]:
    """(command, ask, about) for the normalised words of a question."""
    fate = _FATE.search(words)
    if fate is None and "recap" in available and _PLOT.search(words):
        return "recap", None, None
    if "cast" in available:
        if (match := _ROLE_OF.search(words)) is not None:
            return "cast", "role_of", match["actor"]
        if (match := _WHO_PLAYS.search(words)) is not None:
            return "cast", "who_plays", match["character"]
        if _CAST.search(words):
            return "cast", None, None
    for pattern, command, ask in (
        (_NEXT_EPISODE, "release", "next_episode"),
        (_EPISODES, "show", "episodes"),
        (_RUNTIME, "show", "runtime"),
    ):
        if command in available and pattern.search(words):
            return command, ask, None
    if "show" in available and _PLATFORM.search(words):
        return "show", "platform", _platforms_named(words)
    if "release" in available:
        if fate is not None or _CANCELLED.search(words):
            return "release", "cancelled", None
        if _RENEWED.search(words):
            return "release", "renewed", None
    if "show" in available and _ON_PLATFORM.search(words) and not _WHEN.search(words):
        return "show", "platform", _platforms_named(words)
    if "news" in available and _NEWS.search(words):
        return "news", None, None
    if "release" in available and _WHEN.search(words):
        return "release", "when", None
    if "cast" in available and (match := _WHO_IS.search(words)) is not None:
        # "who is Eleven": a character, if the show has one of that name.
        return "cast", "who_plays", match["character"]
    if "show" in available and _SHOW.search(words):
        return "show", None, None
    return None, None, None


def _platforms_named(words: str) -> str | None:
    return " ".join(word for word in words.split() if word in PLATFORM_WORDS) or None


_INTENT_PATTERNS = (
    _FATE,
    _PLOT,
    _CAST,
    _NEXT_EPISODE,
    _EPISODES,
    _RUNTIME,
    _PLATFORM,
    _CANCELLED,
    _RENEWED,
    _NEWS,
    _WHEN,
    _SHOW,
)


def _leftover_title(words: str) -> str:
    for pattern in _INTENT_PATTERNS:
        words = pattern.sub(" ", words)
    kept = [
        word
        for word in words.split()
        if word not in COMMON_WORDS
        and word not in PLATFORM_WORDS
        and word not in _MONTHS
        and not word.isdigit()
        and len(word) > 1
    ]
    if len(kept) > MAX_GUESSED_TITLE_WORDS:
        return ""
    return " ".join(kept)


# --------------------------------------------------------------------------- cast


def _possessive_free(text: str) -> str:
    """ "Libby's return" -> "libby return": a name's possessive is still the name."""
    return normalise_title(re.sub(r"(\w)['’]s\b", r"\1", text))


def cast_named(cast: Sequence[CastEntry], text: str, title: str = "") -> CastEntry | None:
    """The cast member a text names: a character's full or first name ("Bette", "the
    Queen"), or an actor's full or last name. Words of the show's title, and everyday words
    in lower case, name nobody."""
    words = f" {_possessive_free(text)} "
    ignored = set(normalise_title(title).split())

    def named(name: str | None, *, part: int) -> bool:
        if not name:
            return False
        parts = normalise_title(name).split()
        if not parts:
            return False
        if f" {' '.join(parts)} " in words:
            return True
        word = parts[part]
        return (
            len(word) >= 3
            and word not in ignored
            and word not in COMMON_WORDS
            and f" {word} " in words
        )

    for part, field in ((0, "character"), (-1, "actor")):
        for member in cast:
            if named(getattr(member, field), part=part):
                return member
    return None
