"""The headline reader: what a trade-press headline states about a show's status, if anything.

"'X' Renewed for Season 3 at Netflix" states a renewal; "Will Netflix Renew 'X'?" states
nothing. The reader is a small grammar over the headline's words: a table of verb phrases,
each naming the kind of event it states and on which side the show stands ("Netflix renews
X": after; "X renewed": before); markers of speculation and of everything else that is not a
statement of fact (reviews, lists, opinion), which silence a headline; and helpers for the
parts (quoted titles, seasons, platforms, dates).

It errs towards silence: a headline it cannot read with confidence yields nothing, because a
wrong alert costs more than a late one (the article itself, or the next headline, comes later).
So words said of people, films and events as often as of shows ("Will Return for Season 2",
"Returns March 15", "Moves to Netflix") name a show only when its title is quoted; a season
is a season only where the statement ends ("Gets Season 2", not "Gets Season 2 Villain"); and
a name the headline may or may not mean as part of a title ("The Witcher: Blood Origin") is
not guessed at.
"""

from __future__ import annotations

import datetime
import html
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from db.model.shows import PartialDate

RENEWED = "renewed"
CANCELLED = "cancelled"
ENDING = "ending"  # the coming season is the last
DATE = "date"  # a season's premiere date (or a move of it)
HEADLINE_KINDS = (RENEWED, CANCELLED, ENDING, DATE)


@dataclass(frozen=True, slots=True)
class HeadlineEvent:
    """One statement a headline makes about one show."""

    kind: str  # one of HEADLINE_KINDS
    show_title: str  # as written in the headline, without its quotes
    season: int | None = None
    platform: str | None = None  # the canonical name from PLATFORMS
    date: PartialDate | None = None  # only for DATE, and only when the headline gives one
    # Brought back after an end ("Netflix Saves 'X' After Fox Cancellation"): the platform
    # named may be the show's new home, not a contradiction of the one on record.
    revival: bool = False


# --- words ---------------------------------------------------------------------------------


def _words(*lines: str) -> tuple[str, ...]:
    return tuple(" ".join(lines).split())


def _phrase_set(text: str) -> frozenset[str]:
    return frozenset(phrase.strip() for phrase in text.split("|"))


_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
    "fifteen sixteen seventeen eighteen nineteen twenty",
)
_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth",
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth",
)
_NUMBER_OF_WORD = {word: n for n, word in enumerate(_NUMBER_WORDS, 1)} | {
    word: n for n, word in enumerate(_ORDINAL_WORDS, 1)
}
_NUMBER = r"(?:[0-9]{1,2}|" + "|".join(_NUMBER_WORDS) + ")"
_NUMBER_OF_WORD["sophomore"] = 2  # "Renewed for Sophomore Season"
_ORDINAL = r"(?:[0-9]{1,2}(?:st|nd|rd|th)|sophomore|" + "|".join(_ORDINAL_WORDS) + ")"

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "June 24", "June 24th, 2027": a date written before the noun it dates ("Sets June 24 Premiere").
_DAY_OF_MONTH = rf"{_MONTH}(?:\s+[0-9]{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)[0-9]{{2}})?"
# "Gets Summer Premiere Date", "Pushed to Fall": a time of year, stated but not a date we store.
_SEASON_OF_YEAR = r"(?:summer|fall|spring|winter|autumn|holiday)"
# … or a year, or part of one: "Gets 2027 Premiere Date", "Sets Late 2026 Return"
_WHEN = (
    rf"(?:{_DAY_OF_MONTH}|{_SEASON_OF_YEAR}(?:\s+(?:19|20)[0-9]{{2}})?|"
    rf"(?:(?:early|mid|late)[\s-]+)?(?:19|20)[0-9]{{2}})"
)

# Canonical platform name -> the ways headlines write it. Longer names are tried first, so
# "HBO Max" is not read as "HBO" and "Sky Atlantic" not as "Sky".
PLATFORMS: dict[str, tuple[str, ...]] = {
    "Netflix": ("Netflix",),
    "HBO": ("HBO",),
    "HBO Max": ("HBO Max",),
    "Max": ("Max",),
    "Hulu": ("Hulu",),
    "FX on Hulu": ("FX on Hulu",),
    # Freevee (once IMDb TV) was Amazon's free service; its shows moved to Prime Video
    "Prime Video": (
        "Prime Video",
        "Amazon Prime Video",
        "Amazon Prime",
        "Amazon Freevee",
        "Freevee",
        "IMDb TV",
        "Amazon",
    ),
    "Apple TV+": ("Apple TV+", "Apple TV Plus", "Apple TV", "Apple"),
    "Disney+": ("Disney+", "Disney Plus"),
    "Peacock": ("Peacock",),
    "Paramount+": ("Paramount+", "Paramount Plus", "CBS All Access"),
    "CBS": ("CBS",),
    "NBC": ("NBC",),
    "ABC": ("ABC",),
    "Fox": ("Fox",),
    "The CW": ("The CW", "CW"),
    "FX": ("FX", "FXX"),
    "AMC": ("AMC", "AMC+"),
    "Showtime": ("Showtime",),
    "Starz": ("Starz",),
    "BBC": ("BBC One", "BBC Two", "BBC Three", "BBC iPlayer", "BBC"),
    "ITV": ("ITV", "ITVX", "ITV1"),
    "Channel 4": ("Channel 4", "E4"),
    "Sky": ("Sky Atlantic", "Sky One", "Sky Max", "Sky"),
    "Freeform": ("Freeform", "ABC Family"),
    "USA Network": ("USA Network",),
    "TNT": ("TNT",),
    "TBS": ("TBS",),
    "Syfy": ("Syfy",),
    "Comedy Central": ("Comedy Central",),
    "Adult Swim": ("Adult Swim",),
    "Crunchyroll": ("Crunchyroll",),
    "MGM+": ("MGM+", "Epix"),
    "A&E": ("A&E",),
    "Lifetime": ("Lifetime",),
    "Pop TV": ("Pop TV",),
    "Spike": ("Spike TV", "Spike"),
    "IFC": ("IFC",),
    "PBS": ("PBS",),
    "BET": ("BET", "BET+"),
    "Bravo": ("Bravo",),
    "Cinemax": ("Cinemax",),
    "Shudder": ("Shudder",),
    "Acorn TV": ("Acorn TV",),
    "BritBox": ("BritBox",),
    "CBC": ("CBC",),
    "Tubi": ("Tubi",),
    "Hallmark": ("Hallmark Channel", "Hallmark"),
    "OWN": ("OWN",),
    "Sundance TV": ("SundanceTV", "Sundance TV"),
    "BBC America": ("BBC America",),
    "Nickelodeon": ("Nickelodeon",),
    "Cartoon Network": ("Cartoon Network",),
    "Discovery": ("Discovery+", "Discovery"),
    "YouTube": ("YouTube Premium", "YouTube Red", "YouTube"),
}
_PLATFORM_OF_ALIAS = {
    alias.casefold(): name for name, aliases in PLATFORMS.items() for alias in aliases
}
# Run on the lower-cased text and starting with the names (the test before a name is made
# by _platform_spans), so that the engine skips to where a name can start.
_PLATFORM_RE = re.compile(
    "(?:"
    + "|".join(re.escape(a) for a in sorted(_PLATFORM_OF_ALIAS, key=len, reverse=True))
    + r")(?![\w&+])"
)
_PLATFORM_EDGE = re.compile(r"[\w&+]")
_PLATFORM_ALTERNATION = "|".join(
    re.escape(alias) for alias in sorted(_PLATFORM_OF_ALIAS, key=len, reverse=True)
)
# Short all-capitals names are brands only in capitals: "Fox" is, "fox" and "Own" are not.
_CASE_SENSITIVE_ALIASES = frozenset({"own", "fx", "fxx", "cw", "bet", "e4"})


# --- the grammar: verb phrases -------------------------------------------------------------

# Auxiliaries and adverbs that may stand between the show and the verb; taken into the phrase,
# so that what precedes it is the show alone ("'X' Has Officially Been Renewed").
_AUXILIARIES = frozenset(
    _words(
        "has have had is are be been being get gets got getting to will just officially already",
        "finally quietly now also thankfully formally swiftly quickly promptly ultimately set",
        "slated scheduled",
        "effectively sadly",
    )
)
# "Third & Final Season" is a season too
_SEASON_REF = (
    rf"(?:season\s+{_NUMBER}|{_ORDINAL}(?:\s+(?:and|&)\s+final)?\s+(?:season|series)|"
    rf"series\s+{_NUMBER})"
)
# Where a statement ends: "'X' Gets Season 3" at the end, or before where, when or who
# ("at Peacock", "after …", ", …"); not before a noun it qualifies ("Gets Season 2 Villain",
# "Season 2 Official Synopsis", "Season 2 Renewal Campaign").
_STATEMENT_END = (
    r"(?=\s*$|\s*[,;:!.(\[]|\s+[-–—|]|\s+(?:at|on|by|from|for|with|after|ahead|as|in|despite|"
    r"amid|following|over|and|&|but|before|early|already|officially|just|too|again|renewal|"
    r"order|pickup)(?![\w'’-]))"
)

# The words of a title between an active verb and the season after it: a quoted title's
# placeholder, or a few words none of which starts a complement ("Confirms Jane Doe for
# 'X' Season 2" is casting).
_TITLE_WORDS = r"(?:(?:(?!(?:for|with|as|in|of|to|on|at|and|by|from)\s)\S+\s+){1,6}?)"

# Which side of the verb the show stands on: "object" after it ("Netflix renews X"),
# "subject" before it ("X renewed"), "either" decided by what precedes (a platform: after).
_Side = str


@dataclass(frozen=True, slots=True)
class _Phrase:
    kind: str
    side: _Side
    stems: tuple[str, ...]  # one of these occurs (lower case) wherever the pattern matches
    pattern: re.Pattern[str]
    also: tuple[str, ...] = ()  # and one of these too, when given ("Sets" alone is film news)
    revival: bool = False  # a show brought back, which outweighs a cancellation beside it
    needs_date: bool = False  # "returns" says something only with a date after it
    needs_context: bool = False  # "picks up" is a renewal only with a season or a revival
    # "won't return" is said of actors as often as of shows: only a quoted title is a show
    quoted_subject: bool = False
    needs_season: bool = False  # "delayed" dates a season only when the season is named
    # "Returns for Season 3 on Sept. 9": with a date after it, a premiere date, not a renewal
    dated_is_premiere: bool = False
    # "'X' Season 2 Premiere Date": a noun, not a verb; beside a question ("…: When Does It
    # Come Out?") it is an explainer's title
    noun: bool = False
    # "'X' Will End": a run ends only where the words after it are about seasons, a platform
    # or a year, and not when a season is the subject ("Season 2 Will End With a Twist")
    bare_end: bool = False
    # "Netflix Confirms 'X' Season 2": said only by a platform
    needs_platform: bool = False
    # "Moves to Netflix" is a revival only beside a cancellation or a rescue
    needs_revival: bool = False
    # "to renew": a decision taken, not one refused, planned or guessed at
    infinitive: bool = False
    # the pattern looks past the object title to its season: the season is not an occasion
    # ("Sets 'X' Season 2 Premiere Date")
    titled: bool = False


def _phrase(
    kind: str, side: _Side, stems: str, pattern: str, *, also: str = "", **flags: bool
) -> _Phrase:
    # Written in lower case and run on the lower-cased clause, without a test before the
    # first word (_matches makes it): then the pattern engine skips straight to the words
    # the phrase can start with, several times faster than trying every position.
    compiled = re.compile(r"(?:" + pattern + r")(?![\w'’-])")
    alsos = tuple(also.split("|")) if also else ()
    return _Phrase(kind, side, tuple(stems.split("|")), compiled, alsos, **flags)


