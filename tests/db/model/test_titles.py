"""The title index: how a typed title, a search, an autocomplete box or a question finds a show."""

from __future__ import annotations

import random

import pytest

from db.model.titles import Candidate, Resolution, TitleEntry, TitleIndex, normalise_title

TINY_PRETTY_THINGS = 1
DOCTOR_WHO_1963 = 2
DOCTOR_WHO_2005 = 3
STRANGER_THINGS = 4
THE_OFFICE = 5
SKINS = 6
SKIN = 7
EUPHORIA = 8
DARK = 9
WHO = 10
COMING_OUT = 11
SPACE_1999 = 12
POKEMON = 13
GREYS_ANATOMY = 14
DOCTOR = 15
PRETTY_LITTLE_LIARS = 16

CATALOGUE = (
    TitleEntry(TINY_PRETTY_THINGS, "Tiny Pretty Things", 2020, "Netflix", ("tpt",)),
    TitleEntry(DOCTOR_WHO_1963, "Doctor Who", 1963, "BBC"),
    TitleEntry(DOCTOR_WHO_2005, "Doctor Who", 2005, "BBC"),
    TitleEntry(STRANGER_THINGS, "Stranger Things", 2016, "Netflix"),
    TitleEntry(THE_OFFICE, "The Office", 2005, "NBC"),
    TitleEntry(SKINS, "Skins", 2007, "E4"),
    TitleEntry(SKIN, "Skin", 2020, None),
    TitleEntry(EUPHORIA, "Euphoria", 2019, "HBO"),
    TitleEntry(DARK, "Dark", 2017, "Netflix"),
    TitleEntry(WHO, "Who", 2019, None),
    TitleEntry(COMING_OUT, "Coming Out", 2010, None),
    TitleEntry(SPACE_1999, "Space: 1999", 1975, "ITV"),
    TitleEntry(POKEMON, "Pokémon", 1997, None),
    TitleEntry(GREYS_ANATOMY, "Grey's Anatomy", 2005, "ABC", ("Grey Sloan",)),
    TitleEntry(DOCTOR, "Doctor", 2016, None),
    TitleEntry(PRETTY_LITTLE_LIARS, "Pretty Little Liars", 2010, "ABC Family", ("PLL",)),
)


@pytest.fixture
def index() -> TitleIndex:
    return TitleIndex(CATALOGUE)


def random_text(generator: random.Random, length: int) -> str:
    """Any code points at all: emoji, combining marks, right-to-left, lone surrogates."""
    ranges = ((0x0, 0x250), (0x300, 0x370), (0x590, 0x700), (0x2000, 0x2100), (0xD800, 0xE000))
    ranges += ((0xFB00, 0x10000), (0x1F300, 0x1F700), (0x0, 0x110000))
    characters = []
    for _ in range(length):
        low, high = generator.choice(ranges)
        characters.append(chr(generator.randrange(low, high)))
    return "".join(characters)


# --- normalise_title ---------------------------------------------------------------------


def test_normalise_casefolds_and_strips_accents() -> None:
    assert normalise_title("PoKÉMON Straße Ça") == "pokemon strasse ca"


def test_normalise_spells_out_ampersands() -> None:
    assert normalise_title("Law&Order") == "law and order"


@pytest.mark.parametrize(
    "title",
    ["It's Here", "It’s Here", "It‘s Here", "Itʼs Here", "It´s Here", "It`s Here", "It＇s Here"],
)
def test_normalise_drops_apostrophes_without_splitting_the_word(title: str) -> None:
    assert normalise_title(title) == "its here"


def test_normalise_turns_other_punctuation_and_symbols_into_spaces() -> None:
    assert normalise_title("Law & Order: S.V.U. — 9-1-1 / M*A*S*H!") == (
        "law and order s v u 9 1 1 m a s h"
    )


def test_normalise_removes_zero_width_and_control_characters() -> None:
    assert normalise_title("Tiny\u200b Pre\u00adtty\x07 Thi\ufeffngs\u200d") == "tiny pretty things"


