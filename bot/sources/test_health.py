from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.sources.health import HealthWatch, SourceState, sources_health

NOW = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)


def source(name: str, *, polled: float = 5, failing_for: float | None = None) -> SourceState:
    """A source polled `polled` minutes ago, failing for `failing_for` minutes (None: working)."""
    return SourceState(
        name=name,
        url=f"https://{name}.example/feed",
        last_polled_at=NOW - timedelta(minutes=polled),
        failures=0 if failing_for is None else 3,
        failing_since=None if failing_for is None else NOW - timedelta(minutes=failing_for),
        last_error=None if failing_for is None else "HTTP 500",
    )


def test_an_outage_is_dated_by_when_half_the_sources_began_failing() -> None:
    sources = [
        source("dead", failing_for=60 * 24 * 20),  # a feed gone for weeks
        source("a", failing_for=38),
        source("b", failing_for=36),
        source("c", failing_for=30),
    ]
    health = sources_health(sources, NOW)
    assert health.degraded and (health.failing, health.total) == (4, 4)
    assert health.since == NOW - timedelta(minutes=38)  # 21:52: "dead" and "a" were half
    assert [s.name for s in health.failures] == ["a", "b", "c", "dead"]


def test_one_dead_feed_among_working_ones_is_not_an_outage() -> None:
    sources = [source("dead", failing_for=600), source("a"), source("b"), source("c")]
    health = sources_health(sources, NOW)
    assert not health.degraded and health.status == "ok"
    assert (health.failing, health.total) == (1, 4) and health.since is None


def test_half_of_the_recent_polls_failing_is_degraded() -> None:
    sources = [source("a", failing_for=20), source("b", failing_for=20), source("c"), source("d")]
    assert sources_health(sources, NOW).degraded


def test_every_source_failing_is_degraded_though_backoff_spaced_their_tries() -> None:
    sources = [source(n, polled=60 * 5, failing_for=60 * 8) for n in "abc"]
    assert sources_health(sources, NOW).degraded


def test_the_first_quick_failures_after_a_start_raise_no_alarm() -> None:
    pending = [SourceState(n, f"https://{n}.example/", None, 0, None, None) for n in "bcd"]
    health = sources_health([source("a", failing_for=1), *pending], NOW)
    assert (health.failing, health.total, health.degraded) == (1, 4, False)
    assert sources_health([source(n, failing_for=1) for n in "abcd"], NOW).degraded


def test_the_watch_warns_on_the_way_down_and_up_only(caplog) -> None:
    caplog.set_level(logging.INFO)
    watch = HealthWatch()
    down = sources_health([source("a", failing_for=5), source("b", failing_for=5)], NOW)
    up = sources_health([source("a"), source("b")], NOW)
    for health in (up, down, down, down, up, up):
        watch.observe(health)
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 2
    assert "2 of 2 failing" in messages[0] and "a: HTTP 500" in messages[0]
    assert "reachable again" in messages[1]
