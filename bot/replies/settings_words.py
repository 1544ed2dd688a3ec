"""A chat's settings in words: the descriptions the menu shows, the one-line answers to typed
/settings commands, and the time-zone prompts."""

from __future__ import annotations

from datetime import datetime

from bot.briefings.render import Message, clean_text, esc
from bot.digests.schedule import ALL_DAYS, DAY_NAMES, digest_held_by_quiet
from bot.replies.common import local_time
from storage import Chat


def settings_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


ZONE_PROMPT = "Which city or time zone are you in?"


FREQUENCY_NAMES = {
    "daily": "Daily",
    "twice": "Twice daily",
    "weekly": "Weekly",
    "instant": "Instant",
}
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe_schedule(chat: Chat) -> str:
    """'daily at 07:30, weekdays' — plain text."""
    at = chat.digest_time
    if chat.digest_frequency == "twice":
        return f"twice daily at {at} and {plus_12h(at)}, {describe_days(chat.digest_days)}"
    if chat.digest_frequency == "weekly":
        return f"weekly on {DAY_NAMES[weekday_index(chat)]}s at {at}"
    if chat.digest_frequency == "instant":
        return f"instant (every 15 minutes when there's news), {describe_days(chat.digest_days)}"
    return f"daily at {at}, {describe_days(chat.digest_days)}"


def describe_days(days: str) -> str:
    """'1234567' -> 'every day', '12345' -> 'weekdays', '135' -> 'Mon, Wed, Fri'."""
    chosen = "".join(sorted(set(days or ALL_DAYS) & set(ALL_DAYS))) or ALL_DAYS
    named = {ALL_DAYS: "every day", "12345": "weekdays", "67": "weekends"}
    return named.get(chosen) or ", ".join(SHORT_DAYS[int(d) - 1] for d in chosen)


def describe_quiet(quiet_hours: str | None) -> str:
    return quiet_hours.replace("-", "–") if quiet_hours else "off"


def zone_prompt(asked: tuple[int, str] | None = None) -> Message:
    """`asked`: in a group, the (user id, first name) of the one person whose answer counts."""
    text = (
        f"{ZONE_PROMPT} Reply with its name — for example <i>Karachi</i>, <i>New York</i> or "
        "<i>Europe/Berlin</i>."
    )
    if asked is not None:
        user_id, name = asked
        who = esc(clean_text(name, 40)) or "you"
        text += f' (<a href="tg://user?id={user_id}">{who}</a>, your next message here.)'
    return Message(text)


def location_prompt() -> Message:
    return Message(
        "Tap <b>📍 Send my location</b> below and I'll set your time zone from it. "
        "I only look up the zone, offline, and don't keep the location."
    )


def zone_set(chat: Chat, how: str, now: datetime | None = None) -> Message:
    """After a zone was set from a typed city or a shared location (a new message)."""
    local = f" — it's {local_time(now, chat.timezone, '%H:%M')} there now" if now else ""
    return Message(
        f"🌍 Time zone set{' ' + esc(how) if how else ''}: <b>{esc(chat.timezone)}</b>{local}.\n"
        f"{next_line(chat)}\n/settings shows everything else."
    )


def setting_changed(
    chat: Chat,
    what: str,
    *,
    search: str | None = None,
    now: datetime | None = None,
    notice: str | None = None,
) -> Message:
    """The answer to a typed `/settings <what> <value>`: one ✅ line saying what the setting is
    now (not the whole menu), the next digest when that moved, and where the rest is."""
    schedule = (
        f"Digest: <b>{esc(describe_schedule(chat))}</b>"
        if chat.digest_enabled
        else f"Digest: <b>off</b> (when on: {esc(describe_schedule(chat))})"
    )
    if what == "zone":
        local = f" — it's {local_time(now, chat.timezone, '%H:%M')} there now" if now else ""
        line = f"Time zone: <b>{esc(chat.timezone)}</b>{local}"
    elif what == "quiet":
        line = f"Quiet hours: <b>{describe_quiet(chat.quiet_hours)}</b>"
    elif what == "note":
        line = f"“Nothing new” note: <b>{'on' if chat.nothing_new_note else 'off'}</b>"
    elif what == "search":
        line = f"News search: <b>{esc(search or 'default')}</b>"
    else:
        line = schedule
    lines = [f"✅ {line}"]
    if notice:
        lines.append(f"ℹ️ {esc(notice)}")
    if chat.digest_enabled and what != "search":
        lines.append(next_line(chat))
        if digest_held_by_quiet(chat):
            lines.append(
                f"⚠️ {esc(chat.digest_time)} is inside your quiet hours, so the digest comes "
                "when they end."
            )
    lines.append("/settings shows everything else.")
    text = "\n".join(lines)
    if chat.kind == "channel":
        name = esc(clean_text(chat.title, 60) or "the channel")
        text = f"📢 Settings of the channel <b>{name}</b> (/manage me: your own)\n{text}"
    return Message(text)


def quiet_added_note(*, typed: bool = False) -> str:
    change = "/settings quiet off undoes it" if typed else "change them below"
    return f"Instant news waits for morning: I set quiet hours 22:00–07:00 ({change})."


def days_label(chat: Chat) -> str:
    if chat.digest_frequency == "weekly":
        return SHORT_DAYS[weekday_index(chat)]
    return describe_days(chat.digest_days)


def weekday_index(chat: Chat) -> int:
    return (chat.weekly_day - 1) if 1 <= (chat.weekly_day or 0) <= 7 else 0


def plus_12h(hhmm: str) -> str:
    try:
        hours, minutes = (int(part) for part in hhmm.split(":"))
    except ValueError:
        return "?"
    return f"{(hours + 12) % 24:02d}:{minutes:02d}"


def next_line(chat: Chat) -> str:
    if not chat.digest_enabled or chat.next_digest_at is None:
        return "Next digest: <b>none</b> (the digest is off)"
    return (
        f"Next digest: <b>{local_time(chat.next_digest_at, chat.timezone, '%a %d %b, %H:%M')}</b>"
    )
