"""The typo candidate index: which shows a mistyped title is scored against, instead of all."""

from __future__ import annotations

import random
import string

import pytest
from rapidfuzz.distance import OSA

from db.model import titles
from db.model.titles import (
    TitleEntry,
    TitleIndex,
    _edits_allowed,
    _Query,
    _WordNeighbours,
)

WORDS = [
    "dark",
    "house",
    "night",
    "angel",
    "love",
    "big",
    "sun",
    "doctor",
    "school",
    "family",
    "stranger",
    "things",
    "bridge",
    "two",
    "of",
    "the",
]


def _catalogue(size: int, seed: int = 7) -> list[TitleEntry]:
    """Titles of two to four shared words, so a typo'd word has many near namesakes."""
    rng = random.Random(seed)
    return [
        TitleEntry(number, " ".join(rng.sample(WORDS, rng.randint(2, 4))).title(), 2000, None)
        for number in range(1, size + 1)
    ]


def _typo(word: str, rng: random.Random) -> str:
    position = rng.randrange(len(word))
    letter = rng.choice(string.ascii_lowercase)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:position] + letter + word[position + 1 :]
    if kind == 1 and len(word) > 1:
        return word[:position] + word[position + 1 :]
    if kind == 2 or position + 1 >= len(word):
        return word[:position] + letter + word[position:]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def test_neighbours_are_exactly_the_words_within_the_typos_allowed() -> None:
    rng = random.Random(3)
    stored = {"".join(rng.choice("abcde") for _ in range(rng.randint(1, 8))) for _ in range(400)}
    neighbours = _WordNeighbours()
    for word in sorted(stored)[:300]:
        neighbours.add(word)
    for _ in neighbours.pack():
        pass
    for word in sorted(stored)[300:]:
        neighbours.add(word)  # after packing: looked up in the dict beside the arrays
    for _ in range(300):
        typed = "".join(rng.choice("abcdef") for _ in range(rng.randint(1, 9)))
        allowed = _edits_allowed(typed)
        expected = {
            word
            for word in stored
            if OSA.distance(typed, word) <= min(allowed, _edits_allowed(word))
        }
        assert set(neighbours.near(typed)) == expected, typed


@pytest.mark.parametrize("packed", [False, True])
def test_removing_a_word_leaves_the_index_as_if_it_was_never_added(packed: bool) -> None:
    neighbours = _WordNeighbours()
    for word in ("house", "horse", "hose"):
        neighbours.add(word)
    if packed:
        for _ in neighbours.pack():
            pass
    probes = ("houses", "house", "hous", "hose", "horses", "mouse")
    before = {probe: sorted(neighbours.near(probe)) for probe in probes}
    neighbours.add("houses")
    assert "houses" in neighbours.near("housse")
    neighbours.remove("houses")
    assert {probe: sorted(neighbours.near(probe)) for probe in probes} == before
    assert "houses" not in neighbours.near("houses")
    # "hose" is two typos from "hous", and a four-letter word carries one.
    assert neighbours.near("hous") == ["house"]
    assert sorted(neighbours.near("hose")) == ["horse", "hose", "house"]


@pytest.mark.parametrize("typos", [1, 2])
def test_typo_queries_keep_their_show_among_few_candidates(typos: int) -> None:
    entries = _catalogue(3000)
    index = TitleIndex(entries)
    rng = random.Random(typos)
    sizes = []
    for entry in rng.sample(entries, 200):
        words = entry.title.lower().split()
        for position in rng.sample(range(len(words)), min(typos, len(words))):
            words[position] = _typo(words[position], rng)
        query = _Query.of(" ".join(words))
        candidates = index._typo_candidates(query)
        if candidates is None:
            continue  # a word typed beyond recognition: the scan reads every title
        assert entry.show_id in candidates, query.text
        sizes.append(len(candidates))
    assert len(sizes) >= 150
    assert sorted(sizes)[len(sizes) // 2] < len(entries) // 10


def test_a_short_title_with_two_typos_still_resolves() -> None:
    index = TitleIndex([*_catalogue(2000), TitleEntry(9001, "Big Love Sun", 2019, None)])
    query = _Query.of("bib loev sun")
    candidates = index._typo_candidates(query)
    assert candidates is not None
    assert 9001 in candidates


def test_words_run_together_fall_back_to_scanning_every_title() -> None:
    index = TitleIndex([*_catalogue(500), TitleEntry(9001, "Two Bridge Wolves", 2019, None)])
    assert index._typo_candidates(_Query.of("twobridge wolfes")) is None
    assert index.resolve("twobridge wolfes").show_id == 9001


def test_upsert_and_remove_keep_the_candidates_right_without_a_rebuild() -> None:
    index = TitleIndex(_catalogue(500))
    index.upsert(TitleEntry(9001, "Zanzibar Lighthouse", 2021, None))
    candidates = index._typo_candidates(_Query.of("zanzibra lighthuose"))
    assert candidates == {9001}
    assert index.resolve("zanzibra lighthuose").show_id == 9001

    index.upsert(TitleEntry(9001, "Quixotic Lighthouse", 2021, None))  # renamed
    assert index._typo_candidates(_Query.of("zanzibra")) is None  # the old word is gone
    assert index.resolve("quixotci lighthouse").show_id == 9001

    index.remove(9001)
    assert index._typo_candidates(_Query.of("quixotci")) is None
    assert not index.resolve("quixotci lighthouse").found

    fresh = TitleIndex(_catalogue(500))
    for word in ("zanzibar", "quixotic", "lighthouse", *WORDS):
        assert sorted(index._word_neighbours.near(word)) == sorted(
            fresh._word_neighbours.near(word)
        )


def test_an_index_built_a_slice_at_a_time_answers_as_one_built_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(titles, "STEP_SECONDS", 0.0)  # yield at every chance
    entries = _catalogue(3000)
    whole = TitleIndex(entries)
    build = TitleIndex.building()
    slices = sum(1 for _ in build.add(entries[:1000]))
    slices += sum(1 for _ in build.add(entries[1000:]))
    slices += sum(1 for _ in build.finish())
    sliced = build.index
    assert slices > 100
    rng = random.Random(3)
    for entry in rng.sample(entries, 200):
        typed = " ".join(_typo(word, rng) for word in entry.title.split())
        for query in (entry.title, typed, typed[:5]):
            assert sliced.resolve(query) == whole.resolve(query)
            assert sliced.autocomplete(query) == whole.autocomplete(query)
            assert sliced.search(query) == whole.search(query)
