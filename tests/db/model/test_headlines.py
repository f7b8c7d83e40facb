"""The headline reader: each rule as the headlines it reads, then the real labelled fixture."""

from __future__ import annotations

import datetime

import pytest

from benchmarks.headlines_bench import confusion_table, feed_events, load_feed, load_rows, score
from db.model.headlines import CANCELLED, DATE, ENDING, RENEWED, HeadlineEvent, read_headline
from db.model.shows import PartialDate


def events(title: str, **options: object) -> list[tuple[str, str, int | None, str | None]]:
    return [
        (event.kind, event.show_title, event.season, event.platform)
        for event in read_headline(title, **options)  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # every quote style, and none
        ("'Hacks' Renewed for Season 4 at Max", [(RENEWED, "Hacks", 4, "Max")]),
        ("‘Severance’ Renewed For Season 3 By Apple TV+", [(RENEWED, "Severance", 3, "Apple TV+")]),
        ("“Abbott Elementary” renewed for fifth season", [(RENEWED, "Abbott Elementary", 5, None)]),
        ('"Reacher" Renewed for Season 4', [(RENEWED, "Reacher", 4, None)]),
        ("Slow Horses Renewed For Season 6 By Apple", [(RENEWED, "Slow Horses", 6, "Apple TV+")]),
        ("Peacock renews Poker Face for second season", [(RENEWED, "Poker Face", 2, "Peacock")]),
        (
            "Netflix renews acclaimed drama Heartstopper for third season",
            [(RENEWED, "Heartstopper", 3, "Netflix")],
        ),
        # seasons in words and British series
        ("'Slow Horses' Renewed for Season Five", [(RENEWED, "Slow Horses", 5, None)]),
        ("'Taskmaster' Gets 20th Series Pickup", [(RENEWED, "Taskmaster", 20, None)]),
        ("ITV renews 'Vera' for series 14", [(RENEWED, "Vera", 14, "ITV")]),
        ("'Ghosts' Season 3 Confirmed", [(RENEWED, "Ghosts", 3, None)]),
        ("'Bluey' Lands Season 4 Renewal at Disney+", [(RENEWED, "Bluey", 4, "Disney+")]),
        (
            "'Ted Lasso' Season 4 Officially Ordered at Apple",
            [(RENEWED, "Ted Lasso", 4, "Apple TV+")],
        ),
        # a title that holds a word the grammar silences elsewhere is still a title
        ("'Tracker' Renewed for Season 3 by CBS", [(RENEWED, "Tracker", 3, "CBS")]),
        (
            "'Why Women Kill' Canceled at Paramount+",
            [(CANCELLED, "Why Women Kill", None, "Paramount+")],
        ),
        ("Netflix Won't Renew 'Kaos'", [(CANCELLED, "Kaos", None, "Netflix")]),
        ("'Cobra Kai' Ending With Season 6 at Netflix", [(ENDING, "Cobra Kai", 6, "Netflix")]),
        ("CBS Orders Season 2 of ‘Matlock’", [(RENEWED, "Matlock", 2, "CBS")]),
        # a platform after a comma is no show: the second clause has none of its own
        (
            "‘Evil’ Canceled At Paramount+, Season 4 Will Be Its Last",
            [(CANCELLED, "Evil", 4, "Paramount+")],
        ),
        # cancellations, British spelling, idioms
        ("Netflix Cancels 'Kaos' After One Season", [(CANCELLED, "Kaos", 1, "Netflix")]),
        ("'Willow' cancelled by Disney+ after one season", [(CANCELLED, "Willow", 1, "Disney+")]),
        ("HBO Has Canceled Westworld After Four Seasons", [(CANCELLED, "Westworld", 4, "HBO")]),
        (
            "Starz pulls the plug on 'Blindspotting', once and for all",
            [(CANCELLED, "Blindspotting", None, "Starz")],
        ),
        (
            "'The Winchesters' gets the axe at The CW",
            [(CANCELLED, "The Winchesters", None, "The CW")],
        ),
        # reversals: saved, revived, uncanceled, a renewal undone, a cancellation denied
        (
            "Prime Video Saves 'The Expanse' After Syfy Cancellation",
            [(RENEWED, "The Expanse", None, "Prime Video")],
        ),
        ("Netflix revives 'Manifest' for a fourth season", [(RENEWED, "Manifest", 4, "Netflix")]),
        ("'Timeless' Uncanceled: NBC Reverses Course", [(RENEWED, "Timeless", None, "NBC")]),
        (
            "Netflix cancels 'Mindhunter' after renewing it for season 3",
            [(CANCELLED, "Mindhunter", 3, "Netflix")],
        ),
        (
            "'1899' the latest Netflix series with renewal reversed",
            [(CANCELLED, "1899", None, "Netflix")],
        ),
        (
            "'Yellowjackets' Not Cancelled, Showtime Says",
            [(RENEWED, "Yellowjackets", None, "Showtime")],
        ),
        # a last season
        ("'Barry' Renewed for Fourth and Final Season", [(ENDING, "Barry", 4, None)]),
        ("'Succession' To End With Season 4", [(ENDING, "Succession", 4, None)]),
        ("Ted Lasso Season 3 Will Be the Last", [(ENDING, "Ted Lasso", 3, None)]),
        (
            "'The Boys' Gets Fifth and Final Season at Prime Video",
            [(ENDING, "The Boys", 5, "Prime Video")],
        ),
        ("'Dark' To Get Third Season And Will End It There", [(ENDING, "Dark", 3, None)]),
        (
            "The Good Place: Season Four; NBC Series Renewed for a Final Season",
            [(ENDING, "The Good Place", 4, "NBC")],
        ),
        # two shows in one headline, a list of three; a platform named once is every show's
        (
            "Netflix Renews 'Wednesday', Cancels 'Lockwood & Co.'",
            [
                (RENEWED, "Wednesday", None, "Netflix"),
                (CANCELLED, "Lockwood & Co", None, "Netflix"),
            ],
        ),
        (
            "NBC Axes ‘Grimm’, ‘Constantine’ & ‘Allegiance’",
            [
                (CANCELLED, "Grimm", None, "NBC"),
                (CANCELLED, "Constantine", None, "NBC"),
                (CANCELLED, "Allegiance", None, "NBC"),
            ],
        ),
        (
            "‘Hawkeye’ Renewed, ‘Moon Knight’ Cancelled at Disney+",
            [(RENEWED, "Hawkeye", None, "Disney+"), (CANCELLED, "Moon Knight", None, "Disney+")],
        ),
        (
            "CANCELLATION ALERT: Kevin Can Wait, Me Myself & I, 9JKL",
            [
                (CANCELLED, "Kevin Can Wait", None, None),
                (CANCELLED, "Me Myself & I", None, None),
                (CANCELLED, "9JKL", None, None),
            ],
        ),
        # spin-offs are shows of their own; possessives are not part of the title
        (
            "HBO Renews 'House of the Dragon' Spinoff 'A Knight of the Seven Kingdoms'"
            " for Season 2",
            [(RENEWED, "A Knight of the Seven Kingdoms", 2, "HBO")],
        ),
        ("FX’s ‘Shōgun’ Renewed for Seasons 2 and 3", [(RENEWED, "Shōgun", None, "FX")]),
        (
            "Jason Bateman's Ozark Is Ending With Season 4 On Netflix",
            [(ENDING, "Ozark", 4, "Netflix")],
        ),
    ],
)
def test_a_statement_of_fact_yields_its_events(
    headline: str, expected: list[tuple[str, str, int | None, str | None]]
) -> None:
    assert events(headline) == expected


