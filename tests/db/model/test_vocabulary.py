"""The vocabulary: stored values never change, and every rule names words that exist."""

from __future__ import annotations

import pytest

from db.model.vocabulary import (
    ALERT_KIND_OF_NEWS,
    ALERT_KIND_OF_TYPED,
    ALERT_KINDS,
    CONFIDENCES,
    DATE_NEWS_KINDS,
    NEWS_KINDS,
    PRECISIONS,
    STATUSES,
    YEAR_PARTS,
    Word,
    Words,
    is_guess,
    status_news_kind,
)


def test_stored_values_are_the_ones_in_databases_and_catalogue_files() -> None:
    assert STATUSES.values == (
        "in_development",
        "airing",
        "renewed",
        "awaiting",
        "cancelled",
        "ended",
        "unknown",
    )
    assert CONFIDENCES.values == ("confirmed", "reported", "speculation")
    assert NEWS_KINDS.values == (
        "renewed",
        "cancelled",
        "ended",
        "ending",
        "status",
        "season_announced",
        "release_date",
        "season_out",
        "note",
    )
    assert ALERT_KINDS.values == ("renewed", "ended", "release_date", "season_out", "status")
    assert PRECISIONS.values == ("day", "month", "year", "early", "mid", "late")
    assert YEAR_PARTS == ("early", "mid", "late")


def test_every_rule_names_news_kinds_that_exist() -> None:
    named = [kind for status in STATUSES for kind in (*status.evidence, status.announced_by)]
    named += [source for kind in NEWS_KINDS for source in kind.sources]
    named += [kind for alert in ALERT_KINDS for kind in alert.covers]
    assert set(named) <= set(NEWS_KINDS.values)


def test_each_news_kind_alerts_under_one_alert_kind_at_most() -> None:
    covered = [kind for alert in ALERT_KINDS for kind in alert.covers]
    assert len(covered) == len(set(covered)) == len(ALERT_KIND_OF_NEWS)
    assert ALERT_KIND_OF_NEWS["season_announced"] == "renewed"
    assert "note" not in ALERT_KIND_OF_NEWS


def test_a_final_season_announced_alerts_with_cancellations_and_endings() -> None:
    assert ALERT_KIND_OF_NEWS["ending"] == "ended"
    assert ALERT_KIND_OF_TYPED["final"] == "ended"


def test_each_typed_word_means_one_alert_kind() -> None:
    typed = [word for alert in ALERT_KINDS for word in alert.typed]
    assert len(typed) == len(set(typed)) == len(ALERT_KIND_OF_TYPED)
    assert ALERT_KIND_OF_TYPED["canceled"] == "ended"
    assert all(word == word.casefold() for word in typed)


@pytest.mark.parametrize(
    ("status", "kind"),
    [("renewed", "renewed"), ("cancelled", "cancelled"), ("ended", "ended"), ("airing", "status")],
)
def test_a_move_to_a_status_is_announced_by_its_news_kind(status: str, kind: str) -> None:
    assert status_news_kind(status) == kind


def test_a_status_we_do_not_know_is_plain_status_news() -> None:
    assert status_news_kind("on_hiatus") == "status"


def test_only_speculation_is_a_guess() -> None:
    assert [value for value in CONFIDENCES.values if is_guess(value)] == ["speculation"]
    assert not is_guess("unheard of")


def test_date_news_is_about_renewals_seasons_and_dates() -> None:
    assert DATE_NEWS_KINDS == ("renewed", "season_announced", "release_date")


def test_a_vocabulary_finds_words_by_value_and_keeps_their_order() -> None:
    words = Words(Word("b"), Word("a"))
    assert words.values == ("b", "a")
    assert [word.value for word in words] == ["b", "a"]
    assert words["a"] == Word("a")
    assert "a" in words
    assert "c" not in words
    assert words.get("c") is None
    assert words.get(None) is None


def test_a_vocabulary_lists_each_value_once() -> None:
    with pytest.raises(ValueError, match="once"):
        Words(Word("a"), Word("a"))
