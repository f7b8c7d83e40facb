"""The owners' status report: what a sharded process says of its shards and its budget."""

from __future__ import annotations

from bot.alerts.scheduler import POLL_JOB, JobStatus
from bot.alerts.status import status_report
from bot.budget import RequestBudget
from db.leadership import LeaderStatus
from db.model.news import Backlog
from db.model.shards import Shards

EMPTY = Backlog(pending=0, sending=0, failed=0, paused=0, delivered=0)


def report(per_second: int, shards: Shards | None, *, budget_set: bool = False) -> str:
    budget = RequestBudget(per_second, started_at=-100.0).status()
    reply = status_report([], None, EMPTY, budget=budget, shards=shards, budget_set=budget_set)
    assert reply.content is not None
    return reply.content


def test_a_sharded_process_names_its_shards_and_its_share_of_the_limit() -> None:
    text = report(24, Shards((0, 1), 4))
    assert "serves shards 0-1 of 4" in text
    assert "at most 24 requests a second, its share of the 48" in text


def test_a_budget_set_by_hand_is_not_called_a_share() -> None:
    text = report(10, Shards((2,), 4), budget_set=True)
    assert "serves shard 2 of 4; it sends at most 10 requests a second, as set" in text
    assert "share" not in text


def test_an_unsharded_process_says_nothing_of_shards() -> None:
    assert "shard" not in report(45, None).casefold()


def test_a_process_that_does_not_lead_says_its_poll_is_skipped_and_names_the_leader() -> None:
    reply = status_report(
        [JobStatus(POLL_JOB, None, skipped=True)],
        None,
        EMPTY,
        leader=LeaderStatus(leads=False, holder="host-b pid 7, shards 2-3 of 4"),
    )
    assert reply.content is not None
    text = reply.content
    assert "poll: next run not scheduled here (skipped here: another process leads)" in text
    assert "Another process leads, last seen taking the lead: host-b pid 7" in reply.content


def test_the_leading_process_says_it_leads() -> None:
    reply = status_report([], None, EMPTY, leader=LeaderStatus(leads=True, holder="host-a pid 1"))
    assert reply.content is not None
    assert "This process leads: it runs the poll and the daily job (host-a pid 1)" in reply.content
