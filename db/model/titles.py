"""The title index: find a show from what a person typed.

Pure Python plus rapidfuzz, no Discord and no database. Everything runs synchronously on the
event loop, so a query does dict lookups and bisects in sorted lists, and only when those fail
a typo search. That search scores only the candidate shows of a word index (TitleIndex,
_WordNeighbours): at 100,000 shows a median of 2 and a p99 of about 200, against every title
for the rapidfuzz scan it replaced (about 5 ms). The scan stays for the queries the words
can't narrow (words run together, or too many candidates).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
import time
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from db.model.catalogue_format import SHORT_TEXT
from db.model.shows import ShowTitle

# Bounds on untrusted input: normalising and fuzzy matching cost grows with length.
MAX_QUESTION_CHARS = 2000
MAX_TITLE_WORDS = 12

LABEL_MAX_CHARS = 100  # Discord's limit for a choice name
LABEL_MAX_PLATFORM_CHARS = 40
AUTOCOMPLETE_MAX = 25  # Discord's limit for autocomplete choices

# Scores are similarities between normalised forms, 0..100 (see _key_similarity): a typo costs
# about 100/length points, so 75 accepts one typo from four letters, two from eight ("tiny prety
# thing" scores 89). A winner must also lead the next different show by MARGIN, else it is
# ambiguous. Tuned on 100,000 synthetic titles plus real ones with random one- and two-letter
# typos: no typo resolved to a wrong show; 80 or a wider margin only moved answers to "did you
# mean".
FOUND_SCORE = 75.0
MARGIN = 6.0
CLOSE_SCORE = 70.0  # a runner-up this good and within MARGIN makes the query ambiguous
SUGGESTION_SCORE = 60.0  # "did you mean" below this is noise ("zzzz qqqq" suggests nothing)
MAX_AMBIGUOUS = 5
MAX_SAME_TITLE = 25  # shows sharing one exact title; a Discord select menu holds 25
MAX_SUGGESTIONS = 3
AMBIGUOUS_WINDOW = 10.0  # how far below the best an ambiguous list still reaches
SEARCH_CONTAINS_SCORE = 70.0  # every word present ranks at least here, plus closeness
SEARCH_OUT_OF_ORDER_WEIGHT = 0.8
YEAR_MISMATCH_PENALTY = 10.0
# The scan prefilters on one cheap scorer; the rerank can only raise a key's score, so scan a
# little below the lowest score we ever report and keep enough keys for reranking to matter.
SCAN_SCORE_CUTOFF = 50.0
SCAN_LIMIT = 50
# A key this far below the best by the prefilter's scorer is another title, not this one
# mistyped ("angel of night" for "nigth of angel"). The scan of 100,000 titles used to cut about
# here by keeping its 50 best (the 50th lies a median 27, at p10 20 points below the best);
# candidates from the word index are far fewer, so the cut is made by score, whatever the size.
SCAN_WINDOW = 20.0
WORD_ORDER_WEIGHT = 0.95  # "things tiny pretty" is likelier a different show than a typo
ARTICLE_WEIGHT = 0.95  # "office" vs "The Office"
# A word-match set this small is cheap to rerank in Python alongside the fuzzy scan.
TOKEN_POOL_MAX = 50
# Typo candidates (see _WordNeighbours): a word this short may carry one typo, a longer one two.
TYPO_SHORT_WORD = 4
# Scoring this many candidate titles' keys in Python costs about what the C++ scan of every
# key does at 100,000 titles: past it, scan. A bigger catalogue scores up to a 30th of its
# keys' worth of candidates (a key scanned costs about a 30th of a candidate scored): at
# 1,000,000 titles the scan of every key took 0.2-0.4 s of CPU (its keys no longer fit a
# CPU cache), and this cap left the benchmark's answers the same and halved its p99.
TYPO_CANDIDATES_MAX = 4000
KEYS_SCANNED_PER_CANDIDATE = 30

_LEADING_ARTICLES = frozenset({"the", "a", "an"})
_YEAR_RANGE = range(1900, 2101)

# Words that make up questions about shows. A run of these alone ("who", "coming out") is a
# title only if nothing better is in the question: catalogues have shows named after them.
_FILLER_WORDS = frozenset(
    word
    for line in (
        "a about after air aired airing airs an and any are at back be been before by can",
        "cancelled canceled cast come comes coming date did do does episode episodes for from",
        "get got has have how i in is it its last me my new next of on or out premiere premieres",
        "recap release released renewed returning season seasons series show shows so tell that",
        "the there this to trailer was we were what when where which who why will with",
        "you he she they them us",
    )
    for word in line.split()
)

# Everyday English words. Typed in lower case inside a sentence, one of these is read as the
# word it is ("I lost track"), not as a show of that name ("Lost"), when the sentence names
# another show; and a run of them left over from a question is no title anyone typed.
COMMON_WORDS = _FILLER_WORDS | frozenset(
    word
    for line in (
        "able actually again ago all almost already also always am amazing anybody anymore",
        "anyone anything anytime anyway around as ask asked asking away because but came cant",
        "could couldnt day days didnt doesnt doing done dont each even ever every everyone",
        "everything exist exists far fine found gone guess guys had happen happened happening",
        "happens hasnt havent he hear heard hello help her here hey hi him his hold hope",
        "hoping huge if im info information into isnt just keep kind know least let like",
        "likely look looking lost lot lots made make many may maybe mean might mind more most",
        "much must need never news no none not nothing now off officially oh ok okay only",
        "other our over own people perhaps please probably question quite rather really right",
        "said same saw say says see seem seems seen she should since some someone something",
        "soon sorry still such sure take talk than thank thanks thats their them then these",
        "they think those though thought today too totally try up us very via wait want",
        "wanted wants watch watched watching way well went whats whether while wonder",
        "wondering wont would wouldnt yeah yes yet you your",
    )
    for word in line.split()
)

# Streaming services and networks as people type them: never part of a title they mean.
PLATFORM_WORDS = frozenset(
    word
    for line in (
        "netflix hulu hbo max prime amazon video disney plus apple peacock paramount",
        "showtime starz amc fx bbc itv channel cbs nbc abc fox cw tv crunchyroll",
    )
    for word in line.split()
)
# Words around a title that say what it is, not which it is ("the tv show Lost").
_NOISE_WORDS = PLATFORM_WORDS | frozenset(
    [
        "on",
        "the",
        "show",
        "series",
        "tvshow",
        "programme",
        "program",
        "original",
        "originals",
        "season",
        "seasons",
    ]
)
_NUMBER_WORD_DIGITS = {
    word: str(number)
    for number, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], start=0
    )
}
# An initialism this short ("st") names too many shows to mean one.
MIN_INITIALISM = 3
# Shows sharing words with a query of several words, when the words are this rare, are
# offered as "did you mean" ("pretty little things": Tiny Pretty Things, Pretty Little Liars).
SHARED_WORDS_MIN = 2
SHARED_WORD_POSTINGS_MAX = 2000
SHARED_WORDS_SCORE = SUGGESTION_SCORE + 6.0  # never found, never ambiguous: only offered
# A typed word this similar to a title's word is that word mistyped (a typo keeps most of
# its letters); less, and it is another word. A close title with such a word is only offered.
WORD_SUPPORT = 0.5
UNSUPPORTED_SCORE = SHARED_WORDS_SCORE

# Removed before NFKD, because NFKD turns the spacing acute into a space and a combining mark.
_APOSTROPHES = "'\u2019\u2018\u201b\u02bc\u02bb`\u00b4\u2032\uff07"
_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHES))
_CACHED_CODEPOINTS = 0x10000  # caching every codepoint a stranger types would grow without bound


def _fold_character(character: str) -> str:
    """What one character of casefolded NFKD text becomes in a normalised title."""
    if character in _APOSTROPHES:
        return ""
    if character == "&":
        return " and "
    if character.isspace():
        return " "
    if unicodedata.combining(character):
        return ""
    category = unicodedata.category(character)
    if category in ("Cc", "Cf", "Cs"):  # controls, zero-width and format marks, lone surrogates
        return ""
    if category[0] in "PS":
        return " "
    return character


class _CharacterFolding(dict[int, str]):
    """A str.translate table that works out each character once, so the loop stays in C."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_character(chr(codepoint))
        if codepoint < _CACHED_CODEPOINTS:
            self[codepoint] = folded
        return folded