# The table. Where two phrases overlap, the longer wins: "gets a third season premiere date"
# is a date, not a renewal.
_PHRASES: tuple[_Phrase, ...] = (
    # renewals
    _phrase(RENEWED, "object", "renew|re-up", r"(?:renews|renewing|re-ups)"),
    # "Netflix Decides to Renew 'X'", "'X': Netflix to Renew Drama"; not "Refuses to Renew",
    # "Set to Renew", "Poised to Renew" (see _infinitive_states)
    _phrase(RENEWED, "object", "to renew", r"(?<=\bto\s)renew", infinitive=True),
    _phrase(RENEWED, "either", "renew|re-up", r"(?:renewed|re-upped)"),
    _phrase(RENEWED, "either", "early", r"(?:renewed\s+early)"),
    # British: "BBC recommissions 'X' for a third series"
    _phrase(RENEWED, "object", "recommission", r"recommissions|recommissioning"),
    _phrase(RENEWED, "either", "recommission", r"recommissioned"),
    _phrase(
        RENEWED,
        "object",
        "sav|reviv|resurrect|rescu|uncancel|un-cancel",
        r"(?:saves|revives|resurrects|rescues|uncancels|un-cancels)",
        revival=True,
    ),
    _phrase(
        RENEWED,
        "either",
        "sav|reviv|resurrect|rescu|uncancel|un-cancel",
        r"(?:saved|revived|resurrected|rescued|uncancell?ed|un-cancell?ed)",
        revival=True,
    ),
    _phrase(
        RENEWED, "object", "pick", r"(?:picks\s+up|picking\s+up)", needs_context=True, revival=True
    ),
    _phrase(RENEWED, "either", "pick", r"picked\s+up", needs_context=True, revival=True),
    _phrase(
        RENEWED,
        "subject",
        "get|got|land|earn|scor|nab|receiv|reward|secur",
        r"(?:gets?|got|getting|lands?|landed|earns?|earned|scores?|scored|nabs?|nabbed|"
        r"receives?|received|rewarded\s+with|secures?|secured|to\s+get)\s+"
        r"(?:an?\s+|its\s+)?(?:early\s+|surprise\s+|quick\s+)?"
        rf"(?:{_SEASON_REF}\s+(?:pickup|renewal|order)|{_SEASON_REF}|another\s+season|"
        rf"{_NUMBER}\s+more\s+seasons|renewal){_STATEMENT_END}",
    ),
    _phrase(
        RENEWED,
        "subject",
        "pickup|renewal",
        rf"{_SEASON_REF}\s+(?:pickup|renewal)(?:{_STATEMENT_END}|(?=\s+(?:is\s+|now\s+)?"
        r"(?:officially\s+)?(?:confirmed|official|announced)))",
    ),
    # "Gets Two-Season Renewal", "Lands Multi-Season Order"
    _phrase(
        RENEWED,
        "subject",
        "-season",
        r"(?:gets?|got|lands?|landed|earns?|earned|scores?|scored|nabs?|nabbed|receives?|"
        rf"received|secures?|secured)\s+(?:an?\s+)?(?:{_NUMBER}|multi)-seasons?\s+"
        # not "order": a new series lands a two-season order too
        r"(?:renewal|pickup)",
    ),
    # "Greenlit for Season 2", "Ordered for a Third Season", "Picked Up for Two More Seasons"
    _phrase(
        RENEWED,
        "subject",
        "greenl|green-l|order|pick|confirmed",
        r"(?:greenlit|greenlighted|green-lit|ordered|picked\s+up|confirmed)\s+for\s+(?:an?\s+|its\s+)?"
        rf"(?:{_SEASON_REF}|another\s+season|{_NUMBER}\s+more\s+seasons)",
    ),
    # "Netflix Brings Back 'X' for Season 2": like "picks up", only with a season or a revival
    _phrase(
        RENEWED,
        "object",
        "back",
        r"(?:brings|bringing)\s+back",
        needs_context=True,
        revival=True,
    ),
    _phrase(
        RENEWED,
        "object",
        "order|greenl|pick",
        r"(?:orders|ordered|greenlights|greenlit|picks\s+up|picked\s+up)\s+(?:an?\s+)?"
        rf"{_SEASON_REF}\s+(?:of|for)",
    ),
    # "Saddles Up for Second Season", "Suits Up for Season 3": getting ready for one more
    _phrase(
        RENEWED,
        "subject",
        "up for",
        # not the getting ready for a premiere: "Gears Up for Season 2", "Warms Up for …"
        r"(?!(?:gear|warm|heat|rev|ramp|line|sign|team|set|open|step|light|fire|ship|pair|match|"
        r"stack|size|sum|wind|wrap|tee|build|ring|spice|amp|power|fuel)s\s)"
        rf"[a-z]+s\s+up\s+for\s+(?:an?\s+|its\s+)?{_SEASON_REF}{_STATEMENT_END}",
    ),
    _phrase(
        RENEWED,
        "subject",
        "official|confirmed|happening|a go|greenl|green-l|ordered",
        rf"(?:season\s+{_NUMBER}|{_ORDINAL}\s+season|series\s+{_NUMBER}|{_ORDINAL}\s+series)\s+"
        r"(?:is\s+|now\s+)?(?:officially\s+)?"
        r"(?:official|confirmed|happening|a\s+go|greenlit|greenlighted|green-lit|ordered)"
        + _STATEMENT_END,
        # "'X' Series 4 Confirmed for January 1": its date, so its premiere
        dated_is_premiere=True,
    ),
    # "'X' Season 2 Gets Green Light", "'X' Gets Green Light for Season 2": with a season only,
    # as a new series gets one too
    _phrase(
        RENEWED,
        "subject",
        "green light",
        r"(?:gets?|got|lands?|given|receives?)\s+(?:the\s+|a\s+)?green\s+light",
        needs_season=True,
        quoted_subject=True,
    ),
    _phrase(
        RENEWED,
        "subject",
        "return|back",
        # Not the present "Returns for Season 2": that is a premiere under review ("… With a
        # Killer Premiere"), a date only when a date follows (the date phrase reads it).
        rf"(?:returning|to\s+return|will\s+return|coming\s+back|(?:will|to)\s+be\s+back)\s+for\s+"
        rf"(?:an?\s+|its\s+)?(?:{_SEASON_REF}|another\s+season)"
        # "Jane Doe to Return for Season 2 of …": an actor returns to someone else's show
        r"(?!\s+of(?![\w'’-]))",
        dated_is_premiere=True,
        # "Jane Doe Will Return for Season 2": unquoted, an actor's name reads as a title
        quoted_subject=True,
    ),
    # "'X' Finds New Home at Peacock", "'X' Moves to Peacock for Season 3": saved elsewhere
    _phrase(
        RENEWED,
        "subject",
        "new home",
        r"(?:finds?|found|lands?|landed|gets?|got)\s+(?:a\s+)?new\s+home",
        revival=True,
        needs_platform=True,  # "Finds New Home for Reruns"
    ),
    _phrase(
        RENEWED,
        "subject",
        "moves to|moving to|moved to|heads to|heading to|jumps to|jumping to|shifts to|shifting to",
        r"(?:moves?|moving|heads?|heading|jumps?|jumping|shifts?|shifting)\s+to\s+"
        rf"(?:{_PLATFORM_ALTERNATION})\s+for\s+(?:an?\s+|its\s+)?{_SEASON_REF}",
        revival=True,
    ),
    # "'X' Moves to Netflix After Fox Cancellation": a move is a revival only beside a
    # cancellation or a rescue (else a library deal: "Season 1 Moves to Netflix")
    _phrase(
        RENEWED,
        "subject",
        "moves to|moving to|moved to|heads to|heading to|jumps to|jumping to|shifts to|shifting to",
        r"(?:moves?|moving|heads?|heading|jumps?|jumping|shifts?|shifting)\s+to\s+"
        rf"(?:{_PLATFORM_ALTERNATION})(?![\w&+])",
        revival=True,
        needs_revival=True,
        quoted_subject=True,  # "Jane Doe Moves to Netflix After ABC Cancellation"
    ),
    # "Netflix Confirms 'X' Season 2", "BBC greenlights Harbor Lights series 2": the title,
    # then its season and nothing after; only a platform confirms (a star's "confirms" is a
    # hint)
    _phrase(
        RENEWED,
        "object",
        "confirms|greenlights|green-lights|orders|announces",
        r"(?:confirms|greenlights|green-lights|orders|announces)"
        rf"(?=\s+{_TITLE_WORDS}{_SEASON_REF}{_STATEMENT_END})",
        needs_platform=True,
        titled=True,
        also="season|series",
    ),
    # "Netflix Gives 'X' a Second Season", "… Gives 'X' Season 2 Order"
    _phrase(
        RENEWED,
        "object",
        "gives|hands",
        r"(?:gives|hands)"
        rf"(?=\s+{_TITLE_WORDS}(?:an?\s+|its\s+)?(?:early\s+)?(?:{_SEASON_REF}|another\s+season|"
        rf"renewal)(?:\s+(?:order|renewal|pickup|green\s+light|greenlight|nod))?{_STATEMENT_END})",
        needs_platform=True,
        titled=True,
        also="season|series|renewal",
    ),
    # a cancellation denied is a show going on
    _phrase(
        RENEWED,
        "subject",
        "not|n't|n’t",
        r"(?:not|isn[’']t|is\s+not|hasn[’']t\s+been|has\s+not\s+been|wasn[’']t)\s+(?:been\s+)?cancell?ed",
    ),
    # cancellations
    _phrase(
        CANCELLED,
        "object",
        "cancel|axe|axing|scrap",
        r"(?:cancels|cancelling|canceling|axes|axing|scraps|scrapping)",
    ),
    _phrase(
        CANCELLED,
        "object",
        "to cancel|to axe|to scrap",
        r"(?<=\bto\s)(?:cancel|axe|scrap)",
        infinitive=True,
    ),
    _phrase(CANCELLED, "either", "cancel|axed|scrap", r"(?:cancell?ed|axed|scrapped)"),
    _phrase(
        CANCELLED,
        "subject",
        "ax|boot|chop",
        r"(?:gets?|got|getting|get)\s+(?:the\s+)?(?:axe|ax|boot|chop)",
    ),
    _phrase(CANCELLED, "object", "plug", r"(?:pulls?|pulled|pulling)\s+(?:the\s+)?plug\s+on"),
    _phrase(CANCELLED, "object", "cans", r"cans"),
    _phrase(CANCELLED, "either", "canned", r"canned"),
    # "'X' Won't Return for Season 3", "'X' Will Not Be Back at Hulu", "'X' Won't Return"
    _phrase(
        CANCELLED,
        "subject",
        "return|back",
        r"(?:won[’']t|will\s+not|is\s+not|isn[’']t|not)\s+(?:be\s+)?"
        r"(?:return|returning|back|coming\s+back|come\s+back)"
        rf"(?:\s+for\s+(?:an?\s+|its\s+)?(?:{_SEASON_REF}|another\s+season)|"
        rf"(?=\s*$|\s*[,;:]|\s+[-–—]|\s+(?:at|on|to)\s+(?:{_PLATFORM_ALTERNATION})(?![\w&+])))",
        quoted_subject=True,
    ),
    # "'X' Cancellation Confirmed by Netflix", "'X' Renewal Made Official"
    _phrase(
        CANCELLED,
        "subject",
        "cancel",
        r"cancell?ation\s+(?:is\s+|now\s+)?(?:officially\s+)?(?:confirmed|official|announced)"
        + _STATEMENT_END,
        quoted_subject=True,
    ),
    _phrase(
        RENEWED,
        "subject",
        "renewal",
        r"renewal\s+(?:is\s+|now\s+)?(?:officially\s+)?(?:confirmed|official|announced)"
        + _STATEMENT_END,
        quoted_subject=True,
    ),
    # with the season named, the words before may be an unquoted title
    _phrase(
        RENEWED,
        "subject",
        "renewal",
        rf"{_SEASON_REF}\s+renewal\s+(?:is\s+|now\s+)?(?:officially\s+)?(?:confirmed|official|"
        r"announced)" + _STATEMENT_END,
    ),
    # "'X' Won't Get a Season 3", "'X' Won't Be Renewed"
    _phrase(
        CANCELLED,
        "subject",
        "get|renew",
        r"(?:won[’']t|will\s+not|is\s+not\s+going\s+to|isn[’']t\s+going\s+to)\s+(?:be\s+getting\s+"
        rf"(?:an?\s+)?(?:{_SEASON_REF}|another\s+season)|"
        rf"(?:get\s+(?:an?\s+)?(?:{_SEASON_REF}|another\s+season)|be\s+renewed))",
        quoted_subject=True,
    ),
    # "No Season 3 for 'X'"
    _phrase(
        CANCELLED,
        "object",
        "no ",
        rf"no\s+(?:{_SEASON_REF}|more\s+seasons)\s+(?:of|for)",
    ),
    # "'X' Will Not Move Forward at Netflix", "'X' Not Moving Forward With Season 2"
    _phrase(
        CANCELLED,
        "subject",
        "forward",
        r"(?:won[’']t|will\s+not|is\s+not|isn[’']t|not)\s+(?:be\s+)?(?:move|moving)\s+forward",
        quoted_subject=True,
    ),
    _phrase(
        CANCELLED,
        "object",
        "not|n't|n’t|declines",
        r"(?:won[’']t|will\s+not|declines\s+to|(?:opts|decides|chooses|elects)\s+not\s+to)\s+renew",
    ),
    _phrase(
        CANCELLED,
        "subject",
        "renewal|pickup",
        r"(?:with\s+)?(?:renewal|pickup)\s+(?:reversed|rescinded|revoked|cancell?ed)",
    ),
    _phrase(
        CANCELLED,
        "object",
        "renewal",
        r"(?:reverses|rescinds|revokes)\s+(?:its\s+|the\s+)?renewal\s+(?:of|for)",
    ),
    # "Netflix Reverses 'X' Renewal"
    _phrase(
        CANCELLED,
        "object",
        "renewal",
        rf"(?:reverses|rescinds|revokes)(?=\s+{_TITLE_WORDS}renewal{_STATEMENT_END})",
        needs_platform=True,
        titled=True,
    ),
    # a cancellation undone: "'X' Cancellation Reversed", "Netflix Reverses 'X' Cancellation"
    _phrase(
        RENEWED,
        "subject",
        "cancel",
        r"cancell?ation\s+(?:is\s+|has\s+been\s+)?(?:officially\s+)?"
        r"(?:reversed|rescinded|revoked|undone|overturned)" + _STATEMENT_END,
        revival=True,
        quoted_subject=True,
    ),
    _phrase(
        RENEWED,
        "object",
        "cancel",
        r"(?:reverses|rescinds|revokes|undoes|overturns)"
        rf"(?=\s+{_TITLE_WORDS}cancell?ation{_STATEMENT_END})",
        revival=True,
        needs_platform=True,
        titled=True,
    ),
    # endings
    _phrase(
        ENDING,
        "subject",
        "end|conclud|wrap",
        r"(?:to|will|set\s+to|is|are|be)\s+(?:be\s+)?(?:end|ending|conclude|concluding|wrap|wrapping)"
        r"(?:\s+up)?(?:\s+it\s+there)?",
        bare_end=True,
    ),
    _phrase(
        ENDING,
        "subject",
        "an end",
        r"(?:coming|comes?|to\s+come|will\s+come)\s+to\s+an\s+end",
        bare_end=True,  # "Season 2 Coming to an End This Week" is a finale
    ),
    # "Ending With Season 6", "Ends at Netflix After Two Seasons": a run, not an episode
    # ("ends with a bang"), so a season or a count of seasons must follow
    _phrase(
        ENDING,
        "subject",
        "end|conclud|wrap",
        r"(?:ending|ends|concludes|concluding|wrapping\s+up|wraps\s+up)\s+(?:(?:its\s+)?run\s+)?"
        rf"(?:(?:at|on)\s+(?:{_PLATFORM_ALTERNATION})\s+)?(?:with|after)\s+"
        rf"(?:{_SEASON_REF}|{_NUMBER}\s+seasons)",
    ),
    _phrase(
        ENDING,
        "subject",
        "last|final",
        r"(?:will\s+be|is|as|to\s+be)\s+(?:(?:the\s+(?:show|series)['’]s?|the|its|their)\s+"
        # "Will Be the Last", "… the Last for the Series"; not "Is the Last Great Drama"
        r"(?:last|final)(?:\s+season|(?=\s*$|\s*[,;:.!(]|\s+[-–—]|\s+(?:for|at|on|of)\s))|"
        r"(?:last|final)\s+season)",
    ),
    # "'X' Season 4 Confirmed as Final Season"
    _phrase(
        ENDING,
        "subject",
        "confirmed",
        rf"{_SEASON_REF}\s+(?:is\s+)?(?:officially\s+)?confirmed\s+as\s+(?:the\s+|its\s+)?"
        r"(?:last|final)(?:\s+season)?",
    ),
    # "'X' Final Season Confirmed", "'X' Final Season Officially Ordered"
    _phrase(
        ENDING,
        "subject",
        "final",
        r"final\s+season\s+(?:is\s+|now\s+)?(?:officially\s+)?"
        r"(?:official|confirmed|happening|a\s+go|greenlit|greenlighted|green-lit|ordered)"
        + _STATEMENT_END,
    ),
    _phrase(
        ENDING,
        "subject",
        "final",
        r"(?:gets?|got|getting|to\s+get|lands?|to\s+have|will\s+have|has)\s+(?:an?\s+|its\s+)?"
        # not "Has a Final Season Problem"
        r"(?:[\w-]+\s+){0,3}?final\s+season" + _STATEMENT_END,
    ),
    # "'X' Sets Final Season": said of podcasts and careers too, so only of a quoted title
    _phrase(
        ENDING,
        "subject",
        "final",
        r"(?:sets?|announces?|confirms?)\s+(?:its\s+)?final\s+season" + _STATEMENT_END,
        quoted_subject=True,
    ),
    _phrase(
        ENDING,
        "subject",
        "final",
        r"(?:to\s+|will\s+)?\w+\s+(?:its|their)\s+final\s+[\w-]+(?:\s+[\w-]+)?\s+with"
        # "… Its Final Crane Kick With Season 6", not "Airs Its Final Episode With a Goodbye"
        rf"(?=\s+(?:its\s+|the\s+)?(?:{_SEASON_REF}|final\s+season|{_ORDINAL}))",
    ),
    # premiere dates
    _phrase(
        DATE,
        "subject",
        "premier|return|air|debut|arriv|launch|back|drop|move|push|delay|postpon|bump|dated",
        r"(?:premieres?|premiering|to\s+premiere|will\s+premiere|returns?|returning|to\s+return|"
        r"will\s+return|airs?|airing|to\s+air|will\s+air|debuts?|debuting|to\s+debut|will\s+debut|"
        r"arrives?|arriving|to\s+arrive|launches|to\s+launch|comes?\s+back|coming\s+back|"
        r"drops|to\s+drop|will\s+drop|is\s+back|moves\s+to|moved\s+to|pushed\s+(?:back\s+)?to|"
        r"bumped\s+(?:up\s+|back\s+)?to|moved\s+up\s+to|"
        r"delayed\s+(?:to|until)|postponed\s+(?:to|until)|dated\s+for)",
        needs_date=True,
    ),
    # "'X' Season 2 Hits Netflix in March": films come and hit and stream too, so a season
    _phrase(
        DATE,
        "subject",
        "coming|comes|hit|stream|starts|to start|will start|begins|to begin|will begin",
        # British: "Harbor Lights series 2 starts on 5 June"
        r"(?:is\s+)?coming|comes|hits|to\s+hit|will\s+hit|streams|to\s+stream|starts|to\s+start|"
        r"will\s+start|begins|to\s+begin|will\s+begin",
        needs_date=True,
        needs_season=True,
    ),
    # "'X' Season 4 Delayed", "'X' Season 2 Premiere Postponed": a delay, with or without a date
    _phrase(
        DATE,
        "subject",
        "delay|postpon|push",
        r"(?:is\s+|has\s+been\s+)?(?:delayed|postponed|pushed\s+back)",
        needs_season=True,
    ),
    # "'X' Sets Season 2 Premiere", "… for March 5"
    _phrase(
        DATE,
        "subject",
        "premier|return|debut",
        r"(?:sets?|gets?|lands?|announces?)\s+(?:an?\s+|its\s+)?"
        rf"(?:{_SEASON_REF}|final\s+season)\s+(?:premiere|return|debut)",
    ),
    _phrase(
        DATE,
        "subject",
        "date",
        r"(?:sets?|gets?|got|lands?|has|have|announces?|reveals?|unveils?|receives?|confirms?)\s+"
        rf"(?:an?\s+|its\s+|the\s+)?(?:{_SEASON_REF}\s+|season\s+{_NUMBER}\s+|final\s+season\s+)?"
        rf"(?:official\s+|new\s+)?(?:{_WHEN}\s+)?(?:premiere|return|release|launch|debut|start|air)"
        r"\s+dates?",
    ),
    _phrase(
        DATE,
        "subject",
        "premier|return|debut|releas",
        r"(?:sets?|gets?|lands?|announces?)\s+(?:an?\s+|its\s+)?"
        rf"{_WHEN}\s+(?:premiere|return|debut|release)",
    ),
    _phrase(
        DATE,
        "object",
        "date",
        r"(?:sets?|announces?|reveals?|unveils?|dates)\s+(?:an?\s+|the\s+)?"
        rf"(?:{_WHEN}\s+|final\s+season\s+)?(?:premiere|return|release|launch|debut)\s+dates?\s+"
        r"(?:for|of)",
    ),
    # "Netflix Sets August 6 Premiere for 'X' Season 2": the date before, the season after
    _phrase(
        DATE,
        "object",
        "premier|return|debut",
        rf"(?:sets?|announces?)\s+(?:an?\s+|the\s+)?{_WHEN}\s+(?:premiere|return|debut)\s+for"
        rf"(?=\s+{_TITLE_WORDS}(?:{_SEASON_REF}|final\s+season){_STATEMENT_END})",
        titled=True,
    ),
    # "Netflix Delays 'X' Season 2 to August", "Hulu Pushes 'X' Season 3 to 2027"
    _phrase(
        DATE,
        "object",
        "delays|pushes|postpones|moves|bumps",
        r"(?:delays|pushes(?:\s+back)?|postpones|moves|bumps)"
        rf"(?=\s+{_TITLE_WORDS}(?:{_SEASON_REF}|final\s+season)\s+"
        r"(?:(?:premiere|return|release|debut)\s+)?(?:back\s+)?(?:to|until)\s)",
        needs_platform=True,
        needs_date=True,
        titled=True,
        also="season|series",
    ),
    # "'X' Season 2 Set for June 5 Premiere", "… Slated for a March Release"
    _phrase(
        DATE,
        "subject",
        "premier|return|debut|releas|launch",
        r"(?:is\s+)?(?:set|slated|scheduled)\s+for\s+(?:an?\s+|its\s+)?"
        rf"{_WHEN}\s+(?:premiere|return|debut|release|launch)",
    ),
    # "Netflix Sets 'X' Season 2 Premiere Date", "Netflix Dates 'X' Season 2"
    _phrase(
        DATE,
        "object",
        "sets|announces|reveals|unveils|confirms|dates",
        r"(?:sets|announces|reveals|unveils|confirms)"
        rf"(?=\s+{_TITLE_WORDS}(?:{_SEASON_REF}|final\s+season)\s+"
        r"(?:premiere|return|release|launch|debut|start|air)(?:\s+dates?)?"
        rf"{_STATEMENT_END})|dates(?=\s+{_TITLE_WORDS}(?:{_SEASON_REF}|final\s+season){_STATEMENT_END})",
        needs_platform=True,
        titled=True,
        also="season|series",
    ),
    # "'X' Season 2 Will Be Released on June 5": films are released too, so a season
    _phrase(
        DATE,
        "subject",
        "releas",
        r"(?:will\s+be|to\s+be|is\s+being|is\s+set\s+to\s+be)\s+released",
        needs_date=True,
        needs_season=True,
    ),
    _phrase(
        DATE,
        "subject",
        "date",
        # the season taken in, so that this is longer than the noun "Season 4 Premiere Date"
        rf"(?:{_SEASON_REF}\s+)?(?:premiere|return|release|start|air)\s+date\s+"
        r"(?:is\s+|has\s+been\s+)?(?:(?:officially|finally)\s+)?"
        r"(?:set|revealed|announced|confirmed|unveiled)",
    ),
    # a noun headline: "'X' Season 2 premiere date" (networks announce premiere dates; the
    # "release date" explainers are silenced by their "cast, plot" and "what we know")
    _phrase(
        DATE,
        "subject",
        "date",
        rf"(?:season\s+{_NUMBER}|{_ORDINAL}\s+season)\s+premiere\s+date",
        noun=True,
    ),
)

