"""Reply builders are pure: facts in, what the bot would send out."""

from __future__ import annotations

import datetime

import pytest

from bot.local.stand_in import render_message
from bot.replies.reply import Reply
from bot.replies.shows import cast_reply, news_reply, release_reply, search_reply, show_reply
from db.model.shows import (
    CastEntry,
    LinkEntry,
    NewsEntry,
    PartialDate,
    SeasonEntry,
    ShowEntry,
    StoredShow,
)
from db.model.titles import Candidate

TODAY = datetime.date(2026, 11, 25)


def stored(entry: ShowEntry) -> StoredShow:
    return StoredShow(id=1, entry=entry, updated_at="2026-11-25T00:00:00Z")


def text(reply: Reply) -> str:
    embeds = [embed.to_dict() for embed in reply.embeds]
    return render_message({"content": reply.content, "embeds": embeds})


@pytest.fixture
def stored_tiny_pretty_things(tiny_pretty_things: ShowEntry) -> StoredShow:
    return stored(tiny_pretty_things)


def season(
    number: int, date: str | None, *, confirmed: bool = True, precision: str | None = None
) -> SeasonEntry:
    release = PartialDate.parse(date, precision) if date else None
    return SeasonEntry(number=number, release_date=release, episodes=8, confirmed=confirmed)


def news(date: str, kind: str, confidence: str, source: str = "Variety") -> NewsEntry:
    return NewsEntry(PartialDate.parse(date), kind, f"{kind} news", confidence, source)


def test_a_renewed_show_with_a_confirmed_date_gives_the_date_and_its_source() -> None:
    show = ShowEntry(
        title="Example",
        status="renewed",
        seasons=(season(1, "2025-01-10"), season(2, "2027-03-05")),
        news=(
            news("2025-06", "renewed", "confirmed", "Netflix"),
            news("2026-10-01", "release_date", "confirmed", "Netflix Tudum"),
        ),
    )
    rendered = text(release_reply(stored(show), TODAY))
    assert "Season 2 comes out 5 March 2027." in rendered
    assert "Confirmed · as of June 2025 · source: Netflix" in rendered
    assert "Release date: Confirmed · as of 1 October 2026 · source: Netflix Tudum" in rendered


def test_an_unconfirmed_window_is_never_given_as_a_firm_date() -> None:
    show = ShowEntry(
        title="Example",
        status="renewed",
        seasons=(season(1, "2025-01-10"), season(2, "2027", confirmed=False, precision="late")),
        news=(news("2025-06", "renewed", "reported"),),
    )
    rendered = text(release_reply(stored(show), TODAY))
    assert "expected late 2027, but the date is not confirmed" in rendered


def test_speculation_alone_never_becomes_a_date_or_a_source() -> None:
    show = ShowEntry(
        title="Example",
        status="awaiting",
        seasons=(season(1, "2025-01-10"),),
        news=(news("2025-02", "release_date", "speculation", "fan site"),),
    )
    rendered = text(release_reply(stored(show), TODAY))
    assert "No decision yet on season 2" in rendered
    assert "fan site" not in rendered
    assert "no source on record" in rendered


def test_a_renewal_without_a_date_says_no_date_was_announced() -> None:
    show = ShowEntry(
        title="Example",
        status="renewed",
        seasons=(season(1, "2025-01-10"),),
        news=(news("2025-06", "renewed", "confirmed"),),
    )
    assert "no release date has been announced yet" in text(release_reply(stored(show), TODAY))


def test_a_season_dated_in_the_future_is_not_the_latest_released() -> None:
    show = ShowEntry(
        title="Example",
        status="renewed",
        seasons=(season(1, "2025-01-10"), season(2, "2026-12-01")),
    )
    rendered = text(release_reply(stored(show), TODAY))
    assert "Latest season: 1" in rendered
    assert "Season 2 comes out 1 December 2026." in rendered


def test_tiny_pretty_things_release_is_the_cancellation(
    stored_tiny_pretty_things: StoredShow,
) -> None:
    rendered = text(release_reply(stored_tiny_pretty_things, TODAY))
    assert "Cancelled after one season: season 2 is not coming." in rendered
    assert "Reported, not officially confirmed · as of November 2021" in rendered
    assert "2022" not in rendered


def test_show_reply_gives_creators_source_novel_and_sequel(
    stored_tiny_pretty_things: StoredShow,
) -> None:
    rendered = text(show_reply(stored_tiny_pretty_things, TODAY))
    for fact in ("Michael MacLennan", "Sona Charaipotra", "Shiny Broken Pieces (2016)", "TV-MA"):
        assert fact in rendered


def test_cast_reply_keeps_spoilers_inside_tags() -> None:
    show = ShowEntry(
        title="Example",
        status="renewed",
        cast=(
            CastEntry("A Actor", "Hero", returning=True),
            CastEntry(
                "B Actor",
                "Villain",
                returning=False,
                spoiler="the villain is @everyone's twin || ha",
            ),
        ),
    )
    rendered = text(cast_reply(stored(show)))
    outside = "".join(rendered.split("||")[0::2])
    assert "twin" not in outside
    assert "@everyone" not in rendered
    assert rendered.count("||") == 2


def test_news_reply_is_oldest_first_whatever_the_stored_order() -> None:
    show = ShowEntry(
        title="Example",
        news=(news("2024-05", "renewed", "confirmed"), news("2023-01", "note", "speculation")),
    )
    rendered = text(news_reply(stored(show)))
    assert rendered.index("January 2023") < rendered.index("May 2024")


def test_news_reply_lists_every_outlet_that_reported_the_same_news() -> None:
    also = (
        LinkEntry("Variety", "https://variety.example/a"),
        LinkEntry("TVLine", "https://tvline.example/b"),
    )
    first = NewsEntry(
        PartialDate(2026, 3, 2), "renewed", "'Example' Renewed", "reported", "Deadline", also=also
    )
    rendered = text(news_reply(stored(ShowEntry(title="Example", news=(first,)))))
    assert (
        "Also reported by Variety (https://variety.example/a), "
        "TVLine (https://tvline.example/b)" in rendered
    )


def test_a_final_season_announced_is_part_of_the_release_answer() -> None:
    show = ShowEntry(
        title="Example",
        status="renewed",
        seasons=(season(1, "2025-01-10"), season(2, None, confirmed=False)),
        final_season=2,
        news=(news("2026-03", "ending", "reported"),),
    )
    rendered = text(release_reply(stored(show), TODAY))
    assert "Renewed for season 2; no release date has been announced yet." in rendered
    assert "Season 2 will be the last." in rendered


def test_a_long_news_history_is_split_across_embeds_within_limits() -> None:
    events = tuple(
        NewsEntry(
            PartialDate.parse(f"{2000 + number // 12}-{number % 12 + 1:02d}"),
            "note",
            "x" * 900,
            "reported",
        )
        for number in range(60)
    )
    reply = news_reply(stored(ShowEntry(title="Long", news=events)))
    assert len(reply.embeds) > 1
    assert all(len(embed) <= 6000 and len(embed.fields) <= 25 for embed in reply.embeds)


def test_search_with_no_matches_says_so() -> None:
    assert "No shows match" in (search_reply("zzz", []).content or "")


def test_search_lists_labels_in_order() -> None:
    candidates = [
        Candidate(show_id=1, title="A", year=2020, platform="HBO", score=90.0),
        Candidate(show_id=2, title="B", year=None, platform=None, score=80.0),
    ]
    rendered = text(search_reply("a", candidates))
    assert "1. A (2020, HBO)" in rendered
    assert "2. B" in rendered
