"""The /settings menu: one message whose buttons (declared in bot.buttons.catalog as SETTINGS_*)
switch between views and change values in place."""

from __future__ import annotations

from datetime import datetime

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.digests.schedule import ALL_DAYS, digest_held_by_quiet
from bot.i18n import LOCALES, N_, _, isolate, language_name, pgettext
from bot.replies.settings_words import (
    FREQUENCY_NAMES,
    channel_banner,
    day_name,
    days_label,
    describe_days,
    describe_language,
    describe_quiet,
    digest_line,
    frequency_name,
    held_by_quiet_line,
    local_now,
    next_line,
    note_line,
    on_off,
    plus_12h,
    quiet_line,
    search_line,
    short_day,
    weekday_index,
    zone_line,
)
from storage import Chat

# The menu's screens: the button grammar (bot.buttons.catalog) names them, so a forged or
# retired view never parses.
SETTINGS_VIEWS = b.SETTINGS_VIEWS
TIME_CHOICES = ("06:00", "07:00", "07:30", "08:00", "12:00", "18:00", "20:00", "22:00")
TIME_STEPS = ((-60, N_("−1 h")), (-15, N_("−15 min")), (15, N_("+15 min")), (60, N_("+1 h")))
ZONE_CHOICES: tuple[tuple[str, str], ...] = (
    (N_("London"), "Europe/London"),
    (N_("Berlin"), "Europe/Berlin"),
    (N_("Istanbul"), "Europe/Istanbul"),
    (N_("Dubai"), "Asia/Dubai"),
    (N_("Karachi"), "Asia/Karachi"),
    (N_("Delhi"), "Asia/Kolkata"),
    (N_("New York"), "America/New_York"),
    (N_("Los Angeles"), "America/Los_Angeles"),
    (N_("Tokyo"), "Asia/Tokyo"),
    ("UTC", "UTC"),
)
QUIET_CHOICES = ("", "22:00-07:00", "23:00-07:00", "21:00-06:00", "00:00-08:00", "22:00-08:00")
# The news-search languages offered, each in its own name.
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ur", "اردو"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("default", N_("Default")),
)


def _back(chat: Chat) -> list[Button]:
    return [
        Button(
            pgettext("button", "« Back"),
            callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view="main"),
        )
    ]


def _command_help() -> str:
    # TRANSLATORS: keep the commands as they are (they are typed in English); translate only
    # the words between them.
    return _(
        "<code>/settings time 07:30</code> · <code>tz Karachi</code> · <code>days mon-fri</code> · "
        "<code>every twice</code> (daily, twice, weekly sun, instant) · "
        "<code>quiet 22:00-07:00</code> · <code>note on</code> · <code>language ur</code> · "
        "<code>lang de</code> · <code>region PK</code> · <code>off</code> / <code>on</code>"
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
        screen = Message(f"{channel_banner(chat)}\n\n{screen.html}", screen.buttons)
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
    if view == "ui":
        return _interface_view(chat)
    return _main_view(chat, search, now)


def _view(chat: Chat, view: str, label: str) -> Button:
    return Button(label, callback_data=b.SETTINGS_VIEW.data(chat=chat.id, view=view))


def _main_view(chat: Chat, search: str | None, now: datetime | None) -> Message:
    lines = [
        _("<b>⚙️ Your settings</b>"),
        digest_line(chat),
        zone_line(chat, now),
        quiet_line(chat),
        note_line(chat),
    ]
    if search:
        lines.append(search_line(search))
    if chat.digest_enabled:
        lines.append(next_line(chat))
        if digest_held_by_quiet(chat):
            lines.append(held_by_quiet_line(chat))
    lines.append("\n" + _("Tap a button, or type: {commands}").format(commands=_command_help()))
    short_zone = chat.timezone.rsplit("/", 1)[-1].replace("_", " ")
    search_code = chat.language or _("default")
    buttons = [
        [
            _view(
                chat, "time", pgettext("button", "🕖 Time · {time}").format(time=chat.digest_time)
            ),
            _view(
                chat,
                "zone",
                pgettext("button", "🌍 Zone · {zone}").format(zone=clean_text(short_zone, 20)),
            ),
        ],
        [
            _view(
                chat, "days", pgettext("button", "📅 Days · {days}").format(days=days_label(chat))
            ),
            _view(chat, "freq", f"🔁 {frequency_name(chat.digest_frequency)}"),
        ],
        [
            _view(
                chat,
                "quiet",
                pgettext("button", "🌙 Quiet · {hours}").format(
                    hours=describe_quiet(chat.quiet_hours)
                ),
            ),
            _view(
                chat,
                "lang",
                pgettext("button", "🔎 Search · {language}").format(language=search_code),
            ),
        ],
        [
            _view(
                chat,
                "ui",
                pgettext("button", "🗣 Language · {language}").format(
                    language=describe_language(chat)
                ),
            )
        ],
        [
            Button(
                pgettext("button", "📭 “Nothing new” note · {state}").format(
                    state=on_off(chat.nothing_new_note)
                ),
                callback_data=b.SETTINGS_NOTE.data(chat=chat.id),
            )
        ],
        [
            Button(
                pgettext("button", "⏸ Turn digest off")
                if chat.digest_enabled
                else pgettext("button", "▶️ Turn digest on"),
                callback_data=b.DIGEST_ON_OFF.data(
                    chat=chat.id, state="off" if chat.digest_enabled else "on"
                ),
            )
        ],
    ]
    return Message("\n".join(lines), buttons)


def _time_view(chat: Chat) -> Message:
    text = _(
        "<b>🕖 Digest time</b>: <b>{time}</b> ({zone})\n"
        "Step it with the buttons, pick one, or type <code>/settings time 07:45</code>."
    ).format(time=esc(chat.digest_time), zone=isolate(esc(chat.timezone)))
    if chat.digest_frequency == "twice":
        text += "\n" + _("The second digest comes 12 hours later, at {time}.").format(
            time=plus_12h(chat.digest_time)
        )
    steps = [
        Button(_(label), callback_data=b.SETTINGS_TIME_STEP.data(chat=chat.id, minutes=minutes))
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
    how = (
        _("Pick one, tap <b>Type a city</b>, or share your location.")
        if private
        else _(
            "Pick one, tap <b>Type a city</b>, or type <code>/settings tz</code> and a city, "
            "for example <code>/settings tz Karachi</code>."
        )
    )
    head = _("<b>🌍 Time zone</b>: <b>{zone}</b>").format(zone=isolate(esc(chat.timezone)))
    text = f"{head}{local_now(chat, now)}\n{how}"
    picks = [
        Button(
            ("✅ " if zone == chat.timezone else "") + _(label),
            callback_data=b.SETTINGS_ZONE.data(chat=chat.id, zone=zone),
        )
        for label, zone in ZONE_CHOICES
    ]
    rows = [picks[i : i + 3] for i in range(0, len(picks), 3)]
    # Telegram asks for a location only in private chats; a city can be typed anywhere.
    typed = Button(
        pgettext("button", "✍️ Type a city"),
        callback_data=b.SETTINGS_TYPE_CITY.data(chat=chat.id),
    )
    located = Button(
        pgettext("button", "📍 Share location"),
        callback_data=b.SETTINGS_SHARE_LOCATION.data(chat=chat.id),
    )
    rows.append([typed, located] if private else [typed])
    return Message(text, [*rows, _back(chat)])


def _days_view(chat: Chat) -> Message:
    if chat.digest_frequency == "weekly":
        day = weekday_index(chat)
        picks = [
            Button(
                ("🔘 " if i == day else "") + short_day(i),
                callback_data=b.SETTINGS_WEEKLY_DAY.data(chat=chat.id, day=i + 1),
            )
            for i in range(7)
        ]
        text = _(
            "<b>📅 Weekly digest day</b>: <b>{day}</b>\n"
            "Pick the day, or type <code>/settings days sunday</code>."
        ).format(day=day_name(day))
        return Message(text, [picks[:4], picks[4:], _back(chat)])
    chosen = set(chat.digest_days or ALL_DAYS)
    toggles = [
        Button(
            ("✅ " if str(i + 1) in chosen else "▫️ ") + short_day(i),
            callback_data=b.SETTINGS_DAY.data(chat=chat.id, day=i + 1),
        )
        for i in range(7)
    ]
    text = _(
        "<b>📅 Digest days</b>: <b>{days}</b>\n"
        "Tap a day to add or drop it, or type <code>/settings days mon-fri</code>."
    ).format(days=describe_days(chat.digest_days))
    shortcuts = [
        Button(
            pgettext("button", "Every day"),
            callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="all"),
        ),
        Button(
            pgettext("button", "Weekdays"),
            callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="wk"),
        ),
        Button(
            pgettext("button", "Weekends"),
            callback_data=b.SETTINGS_DAYS.data(chat=chat.id, days="we"),
        ),
    ]
    return Message(text, [toggles[:4], toggles[4:], shortcuts, _back(chat)])


