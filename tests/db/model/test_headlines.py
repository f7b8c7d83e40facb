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


# --- held out: forms the fixture does not hold, in our own words, with invented shows ----------
# Written to catch a grammar fitted to the fixture: every one is a form the trade press uses
# (tags and kickers, "won't return", "not moving forward", delays, a topic before a colon) or
# a near neighbour of one that must stay silent.

PUBLISHED = datetime.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # tags before, outlets and tags after
        (
            "EXCLUSIVE: 'Saltwater Kings' Renewed for Season 3 at Peacock",
            [(RENEWED, "Saltwater Kings", 3, "Peacock")],
        ),
        ("UPDATE: 'Paper Moons' Canceled After Two Seasons", [(CANCELLED, "Paper Moons", 2, None)]),
        (
            "'The Quiet Orchard' Renewed for Season 2 | TVLine",
            [(RENEWED, "The Quiet Orchard", 2, None)],
        ),
        (
            "'Night Nurses' Canceled at NBC After One Season — Deadline",
            [(CANCELLED, "Night Nurses", 1, "NBC")],
        ),
        ("'Copper Valley' Renewed for Season 4 (Exclusive)", [(RENEWED, "Copper Valley", 4, None)]),
        (
            "'Lantern Street' Canceled at Starz – Update",
            [(CANCELLED, "Lantern Street", None, "Starz")],
        ),
        # renewals in other words
        (
            "'Saltwater Kings' Gets Season 3 Order at Peacock",
            [(RENEWED, "Saltwater Kings", 3, "Peacock")],
        ),
        ("'Paper Moons' Picked Up for Second Season by HBO", [(RENEWED, "Paper Moons", 2, "HBO")]),
        (
            "'The Quiet Orchard' Greenlit for Season 2 at Apple TV+",
            [(RENEWED, "The Quiet Orchard", 2, "Apple TV+")],
        ),
        (
            "'Copper Valley' Lands Multi-Season Renewal at Max",
            [(RENEWED, "Copper Valley", None, "Max")],
        ),
        ("'Lantern Street' Gets Two-Season Renewal", [(RENEWED, "Lantern Street", None, None)]),
        ("'Paper Moons' Gets Two More Seasons at Hulu", [(RENEWED, "Paper Moons", None, "Hulu")]),
        (
            "Netflix Brings Back 'Night Nurses' for Season 3",
            [(RENEWED, "Night Nurses", 3, "Netflix")],
        ),
        (
            "'Saltwater Kings' Is Officially Coming Back for Season 2",
            [(RENEWED, "Saltwater Kings", 2, None)],
        ),
        (
            "Netflix has renewed 'Paper Moons' for a third season",
            [(RENEWED, "Paper Moons", 3, "Netflix")],
        ),
        (
            "Channel 4 Renews 'Lantern Street' for Second Series",
            [(RENEWED, "Lantern Street", 2, "Channel 4")],
        ),
        # British: recommissioned, series for seasons
        (
            "BBC recommissions 'Lantern Street' for a third series",
            [(RENEWED, "Lantern Street", 3, "BBC")],
        ),
        ("'Copper Valley' series 2 confirmed by BBC One", [(RENEWED, "Copper Valley", 2, "BBC")]),
        ("'Night Nurses' Gets Green Light for Season 2", [(RENEWED, "Night Nurses", 2, None)]),
        # quoted, a title may hold the grammar's own words
        (
            "'Saved by the Tide' Renewed at Peacock",
            [(RENEWED, "Saved by the Tide", None, "Peacock")],
        ),
        # the show named before a colon, described after it
        (
            "‘The Quiet Orchard’: Paramount+ Renews Period Drama For Season 2",
            [(RENEWED, "The Quiet Orchard", 2, "Paramount+")],
        ),
        # a season after "ahead of" is when, not what
        (
            "Apple TV+ Renews 'Night Nurses' for Season 3 Ahead of Season 2 Finale",
            [(RENEWED, "Night Nurses", 3, "Apple TV+")],
        ),
        (
            "'Paper Moons' Renewed for Season 3 After Explosive Season 2 Finale",
            [(RENEWED, "Paper Moons", 3, None)],
        ),
        # "And" joins titles in Title Case; a casting aside does not silence a renewal
        (
            "'Saltwater Kings' And 'Paper Moons' Renewed By CBS",
            [(RENEWED, "Saltwater Kings", None, "CBS"), (RENEWED, "Paper Moons", None, "CBS")],
        ),
        (
            "'Copper Valley' Renewed for Season 2, Adds Jane Doe as Series Regular",
            [(RENEWED, "Copper Valley", 2, None)],
        ),
        # cancellations in other words
        (
            "'Saltwater Kings' Won't Return for Season 4 at Hulu",
            [(CANCELLED, "Saltwater Kings", 4, "Hulu")],
        ),
        (
            "'Paper Moons' Will Not Move Forward at Netflix",
            [(CANCELLED, "Paper Moons", None, "Netflix")],
        ),
        (
            "'The Quiet Orchard' Not Moving Forward With Season 3",
            [(CANCELLED, "The Quiet Orchard", 3, None)],
        ),
        ("Netflix Pulls Plug on 'Copper Valley'", [(CANCELLED, "Copper Valley", None, "Netflix")]),
        ("NBC Cans 'Lantern Street' After One Season", [(CANCELLED, "Lantern Street", 1, "NBC")]),
        ("Max Cancels 'Night Nurses' After One Season", [(CANCELLED, "Night Nurses", 1, "Max")]),
        (
            "Netflix Decides Not to Renew 'Paper Moons'",
            [(CANCELLED, "Paper Moons", None, "Netflix")],
        ),
        (
            "'Copper Valley' Won't Get a Season 3 at Netflix",
            [(CANCELLED, "Copper Valley", 3, "Netflix")],
        ),
        ("No Season 3 for 'Lantern Street' at Hulu", [(CANCELLED, "Lantern Street", 3, "Hulu")]),
        ("'Night Nurses' Won't Be Renewed", [(CANCELLED, "Night Nurses", None, None)]),
        (
            "'Night Nurses' Spinoff 'Day Nurses' Canceled at Max",
            [(CANCELLED, "Day Nurses", None, "Max")],
        ),
        # endings in other words
        (
            "'Night Nurses' Ends at Netflix After Two Seasons",
            [(ENDING, "Night Nurses", 2, "Netflix")],
        ),
        (
            "'Saltwater Kings' Ending After Three Seasons at HBO",
            [(ENDING, "Saltwater Kings", 3, "HBO")],
        ),
        (
            "'Paper Moons' Sets Final Season at Prime Video",
            [(ENDING, "Paper Moons", None, "Prime Video")],
        ),
        (
            "'The Quiet Orchard' Season 6 Will Be the Show's Last",
            [(ENDING, "The Quiet Orchard", 6, None)],
        ),
        ("'Copper Valley' to Conclude After Four Seasons", [(ENDING, "Copper Valley", 4, None)]),
        (
            "'Lantern Street' is ending with season 4 on Netflix",
            [(ENDING, "Lantern Street", 4, "Netflix")],
        ),
        # dates and delays in other words
        (
            "'Lantern Street' Season 2 Premiere Date Set at Hulu",
            [(DATE, "Lantern Street", 2, "Hulu")],
        ),
        ("'Saltwater Kings' Returns March 5", [(DATE, "Saltwater Kings", None, None)]),
        ("'Saltwater Kings' Season 2 Delayed", [(DATE, "Saltwater Kings", 2, None)]),
        ("'Paper Moons' Season 2 Pushed to Fall", [(DATE, "Paper Moons", 2, None)]),
        (
            "'The Quiet Orchard' Season 2 Gets Summer Premiere Date",
            [(DATE, "The Quiet Orchard", 2, None)],
        ),
        ("'Paper Moons' Final Season Premiere Date Set", [(DATE, "Paper Moons", None, None)]),
        (
            "'Copper Valley' Season 2 Gets Premiere Date: Watch the Teaser",
            [(DATE, "Copper Valley", 2, None)],
        ),
    ],
)
def test_held_out_statements_are_read(
    headline: str, expected: list[tuple[str, str, int | None, str | None]]
) -> None:
    assert events(headline, published=PUBLISHED) == expected


