"""Prometheus metrics of one process: what it sent, what failed, how polls and digests go."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "Metrics"]


class Metrics:
    """Counters this process keeps, and gauges filled from the database when scraped.

    Each instance has its own registry, so several bots in one process (tests) don't clash.
    """

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        self.job_runs = Counter(
            "newsbrief_job_runs", "Scheduled job runs finished", ["job"], registry=r
        )
        self.sent = Counter(
            "newsbrief_messages_sent", "Messages Telegram accepted", ["kind"], registry=r
        )
        self.failed = Counter(
            "newsbrief_messages_failed",
            "Messages given up on (unreachable chat, refused, too many failed tries)",
            ["reason"],
            registry=r,
        )
        self.unconfirmed = Counter(
            "newsbrief_messages_unconfirmed",
            "Requests that left without an answer; counted as delivered, never resent",
            registry=r,
        )
        self.retries = Counter(
            "newsbrief_send_retries", "Sends put back after a network error or 5xx", registry=r
        )
        self.slots_missed = Counter(
            "newsbrief_send_slots_missed",
            "Messages that missed their send slot; queued again for a new one, never sent late",
            registry=r,
        )
        self.rate_limited = Counter(
            "newsbrief_telegram_429", "429 Too Many Requests answers from Telegram", registry=r
        )
        self.chats_moved = Counter(
            "newsbrief_chats_migrated", "Groups that became supergroups (moved)", registry=r
        )
        self.queue_depth = Gauge(
            "newsbrief_outbox_depth", "Unfinished outbox messages by state", ["status"], registry=r
        )
        self.polls = Counter("newsbrief_source_polls", "Feed polls done", registry=r)
        self.poll_errors = Counter("newsbrief_source_poll_errors", "Feed polls failed", registry=r)
        self.last_poll = Gauge(
            "newsbrief_last_successful_poll_timestamp_seconds",
            "When any feed was last read successfully (Unix time; 0: never)",
            registry=r,
        )
        self.digest_lag = Gauge(
            "newsbrief_digest_lag_seconds",
            "How overdue the most overdue digest is (0: none waiting)",
            registry=r,
        )
        self.digests_queued = Counter(
            "newsbrief_digests_queued", "Digests rendered into the outbox", registry=r
        )
        self.digests_missed = Counter(
            "newsbrief_digests_missed",
            "Digests skipped because they fell due too long ago (bot was down)",
            registry=r,
        )
        self.digest_delay = Histogram(
            "newsbrief_digest_queue_delay_seconds",
            "From a digest's due time to its messages being queued",
            buckets=(1, 5, 15, 60, 300, 900, 3600, 7200),
            registry=r,
        )

        self.web_connections = Gauge(
            "newsbrief_web_connections", "Connections open on the web port", registry=r
        )
        self.web_connections_cap = Gauge(
            "newsbrief_web_connections_cap", "The web port's connection cap", registry=r
        )
        self.web_closed = Counter(
            "newsbrief_web_connections_closed",
            "Web port connections closed or turned away by the port itself "
            "(evicted, refused, timed out, slow handlers)",
            ["reason"],
            registry=r,
        )

    def render(self) -> bytes:
        """The exposition text for /metrics."""
        return generate_latest(self.registry)
