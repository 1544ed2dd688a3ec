"""Digest times in the chat's own zone, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.digests.schedule import ScheduleError, next_digest_at, parse_time, parse_zone


def test_next_digest_in_karachi() -> None:
    after = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    assert next_digest_at("07:30", "Asia/Karachi", after) == datetime(
        2026, 11, 27, 2, 30, tzinfo=UTC
    )
    later = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
    assert next_digest_at("07:30", "Asia/Karachi", later) == datetime(
        2026, 11, 28, 2, 30, tzinfo=UTC
    )


def test_local_time_holds_across_dst_changes() -> None:
    # Berlin: CET (+1) until 29 March 2026, CEST (+2) after; back to CET on 25 October.
    spring = next_digest_at("07:30", "Europe/Berlin", datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert spring == datetime(2026, 3, 29, 5, 30, tzinfo=UTC)
    autumn = next_digest_at("07:30", "Europe/Berlin", datetime(2026, 10, 24, 12, 0, tzinfo=UTC))
    assert autumn == datetime(2026, 10, 25, 6, 30, tzinfo=UTC)
    # 02:30 does not exist on the spring-forward night: it happens at 03:30 local instead.
    gap = next_digest_at("02:30", "Europe/Berlin", datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert gap == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["25:00", "7", "seven", "", "07:60"])
def test_bad_times_are_explained(text: str) -> None:
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_time(text)


def test_zone_names() -> None:
    assert parse_zone("asia/karachi") == "Asia/Karachi"
    assert parse_zone("America/New York") == "America/New_York"
    with pytest.raises(ScheduleError, match="Area/City"):
        parse_zone("Mars/Olympus")
    with pytest.raises(ScheduleError):
        parse_zone("../../etc/passwd")
