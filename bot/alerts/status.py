"""The owners' status report: jobs, the last poll, the alert backlog and Discord's API."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.alerts.scheduler import JobStatus
from bot.budget import BudgetStatus
from bot.news.pipeline import PollResult
from bot.replies.reply import Reply
from bot.settings import DEFAULT_REQUESTS_PER_SECOND
from db.leadership import LeaderStatus
from db.model.news import Backlog
from db.model.shards import Shards


def status_report(
    jobs: Sequence[JobStatus],
    last_poll: PollResult | None,
    backlog: Backlog,
    unplaced_headlines: int = 0,
    budget: BudgetStatus | None = None,
    shards: Shards | None = None,
    budget_set: bool = False,
    leader: LeaderStatus | None = None,
) -> Reply:
    lines = ["**Jobs**"]
    for job in jobs:
        when = discord.utils.format_dt(job.next_run, "R") if job.next_run else "not scheduled here"
        skipped = " (skipped here: another process leads)" if job.skipped else ""
        lines.append(f"• {job.name}: next run {when}{skipped}")
    if leader is not None:
        lines.append(leader_line(leader))
    lines.append("**Last poll**")
    lines.append(last_poll.describe() if last_poll else "No poll since start.")
    lines.append("**Alerts**")
    lines.append(
        f"{backlog.pending} waiting, {backlog.sending} in flight, {backlog.delivered} delivered, "
        f"{backlog.failed} failed, {backlog.paused} paused (channel gone or forbidden)"
    )
    if unplaced_headlines:
        lines.append("**Headlines**")
        lines.append(
            f"{unplaced_headlines} with news but no show found: `catalogue headlines` lists them"
        )
    if budget is not None:
        lines.append("**Discord API**")
        lines.extend(budget_lines(budget))
    if shards is not None and budget is not None:
        lines.append("**Shards**")
        lines.append(shard_line(shards, budget.per_second, budget_set=budget_set))
    return Reply(content="\n".join(lines))


def leader_line(leader: LeaderStatus) -> str:
    """Which process runs the poll and the daily job for all of them."""
    if leader.leads:
        return f"This process leads: it runs the poll and the daily job ({leader.holder})"
    if leader.holder is None:
        return "No process has led yet: the first to try takes the poll and the daily job"
    return f"Another process leads, last seen taking the lead: {leader.holder}"


def shard_line(shards: Shards, per_second: int, *, budget_set: bool) -> str:
    """What this process serves, and its part of the one token's request limit."""
    served = f"This process serves {shards.describe()}"
    if budget_set:
        return f"{served}; it sends at most {per_second} requests a second, as set"
    return (
        f"{served}; it sends at most {per_second} requests a second, its share of the "
        f"{DEFAULT_REQUESTS_PER_SECOND} all processes on this token share"
    )


def budget_lines(budget: BudgetStatus) -> list[str]:
    """The request budget, and any backoff Discord has asked for, in plain words."""
    lines = [f"{budget.last_second} requests in the last second, of {budget.per_second} a second"]
    if budget.paused_for > 0:
        lines.append(
            f"**Paused** for {budget.paused_for:.1f} s more: Discord answered a global rate limit"
        )
    if budget.backing_off_for > 0:
        lines.append(
            f"Alerts **backing off** for {budget.backing_off_for:.1f} s more after server "
            f"errors (last: {budget.last_server_error})"
        )
    limited = budget.global_429 + budget.route_429 + budget.shared_429
    if limited and budget.last_rate_limit is not None and budget.last_rate_limit_ago is not None:
        last = budget.last_rate_limit
        lines.append(
            f"{limited} rate limits (429) since start: {budget.global_429} global, "
            f"{budget.route_429} on a route, {budget.shared_429} shared; the last "
            f"{budget.last_rate_limit_ago:.0f} s ago ({last.scope}, retry after "
            f"{last.retry_after:.1f} s)"
        )
    if budget.server_errors:
        lines.append(
            f"{budget.server_errors} server errors since start (last: {budget.last_server_error})"
        )
    lines.append(
        f"{budget.invalid_last_10_min} invalid requests in the last 10 minutes "
        "(Discord bans at 10,000)"
    )
    return lines