_FOLDING = _CharacterFolding()


def normalise_title(text: str) -> str:
    """The form titles are compared in: "It's Always Sunny…" -> "its always sunny"."""
    text = text.translate(_DROP_APOSTROPHES)
    # NFKD both sides of casefold: compatibility forms can decompose to capitals ("℡" -> "TEL")
    # and casefolding can produce decomposable characters.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return " ".join(text.translate(_FOLDING).split())


def _compact(normalised: str) -> str:
    return normalised.replace(" ", "")


def _sorted_words(normalised: str) -> str:
    return "".join(sorted(normalised.split()))


def _without_article(normalised: str) -> str:
    """The compact key without one leading article: "the office" -> "office"."""
    words = normalised.split()
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return "".join(words)


def _with_article(words: list[str], plain: list[str]) -> bool:
    """Whether `words` are `plain` after a leading article: ["the", "office"], ["office"]."""
    return len(words) > 1 and words[0] in _LEADING_ARTICLES and words[1:] == plain


def _same_shape(words: list[str], typed: list[str]) -> bool:
    """As many words, and the same leading article or none."""
    if len(words) != len(typed) or not words:
        return False
    if words[0] in _LEADING_ARTICLES or typed[0] in _LEADING_ARTICLES:
        return words[0] == typed[0]
    return True


def initialisms(normalised: str) -> tuple[str, ...]:
    """What people shorten a title to: "the big bang theory" -> "tbbt" and "bbt",
    "brooklyn nine nine" -> "bnn" and "b99", "game of thrones" -> "got"."""
    words = normalised.split()
    if len(words) < 2:
        return ()
    forms = [words]
    if words[0] in _LEADING_ARTICLES and len(words) > 2:
        forms.append(words[1:])
    found: dict[str, None] = {}
    for form in forms:
        found[_letters_of(form, digits=False)] = None
        found[_letters_of(form, digits=True)] = None
    return tuple(key for key in found if len(key) >= MIN_INITIALISM)


def _letters_of(words: list[str], *, digits: bool) -> str:
    parts = []
    for word in words:
        if word.isdigit():
            parts.append(word)  # "9 1 1" -> "911"
        elif digits and word in _NUMBER_WORD_DIGITS:
            parts.append(_NUMBER_WORD_DIGITS[word])
        else:
            parts.append(word[0])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Mention:
    """A title found in a question. `weak`: only everyday or question words in lower case
    ("lost", "who"), which a sentence may use for themselves."""

    text: str
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Token:
    """One normalised word of a question, and whether it was typed with a capital."""

    word: str
    capital: bool


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for raw in text.split():
        capital = any(character.isupper() for character in raw)
        tokens += [_Token(word, capital) for word in normalise_title(raw).split()]
    return tokens


# The index's entries are the repository's title records: one definition for both.
TitleEntry = ShowTitle


@dataclass(frozen=True, slots=True)
class Candidate:
    show_id: int
    title: str
    year: int | None
    platform: str | None
    score: float  # 0..100

    @property
    def label(self) -> str:
        """ "Title (2020, Netflix)", at most LABEL_MAX_CHARS, for choices and "did you mean"."""
        platform = self.platform.strip() if self.platform else ""
        if len(platform) > LABEL_MAX_PLATFORM_CHARS:
            platform = platform[: LABEL_MAX_PLATFORM_CHARS - 1].rstrip() + "…"
        details = ", ".join(part for part in (_year_text(self.year), platform) if part)
        suffix = f" ({details})" if details else ""
        title = " ".join(self.title.split())
        room = LABEL_MAX_CHARS - len(suffix)
        if len(title) > room:
            title = title[: room - 1].rstrip() + "…"
        return f"{title}{suffix}".strip()


def _year_text(year: int | None) -> str:
    return str(year) if year is not None else ""


@dataclass(frozen=True, slots=True)
class Resolution:
    show_id: int | None  # set only when exactly one show matched confidently
    # "did you mean" when ambiguous; suggestions when not found; () when found
    candidates: tuple[Candidate, ...]

    @property
    def found(self) -> bool:
        return self.show_id is not None

    @property
    def ambiguous(self) -> bool:
        """Two or more close candidates and none chosen (otherwise candidates are suggestions).

        Derived from the scores with the same rule resolve() uses to choose, so a Resolution
        built anywhere means the same thing.
        """
        if self.show_id is not None or len(self.candidates) < 2:
            return False
        best, runner_up = self.candidates[0].score, self.candidates[1].score
        return _too_close(best, runner_up)


def _too_close(best: float, runner_up: float) -> bool:
    return runner_up >= CLOSE_SCORE and best - runner_up < MARGIN


@dataclass(frozen=True, slots=True)
class _Query:
    text: str  # normalised
    compact: str
    article_free: str
    sorted_words: str

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @classmethod
    def of(cls, raw: str) -> _Query:
        return cls.from_normalised(normalise_title(raw[:SHORT_TEXT])[:SHORT_TEXT])

    @classmethod
    def from_normalised(cls, text: str) -> _Query:
        text = text.strip()
        return cls(text, _compact(text), _without_article(text), _sorted_words(text))

    def split_trailing_year(self) -> tuple[_Query, int] | None:
        """ "doctor who 2005" -> ("doctor who", 2005); brackets are gone after normalising."""
        head, _, last = self.text.rpartition(" ")
        if not head or len(last) != 4 or not last.isascii() or not last.isdigit():
            return None
        year = int(last)
        if year not in _YEAR_RANGE:
            return None
        return _Query.from_normalised(head), year


def _key_similarity(query: _Query, key: str) -> float:
    """How well a query matches one normalised title or alias, 0..100.

    Optimal string alignment (Damerau-Levenshtein without repeated edits) counts each typo
    once, whether a wrong, missing, extra or swapped letter, so one typo costs 100/length
    points; fuzz.ratio, cheaper for the scan, charges a swap or substitution double and lets
    a shorter title with the right letters ("stranger his") crowd a swapped one ("stranger
    thigns"). Compared without spaces so spacing is free; word order and a leading article
    are forgiven at a small discount.
    """
    key_compact = _compact(key)
    score = OSA.normalized_similarity(query.compact, key_compact, processor=None)
    if score < 1.0 and " " in query.text and " " in key:
        word_order = OSA.normalized_similarity(
            query.sorted_words, _sorted_words(key), processor=None
        )
        score = max(score, word_order * WORD_ORDER_WEIGHT)
    key_article_free = _without_article(key)
    if key_article_free != key_compact or query.article_free != query.compact:
        article = OSA.normalized_similarity(query.article_free, key_article_free, processor=None)
        score = max(score, article * ARTICLE_WEIGHT)
    return score * 100.0


def _containment_score(query: _Query, key: str) -> float:
    """For search: every query word in the key ranks high, more so when it is most of the key.

    0 when a word is missing. Words out of order ("tiny crew pretty") count for less than the
    phrase itself, so "tiny pretty" ranks "Tiny Pretty Things" above "Tiny Crew Pretty".
    """
    key_words = key.split()
    if not set(query.words).issubset(key_words):
        return 0.0
    closeness = min(len(query.compact) / max(len(_compact(key)), 1), 1.0)
    if f" {query.text} " not in f" {key} ":
        closeness *= SEARCH_OUT_OF_ORDER_WEIGHT
    return SEARCH_CONTAINS_SCORE + (100.0 - SEARCH_CONTAINS_SCORE) * closeness


# The shows having a key: a bare show id for the many keys only one show has, else a
# collection. A dict or set per key cost more memory than all the rest of the index (about 75 of
# 150 MB at 100,000 shows) and gave the garbage collector a million containers to walk.
# Owners keep their insertion order (a tuple while few, 72 bytes against a dict's 232: 2.5 MB
# at 100,000 shows; a dict used as an ordered set beyond), members need not (sets, for fast
# intersections).
_Owners = int | tuple[int, ...] | dict[int, None]
# Members: a set while few, a sorted array beyond _MEMBERS_IN_A_SET (the words many titles
# share: 8 bytes a member against a set's 30-40, 11 MB at 100,000 shows); _intersect reads
# an array by bisection when the other side is much smaller.
_Members = int | set[int] | array  # array("q")
_OWNERS_IN_A_TUPLE = 8
_MEMBERS_IN_A_SET = 256


def _owner_ids(owners: _Owners) -> Iterable[int]:
    return (owners,) if isinstance(owners, int) else owners


