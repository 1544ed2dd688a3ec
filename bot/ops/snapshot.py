"""The numbers an operator looks at, read from the database (shared by every process)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import distinct, func
from sqlmodel import Session, col, select

from storage import outbox as ob
from storage.models import Article, Chat, MissedDigest, Outbox, Source, Topic


@dataclass(frozen=True)
class Snapshot:
    """Cheap enough for every /metrics scrape and /healthz call."""

    outbox: dict[str, int]
    last_poll: datetime | None  # the last successful read of any feed
    oldest_due_digest: datetime | None  # the most overdue digest not yet queued

    def digest_lag(self, now: datetime) -> float:
        """Seconds the most overdue digest is late (0: none waiting)."""
        if self.oldest_due_digest is None:
            return 0.0
        return max((now - self.oldest_due_digest).total_seconds(), 0.0)

    def poll_age(self, now: datetime) -> float | None:
        if self.last_poll is None:
            return None
        return max((now - self.last_poll).total_seconds(), 0.0)


def take_snapshot(s: Session, now: datetime) -> Snapshot:
    """`now` is the scheduling clock's (digests fall due by it)."""
    last_poll = s.exec(select(func.max(Source.last_success_at))).one()
    oldest = s.exec(
        select(func.min(Chat.next_digest_at)).where(
            Chat.active, Chat.digest_enabled, col(Chat.next_digest_at) <= now
        )
    ).one()
    return Snapshot(ob.depth(s), last_poll, oldest)


@dataclass(frozen=True)
class Stats:
    """What /stats shows: the bot at a glance."""

    snapshot: Snapshot
    chats: int
    active_chats: int
    topics: int
    sources: int
    failing_sources: int
    articles: int
    outcomes_24h: dict[str, int] = field(default_factory=dict)
    missed_24h: int = 0
    senders_10min: int = 0


def gather_stats(s: Session, *, now: datetime, real_now: datetime) -> Stats:
    """`now` schedules digests; `real_now` dates the outbox."""

    def count(stmt) -> int:
        return int(s.exec(stmt).one() or 0)

    day = real_now - timedelta(hours=24)
    return Stats(
        snapshot=take_snapshot(s, now),
        chats=count(select(func.count()).select_from(Chat)),
        active_chats=count(select(func.count()).select_from(Chat).where(Chat.active)),
        topics=count(select(func.count()).select_from(Topic)),
        sources=count(select(func.count()).select_from(Source).where(~col(Source.disabled))),
        failing_sources=count(
            select(func.count())
            .select_from(Source)
            .where(~col(Source.disabled), Source.failures > 0)
        ),
        articles=count(select(func.count()).select_from(Article)),
        outcomes_24h=ob.outcomes_since(s, day),
        missed_24h=count(
            select(func.count())
            .select_from(MissedDigest)
            .where(col(MissedDigest.noted_at) >= now - timedelta(hours=24))
        ),
        senders_10min=count(
            select(func.count(distinct(col(Outbox.claimed_by)))).where(
                col(Outbox.sent_at) >= real_now - timedelta(minutes=10)
            )
        ),
    )