@pytest.mark.parametrize(
    ("headline", "date"),
    [
        ("'Copper Valley' Sets Season 3 Premiere for March 5", PartialDate(2026, 3, 5)),
        ("'Lantern Street' Season 2 Premieres Friday, March 5", PartialDate(2026, 3, 5)),
        ("'Night Nurses' Season 2 Premiere Moved to April", PartialDate(2026, 4)),
        ("'Night Nurses' Season 3 Premiere Pushed Back to 2027", PartialDate(2027)),
        ("'Saltwater Kings' Season 2 Hits Netflix in March", PartialDate(2026, 3)),
        # "returns for season 3" is a renewal, but with a date after it the date is the news
        ("'Copper Valley' Returns for Season 3 on Sept. 9", PartialDate(2026, 9, 9)),
    ],
)
def test_held_out_dates_are_read_with_their_precision(headline: str, date: PartialDate) -> None:
    (event,) = read_headline(headline, published=PUBLISHED)
    assert (event.kind, event.season is not None, event.date) == (DATE, True, date)


@pytest.mark.parametrize(
    "headline",
    [
        # guesses, hopes, hearsay: in a kicker, an aside, or a word
        "'Saltwater Kings' Could Return at Another Network",
        "Netflix Eyes 'Paper Moons' Revival",
        "'The Quiet Orchard' Revival in the Works at Peacock",
        "Fans Petition to Save 'Copper Valley'",
        "Jane Doe Hopes for 'Saltwater Kings' Season 3",
        "'Copper Valley' Canceled at Netflix — Report",
        "'Lantern Street' Canceled at Netflix (Report)",
        "'Night Nurses' Set to Be Renewed for Season 3",
        "'Saltwater Kings' Nears Season 2 Renewal",
        "No Season 3 for 'Copper Valley' Yet",
        "No Season 2 for 'Paper Moons'? Creator Responds",
        "'Paper Moons' Is Canceled Unless Ratings Improve",
        "'Saltwater Kings' Season 3 Renewal Chances",
        "Netflix Still Deciding on 'Copper Valley' Season 2",
        "'Lantern Street' Season 2 Uncertain After Strike",
        "'The Quiet Orchard' Season 2 Premiere Date Speculation",
        "'The Quiet Orchard' Renewal Status",
        # what comes after, reactions, opinion, reviews, casting
        "'Lantern Street' Season 2: What's Next",
        "What Happens Now That 'Night Nurses' Is Canceled",
        "'Paper Moons' Stars React to Cancellation",
        "Opinion: Netflix Was Wrong to Cancel 'Night Nurses'",
        "Netflix Boss on Canceling 'The Quiet Orchard'",
        "'The Quiet Orchard' Season 2 Review: A Confident Return",
        "Netflix Taps Jane Doe for 'Copper Valley' Season 2",
        # people, not shows: an actor not returning, a podcast ending, a comedian "cancelled"
        "'Paper Moons' Star Won't Return for Season 2",
        "Jane Doe Won't Return for 'The Quiet Orchard' Season 2",
        "Jane Doe Announces Final Season of Her Podcast",
        "Jane Doe Canceled After Old Tweets Resurface",
        # a show's occasion or offshoot cancelled, not the show; jobs axed
        "Netflix Cancels 'Copper Valley' Premiere Amid Strike",
        "'Lantern Street' Season 2 Premiere Canceled Due to Weather",
        "Peacock Cancels 'Night Nurses' Watch Party",
        "Hulu Scraps Plans for 'Saltwater Kings' Spinoff",
        "'Night Nurses' Reboot Canceled at Peacock",
        "Netflix Axes 100 Jobs",
        # returns that are no premiere; films that stream; a production delay; an episode ending
        "'Saltwater Kings' Returns to Theaters in March",
        "'Paper Moons' Returns to Production in March",
        "'The Long Orbit' Streams on Peacock in February",
        "'The Long Orbit' Hits Max in December",
        "'Copper Valley' Season 2 Production Delayed by Strike",
        "'Lantern Street' Season 2 Ends With Shocking Death",
        # films and events: without a season, a date is a show's only when it returns or airs
        "'The Long Orbit' Sets December 2026 Release Date",
        "'The Long Orbit' Moves to March 2027",
        "'The Long Orbit' Pushed to 2027",
        "'The Long Orbit' Premieres on Peacock February 16",
        "'The Long Orbit' Drops on Netflix March 5",
        "Netflix Sets March 5 Release Date for 'The Long Orbit'",
        "Festival Premiere of 'The Long Orbit' Canceled",
        "Harbor Fest Canceled for 2026",
        # a decision defended; a green light with no season may be a new series'
        "BBC boss defends decision to axe 'Lantern Street'",
        "'Night Nurses' Gets Green Light at Netflix",
        # business: a host, a project, merchandise
        "CBS Renews Late-Night Host Jane Doe Through 2028",
        "Apple Cancels Car Project",
        "Amazon Axes 'Copper Valley' Merch Line",
        # an unquoted title holding a status verb is not cut short into another title
        "Saved by the Tide Renewed at Peacock",
        # new series, lists, and unquoted titles run together
        "Netflix Picks Up Drama 'Paper Moons'",
        "Harbor Fire, Harbor Med and Harbor P.D. Renewed at NBC",
        "Every Show Renewed and Canceled in 2024",
        "Netflix Renewals 2025: Every Show Coming Back",
    ],
)
def test_held_out_near_misses_yield_nothing(headline: str) -> None:
    assert read_headline(headline, published=PUBLISHED) == ()


