"""The catalogue service while its title index is still being built."""

from __future__ import annotations

import asyncio

import pytest

from bot.catalogue.service import CatalogueService
from bot.replies.reply import Reply
from db.connection import Database
from db.shows import ShowRepository


def _seen(reply: Reply) -> tuple[str | None, list[dict[str, object]]]:
    return reply.content, [dict(embed.to_dict()) for embed in reply.embeds]


def _still_building(database: Database) -> CatalogueService:
    """A service whose index build never finishes: what a bot just started looks like."""
    service = CatalogueService(ShowRepository(database), None)  # type: ignore[arg-type]
    service._building = asyncio.ensure_future(asyncio.Event().wait())  # type: ignore[assignment]
    return service


async def test_an_exact_title_is_answered_before_the_index_is_built(
    seeded_database: Database,
) -> None:
    built = await CatalogueService.load(seeded_database)
    service = _still_building(seeded_database)
    reply = await asyncio.wait_for(service.release("tiny pretty things"), timeout=5)
    assert not service.is_ready
    assert _seen(reply) == _seen(await built.release("tiny pretty things"))
    await service.close()


async def test_an_exact_title_with_a_season_is_answered_before_the_index_is_built(
    seeded_database: Database,
) -> None:
    built = await CatalogueService.load(seeded_database)
    service = _still_building(seeded_database)
    reply = await asyncio.wait_for(service.cast("Tiny Pretty Things season 1"), timeout=5)
    assert _seen(reply) == _seen(await built.cast("Tiny Pretty Things season 1"))
    await service.close()


async def test_a_typo_waits_for_the_index(seeded_database: Database) -> None:
    service = _still_building(seeded_database)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(service.release("tiny prety things"), timeout=0.2)
    await service.close()


async def test_a_started_service_answers_typos_once_built(seeded_database: Database) -> None:
    service = CatalogueService.start(seeded_database)
    built = await CatalogueService.load(seeded_database)
    reply = await service.release("tiny prety things")
    assert service.is_ready
    assert _seen(reply) == _seen(await built.release("tiny pretty things"))
