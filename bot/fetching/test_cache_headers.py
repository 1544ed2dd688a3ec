"""How long the bot waits before asking a server again."""

from datetime import UTC, datetime

from bot.fetching.cache_headers import MAX_DELAY_SECONDS, parse_cache_max_age, parse_retry_after

NOW = datetime(2025, 11, 7, 12, 0, tzinfo=UTC)


def test_retry_after_seconds_dates_and_nonsense():
    assert parse_retry_after("120", NOW) == 120.0
    assert parse_retry_after("Fri, 07 Nov 2025 12:05:00 GMT", NOW) == 300.0
    assert parse_retry_after("Fri, 07 Nov 2025 11:00:00 GMT", NOW) == 0.0
    assert parse_retry_after("99999999999999999", NOW) == MAX_DELAY_SECONDS
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after("-5", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_cache_lifetime_from_cache_control_or_expires():
    assert parse_cache_max_age("public, max-age=900", None) == 900.0
    assert parse_cache_max_age("s-maxage=10, max-age=60", "0") == 60.0
    assert parse_cache_max_age("no-cache", None) == 0.0
    assert parse_cache_max_age(None, "0") == 0.0
    assert parse_cache_max_age(None, None) is None
    expires, date = "Fri, 07 Nov 2025 13:00:00 GMT", "Fri, 07 Nov 2025 12:30:00 GMT"
    assert parse_cache_max_age(None, expires, date) == 1800.0
    assert parse_cache_max_age(None, expires, None, NOW) == 3600.0