# --- held out, second set: the trade press's other forms, and the traps beside them ---------
# Written before the grammar was extended for them, from how Deadline, Variety, THR, TVLine,
# Radio Times, Digital Spy and the explainer sites word renewals, cancellations, final seasons
# and dates; the traps are the headlines that share their words.


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # renewals in the trade press's other words
        (
            "'Harbor Lights' Gets Season 3 Renewal at Peacock",
            [(RENEWED, "Harbor Lights", 3, "Peacock")],
        ),
        ("'Dry Creek' Picked Up for Second Season", [(RENEWED, "Dry Creek", 2, None)]),
        (
            "'Stillwater' Scores Season 2 Order at Prime Video",
            [(RENEWED, "Stillwater", 2, "Prime Video")],
        ),
        ("HBO Orders Third Season of 'The Ninth Floor'", [(RENEWED, "The Ninth Floor", 3, "HBO")]),
        (
            "'Kestrel Road' Lands Early Renewal at Apple TV+",
            [(RENEWED, "Kestrel Road", None, "Apple TV+")],
        ),
        ("'Harbor Lights' Renewed Through Season 5", [(RENEWED, "Harbor Lights", 5, None)]),
        ("'Dry Creek' Renewed for Seasons 3 and 4 at Hulu", [(RENEWED, "Dry Creek", None, "Hulu")]),
        ("'Stillwater' Has Been Renewed for a Second Season", [(RENEWED, "Stillwater", 2, None)]),
        ("'The Ninth Floor' Will Be Back for Season 2", [(RENEWED, "The Ninth Floor", 2, None)]),
        ("'Kestrel Road' Returning for Season 3", [(RENEWED, "Kestrel Road", 3, None)]),
        # a platform confirms, greenlights or gives the title its season; a topic before a colon;
        # saved elsewhere
        ("Netflix Confirms 'Harbor Lights' Season 2", [(RENEWED, "Harbor Lights", 2, "Netflix")]),
        ("BBC confirms Dry Creek series 2", [(RENEWED, "Dry Creek", 2, "BBC")]),
        ("Netflix Greenlights 'Stillwater' Season 2", [(RENEWED, "Stillwater", 2, "Netflix")]),
        (
            "Netflix Gives 'The Ninth Floor' a Second Season",
            [(RENEWED, "The Ninth Floor", 2, "Netflix")],
        ),
        (
            "Peacock Gives 'Kestrel Road' Early Season 3 Order",
            [(RENEWED, "Kestrel Road", 3, "Peacock")],
        ),
        ("'Harbor Lights' Season 2 Is a Go at Netflix", [(RENEWED, "Harbor Lights", 2, "Netflix")]),
        ("'Dry Creek' Season 2: Netflix Renews Comedy", [(RENEWED, "Dry Creek", 2, "Netflix")]),
        ("'Stillwater' Finds New Home at Peacock", [(RENEWED, "Stillwater", None, "Peacock")]),
        ("'The Ninth Floor' Moves to Hulu for Season 3", [(RENEWED, "The Ninth Floor", 3, "Hulu")]),
        # British: series for seasons, in words too; recommissioned, axed after one series
        ("Kestrel Road recommissioned for second series", [(RENEWED, "Kestrel Road", 2, None)]),
        ("Harbor Lights renewed for series two", [(RENEWED, "Harbor Lights", 2, None)]),
        ("Dry Creek confirmed for series 3 at BBC One", [(RENEWED, "Dry Creek", 3, "BBC")]),
        ("'Stillwater' to return for series 3", [(RENEWED, "Stillwater", 3, None)]),
        # cancellations: a verdict before a colon, a kicker after a semicolon
        (
            "'The Ninth Floor' Is Over: Netflix Cancels Drama After Two Seasons",
            [(CANCELLED, "The Ninth Floor", 2, "Netflix")],
        ),
        ("Kestrel Road axed by BBC after one series", [(CANCELLED, "Kestrel Road", 1, "BBC")]),
        ("ITV axes Harbor Lights after two series", [(CANCELLED, "Harbor Lights", 2, "ITV")]),
        ("'Dry Creek' Canceled at Netflix; No Season 3", [(CANCELLED, "Dry Creek", 3, "Netflix")]),
        ("'Stillwater' Not Returning for Season 3 at Hulu", [(CANCELLED, "Stillwater", 3, "Hulu")]),
        (
            "'The Ninth Floor' Is Done at Netflix: Drama Cancelled After One Season",
            [(CANCELLED, "The Ninth Floor", 1, "Netflix")],
        ),
        (
            "'Kestrel Road' Cancelled at CBS After 7 Seasons",
            [(CANCELLED, "Kestrel Road", 7, "CBS")],
        ),
        # endings in other words
        ("'Harbor Lights' to Conclude With Season 4", [(ENDING, "Harbor Lights", 4, None)]),
        ("'Dry Creek' Season 5 to Be Final Season", [(ENDING, "Dry Creek", 5, None)]),
        ("'Stillwater' Wrapping Up With Season 5", [(ENDING, "Stillwater", 5, None)]),
        ("'The Ninth Floor': Season 3 Will Be the Last", [(ENDING, "The Ninth Floor", 3, None)]),
        ("'Kestrel Road' Final Season Confirmed", [(ENDING, "Kestrel Road", None, None)]),
        ("Harbor Lights series 4 will be its last", [(ENDING, "Harbor Lights", 4, None)]),
        ("'Dry Creek' Gets Final Season Renewal at Max", [(ENDING, "Dry Creek", None, "Max")]),
        (
            "'Stillwater' Is Ending With Season 3, Netflix Confirms",
            [(ENDING, "Stillwater", 3, "Netflix")],
        ),
        # kickers after a colon or a comma; Screen Rant's unquoted Title Case; a renewal or a
        # cancellation confirmed; a sophomore season; a final season confirmed
        (
            "'Harbor Lights' Season 3 Renewal: Netflix Re-Ups Comedy",
            [(RENEWED, "Harbor Lights", 3, "Netflix")],
        ),
        ("'Dry Creek' Ends Run At Netflix After 3 Seasons", [(ENDING, "Dry Creek", 3, "Netflix")]),
        (
            "'Stillwater' Won't Be Returning To Netflix",
            [(CANCELLED, "Stillwater", None, "Netflix")],
        ),
        (
            "'The Ninth Floor' Will Not Return, Netflix Confirms",
            [(CANCELLED, "The Ninth Floor", None, "Netflix")],
        ),
        ("Scoop: 'Kestrel Road' Renewed for Season 2", [(RENEWED, "Kestrel Road", 2, None)]),
        (
            "Harbor Lights Season 2 Officially Confirmed By Netflix",
            [(RENEWED, "Harbor Lights", 2, "Netflix")],
        ),
        ("Dry Creek Season 2 Release Date Officially Revealed", [(DATE, "Dry Creek", 2, None)]),
        (
            "Stillwater Ending With Season 3 Confirmed By Netflix",
            [(ENDING, "Stillwater", 3, "Netflix")],
        ),
        (
            "'The Ninth Floor' Cancellation Confirmed by Netflix",
            [(CANCELLED, "The Ninth Floor", None, "Netflix")],
        ),
        (
            "'Kestrel Road' Renewal Confirmed by Apple TV+",
            [(RENEWED, "Kestrel Road", None, "Apple TV+")],
        ),
        (
            "Harbor Lights Season 3 Renewal Confirmed by Apple",
            [(RENEWED, "Harbor Lights", 3, "Apple TV+")],
        ),
        ("'Dry Creek' Renewed for Sophomore Season", [(RENEWED, "Dry Creek", 2, None)]),
        ("'Stillwater' Season 4 Confirmed as Final Season", [(ENDING, "Stillwater", 4, None)]),
        (
            "'The Ninth Floor' Will End Its Run After Season 4",
            [(ENDING, "The Ninth Floor", 4, None)],
        ),
        ("'Kestrel Road' To End With Upcoming Fourth Season", [(ENDING, "Kestrel Road", 4, None)]),
        (
            "Paramount+ Renews 'Harbor Lights' for Seasons 3 and 4",
            [(RENEWED, "Harbor Lights", None, "Paramount+")],
        ),
        (
            "'Dry Creek' Renewed for Third Season; Star Jane Doe to Return",
            [(RENEWED, "Dry Creek", 3, None)],
        ),
        # praise is no review; a quoted title may hold the grammar's words beside small ones
        (
            "Netflix Cancels 'Harbor Lights' Despite Rave Reviews",
            [(CANCELLED, "Harbor Lights", None, "Netflix")],
        ),
        (
            "'Rumors from the Deep' Renewed for Season 3 at AMC",
            [(RENEWED, "Rumors from the Deep", 3, "AMC")],
        ),
        # a label before a colon is no part of the title
        ("Scoop: Harbor Lights Renewed for Season 2", [(RENEWED, "Harbor Lights", 2, None)]),
        # several shows: lists on both sides of a verb, a clause for each, "as" between them
        (
            "NBC Renews 'Harbor Lights' and 'Dry Creek', Cancels 'Stillwater' and 'Kestrel Road'",
            [
                (RENEWED, "Harbor Lights", None, "NBC"),
                (RENEWED, "Dry Creek", None, "NBC"),
                (CANCELLED, "Stillwater", None, "NBC"),
                (CANCELLED, "Kestrel Road", None, "NBC"),
            ],
        ),
        (
            "'Harbor Lights' Renewed at Hulu as 'Dry Creek' Gets Axed",
            [(RENEWED, "Harbor Lights", None, "Hulu"), (CANCELLED, "Dry Creek", None, "Hulu")],
        ),
        # revivals and reversals in other words; a season after "despite" is not the news's
        (
            "'Harbor Lights' Moves to Netflix After Fox Cancellation",
            [(RENEWED, "Harbor Lights", None, "Netflix")],
        ),
        (
            "'Dry Creek' Cancellation Reversed: Netflix Orders Season 3",
            [(RENEWED, "Dry Creek", 3, "Netflix")],
        ),
        ("Netflix Reverses 'Stillwater' Cancellation", [(RENEWED, "Stillwater", None, "Netflix")]),
        (
            "Netflix Reverses 'The Ninth Floor' Renewal, Cancels Show",
            [(CANCELLED, "The Ninth Floor", None, "Netflix")],
        ),
        (
            "Netflix Cancels 'Kestrel Road' Despite Season 3 Renewal",
            [(CANCELLED, "Kestrel Road", None, "Netflix")],
        ),
        # a decision to renew or cancel, a future in headline style; "set to" a fact
        (
            "Netflix Decides to Renew 'Harbor Lights' for Season 2",
            [(RENEWED, "Harbor Lights", 2, "Netflix")],
        ),
        (
            "'Dry Creek': Netflix to Renew Drama for Season 2",
            [(RENEWED, "Dry Creek", 2, "Netflix")],
        ),
        ("Netflix Chooses Not to Renew 'Stillwater'", [(CANCELLED, "Stillwater", None, "Netflix")]),
        (
            "'The Ninth Floor' Won't Be Getting a Season 2",
            [(CANCELLED, "The Ninth Floor", 2, None)],
        ),
        ("'Kestrel Road' Set to Return for Season 2", [(RENEWED, "Kestrel Road", 2, None)]),
        # British sentence case: a series starts; a topic with its season, then the platform
        ("Harbor Lights series 2 starts on 5 June", [(DATE, "Harbor Lights", 2, None)]),
        ("Dry Creek series 3: BBC confirms return date", [(DATE, "Dry Creek", 3, "BBC")]),
        (
            "'Stillwater' Season 2: Netflix Sets Premiere Date",
            [(DATE, "Stillwater", 2, "Netflix")],
        ),
        # Screen Rant's unquoted Title Case: a date finally revealed, an official release date
        (
            "Harbor Lights Season 4 Release Date Finally Revealed",
            [(DATE, "Harbor Lights", 4, None)],
        ),
        (
            "Dry Creek Season 2 Gets Official Release Date From Netflix",
            [(DATE, "Dry Creek", 2, "Netflix")],
        ),
        (
            "Stillwater Season 2 Officially Canceled By Netflix",
            [(CANCELLED, "Stillwater", 2, "Netflix")],
        ),
        # a possessive in s' is the owner's, not part of the title
        (
            "Jane Roberts' Harbor Lights Renewed for Season 2",
            [(RENEWED, "Harbor Lights", 2, None)],
        ),
        # a hedge inside a quoted title hedges nothing
        ("'A Kind of Harbor' Renewed for Season 2", [(RENEWED, "A Kind of Harbor", 2, None)]),
        # an adverb after the verb is no object of it
        (
            "Kestrel Road Cancelled Abruptly By Netflix",
            [(CANCELLED, "Kestrel Road", None, "Netflix")],
        ),
        # Freevee's shows are Prime Video's now
        (
            "Freevee Has Cancelled 'Harbor Lights'",
            [(CANCELLED, "Harbor Lights", None, "Prime Video")],
        ),
        # "& Final" as well as "and Final"
        (
            "Netflix Orders Third & Final Season Of ‘Dry Creek’",
            [(ENDING, "Dry Creek", 3, "Netflix")],
        ),
        ("‘Stillwater’ Renewed For Fourth & Final Season", [(ENDING, "Stillwater", 4, None)]),
        # "as" and a reason after the verb: still the show's news
        (
            "Dry Creek Cancelled as Netflix Cuts Costs",
            [(CANCELLED, "Dry Creek", None, "Netflix")],
        ),
        # what kind of show it is, between the verb and the title
        (
            "Netflix Renews Reality Hit 'Harbor Lights'",
            [(RENEWED, "Harbor Lights", None, "Netflix")],
        ),
        (
            "Apple Renews Comedy Series 'Dry Creek' For Season 2",
            [(RENEWED, "Dry Creek", 2, "Apple TV+")],
        ),
        (
            "Netflix Cancels Its Hit Show 'Stillwater' After Two Seasons",
            [(CANCELLED, "Stillwater", 2, "Netflix")],
        ),
        (
            "HBO Renews Documentary Series 'Kestrel Road' for Season 3",
            [(RENEWED, "Kestrel Road", 3, "HBO")],
        ),
        (
            "Peacock Revives Canceled NBC Comedy 'Harbor Lights' for Season 4",
            [(RENEWED, "Harbor Lights", 4, "Peacock")],
        ),
        ("Netflix Rescues Cancelled 'Dry Creek'", [(RENEWED, "Dry Creek", None, "Netflix")]),
    ],
)
def test_held_out_trade_press_statements_are_read(
    headline: str, expected: list[tuple[str, str, int | None, str | None]]
) -> None:
    assert events(headline, published=PUBLISHED) == expected


