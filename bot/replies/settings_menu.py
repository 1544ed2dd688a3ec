"""The /settings menu: one message whose buttons (declared in bot.buttons.catalog as SETTINGS_*)
switch between views and change values in place."""

from __future__ import annotations

from datetime import datetime

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.digests.schedule import ALL_DAYS, DAY_NAMES, digest_held_by_quiet
from bot.replies.common import local_time
from bot.replies.settings_words import (
    FREQUENCY_NAMES,
    SHORT_DAYS,
    days_label,
    describe_days,
    describe_quiet,
    describe_schedule,
    next_line,
    plus_12h,
    weekday_index,
)
from storage import Chat

# The menu's screens: the button grammar (bot.buttons.catalog) names them, so a forged or
# retired view never parses.
SETTINGS_VIEWS = b.SETTINGS_VIEWS
TIME_CHOICES = ("06:00", "07:00", "07:30", "08:00", "12:00", "18:00", "20:00", "22:00")
TIME_STEPS = ((-60, "−1 h"), (-15, "−15 min"), (15, "+15 min"), (60, "+1 h"))
ZONE_CHOICES: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"),
    ("Berlin", "Europe/Berlin"),
    ("Istanbul", "Europe/Istanbul"),
    ("Dubai", "Asia/Dubai"),
    ("Karachi", "Asia/Karachi"),
    ("Delhi", "Asia/Kolkata"),
    ("New York", "America/New_York"),
    ("Los Angeles", "America/Los_Angeles"),
    ("Tokyo", "Asia/Tokyo"),
    ("UTC", "UTC"),
)
QUIET_CHOICES = ("", "22:00-07:00", "23:00-07:00", "21:00-06:00", "00:00-08:00", "22:00-08:00")
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ur", "اردو"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("default", "Default"),
)


def _back(chat: Chat) -> list[Button]:
    return [Button("« Back", callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="main"))]


_COMMAND_HELP = (
    "<code>/settings time 07:30</code> · <code>tz Karachi</code> · <code>days mon-fri</code> · "
    "<code>every twice</code> (daily, twice, weekly sun, instant) · "
    "<code>quiet 22:00-07:00</code> · <code>note on</code> · <code>lang de</code> · "
    "<code>region PK</code> · <code>off</code> / <code>on</code>"
)


def settings_menu(
    chat: Chat,
    view: str = "main",
    *,
    search: str | None = None,
    now: datetime | None = None,
    private: bool = True,
    notice: str | None = None,
) -> Message:
    """One screen of the /settings menu; every button edits this same message.

    ``notice`` (plain text) goes above the screen: something the change did by itself.
    """
    screen = _settings_screen(chat, view, search, now, private)
    if chat.kind == "channel":
        name = esc(clean_text(chat.title, 60) or "the channel")
        banner = f"📢 Settings of the channel <b>{name}</b> (/manage me: your own)"
        screen = Message(f"{banner}\n\n{screen.html}", screen.buttons)
    if notice:
        return Message(f"ℹ️ {esc(notice)}\n\n{screen.html}", screen.buttons)
    return screen


def _settings_screen(
    chat: Chat, view: str, search: str | None, now: datetime | None, private: bool
) -> Message:
    if view == "time":
        return _time_view(chat)
    if view == "zone":
        return _zone_view(chat, now, private)
    if view == "days":
        return _days_view(chat)
    if view == "freq":
        return _frequency_view(chat)
    if view == "quiet":
        return _quiet_view(chat)
    if view == "lang":
        return _language_view(chat, search)
    return _main_view(chat, search, now)


