from pathlib import Path

import pytest

from bot.settings import (
    DEFAULT_DATABASE_PATH,
    DEFAULT_NEWS_FEEDS,
    NewsSource,
    SettingsError,
    load_settings,
    with_default_sources,
)
from db.model.shards import Shards


def test_no_settings_gives_the_documented_defaults() -> None:
    settings = load_settings({})
    assert settings.discord_token is None
    assert settings.database_path == DEFAULT_DATABASE_PATH
    assert settings.command_prefix == "!"
    assert settings.news_sources == ()
    assert settings.poll_interval_minutes == 30
    assert settings.owner_ids == frozenset()
    assert settings.requests_per_second == 48


def test_every_documented_key_is_read() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": "abc.def.ghi",
            "DATABASE_PATH": "/tmp/x.sqlite3",
            "COMMAND_PREFIX": "?",
            "NEWS_SOURCE": "file:news.json",
            "NEWS_FEEDS": "https://tv.example/feed/, file:feeds/local.xml",
            "TVMAZE_BASE_URL": "http://127.0.0.1:8080/",
            "POLL_INTERVAL_MINUTES": "5",
            "OWNER_IDS": "123456789012345678, 223456789012345678",
            "DEV_GUILD_ID": "323456789012345678",
            "HOME_GUILD_ID": "423456789012345678",
            "EDITOR_ROLE_ID": "523456789012345678",
            "LOG_LEVEL": "debug",
            "DISCORD_API_BASE": "http://127.0.0.1:9000/api/v10",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9000/gateway",
            "DISCORD_REQUESTS_PER_SECOND": "30",
        }
    )
    assert settings.discord_token == "abc.def.ghi"
    assert settings.database_path == Path("/tmp/x.sqlite3")
    assert settings.command_prefix == "?"
    assert settings.news_sources == (NewsSource("file", Path("news.json")),)
    assert settings.news_feeds == ("https://tv.example/feed/", "file:feeds/local.xml")
    assert settings.tvmaze_base_url == "http://127.0.0.1:8080"
    assert settings.poll_interval_minutes == 5
    assert settings.owner_ids == {123456789012345678, 223456789012345678}
    assert settings.dev_guild_id == 323456789012345678
    assert settings.home_guild_id == 423456789012345678
    assert settings.editor_role_id == 523456789012345678
    assert settings.log_level == "DEBUG"
    assert settings.discord_api_base == "http://127.0.0.1:9000/api/v10"
    assert settings.discord_gateway_url == "ws://127.0.0.1:9000/gateway"
    assert settings.requests_per_second == 30


def test_every_key_is_documented_in_env_example() -> None:
    example = (Path(__file__).parents[2] / ".env.example").read_text(encoding="utf-8")
    for key in (
        "DISCORD_TOKEN",
        "DATABASE_PATH",
        "COMMAND_PREFIX",
        "NEWS_SOURCE",
        "NEWS_FEEDS",
        "TVMAZE_BASE_URL",
        "POLL_INTERVAL_MINUTES",
        "OWNER_IDS",
        "DEV_GUILD_ID",
        "LOG_LEVEL",
        "DISCORD_API_BASE",
        "DISCORD_GATEWAY_URL",
        "DISCORD_REQUESTS_PER_SECOND",
    ):
        assert f"\n{key}=" in example


def test_news_sources_are_a_list_polled_in_the_order_given() -> None:
    settings = load_settings({"NEWS_SOURCE": "tvmaze, feeds,file:extra.json"})

    assert settings.news_sources == (
        NewsSource("tvmaze"),
        NewsSource("feeds"),
        NewsSource("file", Path("extra.json")),
    )


@pytest.mark.parametrize("environ", [{"DISCORD_TOKEN": "abc.def"}, {}], ids=["discord", "console"])
def test_every_source_is_polled_unless_news_source_says_otherwise(environ: dict[str, str]) -> None:
    settings = with_default_sources(load_settings(environ))

    assert settings.news_sources == (NewsSource("tvmaze"), NewsSource("feeds"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("none", ()), ("feeds", (NewsSource("feeds"),))],
)
def test_a_news_source_given_is_kept(raw: str, expected: tuple[NewsSource, ...]) -> None:
    settings = with_default_sources(load_settings({"DISCORD_TOKEN": "abc.def", "NEWS_SOURCE": raw}))

    assert settings.news_sources == expected


def test_the_default_feeds_are_the_documented_trade_press_list() -> None:
    settings = load_settings({"NEWS_SOURCE": "feeds"})

    assert settings.news_feeds == DEFAULT_NEWS_FEEDS
    assert all(feed.startswith("https://") for feed in settings.news_feeds)