def test_normalise_treats_tabs_and_newlines_as_spaces() -> None:
    assert normalise_title("  tiny\tpretty\n\nthings  ") == "tiny pretty things"


def test_normalise_folds_compatibility_forms() -> None:
    assert normalise_title("Ｔｉｎｙ ﬁnal ℡ İstanbul") == "tiny final tel istanbul"


def test_normalise_of_only_punctuation_is_empty() -> None:
    assert normalise_title(" !?… — ") == ""


def test_normalise_is_idempotent_on_any_unicode() -> None:
    generator = random.Random(20240601)
    for _ in range(3000):
        once = normalise_title(random_text(generator, generator.randint(1, 12)))
        assert normalise_title(once) == once


# --- Candidate.label and Resolution ------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "platform", "label"),
    [
        (2020, "Netflix", "Tiny Pretty Things (2020, Netflix)"),
        (2020, None, "Tiny Pretty Things (2020)"),
        (None, "Netflix", "Tiny Pretty Things (Netflix)"),
        (None, None, "Tiny Pretty Things"),
    ],
)
def test_label_shows_the_year_and_platform_it_knows(
    year: int | None, platform: str | None, label: str
) -> None:
    assert Candidate(1, "Tiny Pretty Things", year, platform, 100.0).label == label


def test_label_truncates_a_long_title_and_keeps_the_parenthesis() -> None:
    label = Candidate(1, "Very Long " * 20, 2020, "Netflix", 100.0).label

    assert len(label) == 100
    assert label.endswith("… (2020, Netflix)")
    assert label.startswith("Very Long Very Long")


def test_label_stays_within_100_characters_with_a_long_platform() -> None:
    label = Candidate(1, "Title " * 30, 2020, "Platform " * 30, 100.0).label

    assert len(label) <= 100
    assert label.endswith(")")


def test_found_resolution_is_not_ambiguous() -> None:
    resolution = Resolution(TINY_PRETTY_THINGS, ())

    assert resolution.found
    assert not resolution.ambiguous


def test_resolution_with_close_candidates_and_no_show_is_ambiguous() -> None:
    close = (Candidate(1, "Skin", None, None, 80.0), Candidate(2, "Skins", None, None, 80.0))

    assert Resolution(None, close).ambiguous
    assert not Resolution(None, close).found


def test_resolution_with_distant_suggestions_is_not_ambiguous() -> None:
    suggestions = (Candidate(1, "A", None, None, 72.0), Candidate(2, "B", None, None, 61.0))

    assert not Resolution(None, suggestions).ambiguous


# --- maintaining the index ---------------------------------------------------------------


def test_len_counts_shows_not_titles_and_aliases(index: TitleIndex) -> None:
    assert len(index) == len(CATALOGUE)
    # Not vacuous: the catalogue has aliases, and titles shared by two shows.
    assert any(entry.aliases for entry in CATALOGUE)
    assert len({entry.title for entry in CATALOGUE}) < len(CATALOGUE)


def test_contains_knows_show_ids(index: TitleIndex) -> None:
    assert TINY_PRETTY_THINGS in index
    assert 999 not in index
    assert "1" not in index


def test_entry_returns_the_stored_entry(index: TitleIndex) -> None:
    assert index.entry(TINY_PRETTY_THINGS) == CATALOGUE[0]
    assert index.entry(999) is None


def test_upsert_adds_a_show_that_then_resolves(index: TitleIndex) -> None:
    assert not index.resolve("wensday").found  # the typo scan has run before the upsert

    index.upsert(TitleEntry(100, "Wednesday", 2022, "Netflix"))

    assert index.resolve("wednesday") == Resolution(100, ())
    assert index.resolve("wensday").show_id == 100
    assert len(index) == len(CATALOGUE) + 1