def _members_of(members: _Members) -> Iterable[int]:
    return (members,) if isinstance(members, int) else members


def _how_many(members: _Members) -> int:
    return 1 if isinstance(members, int) else len(members)


def _union(postings: Iterable[_Members]) -> set[int]:
    shows: set[int] = set()
    for members in postings:
        if isinstance(members, int):
            shows.add(members)
        else:
            shows.update(members)
    return shows


def _in_sorted(members: array[int], show_id: int) -> bool:
    position = bisect.bisect_left(members, show_id)
    return position < len(members) and members[position] == show_id


def _intersect(shows: set[int], members: _Members) -> set[int]:
    """The shows among members, as a new set, reading the smaller side where it can."""
    if isinstance(members, int):
        return {members} if members in shows else set()
    if isinstance(members, set):
        return shows & members
    if len(shows) * 16 < len(members):
        return {show_id for show_id in shows if _in_sorted(members, show_id)}
    return shows.intersection(members)


def _intersecting_costs(shows: int, postings: Iterable[_Members]) -> float:
    """About what intersecting `shows` shows with each of the postings costs (_intersect), in
    shows checked by their own keys instead (TitleIndex._having_a_word): a bisection in a
    sorted array costs about as much as one such check, as do 64 members of an array or 30
    of a set intersected in C."""
    costs = 0.0
    for members in postings:
        if isinstance(members, int):
            costs += 0.03
        elif isinstance(members, set):
            costs += min(shows, len(members)) / 30
        elif shows * 16 < len(members):
            costs += shows
        else:
            costs += len(members) / 64
    return costs


def _add_owner(index: dict[str, _Owners], key: str, show_id: int) -> bool:
    """Record that show_id has key; True when the key is new to the index."""
    owners = index.get(key)
    if owners is None:
        index[key] = show_id
        return True
    if isinstance(owners, int):
        if owners != show_id:
            index[key] = (owners, show_id)
    elif isinstance(owners, tuple):
        if show_id not in owners:
            if len(owners) < _OWNERS_IN_A_TUPLE:
                index[key] = (*owners, show_id)
            else:
                index[key] = dict.fromkeys((*owners, show_id))
    else:
        owners.setdefault(show_id)
    return False


def _drop_owner(index: dict[str, _Owners], key: str, show_id: int) -> bool:
    """Forget that show_id has key; True when no show has the key any more."""
    owners = index.get(key)
    if owners is None:
        return False
    if isinstance(owners, int):
        if owners != show_id:
            return False
        del index[key]
        return True
    if isinstance(owners, tuple):
        kept = tuple(owner for owner in owners if owner != show_id)
        index[key] = kept[0] if len(kept) == 1 else kept
        return False
    owners.pop(show_id, None)
    if len(owners) == 1:
        index[key] = next(iter(owners))
    return False


def _add_member(index: dict[str, _Members], key: str, show_id: int) -> bool:
    members = index.get(key)
    if members is None:
        index[key] = show_id
        return True
    if isinstance(members, int):
        if members != show_id:
            index[key] = {members, show_id}
    elif isinstance(members, set):
        members.add(show_id)
        if len(members) > _MEMBERS_IN_A_SET:
            index[key] = array("q", sorted(members))
    elif not _in_sorted(members, show_id):
        # Built in id order, so mostly an append.
        members.insert(bisect.bisect_left(members, show_id), show_id)
    return False


def _drop_member(index: dict[str, _Members], key: str, show_id: int) -> bool:
    members = index.get(key)
    if members is None:
        return False
    if isinstance(members, int):
        if members != show_id:
            return False
        del index[key]
        return True
    if isinstance(members, set):
        members.discard(show_id)
    elif _in_sorted(members, show_id):
        del members[bisect.bisect_left(members, show_id)]
    if len(members) == 1:
        index[key] = next(iter(members))
    return False


def _sorted_delete(items: list[str], item: str) -> None:
    position = bisect.bisect_left(items, item)
    if position < len(items) and items[position] == item:
        del items[position]


def _starting_with(items: list[str], prefix: str) -> Iterator[str]:
    """The items of a sorted list that start with prefix, in order."""
    for position in range(bisect.bisect_left(items, prefix), len(items)):
        item = items[position]
        if not item.startswith(prefix):
            return
        yield item


_DIGIT = re.compile(r"\d")
# The index is built on the event loop a slice at a time (TitleIndex.building): each slice
# stops once it has run this long, and no C call inside one runs much longer (2,000 keys
# sort in under a millisecond, a join and split of 2,000 keys takes less).
STEP_SECONDS = 0.002
_STEP = 2000
# Items handled between looks at the clock: a merged item takes well under a microsecond, an
# upsert about 16 µs (30 on a busy machine), so 32 of those overran a slice by 1 ms.
_CHECK_EVERY = 32
_UPSERTS_CHECKED = 2
_Sortable = TypeVar("_Sortable", str, int)
_NO_YEAR = -(2**31)  # a show without a year, in TitleIndex._years
# The sizes a little short of those at which CPython grows a dict that only gains keys (two
# thirds of a power of two: 10,922, 21,845, 43,690, 87,381…) in one step rehashing them all;
# from 5,000 keys on, where a step costs more than a few hundred microseconds.
_BEFORE_A_RESIZE = frozenset(
    (1 << bits) * 2 // 3 - short for bits in range(13, 40) for short in range(1, 9)
)


class _Slices:
    """Says when a slice of work has used up STEP_SECONDS (never, when not slicing)."""

    __slots__ = ("_count", "_deadline", "_every", "_seconds")

    def __init__(self, seconds: float | None, every: int = _CHECK_EVERY) -> None:
        self._seconds = seconds
        self._every = every
        self._count = 0
        self._deadline = time.perf_counter() + (seconds or 0.0)

    def used_up(self) -> bool:
        """Whether to yield now; counts one item, and starts a new slice when it says yes."""
        if self._seconds is None:
            return False
        self._count += 1
        if self._count % self._every or time.perf_counter() < self._deadline:
            return False
        self._deadline = time.perf_counter() + self._seconds
        return True

    def restart(self) -> None:
        self._deadline = time.perf_counter() + (self._seconds or 0.0)


def _sorted_in_steps(
    items: Iterable[_Sortable],
    out: MutableSequence[_Sortable],
    slices: _Slices,
    key: Callable[[_Sortable], Any] | None = None,
    *,
    distinct: bool = False,
) -> Iterator[None]:
    """Fill `out` with sorted(items, key=key), each item once if `distinct`, yielding between
    sorted runs of _STEP and whenever the merge has used up a slice: one sort of 150,000 keys
    would keep the event loop for 60 ms."""
    yield  # the slice that made the last view is spent: sort the first run in a new one
    slices.restart()
    items = iter(items)
    runs = []
    while run := sorted(itertools.islice(items, _STEP), key=key):
        runs.append(run)
        yield
        slices.restart()
    if len(runs) <= 1 and not distinct:
        out.extend(runs[0] if runs else [])
        return
    for item in heapq.merge(*runs, key=key):
        if not (distinct and out and out[-1] == item):
            out.append(item)
        if slices.used_up():
            yield


def _edits_allowed(word: str) -> int:
    """The typos a word of this length may carry and still be itself: one in four letters,
    two from five (a typo costs about 100/length points and FOUND_SCORE accepts 75)."""
    return 1 if len(word) <= TYPO_SHORT_WORD else 2


def _deletions(word: str, edits: int) -> set[str]:
    """The word and every string made by deleting up to `edits` of its letters."""
    found = {word}
    frontier = {word}
    for _ in range(edits):
        frontier = {text[:i] + text[i + 1 :] for text in frontier for i in range(len(text))}
        found |= frontier
    return found


# The deletion index's entries, one 64-bit integer each: a deletion's hash (its low
# _HASH_BITS bits) above the id of the word having it. Entries are found through buckets of
# their top _BUCKET_BITS hash bits: about three entries a bucket at 100,000 titles.
_ID_BITS = 24
_HASH_BITS = 39  # with the id, 63 bits: a signed 64-bit array item
_BUCKET_BITS = 16
_ID_MASK = (1 << _ID_BITS) - 1
_HASH_MASK = (1 << _HASH_BITS) - 1
_BUCKET_SHIFT = _HASH_BITS - _BUCKET_BITS


