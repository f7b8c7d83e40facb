"""Settings from the environment (and `.env`): every key is documented in `.env.example`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from db.model.shards import Shards

DEFAULT_DATABASE_PATH = Path("data") / "cliffhanger.sqlite3"
DEFAULT_TVMAZE_BASE_URL = "https://api.tvmaze.com"
# The public TV news feeds of major trade papers and TV news sites (NEWS_FEEDS replaces them).
DEFAULT_NEWS_FEEDS = (
    "https://deadline.com/category/tv/feed/",
    "https://variety.com/v/tv/feed/",
    "https://www.hollywoodreporter.com/c/tv/tv-news/feed/",
    "https://tvline.com/feed/",
    "https://www.thewrap.com/category/tv/feed/",
    "https://www.tvinsider.com/feed/",
)
SOURCE_KINDS = ("tvmaze", "feeds", "file")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Discord allows one token 50 requests a second in all. The budget counts requests as they
# leave; the other two are the margin for their arriving closer together than they left (the
# network's jitter beyond the budget's slack).
DEFAULT_REQUESTS_PER_SECOND = 48
MAX_REQUESTS_PER_SECOND = 50
# Far beyond the largest bots (Discord asks for a shard per 1,000 to 2,500 guilds); it keeps
# a typo from naming a billion shards.
MAX_SHARD_COUNT = 65_536


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is one line meant for the person running us."""


@dataclass(frozen=True, slots=True)
class NewsSource:
    kind: str  # one of SOURCE_KINDS
    path: Path | None = None

    def describe(self) -> str:
        return f"file:{self.path}" if self.kind == "file" else self.kind


# Unless NEWS_SOURCE says otherwise: every source, so a new install follows every show TVmaze
# knows and the trade press. Offline, a source that can't be reached is said once and the
# catalogue answers alone, so the console keeps working.
DEFAULT_NEWS_SOURCES = (NewsSource("tvmaze"), NewsSource("feeds"))


@dataclass(frozen=True, slots=True)
class Settings:
    # repr=False keeps the token out of any log line or traceback that prints the settings.
    discord_token: str | None = field(default=None, repr=False)
    database_path: Path = DEFAULT_DATABASE_PATH
    # postgresql://…: PostgreSQL instead of the SQLite file. repr=False: it may hold a password.
    database_url: str | None = field(default=None, repr=False)
    command_prefix: str = "!"
    # Every source is polled by the same job, in this order; empty: editors only.
    news_sources: tuple[NewsSource, ...] = ()
    # Whether NEWS_SOURCE was given: if not, the bot and the console use every source.
    news_source_set: bool = False
    news_feeds: tuple[str, ...] = DEFAULT_NEWS_FEEDS
    tvmaze_base_url: str = DEFAULT_TVMAZE_BASE_URL
    poll_interval_minutes: int = 30
    owner_ids: frozenset[int] = frozenset()
    dev_guild_id: int | None = None
    home_guild_id: int | None = None
    editor_role_id: int | None = None
    log_level: str = "INFO"
    log_level_set: bool = False
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    # This process's budget: with shards, its share of the default (see Shards.share_of).
    requests_per_second: int = DEFAULT_REQUESTS_PER_SECOND
    requests_per_second_set: bool = False
    # None: one process, unsharded, as a small bot runs.
    shards: Shards | None = None


def _text(environ: Mapping[str, str], key: str) -> str | None:
    value = environ.get(key, "").strip()
    return value or None


def _snowflake(key: str, raw: str) -> int:
    if not raw.isdigit() or not 15 <= len(raw) <= 21:
        raise SettingsError(
            f"{key} must be a Discord id (a number of 15 to 21 digits), got {raw!r}"
        )
    return int(raw)


