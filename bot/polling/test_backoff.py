"""When a source is polled next, and when it is given up."""

import random

from bot.polling.backoff import (
    DISABLE_AFTER_FAILURES,
    SLOW_GROWTH,
    next_delay,
    should_disable,
    slow_delay,
)


def test_the_minimum_interval_wins_over_a_short_interval_and_short_hints():
    assert next_delay(interval=60, min_interval=300) == 300
    assert next_delay(interval=60, cache_max_age=10, min_interval=300) == 300
    assert next_delay(interval=900, ttl=7200) == 7200
    assert next_delay(interval=900, cache_max_age=10 * 24 * 3600) == 6 * 3600


def test_failures_back_off_and_never_come_before_retry_after():
    rng = random.Random(7)
    delays = [next_delay(interval=900, failures=n, rng=rng) for n in range(1, 6)]
    assert delays == sorted(delays) and delays[0] >= 900
    assert next_delay(interval=900, failures=1, retry_after=20_000, rng=rng) >= 20_000
    assert next_delay(interval=900, failures=30, rng=rng) <= 48 * 3600


def test_gone_refused_or_failing_for_long_is_given_up():
    assert should_disable(1, 410)
    assert should_disable(1, None, refused=True)
    assert not should_disable(DISABLE_AFTER_FAILURES - 1, 503)
    assert should_disable(DISABLE_AFTER_FAILURES, 503)


def test_a_source_that_stays_slow_waits_twice_as_long_each_time_up_to_a_cap():
    waits, since = [], 0.0
    for _ in range(6):
        since = slow_delay(900, since)  # polled on time: the gap is the last wait
        waits.append(since)
    assert waits == [1800, 3600, 7200, 7200, 7200, 7200]
    assert max(waits) == SLOW_GROWTH * 900
    assert slow_delay(900, since_last=10 * 24 * 3600) == SLOW_GROWTH * 900
    assert slow_delay(6 * 3600, since_last=0) == 12 * 3600, "capped at a day, never below usual"
