"""When a chat's digests go out: its local time, days, frequency and quiet hours, as UTC instants.

Pure functions of a schedule and a moment. Local wall-clock times are kept across DST changes:
a time that a spring-forward skips happens as many minutes later as the gap; a time an autumn
night repeats happens once, the first time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.i18n import _

_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]?([0-5]\d)\s*$")
_HOUR = re.compile(r"^\s*([01]?\d|2[0-3])\s*$")

FREQUENCIES = ("daily", "twice", "weekly", "instant")
INSTANT_EVERY = timedelta(minutes=15)
ALL_DAYS = "1234567"  # ISO weekdays, Monday = 1
WEEKDAYS = "12345"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = {
    **{name.lower(): n for n, name in enumerate(DAY_NAMES, start=1)},
    **{name[:3].lower(): n for n, name in enumerate(DAY_NAMES, start=1)},
    **{name[:2].lower(): n for n, name in enumerate(DAY_NAMES, start=1)},
    "tues": 2,
    "wednes": 3,
    "thur": 4,
    "thurs": 4,
}
_DAY_SETS = {
    "daily": ALL_DAYS,
    "all": ALL_DAYS,
    "every": ALL_DAYS,
    "everyday": ALL_DAYS,
    "weekdays": WEEKDAYS,
    "workdays": WEEKDAYS,
    "weekends": "67",
    "weekend": "67",
}
_FREQUENCY_WORDS = {
    "daily": "daily",
    "day": "daily",
    "once": "daily",
    "twice": "twice",
    "2x": "twice",
    "twicedaily": "twice",
    "weekly": "weekly",
    "week": "weekly",
    "instant": "instant",
    "instantly": "instant",
    "now": "instant",
    "live": "instant",
    "asap": "instant",
}
_OFF = frozenset({"off", "none", "no", "never", "0"})


class ScheduleError(ValueError):
    """Bad time, zone, days, frequency or quiet hours; the message says what a good one is."""


class ChatSchedule(Protocol):
    """What a chat row carries about its schedule (storage.Chat has these)."""

    digest_time: str
    timezone: str
    digest_frequency: str
    digest_days: str
    weekly_day: int
    quiet_hours: str | None
    nothing_new_note: bool


@dataclass(frozen=True)
class QuietHours:
    """A nightly window with nothing sent; may span midnight (22:00-07:00)."""

    start: time
    end: time

    def covers(self, t: time) -> bool:
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def end_of(self, local: datetime) -> datetime:
        """The naive local end of the window that contains `local` (naive)."""
        day = local.date()
        if self.start > self.end and local.time() >= self.start:
            day += timedelta(days=1)
        return datetime.combine(day, self.end)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Schedule:
    """A chat's digest schedule, validated."""

    digest_time: time
    zone: str
    frequency: str = "daily"
    days: frozenset[int] = frozenset(range(1, 8))
    weekly_day: int = 1
    quiet: QuietHours | None = None

    @classmethod
    def of(cls, chat: ChatSchedule) -> Schedule:
        """The chat's schedule; a stored value that no longer parses falls back to the default."""
        try:
            zone = parse_zone(chat.timezone)
        except ScheduleError:
            zone = "UTC"
        try:
            at = parse_time(chat.digest_time)
        except ScheduleError:
            at = time(7, 30)
        frequency = chat.digest_frequency if chat.digest_frequency in FREQUENCIES else "daily"
        days = frozenset(int(c) for c in (chat.digest_days or "") if c in ALL_DAYS)
        try:
            quiet = _quiet_of(chat.quiet_hours)
        except ScheduleError:
            quiet = None
        weekly_day = chat.weekly_day if 1 <= (chat.weekly_day or 0) <= 7 else 1
        return cls(at, zone, frequency, days or frozenset(range(1, 8)), weekly_day, quiet)

    def runs_on(self, day: date) -> bool:
        if self.frequency == "weekly":
            return day.isoweekday() == self.weekly_day
        return day.isoweekday() in self.days

    def slots(self, day: date) -> list[datetime]:
        """Naive local times of the digests that belong to this day."""
        first = datetime.combine(day, self.digest_time)
        return [first, first + timedelta(hours=12)] if self.frequency == "twice" else [first]