def test_upsert_replaces_a_show_by_id(index: TitleIndex) -> None:
    index.upsert(TitleEntry(TINY_PRETTY_THINGS, "Tiny Beautiful Things", 2023, "Hulu"))

    assert index.resolve("tiny beautiful things").show_id == TINY_PRETTY_THINGS
    assert not index.resolve("tiny pretty things").found
    assert not index.resolve("tpt").found
    assert len(index) == len(CATALOGUE)


def test_remove_forgets_the_show_everywhere(index: TitleIndex) -> None:
    assert index.resolve("tiny prety thing").found  # the typo scan has run before the removal

    index.remove(TINY_PRETTY_THINGS)

    assert TINY_PRETTY_THINGS not in index
    assert not index.resolve("tiny pretty things").found
    assert not index.resolve("tiny prety thing").found
    assert all(c.show_id != TINY_PRETTY_THINGS for c in index.search("tiny pretty"))
    assert all(c.show_id != TINY_PRETTY_THINGS for c in index.autocomplete("tiny"))
    assert index.find_in_text("is tpt renewed") is None


def test_typos_see_shows_added_renamed_and_removed_after_a_typo_scan(index: TitleIndex) -> None:
    assert index.resolve("tiny prety thing").found  # the scan lists exist from here on
    index.upsert(TitleEntry(500, "Wednesday Addams", 2022, "Netflix"))
    index.upsert(TitleEntry(501, "Station 19", 2018, "ABC"))

    assert index.resolve("wednesday adams").show_id == 500
    assert index.resolve("staton 19").show_id == 501
    assert index.resolve("staton 19 2018").show_id == 501

    index.upsert(TitleEntry(500, "Thursday Murder Club", 2025, "Netflix"))
    index.remove(501)

    assert index.resolve("thursday murder clu").show_id == 500
    assert not index.resolve("wednesday adams").found
    assert not index.resolve("staton 19").found
    assert not index.resolve("staton 19 2018").found


def test_a_title_shared_by_two_shows_stays_with_the_other_when_one_goes() -> None:
    index = TitleIndex(
        [
            TitleEntry(1, "Shameless", 2004, "Channel 4", ("shameless uk",)),
            TitleEntry(2, "Shameless", 2011, "Showtime"),
        ]
    )
    index.remove(1)

    assert index.resolve("shameless").show_id == 2
    assert index.resolve("shamless").show_id == 2
    assert index.resolve("shameless uk").show_id != 1
    assert index.find_in_text("is shameless coming back") == "Shameless"


def test_find_in_text_gives_the_text_of_the_first_show_to_have_the_title() -> None:
    index = TitleIndex(
        [
            TitleEntry(7, "The OFFICE", 2001, "BBC"),
            TitleEntry(8, "The Office", 2005, "NBC"),
            TitleEntry(9, "Tiny Pretty Things", 2020, None, ("TinyPrettyThings",)),
        ]
    )

    assert index.find_in_text("when is the office back") == "The OFFICE"
    assert index.find_in_text("is tinyprettythings renewed") == "TinyPrettyThings"


def test_remove_keeps_other_shows_with_the_same_title(index: TitleIndex) -> None:
    index.remove(DOCTOR_WHO_1963)

    assert index.resolve("doctor who").show_id == DOCTOR_WHO_2005


def test_remove_of_an_unknown_show_is_ignored(index: TitleIndex) -> None:
    index.remove(999)

    assert len(index) == len(CATALOGUE)
    assert index.entry(TINY_PRETTY_THINGS) == CATALOGUE[0]
    assert index.resolve("tpt").show_id == TINY_PRETTY_THINGS


def test_a_later_entry_with_the_same_id_wins_in_the_constructor() -> None:
    index = TitleIndex(
        [TitleEntry(1, "Old Name", 2000, None), TitleEntry(1, "New Name", 2000, None)]
    )

    assert len(index) == 1
    assert index.resolve("new name").show_id == 1
    assert not index.resolve("old name").found


# --- resolve: exact ----------------------------------------------------------------------


