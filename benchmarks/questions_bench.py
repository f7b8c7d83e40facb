"""Benchmark 8: real questions about shows, answered through the console stand-in.

tests/fixtures/questions/questions.tsv holds questions people wrote (forum posts, reader
letters, headlines), each labelled with the show and the intent. Each is sent as a mention,
in order, in one channel, to the real bot holding the shipped catalogue plus
tests/fixtures/questions/catalogue.json (every other show the questions name).

- *Right*: the answer's kind fits the intent (renewal, cancelled, release: the release card;
  cast: the cast card; recap: the recap, every point inside spoiler tags; other: anything
  but an error) and it is about the labelled show. A "did you mean" that offers the show is
  right too: the issue asks for exactly that on a near miss. A question about no show is
  right when the answer names none.
- *Wrong show*: an answer about a show other than the labelled one.
- *Spoilers outside tags*: a recap point of any show readable without opening a tag.
- An `(implied)` row relies on the conversation before it: when the channel was last talking
  about another show (the thread it came from is not in the set), the show is first named
  with `!show <title>`, as that conversation would have.
"""

from __future__ import annotations

import asyncio
import csv
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import REPO, Figure, at_least, at_most
from bot.local.console import local_bot
from bot.local.stand_in import SentMessage
from bot.settings import Settings
from db.model.catalogue_format import load_catalogue_file
from db.model.titles import normalise_title

NAME = "8 real questions"
FIXTURES = REPO / "tests" / "fixtures" / "questions"
QUESTIONS = FIXTURES / "questions.tsv"
CATALOGUE = FIXTURES / "catalogue.json"
TARGET_RIGHT = 0.95
RELEASE_INTENTS = ("renewal", "cancelled", "release")
_SUGGESTED = re.compile(r"^• (?P<title>.+?)(?: \([^)]*\))?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Row:
    question: str
    show: str | None  # canonical title; None for "(none)"
    implied: bool
    intent: str


@dataclass(frozen=True, slots=True)
class Answer:
    kind: str  # release, cast, recap, show, news, suggest, hint, error, other
    shows: tuple[str, ...]  # the show it is about, or the shows it offers
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    row: Row
    answer: Answer
    right: bool
    wrong_show: bool
    leaked: bool


def load_rows(path: Path = QUESTIONS) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [_row(raw) for raw in reader]


def _row(raw: dict[str, str]) -> Row:
    show = raw["show"].strip()
    implied = show.startswith("(implied")
    if implied:
        show = show[show.index(")") + 1 :].strip()
    if "=>" in show:
        show = show.split("=>")[1].strip()
    return Row(raw["question"], None if show == "(none)" else show, implied, raw["intent"])


def read_answer(messages: list[SentMessage]) -> Answer:
    """What kind of answer the bot gave, and about which show, from what it sent."""
    text = "\n".join(message.text() for message in messages)
    titles = [embed.get("title") or "" for message in messages for embed in message.embeds]
    if not messages:
        return Answer("none", (), text)
    if "Something went wrong" in text or "Traceback" in text:
        return Answer("error", (), text)
    if match := re.search(r"Recap of (?P<show>.+?), season \d+ — spoilers below", text):
        return Answer("recap", (match["show"],), text)
    for suffix, kind in (
        (": release and renewal", "release"),
        (": cast", "cast"),
        (": news history", "news"),
        (": news about season", "news"),
    ):
        for title in titles:
            if suffix in title:
                return Answer(kind, (title.split(suffix)[0],), text)
    if "Closest matches:" in text or "Did you mean:" in text:
        return Answer("suggest", tuple(match["title"] for match in _SUGGESTED.finditer(text)), text)
    if titles:
        return Answer("show", (titles[0].removesuffix(" (continued)"),), text)
    if "Ask me about a show" in text or "Which show do you mean" in text:
        return Answer("hint", (), text)
    return Answer("other", (), text)


def _same(left: str, right: str) -> bool:
    return normalise_title(left) == normalise_title(right)


def judge(row: Row, answer: Answer, recap_points: list[str]) -> Verdict:
    outside = "".join(answer.text.split("||")[0::2])
    leaked = any(point[:60] in outside for point in recap_points)
    about = answer.shows[0] if answer.shows and answer.kind != "suggest" else None
    wrong_show = about is not None and (row.show is None or not _same(about, row.show))
    if row.show is None:
        right = answer.kind in ("hint", "other") and not answer.shows
    elif answer.kind == "suggest":
        right = any(_same(title, row.show) for title in answer.shows)
    else:
        wanted = {
            "recap": ("recap",),
            "cast": ("cast",),
            "other": ("release", "cast", "recap", "show", "news", "hint", "other"),
        }.get(row.intent, ("release",))
        right = answer.kind in wanted and about is not None and _same(about, row.show)
    return Verdict(row, answer, right and not leaked, wrong_show, leaked)


async def ask_all(rows: list[Row], database: Path) -> list[Verdict]:
    """Every question, in order, in the console's one channel."""
    settings = Settings(database_path=database)
    async with local_bot(settings) as (bot, transport):
        await bot.services.catalogue.import_catalogue(load_catalogue_file(CATALOGUE))
        catalogue = await bot.services.catalogue.shows.export()
        recap_points = [
            point for show in catalogue.shows for season in show.seasons for point in season.recap
        ]
        verdicts = []
        talking_about: str | None = None
        for row in rows:
            if row.implied and row.show is not None and talking_about != row.show:
                await transport.send(f"!show {row.show}")
            answer = read_answer(await transport.send(f"@Cliffhanger {row.question}"))
            verdict = judge(row, answer, recap_points)
            verdicts.append(verdict)
            if answer.shows and answer.kind != "suggest":
                talking_about = answer.shows[0]
            elif row.show is not None and row.implied:
                talking_about = row.show
        return verdicts


def score(rows: list[Row] | None = None) -> list[Verdict]:
    rows = load_rows() if rows is None else rows
    with tempfile.TemporaryDirectory(prefix="cliffhanger-questions-") as temporary:
        return asyncio.run(ask_all(rows, Path(temporary) / "questions.sqlite3"))


def figures(verdicts: list[Verdict]) -> list[Figure]:
    total = len(verdicts)
    right = sum(verdict.right for verdict in verdicts)
    share = right / total if total else None
    missed = [verdict.row.question[:40] for verdict in verdicts if not verdict.right]
    wrong = sum(verdict.wrong_show for verdict in verdicts)
    leaks = sum(verdict.leaked for verdict in verdicts)
    return [
        Figure(
            NAME,
            f"right kind and show, {total} questions",
            round(100 * share, 1) if share is not None else None,
            "%",
            f">= {TARGET_RIGHT:.0%}",
            at_least(share, TARGET_RIGHT),
            f"{right} of {total}" + (f"; missed: {'; '.join(missed)}" if missed else ""),
        ),
        Figure(NAME, "answers about the wrong show", wrong, "", "0", at_most(wrong, 0)),
        Figure(NAME, "spoilers outside tags", leaks, "", "0", at_most(leaks, 0)),
    ]


def run() -> list[Figure]:
    return figures(score())
