"""as_utc: naive means UTC, aware is converted, the instant never moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from timekeeping import as_utc


def test_a_naive_time_is_taken_as_utc() -> None:
    assert as_utc(datetime(2026, 11, 27, 8, 0)) == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert as_utc(datetime(2026, 11, 27, 8, 0)).tzinfo is UTC


def test_an_aware_time_keeps_its_instant_and_is_told_in_utc() -> None:
    karachi = datetime(2026, 11, 27, 13, 0, tzinfo=timezone(timedelta(hours=5)))
    assert as_utc(karachi) == karachi
    assert (as_utc(karachi).hour, as_utc(karachi).tzinfo) == (8, UTC)
    berlin = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # just after DST
    assert as_utc(berlin).isoformat() == "2026-03-29T01:30:00+00:00"