def test_exact_title_resolves_to_the_show(index: TitleIndex) -> None:
    assert index.resolve("Tiny Pretty Things") == Resolution(TINY_PRETTY_THINGS, ())


def test_case_punctuation_and_accents_do_not_matter(index: TitleIndex) -> None:
    assert index.resolve("TINY PRETTY THINGS").show_id == TINY_PRETTY_THINGS
    assert index.resolve("  tiny, pretty... things!  ").show_id == TINY_PRETTY_THINGS
    assert index.resolve("pokemon").show_id == POKEMON
    assert index.resolve("greys anatomy").show_id == GREYS_ANATOMY


def test_alias_resolves_to_its_show(index: TitleIndex) -> None:
    assert index.resolve("TPT").show_id == TINY_PRETTY_THINGS
    assert index.resolve("grey sloan").show_id == GREYS_ANATOMY


def test_title_typed_without_spaces_resolves(index: TitleIndex) -> None:
    assert index.resolve("tinyprettythings").show_id == TINY_PRETTY_THINGS


def test_title_typed_without_its_leading_article_resolves(index: TitleIndex) -> None:
    assert index.resolve("office").show_id == THE_OFFICE


def test_a_title_shared_by_several_shows_is_ambiguous_newest_first(index: TitleIndex) -> None:
    resolution = index.resolve("doctor who")

    assert resolution.ambiguous
    assert resolution.show_id is None
    assert [c.show_id for c in resolution.candidates] == [DOCTOR_WHO_2005, DOCTOR_WHO_1963]
    assert resolution.candidates[0].label == "Doctor Who (2005, BBC)"


@pytest.mark.parametrize(
    ("query", "show_id"),
    [
        ("doctor who 2005", DOCTOR_WHO_2005),
        ("Doctor Who (1963)", DOCTOR_WHO_1963),
        ("doctor who (2005)", DOCTOR_WHO_2005),
    ],
)
def test_a_trailing_year_picks_the_show_of_that_year(
    index: TitleIndex, query: str, show_id: int
) -> None:
    assert index.resolve(query).show_id == show_id


def test_a_trailing_year_no_show_has_lists_every_show_of_the_title(index: TitleIndex) -> None:
    resolution = index.resolve("doctor who 1999")

    assert resolution.ambiguous
    assert {c.show_id for c in resolution.candidates} == {DOCTOR_WHO_1963, DOCTOR_WHO_2005}


def test_a_trailing_year_also_works_for_a_single_show(index: TitleIndex) -> None:
    assert index.resolve("euphoria (2019)").show_id == EUPHORIA


def test_a_number_that_is_part_of_the_title_is_not_taken_for_a_year(index: TitleIndex) -> None:
    assert index.resolve("space 1999").show_id == SPACE_1999


def test_a_trailing_year_picks_the_show_of_that_year_despite_a_typo(index: TitleIndex) -> None:
    assert index.resolve("docter who 2005").show_id == DOCTOR_WHO_2005


def test_a_typo_with_a_year_finds_a_title_that_ends_in_digits() -> None:
    index = TitleIndex(
        [
            TitleEntry(1, "Blade Runner", 1982, None),
            TitleEntry(2, "Blade Runner 2049", 2017, None),
        ]
    )

    assert index.resolve("blade runer 2049").show_id == 2
    assert index.resolve("blade runer 1982").show_id == 1


# --- resolve: typos ----------------------------------------------------------------------


def test_one_letter_typo_resolves_to_the_show(index: TitleIndex) -> None:
    assert index.resolve("tiny pretty thimgs").show_id == TINY_PRETTY_THINGS


def test_two_letter_typo_resolves_to_the_show(index: TitleIndex) -> None:
    assert index.resolve("tiny prety thing").show_id == TINY_PRETTY_THINGS


