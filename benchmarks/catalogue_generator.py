"""Deterministic synthetic catalogues, and the title queries asked of them.

The same seed gives the same shows in the same order, and a catalogue of n shows has the titles
of the first n shows of any larger one, so figures at 1k, 10k and 100k titles are comparable
and the tests can reuse the generator at tiny sizes.

What makes title resolution hard in a real catalogue is put in on purpose: words shared by many
titles (drawn with a Zipf-like skew, as real titles share "the", "love", "house"...),
near-duplicates ("Dark Water" / "Dark Waters", "Office" / "The Office"), remakes with the same
title and a different year, non-ASCII titles, punctuation (apostrophes, colons, ampersands,
dotted abbreviations) and aliases (acronyms, short and translated titles).
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from db.model.shows import ShowTitle
from db.model.titles import normalise_title

SEED = 20_250_617
TVMAZE_ID_BASE = 5_000_000  # far from the shipped catalogue's ids

# fmt: off
_ADJECTIVES = (
    "dark", "little", "big", "new", "lost", "young", "wild", "secret", "last", "good", "bad",
    "perfect", "broken", "golden", "silent", "hidden", "modern", "true", "deadly", "pretty",
    "tiny", "strange", "fresh", "hard", "lucky", "happy", "royal", "final", "dirty", "crazy",
    "sweet", "cold", "hot", "black", "white", "red", "blue", "green", "grey", "silver", "iron",
    "sharp", "quiet", "loud", "brave", "cruel", "gentle", "holy", "wicked", "lonely", "empty",
    "endless", "burning", "frozen", "falling", "rising", "shining", "bitter", "savage", "naked",
    "twisted", "electric", "atomic", "cosmic", "urban", "rural", "northern", "southern",
    "eastern", "western", "american", "british", "french", "great", "grand", "high", "low",
    "deep", "long", "short", "first", "second", "third", "only", "other", "real", "fake",
    "ancient", "future", "midnight", "morning", "evening", "summer", "winter", "autumn",
    "spring", "crimson", "scarlet", "velvet", "stone", "glass", "paper", "mad", "wonderful",
)
_NOUNS = (
    "house", "love", "life", "world", "girl", "boy", "man", "woman", "family", "city", "night",
    "day", "story", "heart", "game", "war", "island", "road", "home", "school", "king", "queen",
    "blood", "fire", "water", "sky", "star", "moon", "sun", "dragon", "wolf", "angel", "devil",
    "doctor", "detective", "hunter", "killer", "lawyer", "teacher", "nurse", "chef", "cop",
    "thing", "things", "secrets", "lies", "dreams", "friends", "brothers", "sisters", "sons",
    "daughters", "wives", "kids", "people", "gods", "witch", "ghost", "shadow", "mirror",
    "garden", "kitchen", "office", "hospital", "station", "street", "bridge", "river", "sea",
    "ocean", "mountain", "valley", "forest", "desert", "empire", "kingdom", "throne", "crown",
    "sword", "shield", "gun", "money", "business", "deal", "case", "files", "code", "signal",
    "line", "point", "zone", "edge", "border", "frontier", "colony", "planet", "galaxy",
    "voyage", "journey", "escape", "heist", "job", "crew", "squad", "team", "club", "gang",
    "mob", "republic", "nation", "state", "county", "town", "village", "farm", "ranch",
    "hotel", "diner", "bar", "court", "trial", "verdict", "sentence", "prison", "cell",
    "ward", "unit", "force", "patrol", "watch", "guard", "spy", "agent", "legend", "myth",
    "saga", "chronicles", "tales", "diaries", "letters", "bones", "souls", "hearts", "eyes",
    "hands", "wings", "tides", "waves", "storm", "rain", "snow", "ice", "ashes", "dust",
)
_STARTS = (
    "chasing", "saving", "finding", "killing", "raising", "breaking", "loving", "hunting",
    "leaving", "keeping", "becoming", "fighting", "burying", "waking", "running", "watching",
)
_PLACES = (
    "chicago", "boston", "london", "paris", "berlin", "tokyo", "texas", "alaska", "miami",
    "brooklyn", "harlem", "dublin", "glasgow", "vienna", "madrid", "rome", "cairo", "delhi",
    "sydney", "toronto", "vancouver", "montana", "dakota", "vegas", "hollywood", "manhattan",
    "oxford", "cambridge", "yorkshire", "cornwall", "atlanta", "memphis", "nashville", "denver",
)
_FIRST_NAMES = (
    "anna", "ben", "clara", "dan", "ella", "frank", "grace", "harry", "iris", "jack", "kate",
    "leo", "mia", "nick", "olivia", "paul", "quinn", "rosa", "sam", "tess", "uma", "victor",
    "will", "zoe", "ruby", "max", "lucy", "oscar", "nina", "felix", "hazel", "jonah", "maya",
    "eli", "ava", "noah", "ivy", "luke", "june", "owen", "cora", "jude", "emma", "gus", "fern",
)
_SURNAMES = (
    "smith", "jones", "brown", "miller", "davis", "garcia", "wilson", "moore", "taylor",
    "thomas", "white", "harris", "martin", "clark", "lewis", "walker", "hall", "young", "king",
    "wright", "scott", "green", "baker", "adams", "nelson", "hill", "campbell", "mitchell",
    "roberts", "carter", "phillips", "evans", "turner", "torres", "parker", "collins", "stewart",
)
_NUMBERS = (
    "two", "three", "four", "five", "seven", "nine", "ten", "twelve", "thirteen", "twenty",
    "hundred", "thousand", "million",
)
# Non-ASCII titles: accented Latin, and scripts where only exact typing can be expected.
_ACCENTED = (
    "café", "élite", "señor", "niño", "mädchen", "straße", "über", "mañana", "corazón",
    "pequeña", "garçon", "être", "noël", "éclair", "façade", "fiancé", "naïve", "déjà",
    "crème", "brûlée", "jalapeño", "piñata", "größe", "schön", "führer", "ørsted", "ålesund",
    "łódź", "kraków", "dvořák", "škoda", "ibáñez", "méndez", "gómez", "núñez", "müller",
)
_FOREIGN_LINKS = ("de", "la", "el", "le", "les", "der", "die", "das", "y", "et", "und")
_OTHER_SCRIPTS = (
    "東京", "愛", "夜", "家族", "秘密", "사랑", "비밀", "우리", "도시", "москва", "ночь",
    "любовь", "город", "αλήθεια", "θάλασσα", "عائلة", "ليل", "משפחה", "रात", "घर",
)
_PLATFORMS = (
    "Netflix", "HBO", "Max", "Hulu", "Prime Video", "Disney+", "Apple TV+", "Paramount+",
    "Peacock", "BBC One", "BBC Two", "ITV", "Channel 4", "Sky Atlantic", "AMC", "FX", "CBS",
    "NBC", "ABC", "Fox", "The CW", "Showtime", "Starz", "Syfy", "ZDF", "Canal+", "TVING",
)
_STATUSES = ("airing", "renewed", "awaiting", "cancelled", "ended", "unknown")
_GENRES = ("Drama", "Comedy", "Crime", "Thriller", "Science-Fiction", "Fantasy", "Romance")
# fmt: on

_QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, str]:
    """Letters next to each letter on a QWERTY keyboard: the typos people really make."""
    position = {
        letter: (row, column)
        for row, letters in enumerate(_QWERTY_ROWS)
        for column, letter in enumerate(letters)
    }
    return {
        letter: "".join(
            other
            for other, (other_row, other_column) in position.items()
            if other != letter and abs(other_row - row) <= 1 and abs(other_column - column) <= 1
        )
        for letter, (row, column) in position.items()
    }


_NEIGHBOURS = _keyboard_neighbours()


class _Zipf:
    """Draws from a word list, the first words far more often than the last (as in real
    titles), with a cumulative table so a draw is a bisect."""

    def __init__(self, words: Sequence[str], exponent: float = 0.9) -> None:
        self.words = list(words)
        self.cumulative = list(
            itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(words)))
        )

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cumulative)[0]


def _invented_names(rng: random.Random, count: int) -> list[str]:
    """Pronounceable made-up names ("Kaldora", "Veshmir") for places and people."""
    onsets = ("b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p")
    onsets += ("r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z", "")
    vowels = ("a", "e", "i", "o", "u", "ae", "ai", "ia", "ou", "y")
    codas = ("", "", "n", "r", "l", "s", "th", "m", "x", "nd", "rk")
    names: set[str] = set()
    while len(names) < count:
        syllables = rng.choice((2, 2, 3))
        name = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
        names.add(name + rng.choice(codas))
    return sorted(names)


@dataclass(frozen=True, slots=True)
class SyntheticShow:
    number: int  # 1-based place in the catalogue; the show id of an index built from it
    title: str
    year: int
    platform: str
    aliases: tuple[str, ...] = ()
    # Shows made alike on purpose share a family: "remake" (same title, another year) or
    # "near" (a title one small change away).
    family: int | None = None
    family_kind: str | None = None

    @property
    def tvmaze_id(self) -> int:
        return TVMAZE_ID_BASE + self.number

    def title_entry(self, show_id: int | None = None) -> ShowTitle:
        return ShowTitle(
            show_id=self.number if show_id is None else show_id,
            title=self.title,
            year=self.year,
            platform=self.platform,
            aliases=self.aliases,
        )

    def catalogue_record(self, seed: int = SEED) -> dict[str, Any]:
        """The show in the import format, with a few seasons, cast and news, as a real
        catalogue entry would have; its own random stream so records don't depend on order."""
        rng = random.Random(seed * 1_000_003 + self.number)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        seasons = []
        for number in range(1, rng.choice((1, 1, 2, 2, 3, 4)) + 1):
            release_year = min(self.year + number - 1, 2025)
            seasons.append(
                {
                    "number": number,
                    "release_date": f"{release_year}-{month:02d}-{day:02d}",
                    "episodes": rng.randint(6, 13),
                    "runtime_minutes": [rng.choice((22, 30, 42, 45)), rng.choice((50, 58, 60))],
                }
            )
        cast = [
            {
                "actor": f"{rng.choice(_FIRST_NAMES).title()} {rng.choice(_SURNAMES).title()}",
                "character": f"{rng.choice(_FIRST_NAMES).title()} {rng.choice(_SURNAMES).title()}",
            }
            for _ in range(rng.randint(0, 4))
        ]
        record: dict[str, Any] = {
            "title": self.title,
            "platform": self.platform,
            "status": rng.choice(_STATUSES),
            "premiered": f"{self.year}-{month:02d}-{day:02d}",
            "genres": sorted(set(rng.sample(_GENRES, rng.randint(1, 3)))),
            "tvmaze_id": self.tvmaze_id,
            "summary": f"A {rng.choice(_ADJECTIVES)} story about {rng.choice(_NOUNS)}.",
            "seasons": seasons,
            "cast": cast,
        }
        if self.aliases:
            record["aliases"] = list(self.aliases)
        if rng.random() < 0.3:
            record["news"] = [
                {
                    "date": f"{seasons[-1]['release_date'][:4]}-01-15",
                    "kind": "renewed",
                    "text": f"{self.title} renewed for season {len(seasons) + 1}",
                    "confidence": "confirmed",
                    "source": rng.choice(_PLATFORMS),
                }
            ]
        return record


