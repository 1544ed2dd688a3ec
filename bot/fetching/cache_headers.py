"""Read the headers that say when a poller may come back: Retry-After, Cache-Control, Expires."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from timekeeping import as_utc

# A server cannot make us wait more than a week, nor promise freshness beyond it: bigger values
# are more likely bugs than intent, and unbounded ones overflow date arithmetic downstream.
MAX_DELAY_SECONDS = 7 * 24 * 3600.0
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d{1,12})\"?", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|[,\s])(?:no-cache|no-store)(?:$|[,\s=])", re.IGNORECASE)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` as delay-seconds or an HTTP-date; None if absent or
    unreadable. Dates in the past give 0; everything is capped at a week."""
    if not value:
        return None
    text = value.strip()[:100]
    if text.isdigit():
        return min(float(text), MAX_DELAY_SECONDS)
    when = _http_date(text)
    if when is None:
        return None
    delay = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(delay, 0.0), MAX_DELAY_SECONDS)


def parse_cache_max_age(
    cache_control: str | None,
    expires: str | None,
    date: str | None = None,
    now: datetime | None = None,
) -> float | None:
    """Seconds the response may be considered fresh: ``max-age`` wins over ``Expires``.

    ``no-cache``/``no-store`` and unreadable or past ``Expires`` values give 0; None means the
    server said nothing. ``Expires`` is measured against the response's ``Date`` when present
    (servers' clocks are often off), else against now.
    """
    if cache_control:
        directives = cache_control[:500]
        match = _MAX_AGE.search(directives)
        if match:
            return min(float(match.group(1)), MAX_DELAY_SECONDS)
        if _NO_CACHE.search(directives):
            return 0.0
    if expires is None:
        return None
    expires_at = _http_date(expires.strip()[:100])
    if expires_at is None:
        return 0.0  # RFC 9111: an invalid Expires (often "0") means already expired
    reference = _http_date(date.strip()[:100]) if date else None
    age = (expires_at - (reference or now or datetime.now(UTC))).total_seconds()
    return min(max(age, 0.0), MAX_DELAY_SECONDS)


def _http_date(text: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    return as_utc(when)