@pytest.mark.parametrize(
    ("query", "show_id"),
    [
        ("tiny prety things", TINY_PRETTY_THINGS),  # missing letter
        ("tiny prettty things", TINY_PRETTY_THINGS),  # extra letter
        ("tiny pretty thnigs", TINY_PRETTY_THINGS),  # swapped letters
        ("tiny pretty thing", TINY_PRETTY_THINGS),  # dropped trailing s
        ("stranger thigns", STRANGER_THINGS),
        ("euforia", EUPHORIA),
        ("drak", DARK),
        ("tinypretty thngs", TINY_PRETTY_THINGS),  # spacing and a typo
        ("things tiny pretty", TINY_PRETTY_THINGS),  # word order
    ],
)
def test_common_misspellings_resolve_to_the_show(
    index: TitleIndex, query: str, show_id: int
) -> None:
    assert index.resolve(query) == Resolution(show_id, ())


def test_a_typo_as_close_to_two_shows_is_ambiguous(index: TitleIndex) -> None:
    resolution = index.resolve("skinz")

    assert resolution.ambiguous
    assert {c.show_id for c in resolution.candidates} == {SKIN, SKINS}


def test_a_typo_of_a_shared_title_lists_every_show_newest_first(index: TitleIndex) -> None:
    resolution = index.resolve("docter who")

    assert resolution.ambiguous
    assert [c.show_id for c in resolution.candidates] == [DOCTOR_WHO_2005, DOCTOR_WHO_1963]


@pytest.fixture
def article_twins() -> TitleIndex:
    """A title and the same words after "The", as catalogues have ("Royal Road", "The Royal
    Road"), beside another show one letter away from both."""
    return TitleIndex(
        [
            TitleEntry(1, "Royal Road", 2019, None),
            TitleEntry(2, "The Royal Road", 2021, None),
            TitleEntry(3, "Burning Water", 2018, None),
            TitleEntry(4, "The Burning Water", 2020, None),
            TitleEntry(5, "Running Water", 2017, None),
        ]
    )


@pytest.mark.parametrize(
    ("query", "show_id"),
    [
        ("royal roda", 1),
        ("roayl road", 1),
        ("the royal roda", 2),
        ("teh royal road", 2),
        ("butning water", 3),
        ("the butning water", 4),
        ("royal roda 2019", 1),
    ],
)
def test_a_typo_picks_the_title_with_or_without_the_article_as_typed(
    article_twins: TitleIndex, query: str, show_id: int
) -> None:
    # As the same words typed without a typo do: "royal road" is Royal Road.
    assert article_twins.resolve(query) == Resolution(show_id, ())


def test_a_typo_after_another_article_fits_both_titles_and_asks(
    article_twins: TitleIndex,
) -> None:
    resolution = article_twins.resolve("a royal roda")

    assert resolution.ambiguous
    assert {c.show_id for c in resolution.candidates} == {1, 2}


def test_a_typo_as_close_to_another_title_asks_despite_an_article_twin() -> None:
    index = TitleIndex(
        [
            TitleEntry(1, "Silent War", 2019, None),
            TitleEntry(2, "Silent Bar", 2020, None),
            TitleEntry(3, "The Silent War", 2021, None),
        ]
    )

    resolution = index.resolve("silent yar")

    assert resolution.ambiguous
    assert {c.show_id for c in resolution.candidates} >= {1, 2}


def test_an_ambiguous_typo_lists_at_most_five_shows() -> None:
    index = TitleIndex(
        TitleEntry(number, title, None, None)
        for number, title in enumerate(["Bark", "Dark", "Lark", "Mark", "Park", "Hark", "Nark"])
    )

    resolution = index.resolve("xark")

    assert resolution.ambiguous
    assert len(resolution.candidates) == 5


def test_a_weak_match_is_suggested_not_chosen(index: TitleIndex) -> None:
    resolution = index.resolve("eufori")

    assert not resolution.found
    assert not resolution.ambiguous
    assert [c.show_id for c in resolution.candidates] == [EUPHORIA]


