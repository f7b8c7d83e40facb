"""compose.yaml, the several-processes layout the README offers: one PostgreSQL and bot
processes whose settings start, share that database and split the shards between them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.settings import Settings, load_settings

COMPOSE = Path(__file__).parents[1] / "compose.yaml"
# Compose's `${NAME:-default}` and `${NAME}`, read as on a machine where NAME is unset.
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?::-(?P<default>[^}]*))?\}")


def interpolated(value: Any) -> Any:
    if isinstance(value, str):
        return VARIABLE.sub(lambda match: match.group("default") or "", value)
    if isinstance(value, dict):
        return {key: interpolated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolated(item) for item in value]
    return value


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    document = interpolated(yaml.safe_load(COMPOSE.read_text(encoding="utf-8")))
    return document["services"]


def bots(services: dict[str, dict[str, Any]]) -> dict[str, Settings]:
    return {
        name: load_settings({"DISCORD_TOKEN": "compose.check", **service["environment"]})
        for name, service in services.items()
        if "python -m bot run" in " ".join(service.get("command", []))
    }


def test_compose_runs_at_least_two_bot_processes_beside_postgresql(
    services: dict[str, dict[str, Any]],
) -> None:
    assert services["postgres"]["image"].startswith("postgres:")
    assert len(bots(services)) >= 2


def test_every_bot_process_waits_for_a_healthy_database(
    services: dict[str, dict[str, Any]],
) -> None:
    assert "healthcheck" in services["postgres"]
    for name in bots(services):
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_bot_process_uses_the_composed_postgresql_database(
    services: dict[str, dict[str, Any]],
) -> None:
    database = services["postgres"]["environment"]
    for settings in bots(services).values():
        assert settings.database_url is not None
        url = urlsplit(settings.database_url)
        assert url.hostname == "postgres"
        assert url.username == database["POSTGRES_USER"]
        assert url.password == database["POSTGRES_PASSWORD"]
        assert url.path == f"/{database['POSTGRES_DB']}"


def test_the_bot_processes_split_the_shards_between_them_without_overlap(
    services: dict[str, dict[str, Any]],
) -> None:
    shards = [settings.shards for settings in bots(services).values()]
    assert all(process is not None for process in shards)
    counts = {process.count for process in shards if process is not None}
    served = [shard for process in shards if process is not None for shard in process.ids]

    assert len(counts) == 1
    assert sorted(served) == list(range(counts.pop()))
