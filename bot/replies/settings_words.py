"""A chat's settings in words: the descriptions the menu shows, the one-line answers to typed
/settings commands, and the time-zone prompts."""

from __future__ import annotations

from datetime import datetime

from bot.briefings.render import Message, clean_text, esc
from bot.digests.schedule import ALL_DAYS, digest_held_by_quiet
from bot.i18n import (
    DEFAULT_LOCALE,
    LOCALES,
    N_,
    _,
    current,
    isolate,
    language_name,
    pgettext,
    translator,
)
from bot.replies.common import clock_time, day_and_time
from storage import Chat


def settings_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


# The question a typed city answers (a reply to it is recognised in every language).
ZONE_PROMPT = N_("Which city or time zone are you in?")

FREQUENCY_NAMES = {
    "daily": N_("Daily"),
    "twice": N_("Twice daily"),
    "weekly": N_("Weekly"),
    "instant": N_("Instant"),
}
_WEEKLY_ON = (
    N_("weekly on Mondays at {time}"),
    N_("weekly on Tuesdays at {time}"),
    N_("weekly on Wednesdays at {time}"),
    N_("weekly on Thursdays at {time}"),
    N_("weekly on Fridays at {time}"),
    N_("weekly on Saturdays at {time}"),
    N_("weekly on Sundays at {time}"),
)


def zone_prompts() -> tuple[str, ...]:
    """The zone question in every language: a reply to any of them is an answer."""
    return tuple({translator(code).gettext(ZONE_PROMPT) for code in LOCALES})


def frequency_name(key: str) -> str:
    return _(FREQUENCY_NAMES.get(key, FREQUENCY_NAMES["daily"]))


def day_name(index: int) -> str:
    """Monday is 0, in the chat's language."""
    return current().locale.days["format"]["wide"][index]


def short_day(index: int) -> str:
    """ "Mon" (Monday is 0), in the chat's language."""
    return current().locale.days["format"]["abbreviated"][index]


def on_off(on: bool) -> str:
    # TRANSLATORS: the state of a setting ("“Nothing new” note: on").
    return pgettext("state", "on") if on else pgettext("state", "off")


def describe_schedule(chat: Chat) -> str:
    """'daily at 07:30, weekdays' — plain text."""
    at = chat.digest_time
    days = describe_days(chat.digest_days)
    if chat.digest_frequency == "twice":
        return _("twice daily at {time} and {later}, {days}").format(
            time=at, later=plus_12h(at), days=days
        )
    if chat.digest_frequency == "weekly":
        return _(_WEEKLY_ON[weekday_index(chat)]).format(time=at)
    if chat.digest_frequency == "instant":
        return _("instant (every 15 minutes when there's news), {days}").format(days=days)
    return _("daily at {time}, {days}").format(time=at, days=days)


def describe_days(days: str) -> str:
    """'1234567' -> 'every day', '12345' -> 'weekdays', '135' -> 'Mon, Wed, Fri'."""
    chosen = "".join(sorted(set(days or ALL_DAYS) & set(ALL_DAYS))) or ALL_DAYS
    if chosen == ALL_DAYS:
        return _("every day")
    if chosen == "12345":
        return _("weekdays")
    if chosen == "67":
        return _("weekends")
    # TRANSLATORS: what separates day names in a list ("Mon, Wed, Fri").
    return _(", ").join(short_day(int(d) - 1) for d in chosen)


def describe_quiet(quiet_hours: str | None) -> str:
    if quiet_hours:
        return quiet_hours.replace("-", "–")
    # TRANSLATORS: quiet hours that are off ("Quiet hours: off"); its own word, as languages
    # that agree it with "hours" need (Spanish "desactivadas").
    return pgettext("quiet hours", "off")


def describe_language(chat: Chat) -> str:
    return language_name(chat.interface_language or DEFAULT_LOCALE)


def local_now(chat: Chat, now: datetime | None) -> str:
    if now is None:
        return ""
    return " — " + _("it's {time} there now").format(time=clock_time(now, chat.timezone))


