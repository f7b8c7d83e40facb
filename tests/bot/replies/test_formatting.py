import datetime

import discord

from bot.replies.formatting import (
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    MESSAGE_LIMIT,
    EmbedPages,
    count_of,
    discord_date,
    echo,
    group_embeds,
    split_message,
    spoiler,
)
from db.model.shows import PartialDate


def test_spoiler_wraps_text_in_one_tag() -> None:
    assert spoiler("Ramon dies") == "||Ramon dies||"


def test_spoiler_text_cannot_close_its_own_tag() -> None:
    wrapped = spoiler("a || b ||")
    assert wrapped.startswith("||")
    assert wrapped.endswith("||")
    assert wrapped[2:-2].count("||") == 0


def test_spoiler_text_cannot_mention_everyone() -> None:
    assert "@everyone" not in spoiler("hello @everyone")


def test_echo_makes_user_text_inert_and_short() -> None:
    echoed = echo("**bold** @everyone " + "x" * 500)
    assert "**" not in echoed.replace("\\*", "")
    assert "@everyone" not in echoed
    assert len(echoed) < 120


def test_split_message_keeps_every_chunk_within_the_limit() -> None:
    text = "\n".join(f"line {number} " + "word " * 30 for number in range(200))
    chunks = split_message(text)
    assert all(len(chunk) <= MESSAGE_LIMIT for chunk in chunks)
    assert " ".join("\n".join(chunks).split()) == " ".join(text.split())


def test_split_message_reopens_a_spoiler_cut_in_two() -> None:
    text = spoiler("secret " * 600)
    chunks = split_message(text)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= MESSAGE_LIMIT
        assert chunk.startswith("||")
        assert chunk.endswith("||")
        assert chunk.count("||") == 2


def test_an_exact_day_becomes_a_discord_timestamp_at_noon_utc() -> None:
    rendered = discord_date(PartialDate.parse("2020-12-14"))
    noon = datetime.datetime(2020, 12, 14, 12, tzinfo=datetime.UTC)
    assert rendered == f"<t:{int(noon.timestamp())}:D>"


def test_a_release_window_stays_in_words() -> None:
    assert discord_date(PartialDate.parse("2027", "late")) == "late 2027"


def test_count_of_uses_words_for_small_numbers() -> None:
    assert count_of(1, "season") == "one season"
    assert count_of(2, "season") == "two seasons"
    assert count_of(12, "episode") == "12 episodes"


def test_embed_pages_stay_within_discord_limits() -> None:
    pages = EmbedPages(title="T" * 300, description="d" * 5000)
    for number in range(60):
        pages.add_field(f"field {number}", "v" * 1500)
    embeds = pages.build()
    assert len(embeds) > 1
    for embed in embeds:
        assert len(embed) <= EMBED_TOTAL_LIMIT
        assert len(embed.fields) <= 25
        assert embed.title is not None
        assert len(embed.title) <= 256
        assert all(len(field.value or "") <= FIELD_VALUE_LIMIT for field in embed.fields)


def test_grouped_embeds_fit_in_messages() -> None:
    embeds = [discord.Embed(title=str(number), description="x" * 2000) for number in range(12)]
    groups = group_embeds(embeds)
    assert sum(len(group) for group in groups) == 12
    for group in groups:
        assert len(group) <= 10
        assert sum(len(embed) for embed in group) <= EMBED_TOTAL_LIMIT
