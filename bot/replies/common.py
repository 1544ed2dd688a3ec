"""Replies any command may give: refusals, apologies, the line above a reply while sources fail."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.briefings.render import Message


def admins_only() -> Message:
    return Message("In a group, only admins can change topics and settings.")


def slow_down() -> Message:
    return Message("That's a lot of commands at once — I'll catch up in a minute. Please wait.")


def sources_unreachable(
    failing: int, total: int, since: datetime | None, zone: str, now: datetime
) -> str:
    """One honest line, above a reply, while most news sources fail (times in the chat's zone)."""
    when = ""
    if since is not None:
        same_day = local_time(since, zone, "%Y-%m-%d") == local_time(now, zone, "%Y-%m-%d")
        when = " since " + local_time(since, zone, "%H:%M" if same_day else "%a %d %b, %H:%M")
    return (
        f"⚠️ I can't reach my news sources right now ({failing} of {total} failing{when}) "
        "— your topics are saved."
    )


def with_line(line: str | None, message: Message) -> Message:
    """`message` with `line` above it (unchanged without one)."""
    if not line:
        return message
    return Message(f"{line}\n\n{message.html}", message.buttons, message.article_ids)


def not_understood() -> Message:
    return Message("I didn't understand that. /help lists what I can do.")


def article_gone() -> Message:
    return Message("That article is no longer stored.")


def error_apology() -> Message:
    return Message("Sorry, something went wrong on my side. Please try again in a minute.")


def local_time(when: datetime, zone: str, pattern: str) -> str:
    try:
        return when.astimezone(ZoneInfo(zone)).strftime(pattern)
    except (ZoneInfoNotFoundError, ValueError):
        return when.strftime(pattern) + " UTC"