def _frequency_view(chat: Chat) -> Message:
    at = esc(chat.digest_time)
    text = _(
        "<b>🔁 How often</b>: <b>{frequency}</b>\n"
        "Daily: at {time}. Twice daily: at {time} and {later}. Weekly: on one day (pick it "
        "under Days). Instant: every 15 minutes when there is news, outside quiet hours."
    ).format(frequency=frequency_name(chat.digest_frequency), time=at, later=plus_12h(at))
    picks = [
        Button(
            ("🔘 " if key == chat.digest_frequency else "") + _(name),
            callback_data=b.SETTINGS_FREQUENCY.data(chat=chat.id, frequency=key),
        )
        for key, name in FREQUENCY_NAMES.items()
    ]
    return Message(text, [picks[:2], picks[2:], _back(chat)])


def _quiet_view(chat: Chat) -> Message:
    text = _(
        "<b>🌙 Quiet hours</b>: <b>{hours}</b>\n"
        "Nothing is sent during quiet hours: digests and instant news wait until they end. "
        "Other times: <code>/settings quiet 22:30-06:30</code>."
    ).format(hours=describe_quiet(chat.quiet_hours))
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
    now = f": <b>{isolate(esc(search))}</b>" if search else ""
    text = _(
        "<b>🔎 Language of news searches</b>{now}\n"
        "The language (and region) I ask news search engines for. Other languages: "
        "<code>/settings lang pt-BR</code>; the country: <code>/settings region PK</code>."
    ).format(now=now)
    current = chat.language or "default"
    picks = [
        Button(
            ("✅ " if code == current else "") + _(name),
            callback_data=b.SETTINGS_LANGUAGE.data(chat=chat.id, language=code),
        )
        for code, name in LANGUAGE_CHOICES
    ]
    return Message(text, [picks[:3], picks[3:6], picks[6:], _back(chat)])


def _interface_view(chat: Chat) -> Message:
    """The language the bot speaks in this chat."""
    text = _(
        "<b>🗣 Language</b>: <b>{language}</b>\n"
        "The language I speak in this chat: replies, menus and digests. "
        "Or type <code>/settings language ur</code>."
    ).format(language=isolate(describe_language(chat)))
    picks = [
        Button(
            ("✅ " if code == (chat.interface_language or "en") else "") + language_name(code),
            callback_data=b.SETTINGS_INTERFACE.data(chat=chat.id, language=code),
        )
        for code in LOCALES
    ]
    return Message(text, [picks[:3], picks[3:], _back(chat)])