# A first look, a substring test per stem: most feed items (film, business, casting) have none
# of the phrases' stems, and then no pattern need run.
_STEMS = frozenset(stem for phrase in _PHRASES for stem in phrase.stems) | {"cancel", "renew"}


_PHRASES_OF_STEM: dict[str, tuple[int, ...]] = {
    stem: tuple(index for index, phrase in enumerate(_PHRASES) if stem in phrase.stems)
    for stem in _STEMS
}


_STEM_PHRASES = tuple(_PHRASES_OF_STEM.items())


def _phrases_to_try(lowered: str) -> tuple[int, ...]:
    """The phrases holding a stem the text has (and one of their other words, if any), in
    table order."""
    tried: set[int] = set()
    for stem, indexes in _STEM_PHRASES:
        if stem in lowered:
            tried.update(indexes)
    return tuple(
        index
        for index in sorted(tried)
        if not _PHRASES[index].also or any(word in lowered for word in _PHRASES[index].also)
    )


# The cheap rejection: one scan for any stem at all, before anything else is done.
_ANY_STEM = re.compile("|".join(re.escape(stem) for stem in sorted(_STEMS, key=len, reverse=True)))


# --- what silences a headline --------------------------------------------------------------

# Words that make a headline short of a fact, or news of another kind. Most are one word,
# looked up in a set (a headline's words are read once); the rest are word sequences.
_SILENT_WORDS = frozenset(
    _words(
        # guesses, hopes, sources, things not yet done
        "could might would should shall reportedly report reports rumor rumors rumour rumours",
        "rumored rumoured talks bubble yet possible possibly likely unlikely expected fate odds",
        "predict predicts predicted predicting prediction predictions hope hopes hoping want",
        "wants petition petitions petitioned petitioning eyes eyeing considering consider mull",
        "mulls mulling weigh weighs weighing plot spoiler spoilers possibility possibilities",
        "update updates details theory theories if whether status hint hints hinted tease",
        "teases teased speculation speculate speculates speculating allegedly apparently",
        "insider insiders source sources leak leaked leaks unless nears nearing chance chances",
        "prospect prospects doubt doubtful uncertain undecided deciding await awaits awaiting",
        # wishes and demands: "Netflix Needs to Renew 'X'", fans' campaigns
        "need needs must ought please campaign campaigns poll polls survey vote votes voted",
        "indefinitely",
        # opinion, reactions, reviews, explainers, lists
        "why reason reasons explained explains react reacts reaction respond responds fan fans",
        "review recap interview talk recall recalls remember remembers anniversary",
        "reunion opinion editorial column wrong mistake blunder outrage backlash slam slams",
        "blast blasts scorecard tracker list ranking ranked best worst every which these",
        "here's here’s how watch deserve deserves deserved shouldn't shouldn’t biggest",
        "greatest unfair wrongfully snubbed roundup",
        # looking back: "'X' Cancelled 10 Years Ago Today"
        "ago",
        # casting, orders of episodes or new series, holds, plans
        "casting pilot indefinite hiatus plans planned planning pitch pitches pitched",
        # business and events: deals renewed, premieres' parties cancelled, are no show's status
        "deal deals pact pacts contract contracts partnership agreement vows event events",
        "screening screenings panel panels party tour concert",
        # a person cancelled is no show
        "tweet tweets controversy controversial scandal allegations remarks",
        # a decision defended is news of the reasons, not the decision
        "defends defended defending justifies justified",
    )
)
# Phrases, as the words they are read as (an apostrophe is part of a word, "&" is "and",
# other punctuation divides words: "op-ed" is "op ed").
_SILENT_PHRASES = _phrase_set(
    "will it|will there|will we|is it|in talks|in danger|in jeopardy|at risk|not renewed|"
    "not been renewed|not yet renewed|not yet been renewed|hasn't been renewed|"
    "hasn’t been renewed|isn't renewed|isn’t renewed|hasn't decided|hasn’t decided|"
    "has not decided|renewal decision|set to be renewed|set to be cancelled|"
    "set to be canceled|set to be axed|set to be saved|headed for|heading for|chopping block|"
    "in the works|in development|what we know|everything we know|everything to know|"
    "what to know|need to know|cast and more|and more|renewed or cancelled|"
    "renewed or canceled|cancelled or renewed|canceled or renewed|dead or alive|"
    "what happens|what's next|what’s next|what now|now what|what it means|op ed|"
    "episode order|extra episodes|additional episodes|more episodes|back nine|series order|"
    "straight to series|to series|on hold|all the|round up|too soon|should have|"
    "and others|here are|opens up|years later|shows we|tv shows|red carpet|box office|"
    "was cancelled|was canceled|was renewed|was axed|was saved|were cancelled|"
    "were canceled|were renewed|were axed|were saved|"
    # wishes: "It's Time for Netflix to Renew 'X'", "Netflix Better Renew 'X'"
    "it's time|it’s time|time to|time for|better renew|better cancel|better not|"
    # explainers of when and where: "Premiere Date, Time and Where to Stream"
    "where to watch|where to stream|how to watch|what time|date and time|release time|"
    "premiere time|when is|when does|when will|when do"
)
_SILENT_PHRASES_BY_FIRST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(tuple(phrase.split()) for phrase in _SILENT_PHRASES if phrase.split()[0] == first)
    for first in {phrase.split()[0] for phrase in _SILENT_PHRASES}
}
# "Was Abruptly Canceled": one word may stand between "was" and the verb.
_WAS = frozenset({"was", "were"})
_DONE_TO = frozenset({"cancelled", "canceled", "renewed", "axed", "saved"})
_WORD = re.compile(r"[\w'’]+")