def _main_view(chat: Chat, search: str | None, now: datetime | None) -> Message:
    state = (
        f"<b>{esc(describe_schedule(chat))}</b>"
        if chat.digest_enabled
        else f"<b>off</b> (when on: {esc(describe_schedule(chat))})"
    )
    local = f" — it's {local_time(now, chat.timezone, '%H:%M')} there now" if now else ""
    lines = [
        "<b>⚙️ Your settings</b>",
        f"Digest: {state}",
        f"Time zone: <b>{esc(chat.timezone)}</b>{local}",
        f"Quiet hours: <b>{describe_quiet(chat.quiet_hours)}</b>",
        f"“Nothing new” note: <b>{'on' if chat.nothing_new_note else 'off'}</b>",
    ]
    if search:
        lines.append(f"News search: <b>{esc(search)}</b>")
    if chat.digest_enabled:
        lines.append(next_line(chat))
        if digest_held_by_quiet(chat):
            lines.append(
                f"⚠️ {esc(chat.digest_time)} is inside your quiet hours, so the digest comes "
                "when they end."
            )
    lines.append(f"\nTap a button, or type: {_COMMAND_HELP}")
    short_zone = chat.timezone.rsplit("/", 1)[-1].replace("_", " ")
    buttons = [
        [
            Button(
                f"🕖 Time · {chat.digest_time}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="time"),
            ),
            Button(
                f"🌍 Zone · {clean_text(short_zone, 20)}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="zone"),
            ),
        ],
        [
            Button(
                f"📅 Days · {days_label(chat)}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="days"),
            ),
            Button(
                f"🔁 {FREQUENCY_NAMES.get(chat.digest_frequency, 'Daily')}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="freq"),
            ),
        ],
        [
            Button(
                f"🌙 Quiet · {describe_quiet(chat.quiet_hours)}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="quiet"),
            ),
            Button(
                f"🔎 Language · {chat.language or 'default'}",
                callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="lang"),
            ),
        ],
        [
            Button(
                f"📭 “Nothing new” note · {'on' if chat.nothing_new_note else 'off'}",
                callback_data=b.SETTINGS_NOTE.data(chat=chat.id),
            )
        ],
        [
            Button(
                "⏸ Turn digest off" if chat.digest_enabled else "▶️ Turn digest on",
                callback_data=b.DIGEST_ON_OFF.data(
                    chat=chat.id, state="off" if chat.digest_enabled else "on"
                ),
            )
        ],
    ]
    return Message("\n".join(lines), buttons)


def _time_view(chat: Chat) -> Message:
    text = (
        f"<b>🕖 Digest time</b>: <b>{esc(chat.digest_time)}</b> ({esc(chat.timezone)})\n"
        "Step it with the buttons, pick one, or type <code>/settings time 07:45</code>."
    )
    if chat.digest_frequency == "twice":
        text += f"\nThe second digest comes 12 hours later, at {plus_12h(chat.digest_time)}."
    steps = [
        Button(label, callback_data=b.SETTINGS_TIME_STEP.data(chat=chat.id, minutes=minutes))
        for minutes, label in TIME_STEPS
    ]
    picks = [
        Button(
            ("✅ " if at == chat.digest_time else "") + at,
            callback_data=b.SETTINGS_TIME.data(chat=chat.id, time=at.replace(":", "")),
        )
        for at in TIME_CHOICES
    ]
    return Message(text, [steps, picks[:4], picks[4:], _back(chat)])


def _zone_view(chat: Chat, now: datetime | None, private: bool) -> Message:
    local = f" — it's {local_time(now, chat.timezone, '%H:%M')} there now" if now else ""
    how = (
        "Pick one, tap <b>Type a city</b>, or share your location."
        if private
        else "Pick one, tap <b>Type a city</b>, or type <code>/settings tz</code> and a city, "
        "for example <code>/settings tz Karachi</code>."
    )
    text = f"<b>🌍 Time zone</b>: <b>{esc(chat.timezone)}</b>{local}\n{how}"
    picks = [
        Button(
            ("✅ " if zone == chat.timezone else "") + label,
            callback_data=b.SETTINGS_ZONE.data(chat=chat.id, zone=zone),
        )
        for label, zone in ZONE_CHOICES
    ]
    rows = [picks[i : i + 3] for i in range(0, len(picks), 3)]
    # Telegram asks for a location only in private chats; a city can be typed anywhere.
    typed = Button("✍️ Type a city", callback_data=b.SETTINGS_TYPE_CITY.data(chat=chat.id))
    located = Button(
        "📍 Share location", callback_data=b.SETTINGS_SHARE_LOCATION.data(chat=chat.id)
    )
    rows.append([typed, located] if private else [typed])
    return Message(text, [*rows, _back(chat)])


