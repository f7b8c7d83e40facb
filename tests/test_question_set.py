"""Real questions, answered as a member would get them: the regression set of issue 12.

Each question of tests/fixtures/questions/questions.tsv goes through the console stand-in,
in order, in one channel, against the shipped catalogue and the shows the questions name
(tests/fixtures/questions/catalogue.json). See benchmarks/questions_bench.py for how an
answer is judged; `make bench` prints the same figures.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import questions_bench


async def test_real_questions_get_the_right_kind_of_answer_about_the_right_show(
    tmp_path: Path,
) -> None:
    verdicts = await questions_bench.ask_all(
        questions_bench.load_rows(), tmp_path / "questions.sqlite3"
    )
    missed = [
        (verdict.row.question, verdict.answer.kind, verdict.answer.shows)
        for verdict in verdicts
        if not verdict.right
    ]
    assert len(verdicts) >= 30
    assert sum(verdict.right for verdict in verdicts) >= questions_bench.TARGET_RIGHT * len(
        verdicts
    ), missed
    assert [verdict.row.question for verdict in verdicts if verdict.wrong_show] == []
    assert [verdict.row.question for verdict in verdicts if verdict.leaked] == []


def test_an_answer_is_read_for_its_kind_and_show() -> None:
    row = questions_bench.Row("q", "Lost", implied=False, intent="cast")
    cast = questions_bench.Answer("cast", ("Lost",), "Cynthia Watros plays Libby Smith.")
    assert questions_bench.judge(row, cast, []).right
    other = questions_bench.Answer("cast", ("Lost in Space",), "")
    verdict = questions_bench.judge(row, other, [])
    assert (verdict.right, verdict.wrong_show) == (False, True)
    leak = questions_bench.Answer("recap", ("Lost",), "Walt is taken by the Others")
    recap_row = questions_bench.Row("q", "Lost", implied=False, intent="recap")
    assert questions_bench.judge(recap_row, leak, ["Walt is taken by the Others"]).leaked
