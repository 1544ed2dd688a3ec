"""/stats for operators: the bot at a glance, as a Telegram message."""

from __future__ import annotations

from datetime import datetime

from bot.briefings import Message
from bot.briefings.render import esc
from bot.clock import Clock
from bot.ops.snapshot import Stats, gather_stats
from storage import Database


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def render_stats(stats: Stats, now: datetime, role: str) -> Message:
    """Counts, queue, the last day's outcomes, polls and digest lag (HTML, all escaped)."""
    snap = stats.snapshot
    queue = snap.outbox
    done = stats.outcomes_24h
    lines = [
        f"<b>newsbrief</b> · this process: {esc(role)}",
        f"Chats: {stats.active_chats} active of {stats.chats}",
        f"Topics: {stats.topics} · articles: {stats.articles}",
        f"Sources: {stats.sources} enabled, {stats.failing_sources} failing",
        f"Last successful poll: {_ago(snap.poll_age(now))}",
        "",
        "<b>Outbox</b>",
        f"Waiting {queue.get('pending', 0)}, claimed {queue.get('claimed', 0)}, "
        f"on the wire {queue.get('sending', 0)}",
        f"Last 24 h: {done.get('sent', 0)} sent, {done.get('failed', 0)} failed, "
        f"{done.get('dropped', 0)} dropped, {done.get('unknown', 0)} unconfirmed",
        f"Sending processes (10 min): {stats.senders_10min}",
        "",
        "<b>Digests</b>",
        f"Most overdue: {snap.digest_lag(now):.0f} s late",
        f"Skipped as too late (24 h): {stats.missed_24h}",
    ]
    return Message("\n".join(lines))


async def stats_message(db: Database, clock: Clock, role: str) -> Message:
    """/stats as a message, from the database (true across every process)."""
    now = clock.now()
    stats = await db.run(gather_stats, now=now, real_now=Clock().now())
    return render_stats(stats, now, role)