@pytest.mark.parametrize(
    ("headline", "date"),
    [
        ("'Harbor Lights' Season 2 Premieres June 5 on Max", PartialDate(2026, 6, 5)),
        ("'Dry Creek' Returns March 3 for Season 2", PartialDate(2026, 3, 3)),
        ("'Stillwater' Season 2 Release Date Announced: June 5", PartialDate(2026, 6, 5)),
        ("'The Ninth Floor' Final Season Premiere Date Set for April 2", PartialDate(2026, 4, 2)),
        ("Netflix Sets 'Kestrel Road' Season 2 Premiere Date: May 1", PartialDate(2026, 5, 1)),
        ("Netflix Dates 'Harbor Lights' Season 2 for February", PartialDate(2026, 2)),
        ("Dry Creek series 2 start date confirmed as 4 March", PartialDate(2026, 3, 4)),
        ("'Stillwater' season 2 will be released on June 5", PartialDate(2026, 6, 5)),
        ("'The Ninth Floor' Season 2 Premiere Date Moved Up to May 1", PartialDate(2026, 5, 1)),
        ("'Kestrel Road' Season 3 Is Coming in June", PartialDate(2026, 6)),
        # set or slated for a premiere, bumped; a platform dating a title's season; a return dated
        ("'Stillwater' Season 2 Set for June 5 Premiere", PartialDate(2026, 6, 5)),
        ("'The Ninth Floor' Season 2 Slated for a March Release", PartialDate(2026, 3)),
        ("'Kestrel Road' Season 2 Bumped to 2027", PartialDate(2027)),
        ("Hulu Sets 'Harbor Lights' Season 2 Premiere for June 5", PartialDate(2026, 6, 5)),
        ("'Dry Creek' Returns for Season 2 on June 5", PartialDate(2026, 6, 5)),
        ("'Harbor Lights' Season 2 Set to Premiere June 5", PartialDate(2026, 6, 5)),
        # a year, or part of one, before the premiere it dates
        ("'Dry Creek' Season 2 Gets 2027 Premiere Date", PartialDate(2027)),
        ("'Stillwater' Season 2 Sets Late 2027 Return", PartialDate(2027, part="late")),
    ],
)
def test_held_out_trade_press_dates_are_read(headline: str, date: PartialDate) -> None:
    (event,) = read_headline(headline, published=PUBLISHED)
    assert (event.kind, event.date) == (DATE, date)