def _silent(text: str) -> bool:
    """Whether the text holds a word or phrase that silences a headline."""
    words = _WORD.findall(text.lower().replace("&", " and "))
    if not _SILENT_WORDS.isdisjoint(words):
        return True
    for start, word in enumerate(words):
        for phrase in _SILENT_PHRASES_BY_FIRST_WORD.get(word, ()):
            if tuple(words[start : start + len(phrase)]) == phrase:
                return True
        if word in _WAS and start + 2 < len(words) and words[start + 2] in _DONE_TO:
            return True
        # "'X' Season 2 Reviews" are reviews; "Cancelled Despite Rave Reviews" is news
        if word == "reviews" and (start == 0 or words[start - 1] not in _PRAISE):
            return True
    return False


_PRAISE = frozenset(
    _words(
        "rave strong glowing mixed positive great good stellar critical solid excellent poor bad",
        "negative lukewarm favorable favourable rapturous",
    )
)


_HEARSAY = re.compile(
    r"(?<![\w'’])(?:reports?|reportedly|rumou?rs?|rumou?red|sources?|unconfirmed|allegedly|"
    r"insiders?|speculation)(?![\w'’])",
    re.IGNORECASE,
)
# "May" is a month as often as a guess: a guess only when no day or year follows it and no
# preposition of time precedes it.
_MAY_GUESS = re.compile(
    r"(?<!\bin\s)(?<!\bon\s)(?<!\bthis\s)(?<!\bnext\s)(?<!\buntil\s)(?<!\bfrom\s)"
    r"(?<![\w'’])may(?![\w'’])(?!\.?\s+[0-9])(?!\s+(?:premiere|return|debut|release|launch)\b)",
    re.IGNORECASE,
)


# --- quoted titles ---------------------------------------------------------------------------

# Each quote style: an opening mark not glued to a word before it, a closing mark not glued to
# a word after it; an apostrophe inside ("'Schitt's Creek'") is one glued to a letter.
# Each alternative starts with its quote mark (the test on the character before comes after
# it), so the pattern engine can skip straight to quote marks.
_QUOTED = re.compile(
    r"'(?<!\w')((?:[^']|'(?=\w))+?)'(?!\w)"
    r"|‘((?:[^‘’]|’(?=\w))+?)’(?!\w)"
    r"|“([^“”]+?)”"
    r'|"(?<!\w")([^"]+?)"'
)
# Small patterns used on every headline, compiled once.
_SENTENCE_END = re.compile(r"(?:^|\s)[a-z]+[.!?]$")  # "bang.", not "Co."
_GRAMMAR_WORDS = re.compile(r"\b(?:final\s+season|on\s+hold|indefinite|renew\w*|cancel\w*)\b", re.I)
_WORD_CHARACTER = re.compile(r"\w")
_LIST_JOIN = re.compile(r",|\band\b")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)$")
_CANCELLATION_AFTER = re.compile(r"(?:['’]s)?\s+cancell?ation", re.IGNORECASE)
# A comma ends a complement, but not in a date ("Friday, March 5", "March 5, 2027").
_COMPLEMENT_CUT = re.compile(r"(?<!day),(?!\s*(?:19|20)[0-9]{2}\b)|\s[-–—]\s")
# British papers write "final series" for a final season
# "Renews 'X' for Season 5, Its Last", "Orders 'X' Season 5, the Final Season"
_LAST_APPOSITIVE = re.compile(
    r",\s+(?:the|its|their)\s+(?:final|last)(?:\s+(?:season|series|one))?\s*(?:$|[,;.!])",
    re.IGNORECASE,
)
_FINAL_SEASON = re.compile(r"\bfinal\s+(?:season|series)\b", re.IGNORECASE)
_NON_WORDS = re.compile(r"\W+")
# Placeholders for quoted titles in the working text: private-use characters no headline has.
_TOKEN = re.compile("\ue000([0-9]+)\ue001")
_TOKEN_OPEN, _TOKEN_CLOSE = "\ue000", "\ue001"


def _is_quotation(content: str) -> bool:
    """A quoted span that is someone's words or a scare-quoted term, not a show's title."""
    words = content.split()
    if len(words) > 8:
        return True
    # 'Out with a bang.': a sentence ends in a full stop after a lower-case word.
    if _SENTENCE_END.search(content.strip(" ,")):
        return True
    # “Final Season”, 'Indefinite Hold': the grammar's own words.
    if _GRAMMAR_WORDS.search(content):
        return True
    # A title is capitalised ('Tracker', 'Why Women Kill', 'Fate: The Winx Saga'), so a guess
    # or opinion word in it is part of the name; in lower case it is someone's words.
    capitalised = all(
        word[0].isupper() or not word[0].isalpha()
        for word in words
        if len(word) > 3 and word.lower() not in _SMALL_WORDS  # 'Interview with the Vampire'
    )
    return not capitalised and bool(_silent(content))


def _mask_titles(text: str) -> tuple[str, list[str]]:
    """The text with each quoted title replaced by a placeholder, and the titles."""
    titles: list[str] = []

    def replace(match: re.Match[str]) -> str:
        content = next(group for group in match.groups() if group is not None)
        if _is_quotation(content):
            return content  # read as ordinary words
        titles.append(content.strip(" ,.;:"))
        return f"{_TOKEN_OPEN}{len(titles) - 1}{_TOKEN_CLOSE}"

    return _QUOTED.sub(replace, text), titles


# --- cleaning and clauses --------------------------------------------------------------------

# " – Deadline", " | Variety": the outlet's name after the headline.
_OUTLET_TAIL = re.compile(r"\s+(?:\||[-–—])\s+(?:[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*){0,2})\s*$")
_DASH_OR_BAR = re.compile(r"[|–—-]")
_PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Clauses end at a colon, semicolon, question or exclamation mark, or a spaced dash.
_CLAUSE_END = re.compile(r"(\?+!*|!+|:|;|\s[-–—|]\s|\s?[–—]\s?)")
# What follows these is the reason or the reaction, not the news.
_AFTERTHOUGHT = re.compile(r"(?:,?\s+because\b|,\s+but\b|,\s+and\s+(?:that|fans|it)\b).*$", re.I)
_PROMOTION = re.compile(
    r"^(?:watch|see|view)\s+(?:the\s+|a\s+|an\s+|new\s+|first\s+|official\s+)*"
    r"(?:trailer|teaser|promo|clip|video|photos?|first\s+look|sneak\s+peek)s?$",
    re.IGNORECASE,
)
_CONJUNCTION_START = re.compile(r"^(?:and|but|&|plus|so)\b", re.I)


def _clean(text: str) -> str:
    # Feeds escape entities several times over ("&amp;amp;"): unescape until nothing changes.
    for _ in range(4):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = " ".join(text.replace("\u00a0", " ").split())
    text = _TAG.sub("", text)
    tail = _OUTLET_TAIL.search(text) if _DASH_OR_BAR.search(text) else None
    # " – Deadline" and " – Update" go; " – Report" and " — Yet" are words of the headline,
    # which silence it.
    if tail is not None and not (
        _HEARSAY.search(tail.group()) or (_silent(tail.group()) and not _LABEL.search(tail.group()))
    ):
        text = text[: tail.start()]
    return text


# Words before a colon that label the news rather than name a show: "Scoop: …"
_LABEL_PREFIX = re.compile(
    r"(?:tv\s+)?(?:scoop|exclusive|breaking(?:\s+news)?|update[ds]?|report|ratings|news|watch|"
    r"video|photos|first\s+look|official|confirmed|renewed|cancell?ed|renewal|cancell?ation|"
    r"it['’]s\s+official|finally|big\s+news|good\s+news|bad\s+news|surprise|upfronts?(?:\s+[0-9]{4})?)",
    re.IGNORECASE,
)
_LABEL = re.compile(r"\b(?:update[sd]?|exclusive|breaking)\s*$", re.IGNORECASE)
# "EXCLUSIVE:", "UPDATE:", "Breaking:": labels of the article, not words of the headline.
_TAG = re.compile(
    r"^(?:(?:exclusive|update[d]?|breaking(?:\s+news)?|official|confirmed)\s*(?:[0-9]+\s*)?[:|]\s*)+",
    re.IGNORECASE,
)


# Clauses and matches are built by the thousand per poll: named tuples are cheaper to build
# than frozen dataclasses, and as immutable.
class _Clause(NamedTuple):
    text: str
    question: bool
    colon_after: bool  # "Topic: news" — what precedes a colon may name the show
    matches: tuple[_Match, ...] = ()  # its verb phrases, found once the headline is kept


def _clauses(masked: str) -> list[_Clause]:
    if "(" in masked or "[" in masked:
        masked = _PARENTHETICAL.sub(" ", masked)
    parts = _CLAUSE_END.split(masked)
    clauses: list[_Clause] = []
    for index in range(0, len(parts), 2):
        body = " ".join(parts[index].split())
        end = parts[index + 1] if index + 1 < len(parts) else ""
        if body:
            asked = "?" in end or _INTERROGATIVE.match(body) is not None
            clauses.append(_Clause(body, asked, end.strip() == ":"))
    return clauses


# A question whose mark a feed dropped: "Is 'X' Cancelled", "Has 'X' Been Renewed".
_INTERROGATIVE = re.compile(
    r"(?i:is|are|was|were|will|would|could|can|does|did|do|has|have|had|should)\s+"
    rf"(?:{_TOKEN_OPEN}|the\s|[A-Z])"
)


# --- titles without quotes -------------------------------------------------------------------