def _url(key: str, raw: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.netloc:
        wanted = " or ".join(f"{scheme}://" for scheme in schemes)
        raise SettingsError(f"{key} must be a URL starting with {wanted}, got {raw!r}")
    return raw.rstrip("/")


def check_database_url(raw: str) -> str:
    """A postgresql:// URL asyncpg can use; the error never repeats the password."""
    parts = urlsplit(raw)
    if parts.scheme not in ("postgresql", "postgres"):
        raise SettingsError(
            "DATABASE_URL must be a PostgreSQL URL, postgresql://user:password@host:port/database"
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    host_in_query = "host=" in parts.query
    if port == -1 or not (parts.hostname or host_in_query) or not parts.path.strip("/"):
        raise SettingsError(
            "DATABASE_URL must name a host, a valid port if any, and a database: "
            "postgresql://user:password@host:port/database"
        )
    return raw


def _news_sources(raw: str) -> tuple[NewsSource, ...]:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if parts == ["none"]:
        return ()
    sources: list[NewsSource] = []
    for part in parts:
        if part in ("tvmaze", "feeds"):
            source = NewsSource(part)
        elif part.startswith("file:") and part[len("file:") :].strip():
            source = NewsSource("file", Path(part[len("file:") :].strip()))
        else:
            raise SettingsError(
                "NEWS_SOURCE must be none, or a comma-separated list of tvmaze, feeds and "
                f"file:<path>, got {part!r}"
            )
        if source in sources:
            raise SettingsError(f"NEWS_SOURCE names {part!r} twice")
        sources.append(source)
    return tuple(sources)


def _news_feeds(raw: str) -> tuple[str, ...]:
    feeds: list[str] = []
    for part in (part.strip() for part in raw.split(",")):
        if not part:
            continue
        if part.startswith("file:") and part[len("file:") :].strip():
            feeds.append(part)
        else:
            _url("NEWS_FEEDS", part, ("http", "https"))
            # As given: a feed's URL is the site's own, trailing slash included.
            feeds.append(part)
    if not feeds:
        raise SettingsError("NEWS_FEEDS must list at least one feed URL or file:<path>")
    return tuple(dict.fromkeys(feeds))


def _poll_interval(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 1440:
        raise SettingsError(
            f"POLL_INTERVAL_MINUTES must be a whole number from 1 to 1440, got {raw!r}"
        )
    return int(raw)


def _requests_per_second(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_REQUESTS_PER_SECOND:
        raise SettingsError(
            "DISCORD_REQUESTS_PER_SECOND must be a whole number from 1 to "
            f"{MAX_REQUESTS_PER_SECOND}, got {raw!r}"
        )
    return int(raw)


def _whole(text: str) -> bool:
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    return text.isascii() and text.isdigit()


def _shard_count(raw: str) -> int:
    if not _whole(raw) or not 1 <= int(raw) <= MAX_SHARD_COUNT:
        raise SettingsError(
            f"SHARD_COUNT must be a whole number from 1 to {MAX_SHARD_COUNT}, got {raw!r}"
        )
    return int(raw)


def _shard_ids(raw: str, count: int) -> tuple[int, ...]:
    """`0,1`, `0-3` or a mix such as `2,5-7`: the shards this process serves."""
    ids: set[int] = set()
    for part in (part.strip() for part in raw.split(",")):
        first, dash, last = (text.strip() for text in part.partition("-"))
        if not _whole(first) or (dash and not _whole(last)):
            raise SettingsError(
                "SHARD_IDS must be shard numbers and ranges separated by commas, such as "
                f"0,1 or 0-3 or 2,5-7, got {raw!r}"
            )
        start, end = int(first), int(last) if dash else int(first)
        if end < start:
            raise SettingsError(f"SHARD_IDS has the range {part!r} backwards: write {end}-{start}")
        if end >= count:
            raise SettingsError(
                f"SHARD_IDS names shard {end}, but with SHARD_COUNT={count} the shards are "
                f"0 to {count - 1}"
            )
        named = set(range(start, end + 1))
        if repeated := sorted(named & ids):
            raise SettingsError(f"SHARD_IDS names shard {repeated[0]} more than once")
        ids |= named
    return tuple(sorted(ids))


def _shards(environ: Mapping[str, str]) -> Shards | None:
    count_raw, ids_raw = _text(environ, "SHARD_COUNT"), _text(environ, "SHARD_IDS")
    if count_raw is None:
        if ids_raw is not None:
            raise SettingsError("SHARD_IDS needs SHARD_COUNT: how many shards there are in all")
        return None
    count = _shard_count(count_raw)
    if ids_raw is None:
        return Shards.every(count)
    return Shards(_shard_ids(ids_raw, count), count)


def _command_prefix(raw: str) -> str:
    if len(raw) > 5 or any(char.isspace() for char in raw):
        raise SettingsError(f"COMMAND_PREFIX must be 1 to 5 characters without spaces, got {raw!r}")
    return raw


def with_default_sources(settings: Settings) -> Settings:
    """The settings as the bot and the console run them: every news source unless NEWS_SOURCE
    chose (`none` included)."""
    if settings.news_source_set:
        return settings
    return replace(settings, news_sources=DEFAULT_NEWS_SOURCES)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every setting; raise SettingsError on the first bad one."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}

    token = _text(env, "DISCORD_TOKEN")
    if token is not None:
        if any(char.isspace() for char in token) or token.lower().startswith("bot "):
            raise SettingsError(
                "DISCORD_TOKEN must be the bare bot token from the Developer Portal "
                "(no spaces, no 'Bot ' prefix)"
            )
        values["discord_token"] = token
    if (raw := _text(env, "DATABASE_PATH")) is not None:
        values["database_path"] = Path(raw)
    if (raw := _text(env, "DATABASE_URL")) is not None:
        values["database_url"] = check_database_url(raw)
    if (raw := _text(env, "COMMAND_PREFIX")) is not None:
        values["command_prefix"] = _command_prefix(raw)
    if (raw := _text(env, "NEWS_SOURCE")) is not None:
        values["news_sources"] = _news_sources(raw)
        values["news_source_set"] = True
    if (raw := _text(env, "NEWS_FEEDS")) is not None:
        values["news_feeds"] = _news_feeds(raw)
    if (raw := _text(env, "TVMAZE_BASE_URL")) is not None:
        values["tvmaze_base_url"] = _url("TVMAZE_BASE_URL", raw, ("http", "https"))
    if (raw := _text(env, "POLL_INTERVAL_MINUTES")) is not None:
        values["poll_interval_minutes"] = _poll_interval(raw)
    if (raw := _text(env, "OWNER_IDS")) is not None:
        values["owner_ids"] = frozenset(
            _snowflake("OWNER_IDS", part.strip()) for part in raw.split(",") if part.strip()
        )
    if (raw := _text(env, "DEV_GUILD_ID")) is not None:
        values["dev_guild_id"] = _snowflake("DEV_GUILD_ID", raw)
    if (raw := _text(env, "HOME_GUILD_ID")) is not None:
        values["home_guild_id"] = _snowflake("HOME_GUILD_ID", raw)
    if (raw := _text(env, "EDITOR_ROLE_ID")) is not None:
        values["editor_role_id"] = _snowflake("EDITOR_ROLE_ID", raw)
    if ("editor_role_id" in values) != ("home_guild_id" in values):
        raise SettingsError("EDITOR_ROLE_ID and HOME_GUILD_ID must be set together")
    if (raw := _text(env, "LOG_LEVEL")) is not None:
        if raw.upper() not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {raw!r}")
        values["log_level"] = raw.upper()
        values["log_level_set"] = True
    if (raw := _text(env, "DISCORD_API_BASE")) is not None:
        values["discord_api_base"] = _url("DISCORD_API_BASE", raw, ("http", "https"))
    if (raw := _text(env, "DISCORD_GATEWAY_URL")) is not None:
        values["discord_gateway_url"] = _url("DISCORD_GATEWAY_URL", raw, ("ws", "wss"))
    shards = _shards(env)
    if shards is not None:
        values["shards"] = shards
        # Several processes share one token's limit: each takes its shards' part of it.
        values["requests_per_second"] = shards.share_of(DEFAULT_REQUESTS_PER_SECOND)
    if (raw := _text(env, "DISCORD_REQUESTS_PER_SECOND")) is not None:
        values["requests_per_second"] = _requests_per_second(raw)
        values["requests_per_second_set"] = True
    return Settings(**values)  # type: ignore[arg-type]