def test_nonsense_suggests_nothing(index: TitleIndex) -> None:
    assert index.resolve("zzzz qqqq") == Resolution(None, ())


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!! ...", "\u200b"])
def test_an_empty_query_is_not_found_without_candidates(index: TitleIndex, query: str) -> None:
    resolution = index.resolve(query)

    assert resolution == Resolution(None, ())
    assert not resolution.found
    assert not resolution.ambiguous


def test_a_query_is_truncated_to_200_characters_before_matching(index: TitleIndex) -> None:
    query = "tiny pretty things" + " " * 300 + "and a great deal more " * 500

    assert index.resolve(query).show_id == TINY_PRETTY_THINGS


def test_any_unicode_input_is_answered_without_error(index: TitleIndex) -> None:
    generator = random.Random(7)
    for _ in range(300):
        text = random_text(generator, generator.randint(0, 300))
        assert isinstance(index.resolve(text), Resolution)
        assert isinstance(index.search(text), list)
        assert len(index.autocomplete(text)) <= 25
        index.find_in_text(text)


def synthetic_titles(count: int, first_id: int) -> list[TitleEntry]:
    """Made-up titles of one to four made-up words, many alike, as in a big catalogue."""
    generator = random.Random(1)
    syllables = ["ka", "lo", "mi", "ra", "ten", "sho", "ve", "dar", "in", "gle", "nor", "bri"]

    def word() -> str:
        return "".join(generator.choice(syllables) for _ in range(generator.randint(1, 3)))

    return [
        TitleEntry(show_id, " ".join(word() for _ in range(generator.randint(1, 4))), None, None)
        for show_id in range(first_id, first_id + count)
    ]


def test_resolution_holds_up_among_20000_titles() -> None:
    index = TitleIndex([*CATALOGUE, *synthetic_titles(20_000, first_id=1000)])
    index.upsert(TitleEntry(50_000, "Kalomi Tenshove Darin", None, None))

    assert len(index) == len(CATALOGUE) + 20_001
    assert index.resolve("tiny pretty things").show_id == TINY_PRETTY_THINGS
    assert index.resolve("tpt").show_id == TINY_PRETTY_THINGS
    assert index.resolve("tiny prety thing").show_id == TINY_PRETTY_THINGS
    assert index.resolve("stranger thigns").show_id == STRANGER_THINGS
    assert index.resolve("kalomi tenshove darin").show_id == 50_000
    assert index.resolve("kalomi tensove darin").show_id == 50_000
    assert index.resolve("zzzz qqqq") == Resolution(None, ())
    assert index.search("stranger things")[0].show_id == STRANGER_THINGS
    assert index.autocomplete("tiny pre")[0].show_id == TINY_PRETTY_THINGS
    assert index.find_in_text("when is tiny pretty things back") == "Tiny Pretty Things"


# --- search ------------------------------------------------------------------------------


def test_search_finds_titles_with_every_word_in_any_order(index: TitleIndex) -> None:
    found = [c.show_id for c in index.search("things pretty")]

    assert found[0] == TINY_PRETTY_THINGS


def test_search_ranks_the_phrase_above_the_same_words_scattered() -> None:
    index = TitleIndex(
        [
            TitleEntry(1, "Tiny Crew Pretty", None, None),
            TitleEntry(2, "Tiny Pretty Things", None, None),
        ]
    )

    assert [c.show_id for c in index.search("tiny pretty")] == [2, 1]


def test_search_ranks_closer_titles_first(index: TitleIndex) -> None:
    found = [c.show_id for c in index.search("doctor")]

    assert found[0] == DOCTOR
    assert set(found[1:3]) == {DOCTOR_WHO_1963, DOCTOR_WHO_2005}


def test_search_includes_fuzzy_matches_for_typos(index: TitleIndex) -> None:
    assert index.search("strnger things")[0].show_id == STRANGER_THINGS


def test_search_matches_aliases(index: TitleIndex) -> None:
    assert index.search("pll")[0].show_id == PRETTY_LITTLE_LIARS


