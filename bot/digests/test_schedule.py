"""Digest times in the chat's own zone: DST, quiet hours, days, weekly, twice daily, instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digests.schedule import (
    ScheduleError,
    digest_held_by_quiet,
    next_digest_at,
    next_digest_for,
    parse_days,
    parse_frequency,
    parse_quiet_hours,
    parse_time,
    parse_weekday,
    parse_zone,
    quiet_until,
    wants_nothing_new_note,
)
from storage import Chat

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def chat(**values: object) -> Chat:
    defaults: dict[str, object] = {"id": 1, "created_at": datetime(2026, 1, 1, tzinfo=UTC)}
    return Chat.model_validate(defaults | values)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(
    zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def test_next_digest_in_karachi() -> None:
    after = utc(2026, 11, 27, 1, 0)
    assert next_digest_at("07:30", "Asia/Karachi", after) == utc(2026, 11, 27, 2, 30)
    later = utc(2026, 11, 27, 2, 30)
    assert next_digest_at("07:30", "Asia/Karachi", later) == utc(2026, 11, 28, 2, 30)


def test_local_time_holds_across_dst_changes() -> None:
    # Berlin: CET (+1) until 29 March 2026, CEST (+2) after; back to CET on 25 October.
    spring = next_digest_at("07:30", "Europe/Berlin", utc(2026, 3, 28, 12, 0))
    assert spring == utc(2026, 3, 29, 5, 30)
    autumn = next_digest_at("07:30", "Europe/Berlin", utc(2026, 10, 24, 12, 0))
    assert autumn == utc(2026, 10, 25, 6, 30)
    # 02:30 does not exist on the spring-forward night: it happens at 03:30 local instead.
    gap = next_digest_at("02:30", "Europe/Berlin", utc(2026, 3, 28, 12, 0))
    assert gap == utc(2026, 3, 29, 1, 30)


def test_new_york_keeps_local_time_both_ways() -> None:
    # New York: EST (-5) until 8 March 2026 02:00, EDT (-4) until 1 November 02:00.
    c = chat(timezone="America/New_York", digest_time="07:30")
    assert next_digest_for(c, local(NEW_YORK, 2026, 3, 7, 8)) == utc(2026, 3, 8, 11, 30)
    assert next_digest_for(c, local(NEW_YORK, 2026, 10, 31, 8)) == utc(2026, 11, 1, 12, 30)


def test_a_time_the_autumn_night_repeats_happens_once() -> None:
    c = chat(timezone="America/New_York", digest_time="01:30")
    first = next_digest_for(c, local(NEW_YORK, 2026, 10, 31, 12))
    assert first == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, the first of the two
    assert next_digest_for(c, first) == utc(2026, 11, 2, 6, 30)  # not 01:30 EST an hour later


def test_every_day_of_a_year_gets_one_digest_at_the_local_time() -> None:
    for zone in (BERLIN, NEW_YORK):
        c = chat(timezone=str(zone), digest_time="07:30")
        when = utc(2026, 1, 1, 0, 0)
        for _ in range(365):
            following = next_digest_for(c, when)
            assert following > when
            assert (following - when) <= timedelta(hours=25)
            assert following.astimezone(zone).strftime("%H:%M") == "07:30"
            when = following


def test_twice_daily_is_the_time_and_twelve_hours_later_across_spring_forward() -> None:
    c = chat(timezone="Europe/Berlin", digest_time="07:30", digest_frequency="twice")
    morning = next_digest_for(c, local(BERLIN, 2026, 3, 28, 7))
    assert morning == local(BERLIN, 2026, 3, 28, 7, 30)
    evening = next_digest_for(c, morning)
    assert evening == local(BERLIN, 2026, 3, 28, 19, 30)
    after_dst = next_digest_for(c, evening)
    assert after_dst == local(BERLIN, 2026, 3, 29, 7, 30) == utc(2026, 3, 29, 5, 30)


def test_twice_daily_second_digest_may_fall_after_midnight() -> None:
    c = chat(
        timezone="Asia/Karachi", digest_time="20:00", digest_frequency="twice", digest_days="5"
    )
    friday_evening = next_digest_for(c, utc(2026, 11, 27, 1, 0))  # Friday 06:00 PKT
    assert friday_evening == utc(2026, 11, 27, 15, 0)
    # Saturday 08:00 is the second half of Friday's pair, so it comes although Saturday is off.
    assert next_digest_for(c, friday_evening) == utc(2026, 11, 28, 3, 0)
    assert next_digest_for(c, utc(2026, 11, 28, 3, 0)) == utc(2026, 12, 4, 15, 0)


def test_only_on_the_chosen_days() -> None:
    c = chat(timezone="Asia/Karachi", digest_time="07:30", digest_days="12345")
    # Friday 27 November, after the digest: the next is Monday.
    assert next_digest_for(c, utc(2026, 11, 27, 3, 0)) == utc(2026, 11, 30, 2, 30)


def test_weekly_on_its_day_across_dst() -> None:
    c = chat(
        timezone="America/New_York",
        digest_time="09:00",
        digest_frequency="weekly",
        weekly_day=7,
        digest_days="1",  # days don't restrict a weekly digest: it has its own day
    )
    # Wednesday 4 March 2026 -> Sunday 8 March, the day clocks go forward: 09:00 EDT.
    first = next_digest_for(c, local(NEW_YORK, 2026, 3, 4, 12))
    assert first == utc(2026, 3, 8, 13, 0)
    assert next_digest_for(c, first) == utc(2026, 3, 15, 13, 0)
    # Sunday 1 November, clocks go back: still 09:00 local.
    assert next_digest_for(c, local(NEW_YORK, 2026, 10, 31, 12)) == utc(2026, 11, 1, 14, 0)


def test_quiet_hours_spanning_midnight_hold_a_digest_until_they_end() -> None:
    late = chat(timezone="Europe/Berlin", digest_time="23:00", quiet_hours="22:00-07:00")
    assert next_digest_for(late, local(BERLIN, 2026, 6, 1, 12)) == local(BERLIN, 2026, 6, 2, 7)
    early = chat(timezone="Europe/Berlin", digest_time="06:30", quiet_hours="22:00-07:00")
    assert next_digest_for(early, local(BERLIN, 2026, 6, 1, 1)) == local(BERLIN, 2026, 6, 1, 7)
    # Right after the held digest went out, the next one is the next day's.
    held = local(BERLIN, 2026, 6, 2, 7)
    assert next_digest_for(late, held) == local(BERLIN, 2026, 6, 3, 7)
    outside = chat(timezone="Europe/Berlin", digest_time="07:30", quiet_hours="22:00-07:00")
    assert next_digest_for(outside, local(BERLIN, 2026, 6, 1, 1)) == local(
        BERLIN, 2026, 6, 1, 7, 30
    )
    assert digest_held_by_quiet(late) and not digest_held_by_quiet(outside)


def test_instant_runs_every_quarter_hour_and_waits_for_morning() -> None:
    c = chat(timezone="Europe/Berlin", digest_frequency="instant", quiet_hours="22:00-07:00")
    assert next_digest_for(c, local(BERLIN, 2026, 6, 1, 12)) == local(BERLIN, 2026, 6, 1, 12, 15)
    assert next_digest_for(c, local(BERLIN, 2026, 6, 1, 21, 50)) == local(BERLIN, 2026, 6, 2, 7)
    # The night clocks go forward: morning is 07:00 CEST, one hour less of UTC night.
    spring = next_digest_for(c, local(BERLIN, 2026, 3, 28, 21, 50))
    assert spring == utc(2026, 3, 29, 5, 0)


def test_instant_only_on_its_days() -> None:
    c = chat(timezone="Asia/Karachi", digest_frequency="instant", digest_days="12345")
    friday_night = utc(2026, 11, 27, 18, 55)  # 23:55 Friday in Karachi
    assert next_digest_for(c, friday_night) == utc(2026, 11, 29, 19, 0)  # Monday 00:00 PKT


def test_quiet_until_tells_alerts_when_to_go() -> None:
    c = chat(timezone="America/New_York", quiet_hours="23:00-06:30")
    assert quiet_until(c, local(NEW_YORK, 2026, 6, 1, 23, 30)) == local(NEW_YORK, 2026, 6, 2, 6, 30)
    assert quiet_until(c, local(NEW_YORK, 2026, 6, 1, 2)) == local(NEW_YORK, 2026, 6, 1, 6, 30)
    assert quiet_until(c, local(NEW_YORK, 2026, 6, 1, 12)) is None
    assert quiet_until(chat(quiet_hours=""), utc(2026, 6, 1, 3)) is None


def test_stored_garbage_falls_back_to_a_daily_digest() -> None:
    c = chat(
        timezone="Mars/Base",
        digest_time="25:99",
        digest_frequency="hourly",
        digest_days="",
        weekly_day=9,
        quiet_hours="soon",
    )
    assert next_digest_for(c, utc(2026, 6, 1, 8)) == utc(2026, 6, 2, 7, 30)


def test_the_nothing_new_note_is_never_sent_every_quarter_hour() -> None:
    assert wants_nothing_new_note(chat(nothing_new_note=True))
    assert not wants_nothing_new_note(chat(nothing_new_note=True, digest_frequency="instant"))
    assert not wants_nothing_new_note(chat())


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


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", "12345"),
        ("Mon – Fri", "12345"),
        ("monday to friday", "12345"),
        ("weekdays", "12345"),
        ("weekends", "67"),
        ("every day", "1234567"),
        ("mon wed fri", "135"),
        ("sat,sun", "67"),
        ("Tues and Thurs", "24"),
        ("fri-mon", "1567"),
    ],
)
def test_days_people_type(text: str, days: str) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "someday", "mon-funday", "1-5"])
def test_days_that_are_not_days(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_days(text)


def test_frequencies_weekdays_and_quiet_hours_people_type() -> None:
    assert parse_frequency("twice daily") == ("twice", None)
    assert parse_frequency("weekly sundays") == ("weekly", 7)
    assert parse_frequency("Instant") == ("instant", None)
    with pytest.raises(ScheduleError, match="How often"):
        parse_frequency("hourly")
    assert parse_weekday("Sun") == 7 and parse_weekday("wednesday") == 3
    assert parse_quiet_hours("22:00-07:00") == "22:00-07:00"
    assert parse_quiet_hours("23 to 6:30") == "23:00-06:30"
    assert parse_quiet_hours("22.30 – 7") == "22:30-07:00"
    assert parse_quiet_hours("off") is None
    for bad in ("22:00", "22-22", "late-early", "25-07"):
        with pytest.raises(ScheduleError):
            parse_quiet_hours(bad)