def parse_time(text: str) -> time:
    """'07:30', '7:30', '0730', '19.05' -> time; anything else raises ScheduleError."""
    m = _TIME.match(text or "")
    if not m:
        raise ScheduleError(
            _("Give the time as HH:MM in 24-hour form, for example 07:30 or 18:05.")
        )
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
    return _(
        "I don't know the time zone “{text}”. Use an IANA name, Area/City, "
        "for example Asia/Karachi, Europe/Berlin, America/New_York or UTC."
    ).format(text=(text or "").strip()[:40])


def parse_days(text: str) -> str:
    """'mon-fri', 'weekdays', 'mon wed fri', 'sat,sun', 'every day' -> ISO digits ("12345")."""
    words = re.sub(r"\s*(?:-|–|—|\bto\b|\.\.)\s*", "-", (text or "").lower())
    words = re.sub(r"\bevery\s*day\b", "everyday", words)
    found: set[int] = set()
    for word in re.split(r"[\s,;/&+]+|\band\b", words):
        if not word:
            continue
        if word in _DAY_SETS:
            found.update(int(c) for c in _DAY_SETS[word])
            continue
        first, _dash, last = word.partition("-")
        if first in _DAY_WORDS and (not last or last in _DAY_WORDS):
            a, b = _DAY_WORDS[first], _DAY_WORDS[last or first]
            span = range(a, b + 1) if a <= b else [*range(a, 8), *range(1, b + 1)]
            found.update(span)
            continue
        raise ScheduleError(
            _(
                "I don't know the day “{word}”. Name days like mon-fri, "
                "mon wed fri, weekends or every day."
            ).format(word=word[:20])
        )
    if not found:
        raise ScheduleError(_("Which days? For example /settings days mon-fri."))
    return "".join(str(d) for d in sorted(found))


def parse_weekday(text: str) -> int:
    """'sunday', 'Sun', 'su' -> ISO weekday (7); raises ScheduleError."""
    day = _DAY_WORDS.get((text or "").strip().lower().rstrip("s"))
    if day is None:
        day = _DAY_WORDS.get((text or "").strip().lower())
    if day is None:
        raise ScheduleError(_("Which day of the week? For example /settings weekly sunday."))
    return day


def parse_frequency(text: str) -> tuple[str, int | None]:
    """'twice' -> ("twice", None); 'weekly sun' -> ("weekly", 7). Raises ScheduleError."""
    words = (text or "").lower().replace("twice daily", "twice").replace("twice a day", "twice")
    first, _space, rest = words.strip().partition(" ")
    frequency = _FREQUENCY_WORDS.get(first.strip())
    if frequency is None:
        raise ScheduleError(
            _(
                "How often? daily, twice (daily), weekly (with a day, e.g. weekly sunday) "
                "or instant (every 15 minutes when there is news)."
            )
        )
    day = parse_weekday(rest) if frequency == "weekly" and rest.strip() else None
    return frequency, day