def test_search_lists_each_show_once(index: TitleIndex) -> None:
    found = [c.show_id for c in index.search("pretty")]

    assert len(found) == len(set(found))
    assert {TINY_PRETTY_THINGS, PRETTY_LITTLE_LIARS} <= set(found)


def test_search_scores_are_best_first(index: TitleIndex) -> None:
    scores = [c.score for c in index.search("pretty")]

    assert scores == sorted(scores, reverse=True)


def test_search_respects_the_limit(index: TitleIndex) -> None:
    assert len(index.search("doctor", limit=2)) == 2
    # Two because of the limit: unlimited, "doctor" finds more.
    assert len(index.search("doctor")) > 2
    assert index.search("doctor", limit=2) == index.search("doctor")[:2]


@pytest.mark.parametrize("words", ["", "   ", "?!"])
def test_search_for_nothing_finds_nothing(index: TitleIndex, words: str) -> None:
    assert index.search(words) == []


def test_search_for_nonsense_finds_nothing(index: TitleIndex) -> None:
    assert index.search("zzzz qqqq") == []


# --- autocomplete ------------------------------------------------------------------------


def test_autocomplete_of_empty_text_lists_titles_alphabetically(index: TitleIndex) -> None:
    titles = [c.title for c in index.autocomplete("", limit=4)]

    assert titles == ["Coming Out", "Dark", "Doctor", "Doctor Who"]


def test_autocomplete_lists_titles_starting_with_the_text_first(index: TitleIndex) -> None:
    titles = [c.title for c in index.autocomplete("pre")]

    assert titles[0] == "Pretty Little Liars"
    assert "Tiny Pretty Things" in titles[1:]


def test_autocomplete_then_lists_titles_containing_the_text(index: TitleIndex) -> None:
    titles = [c.title for c in index.autocomplete("pretty thi")]

    assert titles[0] == "Tiny Pretty Things"


def test_autocomplete_matches_aliases(index: TitleIndex) -> None:
    assert index.autocomplete("tp")[0].show_id == TINY_PRETTY_THINGS


def test_autocomplete_falls_back_to_fuzzy_matches(index: TitleIndex) -> None:
    assert index.autocomplete("strnger thing")[0].show_id == STRANGER_THINGS


def test_autocomplete_never_lists_a_show_twice(index: TitleIndex) -> None:
    index.upsert(TitleEntry(100, "Tiny Toons", 1990, None, ("Tiny Toon Adventures", "Tinies")))

    found = [c.show_id for c in index.autocomplete("tin")]

    assert len(found) == len(set(found))
    assert set(found) == {TINY_PRETTY_THINGS, 100}


def test_autocomplete_returns_at_most_25_choices() -> None:
    index = TitleIndex(TitleEntry(number, f"Show {number}", None, None) for number in range(60))

    assert len(index.autocomplete("show", limit=100)) == 25
    assert len(index.autocomplete("", limit=100)) == 25
    assert len(index.autocomplete("show", limit=3)) == 3


def test_autocomplete_sees_added_and_removed_shows(index: TitleIndex) -> None:
    index.upsert(TitleEntry(100, "Aardvark Tales", 2024, None))
    index.remove(COMING_OUT)

    assert index.autocomplete("", limit=1)[0].show_id == 100
    assert index.autocomplete("aard")[0].show_id == 100
    assert all(c.show_id != COMING_OUT for c in index.autocomplete("coming"))


def test_autocomplete_labels_fit_discord(index: TitleIndex) -> None:
    assert index.autocomplete("tiny")[0].label == "Tiny Pretty Things (2020, Netflix)"


# --- find_in_text ------------------------------------------------------------------------


def test_find_in_text_names_the_title_in_a_question(index: TitleIndex) -> None:
    question = "when is tiny pretty things season 2 coming out?"

    assert index.find_in_text(question) == "Tiny Pretty Things"


def test_find_in_text_returns_an_alias_as_stored(index: TitleIndex) -> None:
    assert index.find_in_text("who is in TPT?") == "tpt"