@pytest.mark.parametrize(
    "headline",
    [
        # guesses, odds, hopes, wishes and campaigns
        "'Harbor Lights' Season 2: Renewal Odds",
        "'Dry Creek' Could Be Cancelled After Season 2",
        "Fans Petition to Save 'Stillwater'",
        "'The Ninth Floor' Not Coming Back?",
        "'Kestrel Road' Season 3 Update",
        "'Harbor Lights' Season 2: Everything We Know",
        "'Dry Creek' Star Teases Season 2 Return",
        "'Stillwater' Will Return for Season 2 If Ratings Hold",
        "'The Ninth Floor' Season 2 Renewal Campaign Launches",
        "Netflix Needs to Renew 'Kestrel Road'",
        "It's Time for Netflix to Renew 'Harbor Lights'",
        "It's Time to Cancel 'Dry Creek'",
        "'Stillwater' Season 2 Renewal Hopes",
        "Is 'The Ninth Floor' Renewed for Season 2?",
        "'Kestrel Road' Cancelled? Here's What We Know",
        "'Harbor Lights' Season 2 Confirmed? Here's What We Know",
        # a statement denied, or hedged in a kicker
        "Netflix Hasn't Renewed 'Dry Creek' for Season 3",
        "Netflix Has Not Canceled 'Stillwater'",
        "'The Ninth Floor' Isn't Canceled — Yet",
        "'Kestrel Road' Not Renewed for Season 3 at Netflix",
        # looking back: a story told in the past, an anniversary
        "The Day Netflix Cancelled 'Harbor Lights'",
        "Netflix Renewed 'Dry Creek' Before Season 1 Premiered, Creator Reveals",
        "'Stillwater' Cancelled 10 Years Ago Today",
        "'The Ninth Floor' Was Cancelled Too Soon",
        "Exec Explains Why 'Kestrel Road' Ended",
        # reactions and goodbyes
        "'Harbor Lights' Creator Reacts to Cancellation",
        "'Dry Creek' Cast Says Goodbye After Cancellation",
        "'Stillwater' Cancelled: Creator Slams Netflix",
        # explainers of when and where: a premiere date beside a question is a title, not news
        "'The Ninth Floor' Season 2 Premiere Date: When Does It Come Out?",
        "'Kestrel Road' Season 2 Premiere Date and Time",
        "'Harbor Lights' Season 2 Premiere Date, Time and Where to Stream",
        "'Dry Creek' Season 2 Release Date Prediction",
        "'Stillwater' Season 2 Premiere Date Leaked",
        "Harbor Lights series 2 confirmed: release date, cast and what we know",
        # a season's noun, not its renewal: "Gets Season 2 …", "Season 2 Official …"
        "'The Ninth Floor' Gets Season 2 Release Window",
        "'Kestrel Road' Gets Season 2 Villain",
        "'Harbor Lights' Season 2 Official Synopsis",
        # an episode, a finale or a twist is not the show's run
        "'Dry Creek' Season 2 Episode 4 Airs March 5",
        "'Stillwater' Season 2 Finale Airs March 5",
        "'The Ninth Floor' Season 2 Will End With a Twist",
        "'Kestrel Road' Final Season Trailer",
        "'Harbor Lights' Series Finale Date Set",
        # ratings, charts, awards
        "'Dry Creek' Season 2 Premieres to Record Ratings",
        "'Stillwater' Returns to No. 1 on Netflix",
        "'The Ninth Floor' Scores Best Ratings Yet",
        # people: an actor returns, a star confirms, a creator's or star's next show
        "Jane Doe to Return for Season 2 of 'Kestrel Road'",
        "Jane Doe to return for season 2 of Harbor Lights",
        "Jane Doe Confirms 'Dry Creek' Season 2",
        "Netflix Confirms Jane Doe for 'Stillwater' Season 2",
        "Netflix Cancels 'The Ninth Floor' Star's Next Project",
        "'Kestrel Road' Creator's New Show Canceled",
        "'Harbor Lights' Star's New Series Renewed for Season 2",
        # offshoots: a spinoff, a film, a game, a tour
        "Netflix Cancels 'Dry Creek' Animated Spinoff",
        "'Stillwater' Movie Cancelled at Netflix",
        "'The Ninth Floor' Video Game Cancelled",
        "'Kestrel Road' Live Tour Cancelled",
        # lists, counts and descriptions instead of a title
        "Shows Cancelled in 2026",
        "Netflix Shows Cancelled in 2026",
        "Peacock Cancels Two Series, Renews One",
        "Netflix Renews Reality Hit for Season 3",
        "Netflix's Latest Hit Renewed for Season 2",
        "Popular BBC Drama Axed After One Series",
        "CBS Renews 8 Series Including 'Harbor Lights'",
        "Netflix Renewals and Cancellations 2026",
        # present-tense returns under review; hedges in a kicker or an aside
        "'Harbor Lights' Returns for Season 2 With Killer Premiere",
        "'Dry Creek' Comes Back for Season 2 Stronger Than Ever",
        "'Stillwater' Renewed (Sort Of)",
        "'The Ninth Floor' Cancelled — Or Is It?",
        "'Kestrel Road' Season 2 Postponed Indefinitely",
        # actors returning, unquoted; a star or a poll is no platform
        "Jane Doe Will Return for Season 2",
        "Jane Doe Confirmed to Return for Season 2",
        "Jane Doe Gets Green Light for Season 2 Return",
        "'Harbor Lights' Final Season Confirmed by Star",
        "'Dry Creek' Season 2 Gets Green Light From Star",
        "'Stillwater' Renewed for Season 2 in Poll",
        # a season's production, tour, writers, reruns or discs; a first season's library move
        "Netflix Cancels 'The Ninth Floor' Season 2 Production",
        "Netflix Cancels 'Kestrel Road' Season 2 Press Tour",
        "HBO Orders 'Harbor Lights' Season 2 Scripts",
        "Netflix Sets 'Dry Creek' Season 2 Premiere Party",
        "Netflix Confirms 'Stillwater' Season 2 Is in Production",
        "Netflix Gives 'The Ninth Floor' Season 2 Update",
        "'Kestrel Road' Finds New Home for Reruns",
        "'Harbor Lights' Season 2 Hits DVD in March",
        "'Dry Creek' Season 2 Arrives on Blu-ray in March",
        "'Stillwater' Season 1 Hits Netflix in March",
        # offshoots and people
        "'The Ninth Floor' Spinoff Renewed for Season 2",
        "'Kestrel Road' Aftershow Cancelled",
        "CBS Cancels 'Harbor Lights' Reruns",
        "Jane Doe Axed From 'Dry Creek'",
        "'Stillwater' Star Gets Renewed Contract",
        "'The Ninth Floor' Set to End With Season 5, Reports Say",
        "'Kestrel Road' Season 3 Finale Will End the Show",
        "'The Long Orbit' Slated for June 5 Release",
        # film, stage and business news in a trade feed: studios, a stage, leases, rights,
        # prices, events and sports (without a season, a date needs a quoted title)
        "Warner Bros. Scraps 'Coyote Flats' Despite Finished Cut",
        "West End's 'Coyote Flats' Cancelled",
        "Met Opera Cancels 'Coyote Flats'",
        "Netflix Renews Office Lease in Hollywood",
        "Peacock Renews Premier League Rights",
        "Netflix Cancels Subscription Price Hike",
        "Netflix Renews Everything",
        "Eurovision 2026 Cancelled",
        "Comic-Con Cancelled for Second Year",
        "The Oscars Return to ABC March 15",
        "Monday Night Football Returns September 8",
        "SDCC Returns in July",
        "'Coyote Flats' Will Return to IMAX in March",
        "Netflix Sets June 5 Premiere for 'Coyote Flats' Docuseries",
        # a run denied, reviews, parts and volumes of a season, a look back, a plan ending,
        # a special, a film or a revival of a show
        "'Harbor Lights' Won't End With Season 5",
        "'Dry Creek' Isn't Ending With Season 3",
        "'Stillwater' Season 3 Reviews: Critics Are Divided",
        "'The Ninth Floor' Final Season Part 2 Premieres Dec. 14",
        "'Kestrel Road' Season 2 Part 2 Release Date Set",
        "'Harbor Lights' Ended Five Years Ago Today",
        "Netflix's Basic Plan Is Ending in July",
        "Fox Renews 'Dry Creek' Through Season 40? Not Quite",
        "'Stillwater' Movie Gets Green Light",
        "'The Ninth Floor' Reunion Special Sets Premiere Date",
        "'Kestrel Road' Revival Coming to Netflix in November",
        # a platform we don't know, before a verb with an object: the agent, not the show
        "Roku Channel Has Cancelled Harbor Lights",
        "Nat Geo Has Renewed Dry Creek for Season 2",
        # a franchise's name before a colon may or may not begin the title: not guessed
        "Harbor Saga: Blood Tide Canceled at Netflix",
        "Dark Realm: Origins Season 2 Release Date Set",
        # a move is a revival only beside a cancellation, and only of a quoted title
        "'Harbor Lights' Moves to Netflix in March",
        "Jane Doe Moves to Netflix After ABC Cancellation",
        "Jane Doe Reverses 'Dry Creek' Cancellation Stance",
        # "to renew" refused, planned, threatened, tried or guessed at
        "Netflix Refuses to Renew 'Harbor Lights'",
        "Netflix Refuses to Cancel 'Dry Creek'",
        "Netflix Set to Cancel 'Stillwater'",
        "Netflix Poised to Renew 'The Ninth Floor'",
        "Netflix About to Cancel 'Kestrel Road'",
        "Netflix Threatens to Cancel 'Harbor Lights'",
        "Netflix Tried to Cancel 'Dry Creek'",
        "Netflix Intends to Renew 'Stillwater'",
        # a premiere getting near, a finale, an episode, a boast, a problem, a cast: no run ending
        "'Harbor Lights' Gears Up for Season 2",
        "'Dry Creek' Season 2 Coming to an End This Week",
        "'Stillwater' Coming to an End This Week",
        "'The Ninth Floor' Is the Last Great Network Drama",
        "'Kestrel Road' Has a Final Season Problem",
        "'Harbor Lights' Confirms Final Season Cast",
        "'Dry Creek' Airs Its Final Episode With Emotional Goodbye",
        "'Stillwater' Will End on Its Own Terms",
        "'The Ninth Floor' Is Ending on Netflix Soon",
        # money, not a show
        "Netflix Saves Money by Cancelling Shows",
        "Netflix Scraps Password Sharing",
        # filming starts, a sport's season starts; a date of no season
        "'Harbor Lights' Season 2 Begins Filming in March",
        "NFL Season Starts September 4",
        "The Ninth Floor: Netflix Confirms Release Date",
        # a question whose mark the feed dropped
        "Is 'Harbor Lights' Cancelled",
        "Has 'Dry Creek' Been Renewed for Season 2",
        "Is Stillwater Cancelled",
        # opinion about a renewal or a cancellation, in Title Case
        "Harbor Lights Season 2 Renewal Is Great News For Fans",
        "Dry Creek Getting Canceled Was Netflix's Biggest Mistake",
        "Stillwater Was Renewed For Season 2 Before It Even Premiered",
        "Netflix's Kestrel Road Cancellation Is Frustrating For 1 Big Reason",
        # praise before an unquoted title: where the title starts is a guess
        "Emmy Winner Dry Creek Renewed for Season 2",
        # a new series' order: two seasons at once, or a first season
        "'Harbor Lights' Lands Two-Season Order at Apple TV+",
        "Netflix Gives 'Dry Creek' Season 1 Order",
        # a network's lineup, a franchise, "both", a question word: several shows or none
        "What's Renewed and What's Cancelled at NBC",
        "HBO Renews Sunday Lineup",
        "NBC Renews Harbor Franchise for 2026-27",
        "Netflix Renews Both",
        # British "axed" is said of people: axed from a show, as its host, after a role
        "Jane Doe axed from Harbor Lights",
        "Jane Doe axed as host of Dry Creek",
        "Stillwater star Jane Doe axed",
        "Kestrel Road' Jane Doe axed from series 2",
        "Jane Doe Renewed as Host",
        # a description that makes it another object, a film, or a question
        "Netflix Cancels Star of Drama 'Harbor Lights'",
        "Netflix Renews Comedy From 'Dry Creek' Creator",
        "Netflix Renews Hit Drama 'Stillwater' Star Jane Doe for a Film",
        "Netflix Cancels Movie 'Kestrel Road'",
        "Will Netflix Renew Hit Drama 'Harbor Lights'?",
        "Netflix Could Cancel Comedy 'Dry Creek'",
        "Netflix Cancels Drama 'Stillwater' Premiere",
        "Netflix Renews Every Show Except 'Kestrel Road'",
    ],
)
def test_held_out_trade_press_traps_yield_nothing(headline: str) -> None:
    assert read_headline(headline, published=PUBLISHED) == ()


