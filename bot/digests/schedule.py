"""Digest times: a chat's local HH:MM in its IANA zone, turned into the next UTC instant."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]?([0-5]\d)\s*$")


class ScheduleError(ValueError):
    """Bad time or zone; the message says what a good one looks like."""


def parse_time(text: str) -> time:
    """'07:30', '7:30', '0730', '19.05' -> time; anything else raises ScheduleError."""
    m = _TIME.match(text or "")
    if not m:
        raise ScheduleError("Give the time as HH:MM in 24-hour form, for example 07:30 or 18:05.")
    return time(int(m.group(1)), int(m.group(2)))


def parse_zone(text: str) -> str:
    """An IANA zone name such as Asia/Karachi (case-insensitive); raises ScheduleError."""
    name = (text or "").strip().replace(" ", "_")
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        raise ScheduleError(_zone_help(text))
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    folded = {z.lower(): z for z in available_timezones()}
    if name.lower() in folded:
        return folded[name.lower()]
    raise ScheduleError(_zone_help(text))


def _zone_help(text: str) -> str:
    return (
        f"I don't know the time zone “{text.strip()[:40]}”. Use an IANA name, Area/City, "
        "for example Asia/Karachi, Europe/Berlin, America/New_York or UTC."
    )


def next_digest_at(digest_time: str, zone: str, after: datetime) -> datetime:
    """The first instant strictly after `after` when the local clock in `zone` shows digest_time.

    Local times that a DST change skips are moved forward by the gap; repeated ones happen once.
    """
    tz = ZoneInfo(zone)
    hh, mm = (int(x) for x in digest_time.split(":"))
    local_after = after.astimezone(tz)
    day = local_after.date()
    for offset in range(0, 3):
        candidate_day = day + timedelta(days=offset)
        naive = datetime(candidate_day.year, candidate_day.month, candidate_day.day, hh, mm)
        local = naive.replace(tzinfo=tz, fold=0)
        # A time inside a spring-forward gap does not exist: normalise via UTC round trip.
        instant = local.astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) != naive:
            instant = (naive + timedelta(hours=1)).replace(tzinfo=tz).astimezone(UTC)
        if instant > after.astimezone(UTC):
            return instant
    raise AssertionError("unreachable: a day always has the digest time")