def test_find_in_text_prefers_the_longest_run_of_words(index: TitleIndex) -> None:
    assert index.find_in_text("is doctor who back?") == "Doctor Who"


def test_find_in_text_reads_titles_typed_without_spaces(index: TitleIndex) -> None:
    assert index.find_in_text("is tinyprettythings renewed") == "Tiny Pretty Things"


def test_find_in_text_prefers_a_title_over_question_words_named_like_shows(
    index: TitleIndex,
) -> None:
    # "Who" and "Coming Out" are shows too; the question is about Dark and tpt.
    assert index.find_in_text("who is in tpt") == "tpt"
    assert index.find_in_text("when is dark coming out") == "Dark"


def test_find_in_text_still_finds_a_show_named_like_question_words(index: TitleIndex) -> None:
    assert index.find_in_text("is who renewed") == "Who"


def test_find_in_text_without_a_title_is_none(index: TitleIndex) -> None:
    assert index.find_in_text("when is the next season?") is None
    assert index.find_in_text("") is None


def test_find_in_text_handles_a_long_message(index: TitleIndex) -> None:
    question = "so I was wondering " * 40 + "whether stranger things is over"

    assert index.find_in_text(question) == "Stranger Things"


# --- initialisms, noise words, near misses, capitals (issue 12) ---------------------------


def test_initialisms_come_from_every_title() -> None:
    from db.model.titles import initialisms

    assert "tbbt" in initialisms("the big bang theory")
    assert "bbt" in initialisms("the big bang theory")
    assert "got" in initialisms("game of thrones")
    assert "b99" in initialisms("brooklyn nine nine")
    assert "htgawm" in initialisms("how to get away with murder")
    assert initialisms("stranger things") == ()  # two letters name too many shows
    assert initialisms("lost") == ()


def test_an_initialism_resolves_after_exact_titles_and_confident_typos() -> None:
    index = TitleIndex(
        [
            TitleEntry(1, "The Big Bang Theory", 2007, "CBS"),
            TitleEntry(2, "Game of Thrones", 2011, "HBO"),
            TitleEntry(3, "Gift of Tongues", 2020, None),
            TitleEntry(4, "TBBT", 2030, None),
        ]
    )
    assert index.resolve("tbbt").show_id == 4  # a real title of that name wins
    assert (
        TitleIndex([TitleEntry(1, "The Big Bang Theory", 2007, "CBS")]).resolve("bbt").show_id == 1
    )
    ambiguous = index.resolve("got")
    assert ambiguous.ambiguous
    assert {candidate.show_id for candidate in ambiguous.candidates} == {2, 3}


def test_platform_and_year_words_around_a_title_are_dropped() -> None:
    index = TitleIndex([TitleEntry(1, "Tiny Pretty Things", 2020, "Netflix")])
    for typed in ("netflix tiny pretty things", "tiny pretty things 2020 series"):
        assert index.resolve(typed).show_id == 1


def test_a_near_miss_of_whole_words_is_offered_never_chosen() -> None:
    index = TitleIndex(
        [
            TitleEntry(1, "Tiny Pretty Things", 2020, "Netflix"),
            TitleEntry(2, "Pretty Little Liars", 2010, "Freeform"),
        ]
    )
    resolution = index.resolve("pretty little things")
    assert resolution.show_id is None
    assert {candidate.show_id for candidate in resolution.candidates} == {1, 2}
    assert index.resolve("tiny prety thing").show_id == 1  # typos still resolve


def test_in_a_question_an_everyday_word_loses_to_a_title_typed_with_capitals() -> None:
    index = TitleIndex([TitleEntry(1, "Lost", 2004, "ABC"), TitleEntry(2, "Deadwood", 2004, "HBO")])
    question = "What's going on with Deadwood? Has HBO completely lost its mind?"
    assert index.find_in_text(question) == "Deadwood"
    mention = index.mention_in("i lost track, when is season 2 out?")
    assert mention is not None
    assert mention.weak
    assert index.mention_in("Will There Be A 'PLL' Season 8?") is None