def _days_view(chat: Chat) -> Message:
    if chat.digest_frequency == "weekly":
        day = weekday_index(chat)
        picks = [
            Button(
                ("🔘 " if i == day else "") + name,
                callback_data=b.SETTINGS_WEEKLY_DAY.data(chat=chat.id, day=i + 1),
            )
            for i, name in enumerate(SHORT_DAYS)
        ]
        text = (
            f"<b>📅 Weekly digest day</b>: <b>{DAY_NAMES[day]}</b>\n"
            "Pick the day, or type <code>/settings days sunday</code>."
        )
        return Message(text, [picks[:4], picks[4:], _back(chat)])
    chosen = set(chat.digest_days or ALL_DAYS)
    toggles = [
        Button(
            ("✅ " if str(i + 1) in chosen else "▫️ ") + name,
            callback_data=b.SETTINGS_DAY.data(chat=chat.id, day=i + 1),
        )
        for i, name in enumerate(SHORT_DAYS)
    ]
    text = (
        f"<b>📅 Digest days</b>: <b>{describe_days(chat.digest_days)}</b>\n"
        "Tap a day to add or drop it, or type <code>/settings days mon-fri</code>."
    )
    shortcuts = [
        Button("Every day", callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="all")),
        Button("Weekdays", callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="wk")),
        Button("Weekends", callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="we")),
    ]
    return Message(text, [toggles[:4], toggles[4:], shortcuts, _back(chat)])


def _frequency_view(chat: Chat) -> Message:
    text = (
        f"<b>🔁 How often</b>: <b>{FREQUENCY_NAMES.get(chat.digest_frequency, 'Daily')}</b>\n"
        f"Daily: at {esc(chat.digest_time)}. Twice daily: at {esc(chat.digest_time)} and "
        f"{plus_12h(chat.digest_time)}. Weekly: on one day (pick it under Days). Instant: "
        "every 15 minutes when there is news, outside quiet hours."
    )
    picks = [
        Button(
            ("🔘 " if key == chat.digest_frequency else "") + name,
            callback_data=b.SETTINGS_FREQUENCY.data(chat=chat.id, frequency=key),
        )
        for key, name in FREQUENCY_NAMES.items()
    ]
    return Message(text, [picks[:2], picks[2:], _back(chat)])


def _quiet_view(chat: Chat) -> Message:
    text = (
        f"<b>🌙 Quiet hours</b>: <b>{describe_quiet(chat.quiet_hours)}</b>\n"
        "Nothing is sent during quiet hours: digests and instant news wait until they end. "
        "Other times: <code>/settings quiet 22:30-06:30</code>."
    )
    picks = [
        Button(
            ("✅ " if (chat.quiet_hours or "") == quiet else "") + describe_quiet(quiet),
            callback_data=b.SETTINGS_QUIET.data(
                chat=chat.id, quiet=quiet.replace(":", "") or "off"
            ),
        )
        for quiet in QUIET_CHOICES
    ]
    return Message(text, [picks[:3], picks[3:], _back(chat)])


def _language_view(chat: Chat, search: str | None) -> Message:
    now = f": <b>{esc(search)}</b>" if search else ""
    text = (
        f"<b>🔎 Language of news searches</b>{now}\n"
        "The language (and region) I ask news search engines for. Other languages: "
        "<code>/settings lang pt-BR</code>; the country: <code>/settings region PK</code>."
    )
    current = chat.language or "default"
    picks = [
        Button(
            ("✅ " if code == current else "") + name,
            callback_data=b.SETTINGS_LANGUAGE.data(chat=chat.id, language=code),
        )
        for code, name in LANGUAGE_CHOICES
    ]
    return Message(text, [picks[:3], picks[3:6], picks[6:], _back(chat)])
