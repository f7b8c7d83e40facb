"""What every HTTP source shares: who we say we are, and a body read with a size cap."""

from __future__ import annotations

import aiohttp

from bot.sources.base import SourceError

PRODUCT = "Cliffhanger/0.1 (+Discord bot; answers TV renewal and release questions)"
CHUNK_BYTES = 64 * 1024


class BodyTooLarge(SourceError):
    """A response ran past the cap we set for its kind: it is not what we asked for."""


async def read_capped(response: aiohttp.ClientResponse, limit: int, what: str) -> bytes:
    """The whole body, refusing (without reading on) one that announces or reaches `limit`."""
    if (response.content_length or 0) > limit:
        raise BodyTooLarge(f"{what}: response too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"{what}: response too large")
        chunks.append(chunk)
    return b"".join(chunks)
