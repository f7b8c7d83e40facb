"""The owners' status report: jobs, the last poll and the alert backlog."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.alerts.scheduler import JobStatus
from bot.news.pipeline import PollResult
from bot.replies.reply import Reply
from db.model.news import Backlog


def status_report(
    jobs: Sequence[JobStatus],
    last_poll: PollResult | None,
    backlog: Backlog,
    unplaced_headlines: int = 0,
) -> Reply:
    lines = ["**Jobs**"]
    for job in jobs:
        when = discord.utils.format_dt(job.next_run, "R") if job.next_run else "not scheduled here"
        lines.append(f"• {job.name}: next run {when}")
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
    return Reply(content="\n".join(lines))
