"""The shipped catalogue's show, which most tests ask about."""

from __future__ import annotations

from db.model.shows import ShowEntry
from db.shows import shipped_catalogue


def tiny_pretty_things() -> ShowEntry:
    """Tiny Pretty Things as db/seed/catalogue.json has it (its only show)."""
    return shipped_catalogue().shows[0]


def seed_recap() -> tuple[str, ...]:
    """The season 1 recap points of the shipped show, in order."""
    return tiny_pretty_things().seasons[0].recap