def exact_key(text: str) -> str:
    """The compact normalised form: two texts with the same key are the same title to the
    index ("It's Always Sunny" = "its always sunny" = "itsalwayssunny")."""
    return normalise_title(text).replace(" ", "")


def article_free_key(text: str) -> str:
    words = normalise_title(text).split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return "".join(words)


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        invented = _invented_names(random.Random(seed + 7), 4000)
        self.adjective = _Zipf(_ADJECTIVES)
        self.noun = _Zipf(_NOUNS)
        self.place = _Zipf(_PLACES + tuple(name.title() for name in invented[:1500]), 0.6)
        self.person = _Zipf(_FIRST_NAMES + tuple(invented[1500:]), 0.6)
        self.surname = _Zipf(_SURNAMES + tuple(invented[2500:]), 0.6)
        self.shows: list[SyntheticShow] = []
        self.taken: set[str] = set()  # exact keys of every title and alias so far
        self.families = itertools.count(1)

    def _year(self) -> int:
        # Most shows are recent; a long tail back to the 1950s.
        return max(1950, 2025 - int(self.rng.expovariate(1 / 12)))

    def _title(self) -> str:
        rng = self.rng
        a, n = self.adjective, self.noun
        pattern = rng.random()
        if pattern < 0.18:
            text = f"{a(rng)} {n(rng)}"
        elif pattern < 0.28:
            text = f"the {n(rng)}" if rng.random() < 0.4 else f"the {a(rng)} {n(rng)}"
        elif pattern < 0.34:
            text = self.person(rng)
        elif pattern < 0.39:
            text = f"{self.person(rng)} {self.surname(rng)}"
        elif pattern < 0.47:
            text = f"{n(rng)} of {'the ' if rng.random() < 0.5 else ''}{n(rng)}"
        elif pattern < 0.52:
            text = f"{self.person(rng)}'s {n(rng)}"
        elif pattern < 0.56:
            text = " & ".join(self._two_nouns().split())
        elif pattern < 0.60:
            text = f"{self.place(rng)}: {a(rng)} {n(rng)}"
        elif pattern < 0.68:
            text = f"{a(rng)} {self._two_nouns()}"
        elif pattern < 0.73:
            text = f"{rng.choice(_STARTS)} {'the ' if rng.random() < 0.5 else ''}{n(rng)}"
        elif pattern < 0.81:
            text = f"{self.place(rng)} {n(rng)}"
        elif pattern < 0.84:
            text = f"{rng.choice(_NUMBERS)} {n(rng)}"
        elif pattern < 0.87:
            text = f"{n(rng)} {rng.randint(1, 99)}"
        elif pattern < 0.91:
            text = self._non_ascii_title()
        elif pattern < 0.93:
            text = f"{n(rng)}-{n(rng)}"
        elif pattern < 0.94:
            letters = "".join(
                rng.choice("abcdefghiklmnoprstuvwy") for _ in range(rng.randint(3, 4))
            )
            text = ".".join(letters.upper()) + "."
        elif pattern < 0.95:
            text = f"{a(rng)} {n(rng)}!"
        else:
            text = f"{a(rng)} {n(rng)}: the {n(rng)}"
        return _title_case(text)

    def _two_nouns(self) -> str:
        first = self.noun(self.rng)
        second = self.noun(self.rng)
        while second == first:
            second = self.noun(self.rng)
        return f"{first} {second}"

    def _non_ascii_title(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return " ".join(rng.sample(_OTHER_SCRIPTS, rng.randint(1, 2)))
        first = rng.choice(_ACCENTED)
        if rng.random() < 0.4:
            return first
        return f"{first} {rng.choice(_FOREIGN_LINKS)} {rng.choice(_ACCENTED + _NOUNS)}"

    def _aliases(self, title: str) -> tuple[str, ...]:
        rng = self.rng
        if rng.random() >= 0.12:
            return ()
        words = normalise_title(title).split()
        options = []
        if len(words) >= 3:
            options.append("".join(word[0] for word in words))  # "tpt"
        if ":" in title:
            options.append(title.split(":")[0])  # the title without its subtitle
        if not title.isascii():
            options.append(f"{self.adjective(rng)} {self.noun(rng)} {self.noun(rng)}")
        options.append(f"{title} ({rng.choice(('US', 'UK', 'AU'))})")
        alias = rng.choice(options)
        if exact_key(alias) in self.taken or not exact_key(alias):
            return ()
        return (alias,)

    def _near_variant(self, title: str) -> str:
        """A title one small change away: a plural, an article, a word more or less."""
        rng = self.rng
        words = title.split()
        choice = rng.random()
        if choice < 0.35:
            last = words[-1]
            words[-1] = last[:-1] if last.endswith("s") and len(last) > 3 else last + "s"
        elif choice < 0.6:
            words = words[1:] if words[0].lower() == "the" and len(words) > 1 else ["The", *words]
        elif choice < 0.8:
            words = [_title_case(self.adjective(rng)), *words]
        else:
            words = [*words, rng.choice(("Returns", "Reborn", "Rising", "Again", "Forever"))]
        return " ".join(words)

    def add(self) -> None:
        rng = self.rng
        number = len(self.shows) + 1
        platform = rng.choice(_PLATFORMS)
        kind = rng.random()
        earlier = [show for show in self.shows[-500:] if show.family is None]
        if kind < 0.02 and earlier:
            # A remake: the same title again, years later, often elsewhere.
            original = rng.choice(earlier)
            year = min(2025, original.year + rng.randint(8, 40))
            if year != original.year:
                family = next(self.families)
                self._refamily(original, family, "remake")
                self.shows.append(
                    SyntheticShow(number, original.title, year, platform, (), family, "remake")
                )
                return
        if kind < 0.05 and earlier:
            original = rng.choice(earlier)
            variant = self._near_variant(original.title)
            if exact_key(variant) not in self.taken and article_free_key(
                variant
            ) != article_free_key(original.title):
                family = next(self.families)
                self._refamily(original, family, "near")
                self.taken.add(exact_key(variant))
                self.shows.append(
                    SyntheticShow(number, variant, self._year(), platform, (), family, "near")
                )
                return
        while True:
            title = self._title()
            key = exact_key(title)
            if key and key not in self.taken:
                break
        self.taken.add(key)
        aliases = self._aliases(title)
        self.taken.update(exact_key(alias) for alias in aliases)
        self.shows.append(SyntheticShow(number, title, self._year(), platform, aliases))

    def _refamily(self, show: SyntheticShow, family: int, kind: str) -> None:
        self.shows[show.number - 1] = SyntheticShow(
            show.number, show.title, show.year, show.platform, show.aliases, family, kind
        )


def _title_case(text: str) -> str:
    small = {"of", "the", "a", "and", "de", "la", "el", "le", "les", "y", "et", "und"}
    words = text.split(" ")
    return " ".join(
        word if index and word in small else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def generate(count: int, seed: int = SEED) -> list[SyntheticShow]:
    """`count` shows, always the same for the same seed. The first n shows of a larger run have
    the same titles, years and aliases; only their family marks can differ, since a remake or
    near-duplicate made later marks its original too."""
    generator = _Generator(seed)
    while len(generator.shows) < count:
        generator.add()
    return generator.shows


def catalogue_json(shows: Sequence[SyntheticShow], seed: int = SEED) -> dict[str, Any]:
    """The shows as a catalogue file's JSON (`python -m bot import` reads this)."""
    return {"shows": [show.catalogue_record(seed) for show in shows]}


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True, slots=True)
class TitleQuery:
    category: str
    text: str
    expected: int  # the number of the show meant
    # An answer that asks "did you mean" and lists the show also counts as right: the query
    # alone can't tell the show from its remake or near-duplicate.
    listed_ok: bool = False


CATEGORIES = (
    "exact",
    "alias",
    "case",
    "punctuation/accents",
    "typo 1 letter",
    "typo 2 letters",
    "remake, title only",
    "remake + year",
    "remake + year + typo",
    "near-duplicate",
    "near-duplicate + typo",
)
TYPO_CATEGORIES = ("typo 1 letter", "typo 2 letters")
# Queries that miss every exact lookup and so scan the catalogue: the slow path.
FUZZY_CATEGORIES = (*TYPO_CATEGORIES, "remake + year + typo", "near-duplicate + typo")
# A typo costs about 100/length points and the index accepts 75 (see bot/titles.py), so typos
# go only into titles long enough to be recognisable with them: 5 letters for one (at 4 a
# single typo lands exactly on the threshold), 9 for two.
MIN_LETTERS_ONE_TYPO = 5
MIN_LETTERS_TWO_TYPOS = 9


def _typo(text: str, rng: random.Random, count: int) -> str | None:
    """`text` with `count` keyboard typos at different letters, or None if it is too short."""
    characters = list(text.lower() if rng.random() < 0.6 else text)
    letters = [i for i, c in enumerate(characters) if c.isascii() and c.isalpha()]
    if len(letters) < count * 2:
        return None
    # Edits at distinct, non-adjacent positions, applied right to left so indexes hold.
    positions = sorted(rng.sample(letters, count), reverse=True)
    if any(a - b < 2 for a, b in itertools.pairwise(positions)):
        return None
    for position in positions:
        letter = characters[position].lower()
        operation = rng.random()
        if operation < 0.35:
            characters[position] = rng.choice(_NEIGHBOURS[letter])
        elif operation < 0.55:
            del characters[position]
        elif operation < 0.75:
            characters.insert(position, rng.choice(_NEIGHBOURS[letter] + letter))
        elif position + 1 < len(characters) and characters[position + 1].isalpha():
            characters[position], characters[position + 1] = (
                characters[position + 1],
                characters[position],
            )
        else:
            characters[position] = rng.choice(_NEIGHBOURS[letter])
    return "".join(characters)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _punctuation_variant(title: str, rng: random.Random) -> str:
    """How people type a title they know: without its apostrophes, accents or colons, or with
    punctuation of their own."""
    variants = []
    if any(c in title for c in "'’:!.-&"):
        stripped = title.replace("&", "and")
        for mark in "'’":
            stripped = stripped.replace(mark, "")
        for mark in ":!.-":
            stripped = stripped.replace(mark, " ")
        variants.append(" ".join(stripped.split()))
    if _strip_accents(title) != title:
        variants.append(_strip_accents(title))
    if not variants:
        variants = [f"“{title}”", f"{title}?", f"{title}!!", f"'{title}'", f"{title}..."]
    return rng.choice(variants)


def _case_variant(title: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.3:
        return title.upper()
    if choice < 0.6:
        return title.lower()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in title)


def _letters(text: str) -> int:
    return len(exact_key(text))


def title_queries(
    shows: Sequence[SyntheticShow], per_category: int, seed: int = SEED
) -> list[TitleQuery]:
    """Up to `per_category` queries of each category about shows in `shows`, shuffled.

    A typo that lands exactly on another title or alias is not a typo any more (the index
    rightly answers with that show), so such queries are redrawn.
    """
    rng = random.Random(seed + 1)
    exact_forms = {exact_key(text) for show in shows for text in (show.title, *show.aliases)}
    exact_forms |= {article_free_key(show.title) for show in shows}
    by_family: dict[int, list[SyntheticShow]] = {}
    for show in shows:
        if show.family is not None:
            by_family.setdefault(show.family, []).append(show)
    remakes = [show for show in shows if show.family_kind == "remake"]
    near = [show for show in shows if show.family_kind == "near"]
    with_alias = [show for show in shows if show.aliases]
    # Ids of shows that share a title with another show: exact queries for them are remakes.
    shared = {show.number for family in by_family.values() for show in family}
    solo = [show for show in shows if show.number not in shared]

    def is_typo(text: str, show: SyntheticShow) -> bool:
        key = exact_key(text)
        return key != exact_key(show.title) and key not in exact_forms and bool(key)

    def draw(pool: Sequence[SyntheticShow], make: Any) -> Iterator[TitleQuery]:
        if not pool:
            return
        made = 0
        for _ in range(per_category * 20):
            query = make(rng.choice(pool))
            if query is not None:
                yield query
                made += 1
                if made >= per_category:
                    return

    def typo_query(show: SyntheticShow, count: int, category: str) -> TitleQuery | None:
        minimum = MIN_LETTERS_ONE_TYPO if count == 1 else MIN_LETTERS_TWO_TYPOS
        if _letters(show.title) < minimum:
            return None
        text = _typo(show.title, rng, count)
        if text is None or not is_typo(text, show):
            return None
        return TitleQuery(category, text, show.number, listed_ok=show.family is not None)

    queries: list[TitleQuery] = []
    queries += draw(solo, lambda show: TitleQuery("exact", show.title, show.number))
    queries += draw(
        with_alias, lambda show: TitleQuery("alias", rng.choice(show.aliases), show.number)
    )
    queries += draw(
        solo, lambda show: TitleQuery("case", _case_variant(show.title, rng), show.number)
    )
    queries += draw(
        solo,
        lambda show: TitleQuery(
            "punctuation/accents", _punctuation_variant(show.title, rng), show.number
        ),
    )
    queries += draw(solo, lambda show: typo_query(show, 1, "typo 1 letter"))
    queries += draw(solo, lambda show: typo_query(show, 2, "typo 2 letters"))
    queries += draw(
        remakes, lambda show: TitleQuery("remake, title only", show.title, show.number, True)
    )
    queries += draw(
        remakes,
        lambda show: TitleQuery(
            "remake + year",
            f"{show.title} ({show.year})" if rng.random() < 0.5 else f"{show.title} {show.year}",
            show.number,
        ),
    )

    def remake_typo(show: SyntheticShow) -> TitleQuery | None:
        typo = typo_query(show, 1, "remake + year + typo")
        if typo is None:
            return None
        return TitleQuery(typo.category, f"{typo.text} {show.year}", show.number)

    queries += draw(remakes, remake_typo)
    queries += draw(near, lambda show: TitleQuery("near-duplicate", show.title, show.number))
    queries += draw(near, lambda show: typo_query(show, 1, "near-duplicate + typo"))
    rng.shuffle(queries)
    return queries