@pytest.mark.parametrize(
    "headline",
    [
        # questions, guesses, sources, not-yet
        "Will Netflix Renew 'Wednesday' for Season 3?",
        "Is 'Mindhunter' Canceled?!",
        "'The Bear' Season 4: Renewed or Cancelled?",
        "'Squid Game' Could Be Renewed for Season 3",
        "'Rings of Power' May Get a Third Season",
        "'Lupin' reportedly renewed for Part 4",
        "'Frasier' In Talks For Season 3 at Paramount+",
        "Netflix Nears Deal To Save 'Lucifer'",
        "'Chicago Med' on the bubble at NBC",
        "'Wednesday' Has Not Been Renewed Yet",
        "'Arcane' Season 3: Everything We Know",
        "'The Witcher' Season 4 Release Date, Cast and More",
        # reactions, opinion, reviews, trailers, casting, orders, holds
        "'Firefly' Stars React to Fox Cancellation",
        "Why 'Warrior Nun' Was Canceled",
        "The Real Reason 'The OA' Was Cancelled",
        "'Shrinking' Season 2 Review: Apple TV+ Comedy Returns in Style",
        "'Andor' Season 2 Trailer Sets Premiere Date",
        "Pedro Pascal Joins 'The Last of Us' Season 2",
        "Netflix Orders Extra Episodes of 'Emily in Paris'",
        "Apple Gives Series Order to New Drama 'Pluribus'",
        "'Dune: Prophecy' Season 2 on Indefinite Hold",
        # lists and scorecards of many shows
        "10 Shows That Were Cancelled After One Season",
        "Netflix Just Canceled These Fan-Favorite Shows",
        "2024 Renewal Scorecard: What's Coming Back?",
        "‘Loot’, ‘Physical’ Renewed, ‘Hijack’, ‘Foundation’ and others cancelled",
        # no show named: an extractor must not invent one
        "Hulu's best show just got renewed",
        "Two Peacock Shows Just Got Canceled",
        # film and industry news
        "Netflix Sets Chinese-Language Slate Featuring Likes Of Ethan Ruan",
        "Peacock Hits 44 Million Subscribers But Losses Widen On NBA Deal",
        # business and events are no show's status
        "Netflix Renews Deal With Shonda Rhimes",
        "HBO Max Renews Overall Deal With Greg Berlanti",
        "Disney+ Cancels 'Percy Jackson' Season 2 Premiere Event",
        # a revival as films is no season
        "'Warrior Nun' Revived for Movie Trilogy",
        # an episode that ends with a bang is not a show ending
        "'Slow Horses' Season 2 Ends With a Bang",
        # a premiere date with neither a season nor a day may be a film's
        "HBO Sets Premiere Date for 'Game Change'",
    ],
)
def test_anything_short_of_a_fact_yields_nothing(headline: str) -> None:
    assert read_headline(headline) == ()


