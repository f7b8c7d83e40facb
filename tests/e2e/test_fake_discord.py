"""The stand-in itself: what the end-to-end tests rely on it to do as Discord does."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.e2e.fake_discord import BOT_USER_ID, FakeDiscord

pytestmark = pytest.mark.e2e


async def test_it_listens_on_loopback_only(discord_server: FakeDiscord) -> None:
    assert discord_server.host == "127.0.0.1"
    assert discord_server.api_base.startswith("http://127.0.0.1:")
    assert discord_server.gateway_url.startswith("ws://127.0.0.1:")


async def test_it_answers_json_as_exactly_application_json(discord_server: FakeDiscord) -> None:
    # discord.py parses a body as JSON only for this exact Content-Type.
    headers = {"Authorization": f"Bot {discord_server.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{discord_server.api_base}/users/@me", headers=headers) as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["id"] == str(BOT_USER_ID)


async def test_it_refuses_requests_without_the_bot_token(discord_server: FakeDiscord) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{discord_server.api_base}/users/@me") as response,
    ):
        assert response.status == 401
        assert response.headers["Content-Type"] == "application/json"


async def test_it_answers_a_repeated_nonce_with_the_first_message(
    discord_server: FakeDiscord,
) -> None:
    channel = discord_server.channel_id("general")
    url = f"{discord_server.api_base}/channels/{channel}/messages"
    body = {"content": "hello", "nonce": "alert-1", "enforce_nonce": True}
    headers = {"Authorization": f"Bot {discord_server.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        async with session.post(url, json=body) as first:
            created = await first.json()
        async with session.post(url, json=body) as second:
            repeated = await second.json()
        async with session.get(url) as history:
            messages = await history.json()

    assert repeated["id"] == created["id"]
    assert [message["id"] for message in messages] == [created["id"]]
    assert discord_server.nonce_repeats == 1


async def test_gateway_bot_recommends_the_shard_count_asked_for(
    discord_server: FakeDiscord,
) -> None:
    discord_server.recommended_shards = 4
    headers = {"Authorization": f"Bot {discord_server.token}"}
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.get(f"{discord_server.api_base}/gateway/bot") as response,
    ):
        assert (await response.json())["shards"] == 4


async def identify(discord_server: FakeDiscord, shard: list[int]) -> list[dict[str, Any]]:
    """IDENTIFY on a new connection; the dispatches that follow (READY, then each guild)."""
    frames: list[dict[str, Any]] = []
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(discord_server.gateway_url) as ws,
    ):
        await ws.receive_json()  # HELLO
        await ws.send_json(
            {"op": 2, "d": {"token": discord_server.token, "intents": 0, "shard": shard}}
        )
        frames.append(await ws.receive_json())
        for _ in frames[0]["d"]["guilds"]:
            frames.append(await ws.receive_json())
    return frames


async def test_a_shard_is_told_only_of_its_own_guilds(discord_server: FakeDiscord) -> None:
    guilds = {
        shard: discord_server.add_guild(f"g{shard}", shard=shard, count=4) for shard in range(4)
    }

    ready, *created = await identify(discord_server, [2, 4])

    assert ready["t"] == "READY"
    assert ready["d"]["shard"] == [2, 4]
    assert [guild["id"] for guild in ready["d"]["guilds"]] == [str(guilds[2])]
    assert [(frame["t"], frame["d"]["id"]) for frame in created] == [
        ("GUILD_CREATE", str(guilds[2]))
    ]