def parse_quiet_hours(text: str) -> str | None:
    """'22:00-07:00', '22-7', '23:30 to 6:30' -> "22:00-07:00"; 'off' -> None."""
    value = (text or "").strip().lower()
    if value in _OFF:
        return None
    parts = re.split(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*", value)
    if len(parts) != 2:
        raise ScheduleError(
            _(
                "Give quiet hours as a start and an end, for example /settings quiet 22:00-07:00 "
                "(or /settings quiet off)."
            )
        )
    start, end = (_clock_time(p) for p in parts)
    if start == end:
        raise ScheduleError(_("Quiet hours need to start and end at different times."))
    return f"{start:%H:%M}-{end:%H:%M}"


def _clock_time(text: str) -> time:
    m = _HOUR.match(text)
    return time(int(m.group(1))) if m else parse_time(text)


def _quiet_of(stored: str | None) -> QuietHours | None:
    if not stored:
        return None
    start, _dash, end = stored.partition("-")
    return QuietHours(parse_time(start), parse_time(end))


def quiet_hours_of(chat: ChatSchedule) -> QuietHours | None:
    """The chat's quiet hours, or None when it has none."""
    return Schedule.of(chat).quiet


def next_digest_at(digest_time: str, zone: str, after: datetime) -> datetime:
    """The first instant strictly after `after` when the local clock in `zone` shows digest_time.

    Local times that a DST change skips are moved forward by the gap; repeated ones happen once.
    """
    return next_run(Schedule(parse_time(digest_time), parse_zone(zone)), after)


def next_digest_for(chat: ChatSchedule, after: datetime) -> datetime:
    """When the chat's next digest is due, strictly after `after`: on its days, at its time
    (twice daily: and 12 hours later; weekly: on its day; instant: 15 minutes on), moved to the
    end of its quiet hours when it would fall inside them.
    """
    return next_run(Schedule.of(chat), after)


def next_run(schedule: Schedule, after: datetime) -> datetime:
    """The first digest instant of `schedule` strictly after `after` (aware), in UTC."""
    after = after.astimezone(UTC)
    tz = ZoneInfo(schedule.zone)
    if schedule.frequency == "instant":
        return _next_instant(schedule, tz, after + INSTANT_EVERY)
    today = after.astimezone(tz).date()
    best: datetime | None = None
    # From yesterday (its evening slot, or one held by quiet hours, may still be ahead) to a
    # week and a day on (a weekly slot that just passed).
    for offset in range(-1, 9):
        day = today + timedelta(days=offset)
        if not schedule.runs_on(day):
            continue
        for slot in schedule.slots(day):
            instant = _outside_quiet(schedule, tz, _instant(slot, tz))
            if instant > after and (best is None or instant < best):
                best = instant
    assert best is not None, "every schedule runs on at least one day a week"
    return best


def quiet_until(chat: ChatSchedule, now: datetime) -> datetime | None:
    """When the chat's quiet hours end if they are on at `now` (UTC), else None.

    For anything sent on the bot's own initiative (alerts, follow-ups): hold it until then.
    """
    schedule = Schedule.of(chat)
    tz = ZoneInfo(schedule.zone)
    held = _outside_quiet(schedule, tz, now.astimezone(UTC))
    return held if held != now.astimezone(UTC) else None


def digest_held_by_quiet(chat: ChatSchedule) -> bool:
    """The chat's digest time falls inside its quiet hours (so it comes when they end)."""
    schedule = Schedule.of(chat)
    if schedule.quiet is None or schedule.frequency == "instant":
        return False
    any_day = date(2026, 1, 5)  # only the wall-clock times of the slots matter here
    return any(schedule.quiet.covers(slot.time()) for slot in schedule.slots(any_day))


def _instant(local: datetime, tz: ZoneInfo) -> datetime:
    # fold=0 puts a time skipped by spring-forward after the gap, and a repeated one first.
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def _outside_quiet(schedule: Schedule, tz: ZoneInfo, instant: datetime) -> datetime:
    quiet = schedule.quiet
    if quiet is None:
        return instant
    local = instant.astimezone(tz).replace(tzinfo=None)
    if not quiet.covers(local.time()):
        return instant
    return max(_instant(quiet.end_of(local), tz), instant)


def _next_instant(schedule: Schedule, tz: ZoneInfo, candidate: datetime) -> datetime:
    # Each step moves forward: out of quiet hours, or to the next local midnight.
    for _step in range(32):
        moved = _outside_quiet(schedule, tz, candidate)
        local = moved.astimezone(tz)
        if local.isoweekday() not in schedule.days:
            midnight = datetime.combine(local.date() + timedelta(days=1), time())
            candidate = _instant(midnight, tz)
            continue
        return moved
    raise AssertionError("unreachable: a chat has at least one day a week")


def wants_nothing_new_note(chat: ChatSchedule) -> bool:
    """A due digest with nothing new sends a short note instead of silence (never for instant,
    which would say so every 15 minutes)."""
    return chat.nothing_new_note and chat.digest_frequency != "instant"