_NEAR_REMEMBERED = 256  # typed words whose neighbours are kept (_WordNeighbours.near)


def _deletion_hash(text: str) -> int:
    return hash(text) & _HASH_MASK


class _WordNeighbours:
    """The distinct title words, indexed to find those within a typo or two of a typed word.

    A deletion index (SymSpell's idea): each word is stored under itself and every string
    made by deleting up to _edits_allowed(word) of its letters; a typed word looks up its own
    deletions, and two words within that many wrong, missing, extra or swapped letters share
    one of them. Each hit is then checked with the real distance (OSA), so the deletions only
    narrow the search and never decide; a hash collision only adds a word to check. A lookup
    is a few hundred probes whatever the catalogue's size.

    Chosen over q-grams of whole titles, measured on 100,000 synthetic titles: the rarest
    trigrams of a query still left a median of 2,600 titles to score (p90 6,800) and missed
    short titles with two typos; a BK-tree walks a large share of its nodes at distance 2.

    Memory: the 200,000 deletions of the 8,800 distinct words of 100,000 titles are kept as
    hashes in one array of 64-bit integers, sorted once the index is built (pack), with an
    array of where each hash bucket starts: 2 MB. A dict of the deletion strings cost 20 MB
    (tracemalloc) and a lookup about 0.02 ms less. Words added after packing go to a small
    dict; a removed word is forgotten by id, its entries left to point at nothing.
    """

    __slots__ = ("_buckets", "_ids", "_lately", "_packed", "_pending", "_recent", "_words")

    def __init__(self) -> None:
        self._words: list[str | None] = []  # by id; None once removed
        self._ids: dict[str, int] = {}
        self._pending = array("q")  # entries of words added before packing, unsorted
        self._packed = array("q")  # entries, sorted
        self._buckets = array("q")  # where each bucket's entries start in _packed, and the end
        self._recent: dict[int, list[int]] = {}  # hash -> ids of words added since packing
        # The answers of `near` since the words last changed: a typo'd title with a year
        # asks about its words twice (with and without the year).
        self._lately: dict[str, list[str]] = {}

    def add(self, word: str) -> None:
        if word in self._ids:
            return
        word_id = len(self._words)
        if word_id > _ID_MASK:
            raise OverflowError("more distinct title words than the typo index can number")
        self._words.append(word)
        self._ids[word] = word_id
        self._lately.clear()
        packed = bool(self._buckets)
        for deletion in _deletions(word, _edits_allowed(word)):
            hashed = _deletion_hash(deletion)
            if packed:
                self._recent.setdefault(hashed, []).append(word_id)
            else:
                self._pending.append(hashed << _ID_BITS | word_id)

    def remove(self, word: str) -> None:
        word_id = self._ids.pop(word, None)
        if word_id is not None:
            self._words[word_id] = None
            self._lately.clear()

    def pack(self, slices: _Slices | None = None) -> Iterator[None]:
        """Sort the entries of the words added before, yielding between steps; words added
        from then on are looked up in a dict."""
        slices = slices or _Slices(None)
        entries = self._pending
        runs = []
        for start in range(0, len(entries), _STEP):
            runs.append(array("q", sorted(entries[start : start + _STEP])))
            yield
        packed = array("q")
        for entry in heapq.merge(self._packed, *runs):
            packed.append(entry)
            if slices.used_up():
                yield
        del runs
        buckets = array("q", [0]) * ((1 << _BUCKET_BITS) + 1)
        for entry in packed:
            buckets[(entry >> (_ID_BITS + _BUCKET_SHIFT)) + 1] += 1
            if slices.used_up():
                yield
        for bucket in range(1, len(buckets)):
            buckets[bucket] += buckets[bucket - 1]
            if slices.used_up():
                yield
        self._packed, self._buckets, self._pending = packed, buckets, array("q")

    def _near_ids(self, hashed: int) -> Iterator[int]:
        """The ids of the words having a deletion of this hash (removed ones included)."""
        if self._buckets:
            bucket = hashed >> _BUCKET_SHIFT
            packed = self._packed
            for position in range(self._buckets[bucket], self._buckets[bucket + 1]):
                entry = packed[position]
                if entry >> _ID_BITS == hashed:
                    yield entry & _ID_MASK
            yield from self._recent.get(hashed, ())
        else:  # not packed yet: only a test asks then
            for entry in self._pending:
                if entry >> _ID_BITS == hashed:
                    yield entry & _ID_MASK

    def near(self, typed: str) -> list[str]:
        """The stored words within as many typos as both they and the typed word allow:
        exactly those, since two words that far apart share a deletion of each. The list is
        shared with later callers: read it, never change it."""
        found = self._lately.get(typed)
        if found is not None:
            return found
        allowed = _edits_allowed(typed)
        seen: set[int] = set()
        for deletion in _deletions(typed, allowed):
            seen.update(self._near_ids(_deletion_hash(deletion)))
        found = []
        for word_id in seen:
            word = self._words[word_id]
            if word is None:
                continue
            most = min(allowed, _edits_allowed(word))
            if OSA.distance(typed, word, score_cutoff=most) <= most:
                found.append(word)
        if len(self._lately) >= _NEAR_REMEMBERED:
            self._lately.clear()
        self._lately[typed] = found
        return found

    def __len__(self) -> int:
        """The deletions indexed, those of removed words included."""
        return len(self._packed) + len(self._pending) + sum(map(len, self._recent.values()))


