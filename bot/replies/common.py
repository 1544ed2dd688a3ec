"""Replies any command may give: refusals, apologies, the line above a reply while sources fail."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.briefings.render import Message
from bot.i18n import _, format_local


def admins_only() -> Message:
    return Message(_("In a group, only admins can change topics and settings."))


def slow_down() -> Message:
    return Message(_("That's a lot of commands at once — I'll catch up in a minute. Please wait."))


def sources_unreachable(
    failing: int, total: int, since: datetime | None, zone: str, now: datetime
) -> str:
    """One honest line, above a reply, while most news sources fail (times in the chat's zone)."""
    if since is None:
        text = _(
            "⚠️ I can't reach my news sources right now ({failing} of {total} failing) "
            "— your topics are saved."
        )
        return text.format(failing=failing, total=total)
    same_day = local_date(since, zone) == local_date(now, zone)
    text = _(
        "⚠️ I can't reach my news sources right now ({failing} of {total} failing since "
        "{when}) — your topics are saved."
    )
    when = clock_time(since, zone) if same_day else day_and_time(since, zone)
    return text.format(failing=failing, total=total, when=when)


def with_line(line: str | None, message: Message) -> Message:
    """`message` with `line` above it (unchanged without one)."""
    if not line:
        return message
    return Message(f"{line}\n\n{message.html}", message.buttons, message.article_ids)


def not_understood() -> Message:
    return Message(_("I didn't understand that. /help lists what I can do."))


def article_gone() -> Message:
    return Message(_("That article is no longer stored."))


def error_apology() -> Message:
    return Message(_("Sorry, something went wrong on my side. Please try again in a minute."))


def local_date(when: datetime, zone: str) -> date:
    try:
        return when.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return when.date()


def clock_time(when: datetime, zone: str) -> str:
    """ "07:30" in the chat's zone."""
    # TRANSLATORS: a CLDR time pattern (HH hours 00-23, mm minutes); change only the separator.
    return format_local(when, zone, _("HH:mm"))


def day_and_time(when: datetime, zone: str) -> str:
    """ "Sat 05 Dec, 07:30" in the chat's zone and language."""
    # TRANSLATORS: a CLDR date pattern (EEE weekday, dd day, MMM month, HH:mm time). Reorder
    # it and change the punctuation for your language; keep the letters.
    return format_local(when, zone, _("EEE dd MMM, HH:mm"))