_SMALL_WORDS = frozenset(
    _words("a an and the of to in on at for with or by from vs vs. de la le el del y & + -")
)
# Words no show's title is made of when a headline names it without quotes: they make it a
# description ("Hulu's best show"), a list ("These Shows") or a person ("Creators").
_GENERIC = re.compile(
    r"(?<![\w'’])(?:shows?|series|dramas?|comed(?:y|ies)|sitcoms?|thriller|seasons?|episodes?|"
    r"fans?|stars?|creators?|showrunners?|cast|tv|favou?rites?|these|those|more|others?|"
    r"it|its|this|that|they|them|all|some|several|dozens?|network|networks|streamer|streamers|news|alert|update|wrap-up|report|"
    r"exclusive|breaking|upfronts?|jobs|staff|employees|workers|layoffs|positions|execs?|"
    r"executives|division|department|unit|business|budget|slate|brand|app|premieres?|events?|"
    r"panels?|screenings?|finale|specials?|movies?|films?|pilots?|deals?|plans?|projects?|"
    # descriptions: "Netflix Renews Reality Hit", "Netflix's Latest Hit Renewed"
    r"hits?|latest|newest|reality|docuseries|docu-series|animated|anime|anthology|procedural|"
    r"dramedy|miniseries|spin-?offs?|reboots?|revivals?|prequels?|sequels?|originals?|"
    r"breakout|smash|sleeper|acclaimed|beloved|popular|fan-favou?rite|underrated|buzzy|"
    r"emmys?|winners?|winning|award-winning|emmy-winning|nominated|nominees?|critically|"
    # not a show: business, events, sports, games ("Renews Office Lease", "Cancels Price
    # Hike", "Eurovision 2026 Cancelled", "Comic-Con Cancelled", "Fortnite Chapter 6")
    r"lease|rights|tiers?|price|prices|hike|crackdown|subscriptions?|division|everything|"
    r"nothing|anything|something|comic-con|con|convention|festival|fest|expo|awards?|oscars|"
    r"money|cash|costs?|billions?|millions?|password|sharing|fees?|ads|advertising|logo|"
    r"branding|features?|accounts?|users|subscribers|customers|members|"
    # several shows, or a question: "Renews Sunday Lineup", "What's Renewed"
    r"line-?ups?|franchises?|blocks?|both|titles|trio|duo|what['’]s|what|which|who|whose|"
    r"emmys|globes|ceremony|gala|parade|tournament|championship|league|cup|olympics|"
    r"football|basketball|baseball|hockey|soccer|nfl|nba|mlb|nhl|chapter|"
    # people: "Renews Late-Night Host Jane Doe"
    r"hosts?|anchors?|ceo|chief|president|chairman|chair)(?![\w'’])",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"^(?:the\s+|its\s+|\S+['’]s\s+|\S+\s+)?(?:[\w-]+\s+)?(?:series|show|drama|comedy|sitcom)$",
    re.IGNORECASE,
)
_REPORTING_VERB = re.compile(
    r"(?<![\w'’])(?:announces?|confirms?|says?|reveals?|teases?|explains?|admits?|insists?|"
    r"realizes?|realises?|thinks?|believes?)(?![\w'’])",
    re.IGNORECASE,
)
_TRAILING_SEASON = re.compile(
    rf"\s+(?:season\s+{_NUMBER}|series\s+{_NUMBER}|{_ORDINAL}\s+season)$", re.IGNORECASE
)
# "A&E's Longmire", "Ryan Reynolds' Harbor Lights"
_POSSESSOR = re.compile(r"^((?:[\w&+.-]+\s+){0,2}[\w&+.-]+?)(?:['’]s|(?<=s)['’])\s+(.+)$")


def _is_titleish(word: str) -> bool:
    if word.lower() in _SMALL_WORDS:
        return True
    first = word.lstrip("\"'‘“(¡¿")[:1]
    return first.isupper() or first.isdigit() or first in "$#@"


def _strip_possessor(text: str) -> str:
    """ "A&E's Longmire" -> "Longmire"; "Jason Bateman's Ozark" -> "Ozark"; but
    "Schitt's Creek" and "The Handmaid's Tale" stay whole (a one-word possessor or an
    article is part of the title)."""
    match = _POSSESSOR.match(text)
    if match is None:
        return text
    owner, rest = match.groups()
    if platform_named(owner) is not None:
        return rest
    owner_words = owner.split()
    if len(owner_words) >= 2 and owner_words[0].lower() not in ("the", "a", "an", "da", "de"):
        return rest
    return text


def _tidy_title(candidate: str) -> str | None:
    """The show's title in a run of words, or None when the words are not one."""
    text = candidate.strip(" ,.;:-–—")
    text = _strip_possessor(text)
    # Again once the season is gone: "At Paramount+, Season 4" leaves a comma behind.
    text = _TRAILING_SEASON.sub("", text).strip(" ,.;:-–—")
    words = text.split()
    while words and words[-1].lower() in _SMALL_WORDS:
        words.pop()
    while words and words[0].lower() in _SMALL_WORDS - {"the", "a", "an"}:
        words.pop(0)
    # "Chicago Fire, Chicago P.D. and Chicago Med": where one unquoted title ends is a guess
    if not words or len(words) > 8 or "," in text:
        return None
    text = " ".join(words)
    if not _WORD_CHARACTER.search(text) or not _is_titleish(words[0]):
        return None
    if text.lower() in _NUMBER_OF_WORD:
        return None  # "Cancels Two Series, Renews One": a count, not a title
    if len(words) > 1 and _YEAR.fullmatch(words[-1]):
        return None  # "Eurovision 2026 Cancelled": one year's edition of an event
    if _GENERIC.search(text) or platform_named(text) is not None or _REPORTING_VERB.search(text):
        return None
    if _TOKEN.search(text) or _MAY_STATE_VERB.search(text):
        return None
    return text


def _subject_title(before: str) -> str | None:
    """The show named, without quotes, by the words before a verb phrase."""
    text = before.strip(" ,")
    # "Harbor Lights series 4 will be its last": the season is not part of the title, nor is
    # its number a title of its own.
    text = _TRAILING_SEASON.sub("", text).strip(" ,")
    words = text.split()
    if not words:
        return None
    if all(_is_titleish(word) for word in words):
        # Title Case: the whole run, unless a reporting verb divides it ("Netflix Announces
        # Ozark …"): then what follows the verb, if a platform or nothing precedes it.
        verbs = list(_REPORTING_VERB.finditer(text))
        if verbs:
            verb = verbs[-1]
            speaker = text[: verb.start()].strip()
            if speaker and platform_named(_strip_possessor(speaker)) is None:
                return None
            text = text[verb.end() :]
        return _tidy_title(text)
    # Sentence case: the capitalised run just before the verb ("… superhero series Daredevil
    # has been cancelled"), else one at the start followed by an apposition ("GLOW the latest
    # Netflix series …").
    run: list[str] = []
    for word in reversed(words):
        if not _is_titleish(word):
            break
        run.insert(0, word)
    while run and run[0].lower() in _SMALL_WORDS:
        run.pop(0)
    if run:
        # "Harbor Lights star Jane Doe axed": the name after a role is a person's
        if len(words) > len(run) and _ROLE.fullmatch(words[-len(run) - 1]):
            return None
        return _tidy_title(" ".join(run))
    lead: list[str] = []
    for word in words:
        if not _is_titleish(word):
            break
        lead.append(word)
    while lead and lead[-1].lower() in _SMALL_WORDS:
        lead.pop()
    follows = words[len(lead) : len(lead) + 2]
    if lead and len(follows) == 2 and follows[0].lower() in ("the", "a", "an"):
        return _tidy_title(" ".join(lead))
    return None


def _object_title(after: str, limit: int) -> str | None:
    """The show named, without quotes, by the words after an active verb ("renews X for …"),
    which end where its complement starts or at `limit` (the next verb phrase)."""
    cut = _COMPLEMENT.search(after)
    text = after[: min(limit, cut.start() if cut is not None else limit)].strip()
    text = _TRAILING_SEASON.sub("", text).strip()  # "confirms Harbor Lights series 2"
    # "Netflix cancels X and Y" without quotes: where one title ends is a guess; say nothing.
    if _LIST_JOIN.search(text):
        return None
    words = text.split()
    if not words:
        return None
    if not all(_is_titleish(word) for word in words):
        # "renews Brazilian sleeper hit 3%": the description goes, the capitalised run stays.
        run: list[str] = []
        for word in reversed(words):
            if not _is_titleish(word):
                break
            run.insert(0, word)
        words = run
    return _tidy_title(" ".join(words))


# --- seasons, platforms, dates ---------------------------------------------------------------

