"""Hostile input, property-based: whatever anyone types, a short reply, no ping, no change.

Every command and the mention questions get generated arguments made of the things that
break bots: empty and very long text, unicode, zero-width and right-to-left marks, markdown,
code blocks, spoiler bars, @everyone, user and role mentions, SQL metacharacters and control
characters. The sender is a plain member (no owner exemption, no editor rights).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.client import Cliffhanger
from bot.app.flood import FloodGuard
from bot.local.stand_in import MEMBER_USER_ID, LocalDiscord, SentMessage
from db.model.catalogue_format import dump_catalogue
from db.model.news import MAX_REMINDERS_PER_USER
from db.model.questions import Question, cast_named, interpret_question
from db.model.seasons import find_season, split_title_and_season
from db.model.shows import CastEntry
from db.model.titles import TitleEntry, TitleIndex
from db.shows import ShowRepository

HOSTILE_FRAGMENTS = (
    "",
    " ",
    "||",
    "|| spoiler ||",
    "@everyone",
    "@here",
    "<@1100000000000000400>",
    "<@&1100000000000000300>",
    "<#1100000000000000200>",
    "```py\nprint(1)\n```",
    "`",
    "**bold** __under__ ~~strike~~",
    "'; DROP TABLE shows; --",
    '" OR 1=1 --',
    "%_\\",
    "\u200b\u200c\u200d\ufeff",
    "\u202e\u2066RTL\u2069",
    "\x00\x01\x07\x1b[31m",
    "Ω≈ç√∫ 🎬📺",
    "tiny pretty things",
    "tpt",
    " season 2",
    " s02e03",
    "season two of ",
    " 2nd series",
    " next season",
    " final season",
    "who plays ",
    "who does ",
    " play",
    "is it on netflix",
    "did cassie stab ramon",
    "PLL",
    "b99",
    "season 99999999999999999999",
    "s0",
    "1",
    "-5",
    "99999999999999999999",
    "x" * 1900,
)
COMMANDS = (
    "release",
    "show",
    "info",
    "cast",
    "news",
    "search",
    "recap",
    "upcoming",
    "remind",
    "reminders",
    "unremind",
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "help",
    "catalogue status show:",
    "catalogue recap-add show:",
    "catalogue attach item: 1 show:",
    "catalogue headlines",
    "board",
    "sync",
)

# Commands that change only the sender's own list of reminders, never anyone else's data.
PERSONAL = frozenset({"remind", "unremind"})

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=40)), max_size=5
).map(lambda parts: "".join(parts)[:1900])

RUNS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


Snapshot = tuple[str, int, int, list[tuple[object, ...]], list[tuple[object, ...]]]


async def snapshot(bot: Cliffhanger, *, besides_user: int | None = None) -> Snapshot:
    """What hostile input must not change: the catalogue, subscriptions, news, every
    reminder (except, with `besides_user`, that person's own list) and every board."""
    database = bot.services.database
    catalogue = dump_catalogue(await ShowRepository(database).export())
    subscriptions = await database.fetch_one("SELECT count(*) FROM subscriptions")
    events = await database.fetch_one("SELECT count(*) FROM news_events")
    assert subscriptions is not None
    assert events is not None
    reminders = await database.fetch_all(
        "SELECT user_id, show_id, paused_at FROM reminders WHERE user_id IS NOT ? "
        "ORDER BY user_id, show_id",
        (besides_user,),
    )
    boards = await database.fetch_all("SELECT * FROM boards ORDER BY channel_id")
    return (
        catalogue,
        subscriptions[0],
        events[0],
        [tuple(row) for row in reminders],
        [tuple(row) for row in boards],
    )


async def own_reminders_are_sound(bot: Cliffhanger, user_id: int) -> None:
    """A person's list after any input: within the cap, and only shows that exist."""
    rows = await bot.services.database.fetch_all(
        "SELECT reminders.show_id, shows.id FROM reminders "
        "LEFT JOIN shows ON shows.id = reminders.show_id WHERE reminders.user_id = ?",
        (user_id,),
    )
    assert len(rows) <= MAX_REMINDERS_PER_USER
    assert all(row[1] is not None for row in rows)


def assert_safe(replies: list[SentMessage]) -> None:
    for reply in replies:
        mentions = reply.allowed_mentions
        assert mentions is not None
        assert mentions.get("parse") == []
        assert not mentions.get("roles")
        assert not mentions.get("users")
        assert len(reply.content) <= 2000
        assert "@everyone" not in reply.content
        assert "@here" not in reply.content
        text = reply.text()
        assert "Traceback" not in text
        assert "Something went wrong" not in text


async def send_as_member(
    bot: Cliffhanger, stand_in: LocalDiscord, content: str
) -> list[SentMessage]:
    # A fresh guard per example: the point here is hostile content, not flood control.
    bot.flood_guard = FloodGuard()
    return await stand_in.send(content, author_id=MEMBER_USER_ID)


@RUNS
@given(command=st.sampled_from(COMMANDS), argument=hostile_text)
async def test_any_command_argument_gets_a_short_safe_reply_and_changes_nothing(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, command: str, argument: str
) -> None:
    besides = MEMBER_USER_ID if command in PERSONAL else None
    before = await snapshot(bot, besides_user=besides)
    replies = await send_as_member(bot, discord_stand_in, f"!{command} {argument}")
    assert replies, f"no reply to !{command} {argument!r}"
    assert_safe(replies)
    assert await snapshot(bot, besides_user=besides) == before
    await own_reminders_are_sound(bot, MEMBER_USER_ID)


# The slash forms of the commands that take free text, and the option that carries it.
SLASH_TEXT = (
    ("release", "show"),
    ("upcoming", "window"),
    ("remind", "show"),
    ("unremind", "show"),
    ("board", "scope"),
)


@RUNS
@given(
    command=st.sampled_from(SLASH_TEXT),
    argument=hostile_text,
    place=st.sampled_from(("channel", "dm", "elsewhere")),
)
async def test_any_slash_argument_anywhere_gets_a_short_safe_reply(
    bot: Cliffhanger,
    discord_stand_in: LocalDiscord,
    command: tuple[str, str],
    argument: str,
    place: str,
) -> None:
    name, option = command
    besides = MEMBER_USER_ID if name in PERSONAL else None
    before = await snapshot(bot, besides_user=besides)
    bot.flood_guard = FloodGuard()
    replies = await discord_stand_in.interact(
        name, {option: argument}, author_id=MEMBER_USER_ID, place=place
    )
    assert replies, f"no reply to /{name} {argument!r} in a {place}"
    assert_safe(replies)
    if place == "elsewhere":
        assert all(reply.ephemeral for reply in replies)
    assert await snapshot(bot, besides_user=besides) == before
    await own_reminders_are_sound(bot, MEMBER_USER_ID)


@RUNS
@given(question=hostile_text)
async def test_any_question_mentioning_the_bot_gets_a_short_safe_reply(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, question: str
) -> None:
    before = await snapshot(bot)
    replies = await send_as_member(bot, discord_stand_in, f"@Cliffhanger {question}")
    assert replies
    assert_safe(replies)
    assert await snapshot(bot) == before


@RUNS
@given(title=hostile_text)
async def test_any_slash_title_gets_a_short_safe_reply(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, title: str
) -> None:
    bot.flood_guard = FloodGuard()
    replies = await discord_stand_in.interact("release", {"show": title}, author_id=MEMBER_USER_ID)
    assert replies
    assert_safe(replies)


@RUNS
@given(text=hostile_text)
async def test_autocomplete_never_fails_and_stays_within_discords_limits(
    discord_stand_in: LocalDiscord, text: str
) -> None:
    choices = await discord_stand_in.autocomplete("release", {"show": text}, "show")
    assert len(choices) <= 25
    assert all(1 <= len(choice["name"]) <= 100 for choice in choices)


# --- the parsing behind seasons, titles and questions, pure -------------------------------

INDEX = TitleIndex(
    [
        TitleEntry(1, "Tiny Pretty Things", 2020, "Netflix", ("tpt",)),
        TitleEntry(2, "The Big Bang Theory", 2007, "CBS"),
        TitleEntry(3, "Lost", 2004, "ABC"),
        TitleEntry(4, "V", 2009, "ABC"),
    ]
)
ALL_COMMANDS = frozenset({"release", "show", "cast", "news", "recap"})
CAST = (CastEntry("Casimere Jollette", "Bette Whitlaw"), CastEntry("Anna Maiche", "Cassie"))


@settings(max_examples=300, deadline=None)
@given(text=hostile_text)
def test_season_words_are_read_from_any_text_without_failing(text: str) -> None:
    rest, season = find_season(text)
    assert len(rest) <= len(text)
    if season is not None:
        assert (season.number is None) != (season.relative is None)
        assert season.number is None or season.number >= 1
    title, season = split_title_and_season(text)
    assert len(title) <= len(text)


@settings(max_examples=300, deadline=None)
@given(text=hostile_text)
def test_any_question_is_read_without_failing(text: str) -> None:
    question = interpret_question(text, INDEX.mention_in, ALL_COMMANDS)
    assert question is None or isinstance(question, Question)
    if question is not None:
        assert question.command in ALL_COMMANDS
        assert question.title is None or len(question.title) <= len(text) + 200
    cast_named(CAST, text, "Tiny Pretty Things")
    INDEX.resolve(text)
    INDEX.mention_in(text)


@RUNS
@given(question=hostile_text)
async def test_a_question_in_a_channel_with_a_subject_gets_a_short_safe_reply(
    bot: Cliffhanger, discord_stand_in: LocalDiscord, question: str
) -> None:
    await send_as_member(bot, discord_stand_in, "!release tiny pretty things")
    before = await snapshot(bot)
    replies = await send_as_member(bot, discord_stand_in, f"@Cliffhanger {question}")
    assert replies
    assert_safe(replies)
    assert await snapshot(bot) == before