def zone_prompt(asked: tuple[int, str] | None = None) -> Message:
    """`asked`: in a group, the (user id, first name) of the one person whose answer counts."""
    text = (
        _(ZONE_PROMPT)
        + " "
        + _(
            "Reply with its name — for example <i>Karachi</i>, <i>New York</i> or "
            "<i>Europe/Berlin</i>."
        )
    )
    if asked is not None:
        user_id, name = asked
        who = isolate(esc(clean_text(name, 40))) or _("you")
        link = f'<a href="tg://user?id={user_id}">{who}</a>'
        text += " " + _("({person}, your next message here.)").format(person=link)
    return Message(text)


def location_prompt() -> Message:
    return Message(
        _(
            "Tap <b>📍 Send my location</b> below and I'll set your time zone from it. "
            "I only look up the zone, offline, and don't keep the location."
        )
    )


def zone_set(chat: Chat, how: str, now: datetime | None = None) -> Message:
    """After a zone was set from a typed city or a shared location (a new message). `how`:
    "from your location" or empty."""
    zone = f"<b>{isolate(esc(chat.timezone))}</b>{local_now(chat, now)}"
    if how:
        text = _("🌍 Time zone set from your location: {zone}.").format(zone=zone)
    else:
        text = _("🌍 Time zone set: {zone}.").format(zone=zone)
    return Message(f"{text}\n{next_line(chat)}\n" + _("/settings shows everything else."))


def digest_line(chat: Chat) -> str:
    schedule = esc(describe_schedule(chat))
    if chat.digest_enabled:
        return _("Digest: <b>{schedule}</b>").format(schedule=schedule)
    return _("Digest: <b>off</b> (when on: {schedule})").format(schedule=schedule)


def zone_line(chat: Chat, now: datetime | None) -> str:
    return _("Time zone: <b>{zone}</b>").format(zone=isolate(esc(chat.timezone))) + local_now(
        chat, now
    )


def quiet_line(chat: Chat) -> str:
    return _("Quiet hours: <b>{hours}</b>").format(hours=describe_quiet(chat.quiet_hours))


def note_line(chat: Chat) -> str:
    return _("“Nothing new” note: <b>{state}</b>").format(state=on_off(chat.nothing_new_note))


def language_line(chat: Chat) -> str:
    return _("Language: <b>{language}</b>").format(language=isolate(describe_language(chat)))


def search_line(search: str | None) -> str:
    shown = isolate(esc(search)) if search else _("default")
    return _("News search: <b>{search}</b>").format(search=shown)


def held_by_quiet_line(chat: Chat) -> str:
    return _("⚠️ {time} is inside your quiet hours, so the digest comes when they end.").format(
        time=esc(chat.digest_time)
    )


def channel_banner(chat: Chat) -> str:
    name = isolate(esc(clean_text(chat.title, 60))) if chat.title else _("the channel")
    return _("📢 Settings of the channel <b>{channel}</b> (/manage me: your own)").format(
        channel=name
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
    if what == "zone":
        line = zone_line(chat, now)
    elif what == "quiet":
        line = quiet_line(chat)
    elif what == "note":
        line = note_line(chat)
    elif what == "search":
        line = search_line(search)
    elif what == "language":
        line = language_line(chat)
    else:
        line = digest_line(chat)
    lines = [f"✅ {line}"]
    if notice:
        lines.append(f"ℹ️ {esc(notice)}")
    if chat.digest_enabled and what not in ("search", "language"):
        lines.append(next_line(chat))
        if digest_held_by_quiet(chat):
            lines.append(held_by_quiet_line(chat))
    lines.append(_("/settings shows everything else."))
    text = "\n".join(lines)
    if chat.kind == "channel":
        text = f"{channel_banner(chat)}\n{text}"
    return Message(text)


def quiet_added_note(*, typed: bool = False) -> str:
    if typed:
        return _(
            "Instant news waits for morning: I set quiet hours 22:00–07:00 "
            "(/settings quiet off undoes it)."
        )
    return _("Instant news waits for morning: I set quiet hours 22:00–07:00 (change them below).")


def days_label(chat: Chat) -> str:
    if chat.digest_frequency == "weekly":
        return short_day(weekday_index(chat))
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
        return _("Next digest: <b>none</b> (the digest is off)")
    when = day_and_time(chat.next_digest_at, chat.timezone)
    return _("Next digest: <b>{when}</b>").format(when=when)