class TitleIndex:
    """Every show's title and aliases, indexed for exact, typo-tolerant and prefix lookups.

    Typos: each typed word stands for the title words within a typo or two of it, found in a
    deletion index of the distinct title words (_WordNeighbours), and the candidates are the
    shows with a word like each typed word (or, when none has all, like either of the two
    rarest). Only their keys are scored, with the same prefilter and rerank as the scan of
    every key this replaced. Measured on the benchmark's 100,000 synthetic titles (8,772
    distinct words), fuzzy queries: candidates median 2, p90 9, p99 181; none missed the show
    meant; 0.12 ms to find them on average; title resolution p99 over every query kind 4.5-7 ms
    -> about 1.1 ms, typo top-1 95.7 -> 96.3 %, no typo resolved to a wrong show. The
    deletion index holds 198,000 strings: 20 MB by tracemalloc, and 0.4 s of the index build.
    Words run together or split ("twobridge" for "Two Bridge"), when they are most of the
    query, and candidate sets past TYPO_CANDIDATES_MAX still scan every key (none of the
    benchmark's 1,200 fuzzy queries does). A trigram index was measured and rejected: median
    2,600 candidates at 100,000 titles, and it missed short titles with two typos.

    Not thread-safe: use it from the event loop only.
    """

    def __init__(self, entries: Iterable[TitleEntry] = (), *, finished: bool = True) -> None:
        """The index of these entries; `finished` False leaves it to TitleIndexBuild to add
        entries and make the sorted views."""
        # What each show is, in lists and arrays indexed by its show id (the database's,
        # numbered from 1 with few gaps): dicts keyed by show id cost 5 MB each at 100,000
        # shows, and their resizes held the event loop for 7 ms in the build, and a record
        # object per show (TitleEntry) 23 MB with its numbers. The title as stored, or the
        # title and its aliases (most shows have none); None where no show has the id.
        self._texts: list[str | tuple[str, ...] | None] = []
        self._years = array("i")  # _NO_YEAR for none
        self._platforms = array("I")  # numbers in _platform_names; 0 for none
        self._platform_names: list[str | None] = [None]
        self._platform_numbers: dict[str, int] = {}
        self._count = 0
        self._changes = 0  # upserts and removals so far: what _last_candidates was found at
        self._last_candidates: tuple[tuple[tuple[str, ...], int], set[int] | None] | None = None
        # Normalised title first, then aliases: the one key itself for a show with one (most
        # have no alias), as a tuple of one cost 7 MB at 100,000 shows. Read by _keys_of.
        self._keys: list[str | tuple[str, ...] | None] = []
        # Compact key -> its shows; the text as stored is found again from the show's texts.
        # The shows of a normalised key are those of its compact key having it (_key_owners):
        # a dict of them cost 3.9 MB at 100,000 shows, and its resize held the event loop for
        # 4 ms in the build.
        self._by_compact: dict[str, _Owners] = {}
        # Keys without their leading article, only where that differs from the compact key
        # ("theoffice" -> "office"): the rest are _by_compact's keys already, and a copy of
        # them cost 10 MB at 100,000 shows.
        self._by_article_dropped: dict[str, _Members] = {}
        self._by_word: dict[str, _Members] = {}
        self._word_neighbours = _WordNeighbours()  # the words of _by_word, for typo candidates
        self._by_initialism: dict[str, _Owners] = {}
        # Sorted views for prefix lookups, kept in order by insort rather than re-sorted.
        self._sorted_keys: list[str] = []
        self._sorted_compacts: list[str] = []
        self._sorted_words: list[str] = []
        # Show ids by (normalised title, id): a tuple of both per show cost 6.4 MB, and a
        # list of the ids 3.5 MB more than this array.
        self._alphabetical = array("q")
        # The compact keys with a digit: all the scan of a query with a year reads. The scan
        # of every key reads _by_compact's own keys: packed copies of them, allocated in
        # order, made it a fifth faster, but cost 7.8 MB at 100,000 shows for a scan that
        # now runs only for the few queries the typo candidates can't narrow.
        self._with_digits: list[str] = []
        self._keep_sorted = False
        if not finished:
            return
        for _ in self._add_in_steps(entries, slice_seconds=None):
            pass
        for _ in self._finish_in_steps(None):
            pass

    @classmethod
    def building(cls) -> TitleIndexBuild:
        """An empty index to fill a slice at a time (see TitleIndexBuild)."""
        return TitleIndexBuild(cls(finished=False))

    def _add_in_steps(
        self, entries: Iterable[TitleEntry], *, slice_seconds: float | None
    ) -> Iterator[None]:
        """Upsert entries, yielding whenever a slice of `slice_seconds` is used up (never,
        for None)."""
        slices = _Slices(slice_seconds, _UPSERTS_CHECKED)
        for entry in entries:
            if slice_seconds is not None and (
                len(self._by_compact) in _BEFORE_A_RESIZE
                or len(self._by_initialism) in _BEFORE_A_RESIZE
            ):
                # The dict grows soon, in one step that rehashes every key (1-6 ms at
                # 87,381 keys, the size 100,000 titles pass): in a slice of its own, so it
                # is not added to a slice's 2 ms.
                yield
                slices.restart()
            self.upsert(entry)
            if slices.used_up():
                yield

    def _finish_in_steps(self, slice_seconds: float | None) -> Iterator[None]:
        """The sorted views, made once every entry is in; kept up in place from then."""
        slices = _Slices(slice_seconds)
        yield from self._word_neighbours.pack(slices)
        sorted_keys: list[str] = []
        every_key = (key for show_id in self.show_ids() for key in self._keys_of(show_id))
        yield from _sorted_in_steps(every_key, sorted_keys, slices, distinct=True)
        sorted_compacts: list[str] = []
        yield from _sorted_in_steps(self._by_compact, sorted_compacts, slices)
        sorted_words: list[str] = []
        yield from _sorted_in_steps(self._by_word, sorted_words, slices)
        # Straight into an array: making one of a list of 100,000 ids at the end took 3 ms.
        alphabetical = array("q")
        yield from _sorted_in_steps(
            self.show_ids(), alphabetical, slices, key=self._alphabetical_key
        )
        self._sorted_keys = sorted_keys
        self._sorted_compacts = sorted_compacts
        self._sorted_words = sorted_words
        self._alphabetical = alphabetical
        self._keep_sorted = True

    # --- maintenance -------------------------------------------------------------------

    def upsert(self, entry: TitleEntry) -> None:
        """Add a show, or replace the one with the same show_id."""
        show_id = entry.show_id
        if show_id < 0:
            raise ValueError(f"a show id is never negative: {show_id}")
        if self.entry(show_id) == entry:
            return
        self.remove(show_id)
        self._make_room(show_id)
        # Normalised keys in order, the title's first (see _stored_text), each once.
        keys = dict.fromkeys(
            key for key in map(normalise_title, (entry.title, *entry.aliases)) if key
        )
        self._texts[show_id] = (entry.title, *entry.aliases) if entry.aliases else entry.title
        self._years[show_id] = _NO_YEAR if entry.year is None else entry.year
        self._platforms[show_id] = self._platform_number(entry.platform)
        self._count += 1
        self._changes += 1
        self._keys[show_id] = next(iter(keys)) if len(keys) == 1 else tuple(keys)
        for key in keys:
            if self._keep_sorted and not self._key_owners(key, besides=show_id):
                bisect.insort(self._sorted_keys, key)
            compact = _compact(key)
            if _add_owner(self._by_compact, compact, show_id):
                if _DIGIT.search(compact):
                    self._with_digits.append(compact)
                if self._keep_sorted:
                    bisect.insort(self._sorted_compacts, compact)
            article_free = _without_article(key)
            if article_free != compact:
                _add_member(self._by_article_dropped, article_free, show_id)
            for word in key.split():
                if _add_member(self._by_word, word, show_id):
                    self._word_neighbours.add(word)
                    if self._keep_sorted:
                        bisect.insort(self._sorted_words, word)
        for short in self._initialisms(show_id):
            _add_owner(self._by_initialism, short, show_id)
        if self._keep_sorted:
            bisect.insort(self._alphabetical, show_id, key=self._alphabetical_key)

    def _make_room(self, show_id: int) -> None:
        """Make the per-show lists reach show_id, a step ahead, so they grow seldom."""
        if show_id < len(self._texts):
            return
        more = max(show_id + 1, len(self._texts) + len(self._texts) // 8 + 64) - len(self._texts)
        self._texts.extend(itertools.repeat(None, more))
        self._keys.extend(itertools.repeat(None, more))
        self._years.extend(itertools.repeat(_NO_YEAR, more))
        self._platforms.extend(itertools.repeat(0, more))

    def _platform_number(self, platform: str | None) -> int:
        """The platform's number in _platform_names: a few hundred names for every show."""
        if platform is None:
            return 0
        number = self._platform_numbers.get(platform)
        if number is None:
            number = self._platform_numbers[platform] = len(self._platform_names)
            self._platform_names.append(platform)
        return number

    def _initialisms(self, show_id: int) -> tuple[str, ...]:
        # From the title only: an alias is already a short form of the editors' choosing.
        keys = self._keys_of(show_id)
        return initialisms(keys[0]) if keys else ()

    def remove(self, show_id: int) -> None:
        """Forget a show; unknown ids are ignored."""
        if show_id not in self:
            return
        if self._keep_sorted:
            position = bisect.bisect_left(
                self._alphabetical, self._alphabetical_key(show_id), key=self._alphabetical_key
            )
            if position < len(self._alphabetical) and self._alphabetical[position] == show_id:
                del self._alphabetical[position]
        for key in self._keys_of(show_id):
            if self._keep_sorted and not self._key_owners(key, besides=show_id):
                _sorted_delete(self._sorted_keys, key)
            compact = _compact(key)
            if _drop_owner(self._by_compact, compact, show_id):
                if _DIGIT.search(compact):
                    self._with_digits.remove(compact)
                if self._keep_sorted:
                    _sorted_delete(self._sorted_compacts, compact)
            article_free = _without_article(key)
            if article_free != compact:
                _drop_member(self._by_article_dropped, article_free, show_id)
            for word in key.split():
                if _drop_member(self._by_word, word, show_id):
                    self._word_neighbours.remove(word)
                    if self._keep_sorted:
                        _sorted_delete(self._sorted_words, word)
        for short in self._initialisms(show_id):
            _drop_owner(self._by_initialism, short, show_id)
        self._texts[show_id] = None
        self._keys[show_id] = None
        self._years[show_id] = _NO_YEAR
        self._platforms[show_id] = 0
        self._count -= 1
        self._changes += 1

    def _key_owners(self, key: str, besides: int | None = None) -> list[int]:
        """The shows having this normalised key (but `besides`), in the order they got it."""
        owners = self._by_compact.get(key.replace(" ", ""))
        if owners is None:
            return []
        return [
            show_id
            for show_id in _owner_ids(owners)
            if show_id != besides and key in self._keys_of(show_id)
        ]

    def _compact_owners(self, compact: str) -> Iterable[int]:
        owners = self._by_compact.get(compact)
        return () if owners is None else _owner_ids(owners)

    def _keys_of(self, show_id: int) -> tuple[str, ...]:
        keys = self._keys[show_id]
        assert keys is not None, "asked for the keys of a show not in the index"
        return (keys,) if isinstance(keys, str) else keys

    def _shortest_key(self, show_id: int) -> int:
        """The length of the show's shortest compact key, worked out when asked: kept for
        every show, it cost 5 MB at 100,000 shows for search alone."""
        return min((len(key) - key.count(" ") for key in self._keys_of(show_id)), default=0)

    def _alphabetical_key(self, show_id: int) -> tuple[str, int]:
        return self._sort_key(show_id), show_id

    def _sort_key(self, show_id: int) -> str:
        """The normalised title (an alias when the title has no letters or digits)."""
        keys = self._keys_of(show_id)
        return keys[0] if keys else ""

    def __len__(self) -> int:
        return self._count

    def __contains__(self, show_id: object) -> bool:
        return (
            isinstance(show_id, int)
            and 0 <= show_id < len(self._texts)
            and self._texts[show_id] is not None
        )

    def show_ids(self) -> Iterator[int]:
        """The shows in the index, in id order."""
        return (show_id for show_id, texts in enumerate(self._texts) if texts is not None)

    def entry(self, show_id: int) -> TitleEntry | None:
        """The show's title record, made again from what the index keeps."""
        if show_id not in self:
            return None
        title, *aliases = self._texts_of(show_id)
        return TitleEntry(
            show_id, title, self._year(show_id), self._platform(show_id), tuple(aliases)
        )

    def _texts_of(self, show_id: int) -> tuple[str, ...]:
        """The title as stored, then the aliases."""
        texts = self._texts[show_id]
        assert texts is not None, "asked for the texts of a show not in the index"
        return (texts,) if isinstance(texts, str) else texts

    def _title(self, show_id: int) -> str:
        return self._texts_of(show_id)[0]

    def _year(self, show_id: int) -> int | None:
        year = self._years[show_id]
        return None if year == _NO_YEAR else year

    def _platform(self, show_id: int) -> str | None:
        return self._platform_names[self._platforms[show_id]]

    # --- resolve -----------------------------------------------------------------------

    def is_title(self, text: str) -> bool:
        """Whether text is some show's title or alias as typed (case, punctuation and spacing
        aside), not merely close to one. One dict lookup: no fuzzy scan."""
        compact = _Query.of(text).compact
        return bool(compact) and compact in self._by_compact

    def exactly(self, text: str) -> list[int]:
        """The shows whose title or alias text is (case, punctuation, spacing and a leading
        article aside); never a near miss, for text no person typed (a headline's title)."""
        return self._exact_matches(_Query.of(text))

    def resolve(self, query: str) -> Resolution:
        """One show when confident; otherwise "did you mean" candidates or suggestions."""
        parsed = _Query.of(query)
        if not parsed.text:
            return Resolution(None, ())
        exact = self._exact_matches(parsed)
        if exact:
            return self._exact_resolution(exact)
        year_split = parsed.split_trailing_year()
        if year_split is not None:
            rest, year = year_split
            exact = self._exact_matches(rest)
            if exact:
                # A year we don't know for the title is more likely misremembered than a
                # different show, so it falls back to every show of that title.
                same_year = [show_id for show_id in exact if self._year(show_id) == year]
                return self._exact_resolution(same_year or exact)
        plain = self._without_noise(parsed)
        if plain is not None:
            exact = self._exact_matches(plain)
            if exact:
                return self._exact_resolution(exact)
        scores = self._fuzzy_scores_with_year(parsed, year_split)
        typed = [parsed.words] if year_split is None else [parsed.words, year_split[0].words]
        resolution = self._fuzzy_resolution(scores, typed)
        if resolution.found:
            return resolution
        # "tbbt", "got", "b99": a short form no editor typed, after any confident typo match.
        short = self.by_initialism(parsed.compact) if " " not in parsed.text else []
        if short:
            return self._exact_resolution(short)
        return resolution

    def by_initialism(self, word: str) -> list[int]:
        """The shows whose title shortens to `word` (already normalised)."""
        owners = self._by_initialism.get(word)
        return [] if owners is None else list(_owner_ids(owners))

    def _without_noise(self, query: _Query) -> _Query | None:
        """The query without platform, "tv show" and year words ("netflix tiny pretty things
        2020"), when that leaves some other words; None when there was nothing to drop."""
        words = query.words
        kept = [
            word
            for word in words
            if word not in _NOISE_WORDS
            and not (len(word) == 4 and word.isdigit() and int(word) in _YEAR_RANGE)
        ]
        if not kept or len(kept) == len(words):
            return None
        return _Query.from_normalised(" ".join(kept))

    def _exact_matches(self, query: _Query) -> list[int]:
        owners = self._by_compact.get(query.compact)
        if owners is not None:
            # The shows with the key as typed, spaces and all, when there are any.
            return self._key_owners(query.text) or list(_owner_ids(owners))
        # A leading article aside, on either side: titles without one are under their
        # compact key, titles with one under the key without it.
        found: set[int] = set()
        plain = self._by_compact.get(query.article_free)
        if plain is not None:
            found.update(_owner_ids(plain))
        dropped = self._by_article_dropped.get(query.article_free)
        if dropped is not None:
            found.update(_members_of(dropped))
        return list(found)

    def _exact_resolution(self, show_ids: list[int]) -> Resolution:
        if len(show_ids) == 1:
            return Resolution(show_ids[0], ())
        same_title = self._ranked(dict.fromkeys(show_ids, 100.0))
        return Resolution(None, tuple(same_title[:MAX_SAME_TITLE]))

    def _fuzzy_scores_with_year(
        self, query: _Query, year_split: tuple[_Query, int] | None
    ) -> dict[int, float]:
        if year_split is None:
            return self._fuzzy_scores(query)
        # The whole query, year and all, is close only to titles with digits ("blade runer
        # 2049"): any other title scores no better against it than against the query less its
        # year, scanned next, but for the year penalty. So the first scan reads only the
        # typo candidates' keys with a digit (every key with one when the words can't narrow
        # them), and a title with a year costs one full scan at most, not two.
        scores = self._fuzzy_scores(query, digits_only=True)
        # "docter who 2005": match the title without the year, and let the year pick a side.
        rest, year = year_split
        for show_id, score in self._fuzzy_scores(rest).items():
            if self._year(show_id) != year:
                score -= YEAR_MISMATCH_PENALTY
            if score > scores.get(show_id, 0.0):
                scores[show_id] = score
        return scores

    def _fuzzy_resolution(
        self, scores: dict[int, float], typed: list[list[str]] | None = None
    ) -> Resolution:
        ranked = self._ranked(scores)
        if not ranked:
            return Resolution(None, ())
        best = ranked[0]
        runner_up = 0.0
        for rival in itertools.islice(ranked, 1, None):
            # Only a twin close enough to matter is looked at: the ranking can be hundreds long.
            if (
                typed
                and best.score >= FOUND_SCORE
                and best.score - rival.score < MARGIN
                and self._article_twin(best.show_id, rival.show_id, typed)
            ):
                continue
            runner_up = rival.score
            break
        if best.score >= FOUND_SCORE and best.score - runner_up >= MARGIN:
            return Resolution(best.show_id, ())
        if _too_close(best.score, runner_up):
            close = [
                candidate
                for candidate in ranked
                if candidate.score >= CLOSE_SCORE
                and best.score - candidate.score <= AMBIGUOUS_WINDOW
            ]
            return Resolution(None, tuple(close[:MAX_AMBIGUOUS]))
        suggestions = [c for c in ranked if c.score >= SUGGESTION_SCORE]
        return Resolution(None, tuple(suggestions[:MAX_SUGGESTIONS]))

    def _article_twin(self, best_id: int, rival_id: int, typed: list[list[str]]) -> bool:
        """Whether the rival's title is the best's with a leading article more or less
        ("The Royal Road" for "Royal Road") and the query (one of `typed`, the words with and
        without a trailing year) has as many words as the best's and the same article or none:
        a typo of "royal road" then means "Royal Road", as "royal road" itself does.
        ARTICLE_WEIGHT keeps the twin within MARGIN of the best, which made every such typo a
        "did you mean". A query with a word more may start with a mangled article, and one
        with another article ("a royal roda") fits both as well, so those still ask.
        """
        rival_keys = [key.split() for key in self._keys_of(rival_id)]
        for key in self._keys_of(best_id):
            words = key.split()
            if not any(_same_shape(words, query) for query in typed):
                continue
            for other in rival_keys:
                if _with_article(other, words) or _with_article(words, other):
                    return True
        return False

    def _fuzzy_scores(self, query: _Query, *, digits_only: bool = False) -> dict[int, float]:
        """Best similarity per show for the shows worth looking at, from one C++ scan (of
        the keys with a digit in them only, if asked)."""
        if not query.compact:
            return {}
        choices: Iterable[str] = self._with_digits if digits_only else self._by_compact.keys()
        candidates = self._typo_candidates(query)
        if candidates is not None:
            # _compact inlined: a call per key costs a third of this at 3,000 candidates.
            keys_of = self._keys_of
            choices = {key.replace(" ", "") for show_id in candidates for key in keys_of(show_id)}
            if digits_only:
                # The typo candidates of the query with its year, not every title with a
                # digit: those were a tenth of the titles, and their scan made the p99 of
                # every query at 1,000,000 titles (15 ms of CPU a query with a year).
                choices = {key for key in choices if _DIGIT.search(key)}
        hits = process.extract(
            query.compact,
            choices,
            scorer=fuzz.ratio,
            processor=None,  # keys and query are normalised already
            score_cutoff=SCAN_SCORE_CUTOFF,
            limit=SCAN_LIMIT,
        )
        show_ids: set[int] = set()
        for compact, score, _position in hits:
            if score < hits[0][1] - SCAN_WINDOW:
                break  # hits come best first
            show_ids.update(_owner_ids(self._by_compact[compact]))
        # Shows with every word, when few, catch what the character scan misses: word order.
        with_words = self._shows_with_words(query.words)
        if len(with_words) <= TOKEN_POOL_MAX:
            show_ids.update(with_words)
        scores = {show_id: self._similarity(query, show_id) for show_id in show_ids}
        if " " in query.text:
            for show_id, score in scores.items():
                if score >= CLOSE_SCORE and not self._words_supported(query, show_id):
                    scores[show_id] = UNSUPPORTED_SCORE
        for show_id, score in self._sharing_words(query).items():
            if score > scores.get(show_id, 0.0):
                scores[show_id] = score
        return scores

    def _typo_candidates(self, query: _Query) -> set[int] | None:
        """The shows a typo'd query can mean, or None when only a scan of every title can tell.

        Each typed word stands for the title words within a typo or two of it
        (_WordNeighbours), and the candidates are the shows having a word like each typed
        word; when no show has them all, the shows like either of the two rarest words.
        None when the words like no title word at all (words run together or split,
        "twobridge", or a word typed beyond recognition) are most of the query, or the
        candidates are too many to score faster than the scan.
        """
        groups: list[tuple[int, str, list[str], list[_Members]]] = []
        known_letters = unknown_letters = 0
        for word in set(query.words):
            near = self._word_neighbours.near(word)
            postings = [self._by_word[other] for other in near]
            if not postings:
                unknown_letters += len(word)
                continue
            known_letters += len(word)
            size = sum(_how_many(members) for members in postings)
            groups.append((size, word, near, postings))
        # A word like no title word is two typos in a short word ("irfy woman love"), words
        # typed together ("twobridge") or a word from outside the title ("netflix"): the
        # other words still find the show when they are most of the query, else scan.
        if not groups or unknown_letters > known_letters:
            return None
        # By size, then word: the two rarest are the same whatever order the words came in.
        groups.sort(key=lambda group: group[:2])
        # A typo'd title with a year asks twice, with and without the year, and when no
        # title has a word like the year the candidates are the same.
        asked = (tuple(group[1] for group in groups), self._changes)
        if self._last_candidates is not None and self._last_candidates[0] == asked:
            return self._last_candidates[1]
        found = self._candidates_of(groups)
        self._last_candidates = (asked, found)
        return found

    def _candidates_of(
        self, groups: list[tuple[int, str, list[str], list[_Members]]]
    ) -> set[int] | None:
        """The shows having a word of each group (typed word, the title words like it and
        their postings, rarest first), or of either of the two rarest when none has all."""
        candidates = _union(groups[0][3])
        for _size, _word, near, postings in groups[1:]:
            if not candidates:
                break
            if _intersecting_costs(len(candidates), postings) > len(candidates):
                candidates = self._having_a_word(candidates, near)
                continue
            # Intersecting in C with each posting reads the smaller side only: cheaper than
            # building the union of a common word's postings.
            kept: set[int] = set()
            for members in postings:
                kept |= _intersect(candidates, members)
            candidates = kept
        if not candidates:
            candidates = _union(groups[0][3])
            if len(groups) > 1:
                candidates |= _union(groups[1][3])
        most = max(TYPO_CANDIDATES_MAX, len(self._by_compact) // KEYS_SCANNED_PER_CANDIDATE)
        return candidates if len(candidates) <= most else None

    def _having_a_word(self, shows: set[int], words: Iterable[str]) -> set[int]:
        """The shows having one of the words in a title or alias: what intersecting them with
        the words' postings gives, read from the shows' own keys. When the postings are long
        (common words at 1,000,000 titles: "love" in 39,000 of them) that costs far less
        than reading the postings, and made the p99 of every query there."""
        wanted = frozenset(words)
        keys_of = self._keys_of
        return {
            show_id
            for show_id in shows
            if any(not wanted.isdisjoint(key.split()) for key in keys_of(show_id))
        }

    def _words_supported(self, query: _Query, show_id: int) -> bool:
        """Whether each word of the query is a title word or a typo of one: "pretty little
        things" is close to "Pretty Little Liars" letter by letter, but "things" is no typo
        of "liars", so that is another show, not a misspelling."""
        words = [word for word in query.words if word not in _LEADING_ARTICLES]
        return any(
            all(
                max(
                    (
                        OSA.normalized_similarity(word, other, processor=None)
                        for other in key.split()
                    ),
                    default=0.0,
                )
                >= WORD_SUPPORT
                for word in words
            )
            for key in self._keys_of(show_id)
        )

    def _sharing_words(self, query: _Query) -> dict[int, float]:
        """Shows whose title shares most of a query's uncommon words, a word or two wrong
        ("pretty little things"): worth offering, never enough to choose one."""
        words = {word for word in query.words if word not in _LEADING_ARTICLES}
        if len(words) < SHARED_WORDS_MIN:
            return {}
        postings = []
        for word in words:
            members = self._by_word.get(word)
            if members is None:
                continue
            if _how_many(members) <= SHARED_WORD_POSTINGS_MAX:  # a word in thousands tells nothing
                postings.append(set(_members_of(members)))
        needed = max(SHARED_WORDS_MIN, (len(words) + 1) // 2)
        # A show with two words or more lies in two postings' intersection, made in C: counting
        # every member of every posting in Python cost about 1 ms a query at 100,000 titles.
        several: set[int] = set()
        for position, first in enumerate(postings):
            for second in postings[position + 1 :]:
                several |= first & second
        shared = {show_id: sum(show_id in members for members in postings) for show_id in several}
        best = heapq.nlargest(TOKEN_POOL_MAX, shared.items(), key=lambda item: item[1])
        return {
            show_id: SHARED_WORDS_SCORE + count / len(words)
            for show_id, count in best
            if count >= needed and count < len(words)
        }

    def _similarity(self, query: _Query, show_id: int) -> float:
        return max((_key_similarity(query, key) for key in self._keys_of(show_id)), default=0.0)

    def _shows_with_words(self, words: Iterable[str]) -> set[int]:
        """Shows with a title or alias having every one of the words (any order)."""
        postings = []
        for word in set(words):
            members = self._by_word.get(word)
            if members is None:
                return set()
            postings.append(members)
        if not postings:
            return set()
        postings.sort(key=_how_many)
        shows = set(_members_of(postings[0]))
        for members in postings[1:]:
            if not shows:
                break
            shows = _intersect(shows, members)
        return shows

    def _candidate(self, show_id: int, score: float) -> Candidate:
        return Candidate(
            show_id,
            self._title(show_id),
            self._year(show_id),
            self._platform(show_id),
            round(score, 1),
        )

    def _ranked(self, scores: dict[int, float]) -> list[Candidate]:
        """Best score first; among equals the newest show (a remake is the one people mean)."""
        ordered = sorted(
            scores.items(),
            key=lambda item: (
                -round(item[1], 1),
                -(self._year(item[0]) or 0),
                self._sort_key(item[0]),
                item[0],
            ),
        )
        return [self._candidate(show_id, score) for show_id, score in ordered]

    # --- search and autocomplete -------------------------------------------------------

    def search(self, words: str, limit: int = 10) -> list[Candidate]:
        """Shows having all the words (any order), then fuzzy matches; best first."""
        query = _Query.of(words)
        if limit <= 0 or not query.text:
            return []
        query_words = set(query.words)
        scores: dict[int, float] = {}
        with_words = self._shows_with_words(query_words)
        if len(with_words) > limit * 4:
            # Shorter titles contain the words more closely; keeps the Python rerank small.
            with_words = set(heapq.nsmallest(limit * 4, with_words, key=self._shortest_key))
        for show_id in with_words:
            # The words may be spread over a title and an alias: then only fuzzy scores count.
            containment = max(
                (_containment_score(query, key) for key in self._keys_of(show_id)), default=0.0
            )
            score = max(containment, self._similarity(query, show_id))
            if containment or score >= SUGGESTION_SCORE:
                scores[show_id] = score
        if len(scores) < limit:
            for show_id, score in self._fuzzy_scores(query).items():
                if score >= SUGGESTION_SCORE and score > scores.get(show_id, 0.0):
                    scores[show_id] = score
        return self._ranked(scores)[:limit]

    def autocomplete(self, text: str, limit: int = AUTOCOMPLETE_MAX) -> list[Candidate]:
        """Choices for a title box: starts with the text, then contains it, then fuzzy."""
        limit = min(limit, AUTOCOMPLETE_MAX)
        if limit <= 0:
            return []
        query = _Query.of(text)
        if not query.text:
            return [self._candidate(show_id, 0.0) for show_id in self._alphabetical[:limit]]
        picked: dict[int, None] = {}  # insertion-ordered set: the order is the answer
        self._pick_prefix_matches(query, picked, limit)
        if len(picked) < limit:
            self._pick_word_matches(query, picked, limit)
        if len(picked) < limit and len(query.compact) >= 3:
            fuzzy = self._fuzzy_scores(query)
            for candidate in self._ranked(fuzzy):
                if len(picked) >= limit or candidate.score < SUGGESTION_SCORE:
                    break
                picked.setdefault(candidate.show_id)
        return [self._candidate(show_id, self._similarity(query, show_id)) for show_id in picked]

    def _pick_prefix_matches(self, query: _Query, picked: dict[int, None], limit: int) -> None:
        for sorted_keys, owners_of, prefix in (
            (self._sorted_keys, self._key_owners, query.text),
            (self._sorted_compacts, self._compact_owners, query.compact),
        ):
            for key in _starting_with(sorted_keys, prefix):
                for show_id in owners_of(key):
                    if len(picked) >= limit:
                        return
                    picked.setdefault(show_id)

    def _pick_word_matches(self, query: _Query, picked: dict[int, None], limit: int) -> None:
        """Titles with the typed words, the last one possibly unfinished ("pretty thi")."""
        *complete, partial = query.words
        wanted = limit * 4  # enough to rank, bounded however short the partial word
        required = self._shows_with_words(complete) if complete else None
        if complete and not required:
            return
        found: set[int] = set()
        if required is not None and len(required) <= wanted * 10:
            for show_id in required:
                if any(
                    word.startswith(partial)
                    for key in self._keys_of(show_id)
                    for word in key.split()
                ):
                    found.add(show_id)
        else:
            for word in _starting_with(self._sorted_words, partial):
                members = self._by_word[word]
                found.update(
                    _members_of(members) if required is None else _intersect(required, members)
                )
                if len(found) >= wanted:
                    break
        padded = f" {query.text}"

        def contains_text(show_id: int) -> bool:
            return any(padded in f" {key}" for key in self._keys_of(show_id))

        # Word-start substring first ("pretty thi" inside "tiny pretty things"), then any order.
        ordered = sorted(
            found - picked.keys(),
            key=lambda show_id: (not contains_text(show_id), self._sort_key(show_id), show_id),
        )
        for show_id in ordered[: limit - len(picked)]:
            picked.setdefault(show_id)

    # --- titles inside questions -------------------------------------------------------

    def find_in_text(self, text: str) -> str | None:
        mention = self.mention_in(text)
        return mention.text if mention is not None else None

    def mention_in(self, text: str) -> Mention | None:
        """The title or alias (as stored) named by the longest run of words in a question.

        Runs made only of question words ("who", "coming out") lose to any run with another
        word in it, since a big catalogue has shows named like them; so does an everyday
        word typed in lower case ("I lost track" beside another title). Then a run typed with
        capitals wins, then the most words, the most letters, the earliest. A word that is a
        title's initialism ("PLL", "tbbt") counts after any title or alias of the same rank;
        one shared by several shows comes back as typed, for "did you mean".
        """
        tokens = _tokens(text[:MAX_QUESTION_CHARS])
        words = [token.word for token in tokens]
        best_rank: tuple[bool, bool, bool, int, bool, int, int] | None = None
        best: Mention | None = None
        for size in range(1, min(MAX_TITLE_WORDS, len(words)) + 1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                phrase = " ".join(run)
                # A run typed alone is meant as a title, as much as one typed with capitals.
                capital = size == len(words) or any(
                    token.capital for token in tokens[start : start + size]
                )
                found = self._run_text(phrase, run, capital)
                if found is None:
                    continue
                matched, named = found
                has_content = not _FILLER_WORDS.issuperset(run)
                everyday = not capital and COMMON_WORDS.issuperset(run)
                rank = (
                    has_content,
                    not everyday,
                    capital,
                    size,
                    named,
                    len(phrase),
                    -start,
                )
                if best_rank is None or rank > best_rank:
                    best_rank, best = rank, Mention(matched, weak=everyday or not has_content)
        return best

    def _run_text(self, phrase: str, run: list[str], capital: bool) -> tuple[str, bool] | None:
        """The stored text a run of words names, and whether it is a title or alias (True)
        rather than an initialism; None when it names nothing."""
        key, compact = phrase, False
        owners: Iterable[int] = self._key_owners(phrase)
        if not owners:
            key, compact = "".join(run), True
            owners = self._compact_owners(key)
        if owners:
            first = next(iter(owners))
            return self._stored_text(first, key, compact=compact), True
        # An initialism is one word, not an everyday one unless typed in capitals ("GOT") or
        # typed alone.
        if len(run) != 1 or (phrase in COMMON_WORDS and not capital):
            return None
        shows = self.by_initialism(phrase)
        if len(shows) == 1:
            return self._title(shows[0]), False
        return (phrase, False) if shows else None

    def _stored_text(self, show_id: int, key: str, *, compact: bool) -> str:
        """The show's title or alias, as stored, that has this key; the title wins a tie."""
        texts = self._texts_of(show_id)
        for text in texts:
            normalised = normalise_title(text)
            if (_compact(normalised) if compact else normalised) == key:
                return text
        return texts[0]  # not reached: every key of a show came from one of its texts


class TitleIndexBuild:
    """A title index built a slice at a time, for a caller on the event loop that lets other
    tasks run between slices (CatalogueService.start).

    Chosen over building in a worker thread, measured at 100,000 shows: a thread holding the
    GIL kept the event loop waiting 18-50 ms at a time (the loop waits a switch interval for
    the GIL, then for the OS to run it on a busy machine), where slices of STEP_SECONDS keep
    every stall near that. The build takes about as long either way, since only one thread
    runs Python at a time.
    """

    def __init__(self, index: TitleIndex) -> None:
        # Unfinished: upserts skip the sorted views and pile up the typo index's entries,
        # all sorted once at the end.
        self._index = index
        self._finished = False

    def add(self, entries: Iterable[TitleEntry]) -> Iterator[None]:
        """Add entries, yielding each time a slice of STEP_SECONDS is used up."""
        if self._finished:
            raise RuntimeError("the index is built already")
        yield from self._index._add_in_steps(entries, slice_seconds=STEP_SECONDS)

    def finish(self) -> Iterator[None]:
        """Make the sorted views, yielding between steps; then `index` is ready."""
        yield from self._index._finish_in_steps(STEP_SECONDS)
        self._finished = True

    @property
    def index(self) -> TitleIndex:
        if not self._finished:
            raise RuntimeError("the index is still being built: run finish() first")
        return self._index
