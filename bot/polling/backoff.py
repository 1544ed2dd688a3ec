"""When to poll a source next: its normal interval, what the server asked for, or a backoff."""

from __future__ import annotations

import random

MAX_DELAY = 24 * 3600.0
MAX_CACHE_HINT = 6 * 3600.0
DISABLE_AFTER_FAILURES = 12
SLOW_GROWTH = 8.0  # a slow source is polled at most this many times less often than usual


def next_delay(
    *,
    interval: float,
    failures: int = 0,
    retry_after: float | None = None,
    ttl: float | None = None,
    cache_max_age: float | None = None,
    min_interval: float = 0.0,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the next poll, never less than ``min_interval``.

    Success (failures == 0): the normal interval, stretched to the feed's TTL or Cache-Control
    hint (capped at 6 h). Failure: exponential backoff with jitter, capped at 24 h, and never
    sooner than the server's Retry-After.
    """
    interval = max(interval, min_interval)
    if failures <= 0:
        hint = max(ttl or 0.0, cache_max_age or 0.0)
        return max(interval, min(hint, MAX_CACHE_HINT), retry_after or 0.0)
    rng = rng or random.Random()
    base = min(interval * (2 ** min(failures, 16)), MAX_DELAY)
    jittered = base * (0.8 + 0.4 * rng.random())
    return min(max(jittered, retry_after or 0.0, interval), MAX_DELAY * 2)


def slow_delay(delay: float, since_last: float) -> float:
    """Seconds until the next poll after a slow one (``delay`` is the usual wait).

    Twice the time since the previous poll, and at least twice ``delay``: a source that stays
    slow waits twice as long each time, up to ``SLOW_GROWTH`` times ``delay``. The next quick
    poll starts over from ``delay``.
    """
    return max(delay, min(2 * max(delay, since_last), SLOW_GROWTH * delay, MAX_DELAY))


def should_disable(failures: int, status: int | None, *, refused: bool = False) -> bool:
    """410 Gone disables a source at once, and so does an address the bot refuses to fetch
    (private or local); a long run of failures disables it too."""
    return refused or status == 410 or failures >= DISABLE_AFTER_FAILURES