@pytest.mark.parametrize(
    "headline",
    [
        "Netflix Saves 'Harbor Lights' After Fox Cancellation",
        "'Harbor Lights' Moves to Netflix After Fox Cancellation",
        "Peacock Revives 'Harbor Lights' for Season 3 After NBC Cancellation",
    ],
)
def test_a_show_saved_by_another_platform_is_a_revival_naming_its_new_home(headline: str) -> None:
    (event,) = read_headline(headline)
    assert event.kind == RENEWED
    assert event.revival
    assert event.platform in ("Netflix", "Peacock")


@pytest.mark.parametrize(
    "headline",
    [
        "Netflix Renews 'Harbor Lights' for Season 2",
        "Netflix Picks Up 'Harbor Lights' for Season 2",
        "Netflix Renews 'Harbor Lights', Cancels 'Night Shift'",
    ],
)
def test_a_plain_renewal_is_no_revival(headline: str) -> None:
    assert not read_headline(headline)[0].revival


# Written before the grammar was extended for them: a platform moving or dating a season in
# its own words, a final season dated, a British final series, a date after a colon.


@pytest.mark.parametrize(
    ("headline", "date"),
    [
        ("Netflix Delays 'Harbor Lights' Season 2 to August", PartialDate(2026, 8)),
        ("Hulu Pushes 'Dry Creek' Season 3 to 2027", PartialDate(2027)),
        ("HBO Moves 'Stillwater' Season 2 Premiere to June 5", PartialDate(2026, 6, 5)),
        ("Netflix Sets August 6 Premiere for 'Kestrel Road' Season 2", PartialDate(2026, 8, 6)),
        ("'The Ninth Floor' Season 5 Dated for April 2027", PartialDate(2027, 4)),
        (
            "Starz Sets Final Season Premiere Date for 'Harbor Lights': March 6",
            PartialDate(2026, 3, 6),
        ),
        ("'Dry Creek' Season 4 Premiere Date Revealed: January 29, 2027", PartialDate(2027, 1, 29)),
    ],
)
def test_held_out_platform_dates_are_read(headline: str, date: PartialDate) -> None:
    (event,) = read_headline(headline, published=PUBLISHED)
    assert (event.kind, event.date) == (DATE, date)


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        (
            "ITV Recommissions 'Harbor Lights' for Final Series",
            [(ENDING, "Harbor Lights", None, "ITV")],
        ),
        (
            "'Dry Creek' Renewed for Fourth and Final Series at BBC",
            [(ENDING, "Dry Creek", 4, "BBC")],
        ),
        (
            "Starz Sets Final Season Premiere Date for 'Stillwater'",
            [(DATE, "Stillwater", None, "Starz")],
        ),
    ],
)
def test_held_out_final_seasons_are_read(
    headline: str, expected: list[tuple[str, str, int | None, str | None]]
) -> None:
    assert events(headline, published=PUBLISHED) == expected