_SEASON = re.compile(
    rf"\bseason\s+(?P<a>{_NUMBER})\b|\b(?P<b>{_ORDINAL})(?:\s+(?:and|&)\s+final)?\s+(?:season|series)\b|"
    rf"\bseries\s+(?P<c>{_NUMBER})\b|\b(?P<d>{_NUMBER})\s+seasons?\b|"
    # British: "axed after one series" (a count of series only after "after": "two series"
    # alone is two shows)
    rf"\bafter\s+(?:just\s+)?(?P<e>{_NUMBER})\s+series\b",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    word = word.lower()
    if word in _NUMBER_OF_WORD:
        return _NUMBER_OF_WORD[word]
    return int(_ORDINAL_SUFFIX.sub("", word))


def _seasons(text: str) -> list[int]:
    found: list[int] = []
    lowered = text.lower()
    if "season" not in lowered and "series" not in lowered:
        return found  # every form of _SEASON holds one of these: skip the pattern
    for match in _SEASON.finditer(text):
        number = _number(next(group for group in match.groups() if group is not None))
        if 0 < number < 100 and number not in found:
            found.append(number)
    return found


def platform_named(text: str) -> str | None:
    """The platform a text is exactly (an alias, any case but for short brands), or None."""
    key = text.strip().casefold()
    name = _PLATFORM_OF_ALIAS.get(key)
    if name is None or (key in _CASE_SENSITIVE_ALIASES and text.strip() != text.strip().upper()):
        return None
    return name


_COMMON_WORD_ALIASES = frozenset({"max", "apple", "sky", "spike", "discovery"})
# One word of each platform's name, not an article: "cw" for The CW, "e" for A&E.
_PLATFORM_WORDS = frozenset(
    next(word for word in re.findall(r"[\w'’]+", alias) if word not in ("the", "a", "on"))
    for alias in _PLATFORM_OF_ALIAS
)
_PLATFORM_PREPOSITION = re.compile(r"\b(?:by|at|on|to|from)\s+$", re.IGNORECASE)


def _platforms(text: str) -> list[str]:
    found: list[str] = []
    if _PLATFORM_WORDS.isdisjoint(_WORD.findall(text.lower())):
        return found  # no word any platform's name is made of: skip the long pattern
    for start, end in _platform_spans(text):
        written = text[start:end]
        name = platform_named(written)
        # "Max" and "Apple" are ordinary words too: only as a platform after by/at/on/to/from,
        # or as the first word, where a headline names who acts ("Max Cancels 'X'").
        if (
            written.casefold() in _COMMON_WORD_ALIASES
            and text[:start].strip()
            and not _PLATFORM_PREPOSITION.search(text, 0, start)
        ):
            continue
        # "Saved After Fox Cancellation": the network that let the show go is not its platform.
        if _CANCELLATION_AFTER.match(text, end):
            continue
        if name is not None and name not in found:
            found.append(name)
    return found


def _ends_with_platform(text: str) -> bool:
    """Whether a platform is the last thing said: "Netflix" in "Netflix Has Canceled X"."""
    stripped = text.rstrip()
    mentions = _platform_spans(stripped)
    if not mentions or mentions[-1][1] != len(stripped):
        return False
    start, end = mentions[-1]
    return platform_named(stripped[start:end]) is not None


def _platform_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a platform (any case; platform_named judges the case)."""
    lowered = _lower_in_place(text)
    return [
        (match.start(), match.end())
        for match in _PLATFORM_RE.finditer(lowered)
        if not (match.start() and _PLATFORM_EDGE.match(lowered, match.start() - 1))
    ]


_DATE = re.compile(
    rf"(?:(?P<pre>on|in|this|next|until|from|by|for|to)\s+)?"
    r"(?:(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day),?\s+)?"
    rf"(?:(?P<month>{_MONTH})(?:\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>(?:19|20)[0-9]{{2}}))?"
    rf"|(?P<day2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH})(?:,?\s+(?P<year2>(?:19|20)[0-9]{{2}}))?"
    rf"|(?P<part>early|mid|late)[\s-]+(?P<year3>(?:19|20)[0-9]{{2}})"
    rf"|(?:(?<=in\s)|(?<=until\s)|(?<=to\s))(?P<year4>(?:19|20)[0-9]{{2}})"
    rf"|(?P<time_of_year>{_SEASON_OF_YEAR})(?:\s+(?P<year5>(?:19|20)[0-9]{{2}}))?)(?![\w])",
    re.IGNORECASE,
)


def _date(
    text: str, published: datetime.date | None, *, bare_month: bool = False
) -> tuple[bool, PartialDate | None]:
    """Whether the text gives a date, and the date when it is complete enough to build.
    `bare_month`: a month alone is a date (inside "Sets April Premiere", not after a verb)."""
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        month_word = groups["month"] or groups["month2"]
        if month_word is not None:
            day_text = groups["day"] or groups["day2"]
            year_text = groups["year"] or groups["year2"]
            at_start = not text[: match.start()].strip()
            at_start = at_start or groups["weekday"] is not None
            if not (groups["pre"] or day_text or year_text or at_start or bare_month):
                continue
            month = _MONTHS[month_word.lower().rstrip(".")]
            day = int(day_text) if day_text else None
            if year_text:
                year = int(year_text)
            elif published is not None:
                # A premiere is announced before it happens: a month already past is next year's.
                year = published.year + (month < published.month)
            else:
                return True, None
            try:
                return True, PartialDate(year, month, day)
            except ValueError:
                return True, None
        if groups["time_of_year"] is not None:
            if groups["pre"] or not text[: match.start()].strip():
                return True, None
            continue
        year_text = groups["year3"] or groups["year4"]
        if year_text:
            part = groups["part"].lower() if groups["part"] else None
            return True, PartialDate(int(year_text), part=part)
    # "Delayed to 2027": a year alone, where the verb expects its date; "Gets 2027 Premiere
    # Date": inside the phrase
    year = _BARE_YEAR.match(text) or (_IN_YEAR.search(text) if bare_month else None)
    if year is not None:
        return True, PartialDate(int(year.group(1)))
    return False, None


_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_IN_YEAR = re.compile(r"(?<![\w'’])((?:19|20)[0-9]{2})(?![\w])")
_BARE_YEAR = re.compile(r"\s*((?:19|20)[0-9]{2})(?![\w])")


# A verb phrase's complement starts where these do: "X for third season", "X after 3 seasons".
_COMPLEMENT = re.compile(
    r"\s+(?:for|after|following|amid|despite|ahead\s+of|because|as|over|before|until|from|with|"
    r"in|on|at|by|to|into|through|once|following)\s+(?=(?:(?:an?|the|its|their|another|just|a)\s+)?"
    rf"(?:{_ORDINAL}|{_NUMBER}|[0-9]|seasons?|series|final|cancell?ation|renewing|renewal|more|"
    rf"next|low|poor|{_MONTH}|"
    + "|".join(re.escape(a) for a in sorted(_PLATFORM_OF_ALIAS, key=len, reverse=True))
    + r")(?![\w]))|\s*[,;:]|\s+[-–—]\s+",
    re.IGNORECASE,
)
_MAY_STATE_VERB = re.compile(
    r"(?<![\w'’])(?:renews?|renewed|cancels?|cancell?ed|axe[sd]?|saves?|saved)(?![\w'’])", re.I
)


# --- reading ---------------------------------------------------------------------------------

# "'House of the Dragon' Spinoff 'A Knight of the Seven Kingdoms'": the spin-off is the show.
# '$#*!': a bleeped title names no show we could find.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SPINOFF = re.compile(
    rf"{_TOKEN_OPEN}[0-9]+{_TOKEN_CLOSE}(?:['’]s)?\s+(?:spin-?off|prequel|sequel)(?:\s+series)?\s+"
    rf"({_TOKEN_OPEN}[0-9]+{_TOKEN_CLOSE})",
    re.IGNORECASE,
)

_HEADING = re.compile(
    r"^(?:(?P<cancelled>cancell?ation\s+alert|cancell?ations|cancell?ed|axed)|"
    r"(?P<renewed>renewal\s+alert|renewals|renewed|uncancell?ed|saved))$",
    re.IGNORECASE,
)
# "Picks up" a show is a renewal only beside a season or a cancellation it undoes; otherwise
# it is a new series order.
_REVIVAL_CONTEXT = re.compile(
    r"cancel|axed|revival|revive|sav(?:ed|es)\b|rescue|new\s+home", re.IGNORECASE
)
_LIST_SEPARATOR = re.compile(r"^\s*(?:,\s*|,?\s+(?:and|&)\s+|\s*&\s*)$", re.IGNORECASE)
# A show brought back as a film is no season of it: "'Warrior Nun' Revived for Movie Trilogy".
_NOT_A_SEASON = re.compile(r"(?<![\w'’])(?:movies?|films?|trilogy|specials?)(?![\w'’])", re.I)
_LOCAL_NEWS = re.compile(
    r"(?<![\w'’])(?:exits|departs|leaves|joins|casts|cast\s+as|to\s+star|trailer|teaser|photos?|"
    r"first\s+look|clip|poster|featurette|sneak\s+peek)(?![\w'’])",
    re.IGNORECASE,
)


class _Match(NamedTuple):
    phrase: _Phrase
    start: int
    end: int


@dataclass(slots=True)
class _Found:
    kind: str
    show: str
    season: int | None
    platform: str | None
    date: PartialDate | None
    revival: bool


def _with_auxiliaries(text: str, start: int) -> int:
    """Where a phrase starts once the auxiliaries and adverbs just before it are taken in."""
    while True:
        head = text[:start].rstrip()
        word_start = max(head.rfind(" "), -1) + 1
        if head[word_start:].lower() not in _AUXILIARIES:
            return start
        start = word_start


# A phrase starts at a word's start: not after a letter, digit, apostrophe or hyphen.
_WORD_EDGE = re.compile(r"[\w'’-]")


def _lower_in_place(text: str) -> str:
    """The text in lower case, each character where it was ("İ" lowers to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _matches(text: str, tried: Sequence[int]) -> tuple[_Match, ...]:
    """The verb phrases in a clause, left to right; of two that overlap, the longer.
    `tried`: the phrases whose stems the headline holds (the others cannot match)."""
    lowered = _lower_in_place(text)
    candidates = [
        _Match(phrase, _with_auxiliaries(text, match.start()), match.end())
        for phrase in map(_PHRASES.__getitem__, tried)
        for match in phrase.pattern.finditer(lowered)
        if match.end() > match.start()
        and not (match.start() and _WORD_EDGE.match(lowered, match.start() - 1))
    ]
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    chosen: list[_Match] = []
    for candidate in candidates:
        if all(candidate.end <= other.start or candidate.start >= other.end for other in chosen):
            chosen.append(candidate)
    return tuple(sorted(chosen, key=lambda m: m.start))


_LIST_GLUE = re.compile(r"\b(?:and|&)\b|[,&\s]", re.IGNORECASE)


def _tokens_before(before: str, titles: Sequence[str], *, dated: bool = False) -> list[int] | None:
    """The quoted titles that are the subject: a whole list when the words before the verb
    are nothing else ("'A', 'B' & 'C' Axed"), else the one just before the verb."""
    tokens = list(_TOKEN.finditer(before))
    if not tokens:
        return None
    rest = _TOKEN.sub(" ", before)
    rest = re.sub(r"[\w&+.-]+['’]s\b", " ", rest)  # "Sky Atlantic's 'Fortitude'"
    rest = _TRAILING_SEASON.sub("", " " + rest.rstrip())
    if not _LIST_GLUE.sub("", rest) or all(
        platform_named(word) for word in rest.replace(",", " ").split()
    ):
        return [int(token.group(1)) for token in tokens]
    last = tokens[-1]
    tail = before[last.end() :]
    if _SUBJECT_TAIL.fullmatch(tail) or (dated and _DATED_SUBJECT_TAIL.fullmatch(tail)):
        return [int(last.group(1))]
    return []


# What may stand between a quoted title and its verb: "'X' Season 2 …", "'X' among series
# that get the axe".
_SUBJECT_TAIL = re.compile(
    rf"(?:['’]s)?(?:\s+(?:season\s+{_NUMBER}|{_ORDINAL}\s+season|final\s+season))?"
    r"(?:\s+among\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:series|shows|dramas|comedies)(?:\s+(?:that|to))?)?"
    # "'X' the latest Netflix series with …": an apposition
    r"(?:,?\s+(?:the|a|an)\s+(?:[\w+-]+\s+){0,4}?(?:series|show|drama|comedy|sitcom)(?:\s+with)?)?\s*",
    re.IGNORECASE,
)

# "'X' Season 2 Premiere Moved to April": the premiere is what a date phrase dates.
_DATED_SUBJECT_TAIL = re.compile(
    rf"\s+(?:(?:season\s+{_NUMBER}|{_ORDINAL}\s+season|final\s+season)\s+)?"
    r"(?:premiere|release|return|debut)(?:\s+date)?\s*",
    re.IGNORECASE,
)


# What a headline calls a show when it says what kind it is.
_SHOW_NOUN = (
    r"(?:series|show|drama|comedy|sitcom|thriller|docuseries|docu-series|anthology|"
    r"procedural|dramedy|miniseries)"
)
# What the trade press puts between a verb and the title it governs: what kind of show it
# is ("Renews Reality Hit 'X'", "Saves Canceled NBC Comedy 'X'", "Cancels Drama Series 'X'"),
# a few words ending in a word for a show, never a film's, a person's or a spin-off's.
_OBJECT_DESCRIPTION = re.compile(
    r"(?:(?:(?:its|the|a|an|their)\s+)?(?:[\w’'.+-]+\s+){0,3}?"
    rf"(?:{_SHOW_NOUN}|hit|smash|reality\s+competition)"
    # "Revives Canceled 'X'": what a rescue rescued
    r"|cancell?ed|axed)\s+(?=\ue000)",
    re.IGNORECASE,
)
# Words that make the description another object: "Cancels Star of Drama 'X'".
_NOT_A_DESCRIPTION = re.compile(
    r"(?<![\w'’])(?:of|from|by|about|with|star|stars|creator|creators|host|showrunner|"
    r"movie|film|special|and|&|,)(?![\w'’])",
    re.IGNORECASE,
)


def _tokens_after(after: str) -> list[int] | None:
    """The quoted titles an active verb governs: the first after it (past a description of
    it) and those listed with it."""
    text = after.lstrip()
    description = _OBJECT_DESCRIPTION.match(text)
    if description is not None and not _NOT_A_DESCRIPTION.search(description.group()):
        text = text[description.end() :]
    first = _TOKEN.match(text)
    if first is None:
        return None
    found = [int(first.group(1))]
    position = first.end()
    for token in _TOKEN.finditer(text, position):
        if not _LIST_SEPARATOR.match(text[position : token.start()]):
            break
        found.append(int(token.group(1)))
        position = token.end()
    return found


_GERUND = re.compile(r"\w+ing\b", re.IGNORECASE)
_PREPOSITION_END = re.compile(
    r"(?<![\w'’])(?:on|about|over|after|before|against|amid|behind|of|for|from|without|by|with)\s+$",
    re.IGNORECASE,
)
# The words after an active verb that name the show by what it is, up to its complement.
_OBJECT_ANAPHOR = re.compile(
    rf"\s*(?:the\s+|its\s+)?(?:[\w’'-]+\s+){{0,3}}?{_SHOW_NOUN}"
    r"(?:\s+(?:for|after|at|on|through|with)\b|\s*[,;:]|\s*$)",
    re.IGNORECASE,
)
# What follows these is when the news came, or what it set aside, not what it is: "Renewed
# for Season 3 Ahead of Season 2 Premiere", "… With a Film Instead of Season 4".
_CONTEXT_WORDS = r"ahead\s+of|before|following|amid|despite|instead\s+of"
_CONTEXT = re.compile(
    rf"\s(?:{_CONTEXT_WORDS}|days\s+after|weeks\s+after|months\s+after)\s", re.IGNORECASE
)
_AFTER = re.compile(r"\safter\s", re.IGNORECASE)
_CONTEXT_PART = re.compile(rf"(?<![\w'’])(?:{_CONTEXT_WORDS})\s[^,;]*", re.IGNORECASE)
# What may follow "'X' to End": nothing, or when and where in seasons, platforms or years.
_RUN_END = re.compile(
    rf"(?:its\s+run\s+)?(?:with|after|following|in)\s+.*?(?:\bseasons?\b|\bseries\b|{_ORDINAL}|"
    r"\b(?:19|20)[0-9]{2}\b).*",
    re.IGNORECASE,
)
_RUN_PLATFORM = re.compile(r"(?:at|on)\s+(.+)", re.IGNORECASE)


def _ends_a_run(complement: str) -> bool:
    """Whether what follows "'X' to End" says when or where in seasons, a platform alone or
    a year ("With Season 5", "After 15 Seasons", "at Netflix", "in 2027"), or nothing."""
    # "… With a Film Instead of Season 4": what is set aside says nothing of the run
    text = _CONTEXT_PART.sub("", complement).strip(" ,")
    if not text or _RUN_END.fullmatch(text):
        return True
    where = _RUN_PLATFORM.fullmatch(text)
    return where is not None and platform_named(where.group(1)) is not None


# "X To Get Sixth Season and Will End It There", "Canceled by Y …, Then Saved by Z"
_JOINED = re.compile(r"\s*(?:(?:,|and|&)\s*(?:then\s+)?|then\s+)", re.IGNORECASE)
# What a title followed by one of these names is an occasion of the show, not the show.
_OCCASION = re.compile(
    rf"\s*(?:(?:season\s+{_NUMBER}|{_ORDINAL}\s+season)\s+)?(?:premieres?|events?|panels?|"
    r"screenings?|episodes?|finale|specials?|tour|livestream|party|concerts?|red\s+carpet|"
    r"deals?|movies?|films?|spin-?offs?|prequels?|sequels?|reboots?|remakes?|pilots?|merch\w*|"
    r"toys?|games?|podcasts?|soundtracks?|musicals?|books?|comics?|albums?)(?![\w'’])",
    re.IGNORECASE,
)
# "Premiere of 'X' Canceled": the title is what the occasion is of.
_OCCASION_OF = re.compile(
    r"(?:premieres?|screenings?|panels?|events?|tour|party|concerts?|livestream)\s+(?:of|for)\s*$",
    re.IGNORECASE,
)
# "Coachella Canceled for 2026": one year's edition of an event, not a show.
_ONE_EDITION = re.compile(
    # "'X' Cancelled This Week Due to Football": an episode pre-empted, not the show
    r"\s*(?:this|next)\s+(?:week|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|"
    r"\s*tonight\b|"
    rf"\s*(?:for|in)\s+(?:19|20)[0-9]{{2}}\b|\s*this\s+year\b|"
    rf"\s*for\s+(?:an?\s+|the\s+)?(?:{_ORDINAL}\s+)?(?:straight\s+|consecutive\s+)?year\b",
    re.IGNORECASE,
)
# A date said of no season is a show's only with a verb films don't take: "'X' Returns
# March 5", "Airs …"; a film also premieres, debuts, drops, moves and is pushed or dated.
_SHOWS_ONLY_VERB = re.compile(r"\b(?:return\w*|back|air|airs|airing)\b", re.IGNORECASE)
_NOT_A_RELEASE = re.compile(
    r"\s*(?:(?:to|in|at|on|into)\s+(?:the\s+)?(?:theaters|theatres|cinemas|imax|broadway|west\s+end|"
    r"stage|top\s+10|no\.?\s*1|number\s+one|big\s+screen|box\s+office|charts?|stores|shelves|"
    r"production|filming|set|work|the\s+studio|the\s+writers['’]?\s+room)|"
    # "Season 2 Hits DVD in March": a season on a shelf, not on the air
    r"(?:(?:to|on)\s+)?(?:dvd|blu-?ray|4k|digital|home\s+video|vod)|"
    # "Season 2 Begins Filming in March"
    r"(?:filming|production|shooting|principal\s+photography|casting|work|rehearsals))\b",
    re.IGNORECASE,
)
_NOT_TELEVISION = re.compile(
    r"(?<![\w'’])(?:warner\s+bros|universal\s+pictures|sony\s+pictures|lionsgate|a24|"
    r"focus\s+features|searchlight|legendary|new\s+line|pixar|dreamworks|paramount\s+pictures|"
    r"20th\s+century\s+studios|opera|ballet|broadway|west\s+end|theat(?:er|re)s?|"
    r"festival|museum|publishers?|video\s+game)(?!\w)",
    re.IGNORECASE,
)
# A capitalised word right after the verb that starts no complement: the verb's object.
_DIRECT_OBJECT = re.compile(
    r"\s*(?!(?i:at|by|for|after|amid|despite|ahead|as|in|on|with|from|following|over|before|"
    r"again|early|already|officially|too|just|once|through|to|into|until|this|last|due|because|"
    r"but|and|or|amidst|among|without|while|when|less|more|only|two|three|one|"
    r"months|weeks|days|abruptly|suddenly|unexpectedly|quietly|finally|formally|mid-season|"
    r"midseason|halfway|partway|outright|immediately|permanently|altogether|also|now|today|"
    r"next|yet|through|thru)(?![\w'’-]))[A-Z0-9]"
)
_ROLE = re.compile(
    r"(?:stars?|hosts?|presenters?|actors?|actress(?:es)?|creators?|showrunners?|judges?|"
    r"anchors?|boss(?:es)?|writers?|directors?|producers?|narrators?|co-stars?|regulars?)",
    re.IGNORECASE,
)
_AS_ROLE = re.compile(
    r"\s*as\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:[\w'’-]+\s+)?" + _ROLE.pattern + r"(?![\w'’-])",
    re.IGNORECASE,
)
_DROPPED_FROM = re.compile(r"\s*from(?![\w'’-])", re.IGNORECASE)
_PERSON_AGENT = re.compile(
    r"\b(?:by|from)\s+(?:the\s+|a\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+)?"
    r"(?:stars?|creators?|showrunners?|fans?|critics?|viewers|cast|actor|actress|director|"
    r"writers?|producers?|boss|execs?|executives?|hosts?)\b",
    re.IGNORECASE,
)
# A headline that takes back what it says, in a question or an aside: "— Or Is It?",
# "(Sort Of)", "Says Star (Jokingly)".
_HEDGE = re.compile(
    r"\b(?:or\s+is\s+it|or\s+are\s+they|or\s+not|sort\s+of|kind\s+of|jokingly|not\s+so\s+fast|"
    r"or\s+so\s+we\s+thought)\b"
)
_POSSESSIVE_PLATFORM = re.compile(rf"(?<![\w&+])({_PLATFORM_ALTERNATION})['’]s\s*$", re.IGNORECASE)


def _possessive_platform(text: str) -> list[str]:
    """The platform whose possessive ends the text: "Sky Atlantic's", "HBO's"."""
    match = _POSSESSIVE_PLATFORM.search(text)
    name = platform_named(match.group(1)) if match is not None else None
    return [name] if name is not None else []


def _object_stands_alone(rest: str, last: int) -> bool:
    """Whether the last object title ends the object ("Cancels 'X' After …"), rather than
    qualifying a noun after it ("Cancels 'X' Animated Spinoff", "'X' Star's Next Project")."""
    position = rest.index(f"{_TOKEN_OPEN}{last}{_TOKEN_CLOSE}") + len(
        f"{_TOKEN_OPEN}{last}{_TOKEN_CLOSE}"
    )
    return _OBJECT_END.match(rest, position) is not None


_OBJECT_END = re.compile(
    rf"\s*(?:(?:{_SEASON_REF}|final\s+season)\s*)?"
    r"(?:$|[,;:.!?()\[\]|–—-]|(?:for|after|following|amid|despite|ahead|"
    r"because|as|over|before|until|from|with|in|on|at|by|to|into|through|once|just|again|"
    r"early|already|officially|too|and|&|but|while|when|due|citing|months|weeks|days|"
    r"mid-season|midseason)(?![\w'’-])|"
    # "Saves 'X' One Day After Fox Cancellation", "Cancels 'X' Two Weeks After Premiere"
    rf"(?:(?:an?|{_NUMBER}|a\s+few|several|mere)\s+)?(?:hours?|days?|weeks?|months?|years?)\s+"
    r"(?:after|later|before|into)(?![\w'’-]))",
    re.IGNORECASE,
)


def _infinitive_states(text: str) -> bool:
    """Whether "to renew" at the end of the text states a decision: after a verb of deciding
    ("Decides to Renew", "Dared to Cancel") or a platform in headline future ("Netflix to
    Renew"), not after one of refusing, planning or guessing ("Refuses to", "Set to")."""
    head = text[: text.lower().rfind("to ")].rstrip()
    return bool(_DECIDING_END.search(head)) or _ends_with_platform(head)


_DECIDING_END = re.compile(
    r"(?<![\w'’])(?:decides?|decided|opts?|opted|chooses|chose|moves?|moved|dared?|votes?|voted|"
    r"elects?|elected)$",
    re.IGNORECASE,
)


def _first_word(text: str, start: int) -> str:
    end = text.find(" ", start)
    return text[start : end if end >= 0 else len(text)].lower()


_NEGATION_END = re.compile(
    r"(?<![\w'’])(?:not|never|won['’]t|wouldn['’]t|can['’]t|cannot|hasn['’]t|haven['’]t|hadn['’]t|didn['’]t|doesn['’]t|don['’]t|"
    r"isn['’]t|aren['’]t|wasn['’]t|weren['’]t|no\s+longer)\s+$",
    re.IGNORECASE,
)


def _names_an_occasion(rest: str, last: int) -> bool:
    """Whether the object titles are followed by an occasion noun ("'X' Premiere")."""
    position = rest.index(f"{_TOKEN_OPEN}{last}{_TOKEN_CLOSE}") + len(
        f"{_TOKEN_OPEN}{last}{_TOKEN_CLOSE}"
    )
    return _OCCASION.match(rest, position) is not None


def _unquoted_subject(clause: str, before: str, start: int, unread_start: int | None) -> str:
    """The words that may name a show before the verb at `start`. A phrase just before them
    that said nothing is part of the title ("Saved by the Bell Renewed"): it starts there."""
    if unread_start is None or _CLAUSE_GLUE.search(before):
        return before
    return clause[unread_start:start]


_CLAUSE_GLUE = re.compile(r"[,;:&]|\band\b", re.IGNORECASE)


def _read_clause(
    clause: str,
    matches: Sequence[_Match],
    titles: Sequence[str],
    topic: str | None,
    headline: str,
    published: datetime.date | None,
    claimed: list[str],
    following: str | None = None,
    asked: bool = False,
    after_prefix: bool = False,
    topic_season: int | None = None,
) -> list[_Found]:
    """The events of one clause. The words each event stands on are added to `claimed`, so
    that a season elsewhere in the headline is not given to the wrong show."""
    found: list[_Found] = []
    # A date verb with another phrase right after it is a noun: "Season 2 Premiere Moved";
    # a noun with one after it is that phrase's subject: "Season 2 Premiere Date Moved Up to".
    matches = [
        match
        for match, following_match in itertools.zip_longest(matches, matches[1:])
        if not (
            (match.phrase.needs_date or match.phrase.noun)
            and following_match is not None
            and not clause[match.end : following_match.start].strip()
        )
    ]
    # "Sets 'X' Season 2 Premiere for June 5": the premiere is the noun the verb looked past.
    matches = [
        match
        for previous, match in zip([None, *matches], matches, strict=False)
        if not (
            match.phrase.needs_date
            and previous is not None
            and previous.phrase.titled
            and previous.phrase.kind == DATE
        )
    ]
    # "Revives Canceled NBC Comedy 'X'": a cancellation just after a rescue describes what
    # was rescued.
    matches = [
        match
        for previous, match in zip([None, *matches], matches, strict=False)
        if not (
            match.phrase.kind == CANCELLED
            and previous is not None
            and previous.phrase.revival
            and not clause[previous.end : match.start].strip()
        )
    ]
    previous_shows: list[str] = []
    for index, match in enumerate(matches):
        phrase = match.phrase
        carried, previous_shows = previous_shows, []
        if phrase.noun and asked:
            continue
        unread_start = matches[index - 1].start if index and not carried else None
        # "Netflix Boss on Canceling 'X'", "after renewing it": a verb as a noun is no news.
        if _GERUND.match(clause, match.start) and _PREPOSITION_END.search(clause, 0, match.start):
            continue
        # "Netflix Hasn't Renewed 'X'", "Never Cancelled": a statement denied states nothing.
        # (The denials that do state something are phrases of their own: "Won't Renew".)
        if _NEGATION_END.search(clause, max(0, match.start - 16), match.start):
            continue
        if phrase.infinitive and not _infinitive_states(clause[: match.end]):
            continue
        previous_end = matches[index - 1].end if index else 0
        next_start = matches[index + 1].start if index + 1 < len(matches) else len(clause)
        before = clause[previous_end : match.start]
        rest = clause[match.end :]
        complement = rest[: next_start - match.end]
        cut = _COMPLEMENT_CUT.search(complement)
        if cut is not None:
            complement = complement[: cut.start()]
        side = phrase.side
        if side == "either":
            side = "object" if _ends_with_platform(before) else "subject"
            # "The Day Netflix Cancelled 'X'", "Netflix Renewed 'X' Before …": news is told in
            # the present ("Netflix Cancels") or the perfect ("Has Cancelled"); a bare past
            # after the platform tells a story.
            if side == "object" and _first_word(clause, match.start) not in _AUXILIARIES:
                continue
        shows: list[str] = []
        from_topic = False  # the show is the topic before a colon: its season is the topic's
        subject = ""  # the words naming the show, when they stand before the verb
        if side == "object":
            agent = before
            indexes = _tokens_after(rest[: next_start - match.end])
            if indexes is not None:
                shows = [titles[i] for i in indexes]
                if not phrase.titled and (
                    _names_an_occasion(rest, indexes[-1])
                    or not _object_stands_alone(rest, indexes[-1])
                ):
                    continue  # "Cancels 'X' Premiere Amid Strike": an event, not the show
            elif not titles and (title := _object_title(rest, next_start - match.end)) is not None:
                # A headline that quotes titles quotes them all: unquoted words are no title.
                shows = [title]
            elif topic is not None and _OBJECT_ANAPHOR.match(rest):
                shows = [topic]  # "'Landman': Paramount+ Renews Taylor Sheridan Drama For …"
                from_topic = True
        else:
            agent = complement
            indexes = _tokens_before(before, titles, dated=phrase.kind == DATE)
            if indexes is not None:
                shows = [titles[i] for i in indexes]
                if indexes:
                    at = before.index(f"{_TOKEN_OPEN}{indexes[0]}{_TOKEN_CLOSE}")
                    subject = before[at:]
                    if _OCCASION_OF.search(clause, 0, previous_end + at):
                        continue  # "Cannes Premiere of 'X' Canceled"
            elif _JOINED.fullmatch(before) or (
                carried and "," in before and _JOINED.fullmatch(before[before.rfind(",") :])
            ):
                # "X To Get Sixth Season and Will End It There", "X Canceled by Fox, Then
                # Saved by Netflix": the show of the statement before
                shows = carried
            elif (
                not titles
                and (
                    title := _subject_title(
                        _unquoted_subject(clause, before, match.start, unread_start)
                    )
                )
                is not None
            ):
                # "Freevee Has Cancelled Harbor Lights": a verb with an object after it has
                # its agent before it, a platform we may not know, not the show
                if phrase.side == "either" and _DIRECT_OBJECT.match(complement):
                    continue
                # "The Witcher: Blood Origin Canceled", "Star Wars: Andor Season 2 …": after a
                # name and a colon, whether the name is part of the title is a guess
                if after_prefix and previous_end == 0:
                    continue
                shows = [title]
                subject = before[max(before.rfind(title.split()[0]), 0) :]
            elif topic is not None and (
                _ANAPHOR.match(before.strip())
                or _TOPIC_SEASON.fullmatch(before.strip())
                # "'X' Season 2: Netflix Sets Premiere Date": the platform says it of the topic
                or (previous_end == 0 and platform_named(_strip_possessor(before.strip())))
            ):
                shows = [topic]  # "The Crown: …; Netflix Series Renewed …"
                from_topic = True
            if phrase.quoted_subject and not indexes:
                continue
        span = subject + clause[match.start : match.end] + complement
        # Casting, trailers, exits: news of another kind in this one's words.
        if not shows or _LOCAL_NEWS.search(span):
            continue
        # "Warner Bros. Scraps 'X'", "West End's 'X' Cancelled": a film's studio, a stage
        if _NOT_TELEVISION.search(before) or _NOT_TELEVISION.search(complement):
            continue
        kind = phrase.kind
        if kind == CANCELLED and _ONE_EDITION.match(complement):
            continue
        # "Jane Doe Axed From 'X'", "… Axed as Host of X", "Renewed as Host": a person's
        if side == "subject" and (
            (kind == CANCELLED and _DROPPED_FROM.match(complement)) or _AS_ROLE.match(complement)
        ):
            continue
        if phrase.bare_end and (_seasons(subject) or not _ends_a_run(complement)):
            continue
        if phrase.dated_is_premiere and _date(complement, published)[0]:
            kind = DATE
        if kind == RENEWED and (
            _FINAL_SEASON.search(span) or _LAST_APPOSITIVE.match(rest, len(complement))
        ):
            kind = ENDING  # "renewed for a sixth and final season", "… Season 5, Its Last"
        if phrase.needs_context and not (_seasons(span) or _REVIVAL_CONTEXT.search(headline)):
            continue
        if phrase.needs_revival and not _REVIVAL_CONTEXT.search(headline):
            continue
        told = _CONTEXT.split(span, maxsplit=1)[0]
        if kind in (RENEWED, DATE):
            # "after two seasons" counts a cancellation's or an ending's seasons; after a
            # renewal or a date it is when: "Renewed for Season 3 After Season 2 Finale".
            told = _AFTER.split(told, maxsplit=1)[0]
        seasons = _seasons(told)
        if not seasons and from_topic and topic_season is not None:
            seasons = [topic_season]  # "'X' Season 2: Netflix Sets Premiere Date"
        if kind == RENEWED and not seasons and _NOT_A_SEASON.search(span):
            continue
        if kind == RENEWED and seasons == [1]:
            continue  # "Gives 'X' Season 1 Order": a new series, not a renewal
        if phrase.needs_season and not seasons:
            continue
        # "'X' Season 1 Hits Netflix in March": a first season arriving is a library move
        if phrase.needs_season and phrase.needs_date and seasons == [1]:
            continue
        season = seasons[0] if len(seasons) == 1 else None
        platforms = _platforms(agent)
        if phrase.needs_platform and not (
            platforms and (side == "subject" or _ends_with_platform(agent))
        ):
            continue
        # "'X' Final Season Confirmed by Star", "Gets Green Light From Star": who says so is
        # no platform
        if side == "subject" and _PERSON_AGENT.search(complement):
            continue
        if not platforms and side == "subject" and subject:
            # Only a platform owning the show ("Sky Atlantic's 'Fortitude'"): another before it
            # belongs to another clause ("Canceled By Pop TV, 'The Expanse' Gets …").
            platforms = _possessive_platform(before[: len(before) - len(subject)])
        elif not platforms:
            platforms = _platforms(_TOKEN.sub(" ", before))
        date: PartialDate | None = None
        if kind == DATE:
            if _NOT_A_RELEASE.match(complement):
                continue  # "Returns to Theaters in March", "Debuts at No. 1"
            has_date, date = _date(complement, published)
            if not has_date:
                has_date, date = _date(clause[match.start : match.end], published, bare_month=True)
            # the object's title aside: "Sets Final Season Premiere Date for 'X': March 6"
            if not has_date and following is not None and not _TOKEN.sub("", complement).strip():
                # "Sets Season 5 Premiere Date: June 24"
                has_date, date = _date(following, published)
            if phrase.needs_date and not has_date:
                continue
            # A premiere date with neither a season nor a day may be a film's or a special's;
            # without a season, only a show returns or airs.
            if (
                season is None
                and not _FINAL_SEASON.search(span)
                and (date is None or not _SHOWS_ONLY_VERB.search(clause, match.start, match.end))
            ):
                continue
            # "The Oscars Return to ABC March 15", "Monday Night Football Returns September 8":
            # events and sports return too; without a season, only a quoted title is a show.
            if season is None and not _FINAL_SEASON.search(span) and not indexes:
                continue
        claimed.append(span)
        previous_shows = shows
        platform = platforms[0] if platforms else None
        found += [_Found(kind, show, season, platform, date, phrase.revival) for show in shows]
    return found


def _heading_list(clauses: Sequence[_Clause], titles: Sequence[str]) -> list[_Found]:
    """ "CANCELLATION ALERT: A, B, C": a heading naming the kind, then only titles."""
    for first, second in itertools.pairwise(clauses):
        heading = _HEADING.match(first.text.strip())
        if heading is None or not first.colon_after or second.question or second.matches:
            continue
        kind = CANCELLED if heading.group("cancelled") else RENEWED
        items = re.split(r",\s*(?:and\s+)?|\s+and\s+", second.text)
        shows: list[str] = []
        for item in items:
            token = _TOKEN.fullmatch(item.strip())
            title = titles[int(token.group(1))] if token else _tidy_title(item)
            if title is None or not all(_is_titleish(word) for word in title.split()):
                return []
            shows.append(title)
        return [_Found(kind, show, None, None, None, False) for show in shows]
    return []


# A quoted title before a colon with its season, or a verdict the clause after explains:
# "'X' Season 2: Netflix Renews Comedy", "'X' Is Over: Netflix Cancels Drama …".
_TOPIC = re.compile(
    rf"{_TOKEN_OPEN}([0-9]+){_TOKEN_CLOSE}\s+(?:{_SEASON_REF}|(?:is\s+)?(?:officially\s+)?"
    rf"(?:over|done|dead|finished|no\s+more)(?:\s+(?:at|on)\s+(?:{_PLATFORM_ALTERNATION}))?)",
    re.IGNORECASE,
)
# What stands for the topic before a verb: "'X': Season 3 Will Be the Last".
_TOPIC_SEASON = re.compile(rf"(?:the\s+)?(?:{_SEASON_REF}|final\s+season)", re.IGNORECASE)


def _topic(clauses: Sequence[_Clause], titles: Sequence[str]) -> str | None:
    """What a headline's first clause names when it is only a title: "The Crown: …"."""
    if not clauses or not clauses[0].colon_after or clauses[0].matches:
        return None
    text = clauses[0].text.strip()
    token = _TOKEN.fullmatch(text) or _TOPIC.fullmatch(text)
    if token is not None:
        return titles[int(token.group(1))]
    # "Harbor Lights series 3: BBC confirms return date"
    text = _TRAILING_SEASON.sub("", text)
    if all(_is_titleish(word) for word in text.split()):
        return _tidy_title(text)
    return None


def _settle(found: Iterable[_Found]) -> Iterator[_Found]:
    """One status per show: a final season outweighs its renewal, a show saved outweighs its
    cancellation, a cancellation outweighs a plain renewal. Dates stand beside a status."""
    by_show: dict[str, list[_Found]] = {}
    for item in found:
        key = _NON_WORDS.sub(" ", item.show.casefold()).strip()
        by_show.setdefault(key, []).append(item)
    for items in by_show.values():
        statuses = [item for item in items if item.kind != DATE]
        if statuses:

            def weight(item: _Found) -> int:
                if item.kind == ENDING:
                    return 3
                if item.revival:
                    return 2
                return 1 if item.kind == CANCELLED else 0

            best = max(statuses, key=weight)
            best.season = best.season or next((i.season for i in statuses if i.season), None)
            best.platform = best.platform or next(
                (i.platform for i in statuses if i.platform), None
            )
            yield best
        dates = [item for item in items if item.kind == DATE]
        if dates:
            yield dates[0]


def read_headline(
    title: str, *, published: datetime.date | None = None, summary: str | None = None
) -> tuple[HeadlineEvent, ...]:
    """The events a headline states, in the order it names the shows; () when it states none
    or might not be stating a fact. `published` dates a premiere given without a year;
    `summary` only fills a season or a platform the headline leaves out, when it names one."""
    text = _clean(title)
    lowered = text.lower()
    if _ANY_STEM.search(lowered) is None:
        return ()
    masked, titles = _mask_titles(text)
    if _HEDGE.search(masked.lower()):  # outside titles: 'A Kind of Magic' hedges nothing
        return ()
    if "spin" in lowered or "quel" in lowered:
        masked = _SPINOFF.sub(r"\1", masked)
    # An aside goes unread ("(& Why It's the Right Time)"), unless it says who says so.
    if ("(" in masked or "[" in masked) and any(
        _HEARSAY.search(aside) for aside in _PARENTHETICAL.findall(masked)
    ):
        return ()
    every_clause = _clauses(masked)
    asked = any(clause.question for clause in every_clause)
    clauses = [
        clause
        for clause in every_clause
        if not clause.question and not _CONJUNCTION_START.match(clause.text)
    ]
    if "," in masked or "because" in lowered:
        clauses = [
            _Clause(_AFTERTHOUGHT.sub("", clause.text), clause.question, clause.colon_after)
            for clause in clauses
        ]
    # "…: Watch the Teaser" promotes the news before it; it is not news of another kind.
    clauses = [clause for clause in clauses if not _PROMOTION.match(clause.text)]
    kept = " ; ".join(clause.text for clause in clauses)
    if _silenced(kept):
        return ()
    tried = _phrases_to_try(lowered)
    clauses = [
        _Clause(clause.text, clause.question, clause.colon_after, _matches(clause.text, tried))
        for clause in clauses
    ]
    topic = _topic(clauses, titles)
    topic_seasons = _seasons(clauses[0].text) if topic is not None else []
    topic_season = topic_seasons[0] if len(topic_seasons) == 1 else None
    # "The Witcher: Blood Origin …": an unquoted name before a colon that may begin the title
    prefixed = (
        len(clauses) > 1
        and clauses[0].colon_after
        and not clauses[0].matches
        and _TOKEN.search(clauses[0].text) is None
        and all(_is_titleish(word) for word in clauses[0].text.split())
        and not _LABEL_PREFIX.fullmatch(clauses[0].text.strip())
        and platform_named(clauses[0].text.strip()) is None
    )
    found = _heading_list(clauses, titles)
    claimed: list[str] = []
    for clause, after in itertools.zip_longest(clauses, clauses[1:]):
        # What follows a colon may be the date a clause announces.
        following = after.text if after is not None and clause.colon_after else None
        found += _read_clause(
            clause.text,
            clause.matches,
            titles,
            topic,
            kept,
            published,
            claimed,
            following,
            asked,
            after_prefix=prefixed and clause is clauses[1],
            topic_season=topic_season,
        )
    if not found:
        return ()
    settled = [item for item in _settle(found) if _LETTER_OR_DIGIT.search(item.show)]
    # What the headline says once, for its one show or for all: computed only when needed.
    if len(settled) == 1 and settled[0].season is None:
        # "Cancels 'X' Despite Season 3 Renewal": a season after "despite" is not the news's
        unclaimed = _CONTEXT_PART.sub(" ", kept)
        for span in claimed:
            unclaimed = unclaimed.replace(span, " ")
        every_season = _seasons(unclaimed)
        if len(every_season) == 1:
            settled[0].season = every_season[0]
    if any(item.platform is None for item in settled):
        every_platform = _platforms(_TOKEN.sub(" ", kept))
        for item in settled:
            if item.platform is None and len(every_platform) == 1:
                item.platform = every_platform[0]
    if summary:
        extra = _clean(summary)
        extra_seasons = _seasons(extra)
        if len(settled) == 1 and settled[0].season is None and len(extra_seasons) == 1:
            settled[0].season = extra_seasons[0]
        extra_platforms = _platforms(extra)
        for item in settled:
            if item.platform is None and len(extra_platforms) == 1:
                item.platform = extra_platforms[0]
    brought_back = _REVIVAL_CONTEXT.search(text) is not None
    return tuple(
        HeadlineEvent(
            item.kind,
            item.show,
            item.season,
            item.platform,
            item.date,
            revival=item.revival and item.kind == RENEWED and brought_back,
        )
        for item in settled
    )


# Lists of shows: "10 Shows That…", "The 7 most unfair cancellations".
_LIST = re.compile(
    rf"^(?:the\s+)?(?:[0-9]+|{_NUMBER})\s+(?:[\w’'-]+\s+){{0,4}}?"
    r"(?:shows|series|dramas|comedies|sitcoms|cancellations|renewals|tv)\b",
    re.IGNORECASE,
)


def _silenced(kept: str) -> bool:
    """Whether what a headline says is short of a fact, or news of another kind."""
    return bool(
        _silent(kept) or ("may" in kept.lower() and _MAY_GUESS.search(kept)) or _is_list(kept)
    )


def _is_list(text: str) -> bool:
    return bool(_LIST.search(text))
