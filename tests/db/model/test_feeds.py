"""Feed items: only outcomes the schema stores can be given."""

from __future__ import annotations

import pytest

from db.model.feeds import FEED_ITEM_OUTCOMES, UNRESOLVED_OUTCOMES, NewItem


def test_an_item_with_an_unknown_outcome_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="unknown feed item outcome 'maybe'"):
        NewItem("https://f.example/", "g", None, "Title", None, None, "maybe")


def test_unresolved_outcomes_are_outcomes() -> None:
    assert set(UNRESOLVED_OUTCOMES) <= set(FEED_ITEM_OUTCOMES)