@pytest.mark.parametrize(
    "headline",
    [
        "Netflix Delays 'Harbor Lights' Season 2 Production to August",
        "Netflix Delays 'Dry Creek' Season 2 Again",
        "Warner Bros. Moves 'Stillwater' to June 5",
        "Netflix Sets August 6 Premiere for 'Kestrel Road' Documentary",
        "'The Ninth Floor' Dated for April 2027 in Theaters",
        "Why the Final Series of 'Harbor Lights' Was Its Best",
        "BBC Moves 'Dry Creek' Season 2 to BBC Three",
    ],
)
def test_held_out_platform_date_traps_yield_nothing(headline: str) -> None:
    assert read_headline(headline, published=PUBLISHED) == ()


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # a rescue told with how soon it came
        (
            "NBC Saves 'Harbor Lights' One Day After Fox Cancellation",
            [(RENEWED, "Harbor Lights", None, "NBC")],
        ),
        (
            "Netflix Cancels 'Dry Creek' Two Weeks After Premiere",
            [(CANCELLED, "Dry Creek", None, "Netflix")],
        ),
        # the last season named in an appositive
        (
            "Netflix Orders 'Stillwater' Season 5, the Final Season",
            [(ENDING, "Stillwater", 5, "Netflix")],
        ),
        (
            "Hulu Renews 'Kestrel Road' for Season 4, Its Last",
            [(ENDING, "Kestrel Road", 4, "Hulu")],
        ),
        (
            "Hulu Renews 'Kestrel Road' for Season 4, Its Last Before a Film",
            [(RENEWED, "Kestrel Road", 4, "Hulu")],
        ),
        # a season confirmed for a day is dated, not renewed
        (
            "'The Ninth Floor' Series 4 Confirmed for January 1",
            [(DATE, "The Ninth Floor", 4, None)],
        ),
    ],
)
def test_held_out_statements_with_what_follows_them_are_read(
    headline: str, expected: list[tuple[str, str, int | None, str | None]]
) -> None:
    assert events(headline, published=PUBLISHED) == expected