def test_blank_values_count_as_unset() -> None:
    assert load_settings({"DISCORD_TOKEN": "  ", "DEV_GUILD_ID": ""}).discord_token is None


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("POLL_INTERVAL_MINUTES", "often", "POLL_INTERVAL_MINUTES"),
        ("POLL_INTERVAL_MINUTES", "0", "POLL_INTERVAL_MINUTES"),
        ("NEWS_SOURCE", "rss", "NEWS_SOURCE"),
        ("NEWS_SOURCE", "tvmaze,tvmaze", "NEWS_SOURCE"),
        ("NEWS_SOURCE", "none,feeds", "NEWS_SOURCE"),
        ("NEWS_FEEDS", "deadline.com/feed", "NEWS_FEEDS"),
        ("NEWS_FEEDS", " , ", "NEWS_FEEDS"),
        ("OWNER_IDS", "me", "OWNER_IDS"),
        ("DEV_GUILD_ID", "12", "DEV_GUILD_ID"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL"),
        ("TVMAZE_BASE_URL", "api.tvmaze.com", "TVMAZE_BASE_URL"),
        ("DISCORD_GATEWAY_URL", "http://127.0.0.1", "DISCORD_GATEWAY_URL"),
        ("COMMAND_PREFIX", "! !", "COMMAND_PREFIX"),
        ("DISCORD_TOKEN", "Bot abc", "DISCORD_TOKEN"),
        ("DISCORD_REQUESTS_PER_SECOND", "51", "DISCORD_REQUESTS_PER_SECOND"),
        ("DISCORD_REQUESTS_PER_SECOND", "0", "DISCORD_REQUESTS_PER_SECOND"),
        ("EDITOR_ROLE_ID", "523456789012345678", "HOME_GUILD_ID"),
    ],
)
def test_an_invalid_setting_is_named_in_one_line(key: str, value: str, named: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({key: value})
    message = str(raised.value)
    assert named in message
    assert "\n" not in message


def test_the_token_never_appears_in_the_settings_repr() -> None:
    settings = load_settings({"DISCORD_TOKEN": "very.secret.token"})
    assert "very.secret.token" not in repr(settings)


def test_database_url_selects_postgresql_and_stays_out_of_the_repr() -> None:
    url = "postgresql://bot:pass-word@db.example:5432/cliffhanger"
    settings = load_settings({"DATABASE_URL": url})
    assert settings.database_url == url
    assert "pass-word" not in repr(settings)
    assert load_settings({}).database_url is None


def test_database_url_may_name_a_unix_socket() -> None:
    url = "postgresql://bot@/cliffhanger?host=/run/postgresql"
    assert load_settings({"DATABASE_URL": url}).database_url == url


def test_database_url_is_documented_in_env_example() -> None:
    example = (Path(__file__).parents[2] / ".env.example").read_text(encoding="utf-8")
    assert "\nDATABASE_URL=" in example


@pytest.mark.parametrize(
    "url",
    [
        "mysql://bot:pass-word@db.example/cliffhanger",
        "postgresql://bot:pass-word@db.example:port/cliffhanger",
        "postgresql://bot:pass-word@db.example:5432",
        "postgresql://bot:pass-word@/cliffhanger",
        "db.example/cliffhanger",
    ],
)
def test_a_malformed_database_url_is_one_line_without_the_password(url: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"DATABASE_URL": url})
    message = str(raised.value)
    assert "DATABASE_URL" in message
    assert "pass-word" not in message
    assert "\n" not in message


# ---------------------------------------------------------------------- shards


def test_no_shard_settings_means_one_unsharded_process() -> None:
    assert load_settings({}).shards is None


@pytest.mark.parametrize(
    ("ids", "expected"),
    [("0,1", (0, 1)), ("0-3", (0, 1, 2, 3)), ("2, 5-7", (2, 5, 6, 7)), ("7", (7,))],
)
def test_shard_ids_are_read_as_numbers_and_ranges(ids: str, expected: tuple[int, ...]) -> None:
    settings = load_settings({"SHARD_COUNT": "8", "SHARD_IDS": ids})
    assert settings.shards == Shards(expected, 8)


def test_a_shard_count_without_ids_means_every_shard_in_this_process() -> None:
    settings = load_settings({"SHARD_COUNT": "4"})
    assert settings.shards == Shards((0, 1, 2, 3), 4)
    assert settings.requests_per_second == 48


def test_a_process_with_some_shards_takes_their_share_of_the_request_limit() -> None:
    settings = load_settings({"SHARD_COUNT": "4", "SHARD_IDS": "0-1"})
    assert settings.requests_per_second == 24
    assert not settings.requests_per_second_set


def test_an_explicit_request_limit_overrides_the_shards_share() -> None:
    settings = load_settings(
        {"SHARD_COUNT": "4", "SHARD_IDS": "0-1", "DISCORD_REQUESTS_PER_SECOND": "10"}
    )
    assert settings.requests_per_second == 10
    assert settings.requests_per_second_set


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        ({"SHARD_IDS": "0-1"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-4"}, "names shard 4, but with SHARD_COUNT=4"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "5"}, "names shard 5"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-2,2-3"}, "names shard 2 more than once"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1,1"}, "names shard 1 more than once"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "backwards"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0,,1"}, "numbers and ranges"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "a-b"}, "numbers and ranges"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "-1"}, "numbers and ranges"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-"}, "numbers and ranges"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "²"}, "numbers and ranges"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be a whole number"),
        ({"SHARD_COUNT": "four"}, "SHARD_COUNT must be a whole number"),
        ({"SHARD_COUNT": "99999999999"}, "SHARD_COUNT must be a whole number"),
    ],
)
def test_bad_shard_settings_are_refused_in_one_line(environ: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=says) as raised:
        load_settings(environ)
    assert "\n" not in str(raised.value)