@pytest.mark.parametrize(
    ("headline", "published", "show", "season", "date"),
    [
        (
            "'Sherlock' Season 3 airing January 19th in the US",
            datetime.date(2013, 10, 23),
            "Sherlock",
            3,
            PartialDate(2014, 1, 19),
        ),
        (
            "Bates Motel Season 2 Will Return in March",
            datetime.date(2013, 11, 2),
            "Bates Motel",
            2,
            PartialDate(2014, 3),
        ),
        (
            "'Severance' Season 2 Premieres January 17, 2025 on Apple TV+",
            None,
            "Severance",
            2,
            PartialDate(2025, 1, 17),
        ),
        (
            "'Stranger Things' Season 5 Premieres 26 November",
            datetime.date(2025, 7, 16),
            "Stranger Things",
            5,
            PartialDate(2025, 11, 26),
        ),
        (
            "'The Bear' Season 5 Sets June 24 Premiere Date",
            datetime.date(2026, 11, 28),
            "The Bear",
            5,
            PartialDate(2027, 6, 24),
        ),
        (
            "'Hacks' Sets Season 5 Premiere Date: April 9",
            datetime.date(2026, 1, 20),
            "Hacks",
            5,
            PartialDate(2026, 4, 9),
        ),
        (
            "Hulu Sets June 24 Premiere Date For 'The Bear' Season 5",
            datetime.date(2026, 3, 2),
            "The Bear",
            5,
            PartialDate(2026, 6, 24),
        ),
        (
            "'Landman' Season 2 Gets November Premiere Date at Paramount+",
            datetime.date(2026, 3, 2),
            "Landman",
            2,
            PartialDate(2026, 11),
        ),
        (
            "'Reacher' Season 3 Gets May Premiere Date",
            datetime.date(2026, 3, 2),
            "Reacher",
            3,
            PartialDate(2026, 5),
        ),
        ("'Outlander' Season 2 Has A Premiere Date", None, "Outlander", 2, None),
        ("Portlandia Gets a Third Season Premiere Date", None, "Portlandia", 3, None),
        (
            "'Euphoria' Season 3 pushed to late 2026",
            None,
            "Euphoria",
            3,
            PartialDate(2026, part="late"),
        ),
        # without a publication date, a yearless date is known to be stated but not built
        ("'Bridgerton' Season 4 Returns in May", None, "Bridgerton", 4, None),
    ],
)
def test_a_premiere_date_with_its_precision_and_inferred_year(
    headline: str,
    published: datetime.date | None,
    show: str,
    season: int,
    date: PartialDate | None,
) -> None:
    assert read_headline(headline, published=published) == (
        HeadlineEvent(DATE, show, season, read_headline(headline)[0].platform, date),
    )


def test_entities_escaped_several_times_are_read() -> None:
    assert events("&amp;#8216;Reacher&amp;#8217; Renewed for Season 4 &amp;amp; More") == []
    assert events("&amp;lsquo;Rizzoli &amp;amp; Isles&amp;rsquo; Renewed for Season 7") == [
        (RENEWED, "Rizzoli & Isles", 7, None)
    ]


def test_the_summary_only_fills_what_the_headline_leaves_out() -> None:
    summary = "The streamer has renewed the drama for a fourth season, Netflix said."
    assert events("'Lucifer' Saved After Fox Cancellation", summary=summary) == [
        (RENEWED, "Lucifer", 4, "Netflix")
    ]
    assert read_headline("Hulu's best show just got renewed", summary=summary) == ()


def test_the_labelled_fixture_has_no_false_event_and_most_events_found() -> None:
    result = score(load_rows())
    print(confusion_table(result))
    assert result.false_events == []
    assert result.contradictions == []
    # Recall counts the 66 labelled events whose headline names the show; the other 7 name it
    # not at all ("Hulu's best show") or by a short form that is another show's title.
    assert result.recall >= 0.89
    assert result.every_recall >= 0.80


def test_nothing_in_the_real_feed_is_read_as_status_news() -> None:
    items = load_feed()
    assert len(items) == 10
    assert feed_events(items) == []