def test_a_cancellation_of_a_one_day_event_is_no_show_news() -> None:
    assert read_headline("Netflix Cancels 'Dry Creek' One Day Event") == ()


@pytest.mark.parametrize(
    "headline",
    [
        "'Dry Creek' to End With a Film Instead of Season 4",
        "Harbor Lights to end with a film instead of fourth season",
    ],
)
def test_a_run_ending_in_something_other_than_a_season_is_no_final_season(headline: str) -> None:
    assert read_headline(headline) == ()


def test_the_season_set_aside_is_not_the_last_one() -> None:
    assert events("'Dry Creek' to End With Season 4 Instead of Season 5") == [
        (ENDING, "Dry Creek", 4, None)
    ]


@pytest.mark.parametrize(
    "headline",
    [
        "'Dry Creek' Cancelled This Week Due to Football",
        "'Harbor Lights' Cancelled Tonight for Election Coverage",
        "'Stillwater' Canceled Next Sunday for the Awards",
    ],
)
def test_an_episode_pre_empted_is_no_cancellation(headline: str) -> None:
    assert read_headline(headline) == ()


@pytest.mark.parametrize(
    "headline",
    [
        "'Dry Creek' Canceled by Fox, Then Saved by Netflix",
        "'Dry Creek' Canceled by Fox, Saved by Netflix",
    ],
)
def test_a_cancellation_then_a_rescue_is_the_rescue(headline: str) -> None:
    (event,) = read_headline(headline)
    assert (event.kind, event.platform, event.revival) == (RENEWED, "Netflix", True)
