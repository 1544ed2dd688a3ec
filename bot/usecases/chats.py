"""A chat's settings: created on first contact; digest time, zone, days, frequency, quiet hours.

Every change reschedules the chat's next digest in the same transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.clock import Clock
from bot.digests.schedule import (
    ALL_DAYS,
    ScheduleError,
    next_digest_at,
    next_digest_for,
    parse_days,
    parse_frequency,
    parse_quiet_hours,
    parse_time,
    parse_weekday,
)
from bot.i18n import _
from bot.timezones import BadLocation, UnknownZone, find_zone, zone_at
from storage import Chat, Database
from storage.queries import chats as chats_q

# Quiet hours a chat gets when it turns on instant digests without having chosen any.
DEFAULT_QUIET_HOURS = "22:00-07:00"
QUIET_OFF = ""  # chosen "off" (None: never chosen)


@dataclass(frozen=True)
class ChatDefaults:
    """What a new chat starts with: the operator's digest time and zone."""

    digest_time: str  # "HH:MM"
    timezone: str


def parse_on_off(text: str) -> bool:
    """'on'/'yes' -> True, 'off'/'no' -> False; raises ScheduleError."""
    word = text.strip().lower()
    if word in ("on", "yes", "true", "1"):
        return True
    if word in ("off", "no", "false", "0"):
        return False
    raise ScheduleError(_("Say on or off, for example /settings note on."))


class Chats:
    """Creating chats and changing their digest settings (each change moves the next digest)."""

    def __init__(self, db: Database, clock: Clock, defaults: ChatDefaults) -> None:
        self.db = db
        self.clock = clock
        self._defaults = defaults

    async def ensure_chat(self, chat_id: int, kind: str, title: str | None) -> Chat:
        """The chat's row; a new chat gets the operator's default digest time and zone."""
        settings, now = self._defaults, self.clock.now()
        digest_time = settings.digest_time
        return await self.db.run(
            chats_q.ensure_chat,
            chat_id,
            kind=kind,
            title=title,
            digest_time=digest_time,
            timezone=settings.timezone,
            next_digest_at=next_digest_at(digest_time, settings.timezone, now),
            now=now,
        )

    async def set_digest_time(self, chat_id: int, text: str) -> Chat:
        """Raises ScheduleError with an explanation for a bad time."""
        hhmm = parse_time(text).strftime("%H:%M")
        return await self._reschedule(chat_id, digest_time=hhmm)

    async def shift_digest_time(self, chat_id: int, minutes: int) -> Chat:
        """The digest time moved by `minutes` (wrapping round midnight)."""

        def shifted(chat: Chat) -> dict[str, object]:
            at = datetime.combine(datetime(2000, 1, 1), parse_time(chat.digest_time))
            return {"digest_time": (at + timedelta(minutes=minutes)).strftime("%H:%M")}

        return await self._reschedule_with(chat_id, shifted)

    async def set_timezone(self, chat_id: int, text: str) -> Chat:
        """A zone name, city, country or UTC offset; raises ScheduleError with advice otherwise."""
        try:
            # The name table is built on first use (~0.1 s): not on the event loop.
            zone = await asyncio.to_thread(find_zone, text)
        except UnknownZone as exc:
            raise ScheduleError(str(exc)) from exc
        return await self._reschedule(chat_id, timezone=zone)

    async def set_timezone_at(self, chat_id: int, latitude: float, longitude: float) -> Chat:
        """The zone at a shared location; raises ScheduleError when there is none."""
        try:
            zone = await zone_at(latitude, longitude)
        except BadLocation as exc:
            raise ScheduleError(
                _("That location doesn't look right ({problem}).").format(problem=exc)
            ) from exc
        if zone is None:
            raise ScheduleError(
                _(
                    "I couldn't tell the time zone at that spot. Send your city instead, "
                    "for example /settings tz Karachi."
                )
            )
        return await self._reschedule(chat_id, timezone=zone)

    async def set_digest_enabled(self, chat_id: int, enabled: bool) -> Chat:
        return await self._reschedule(chat_id, digest_enabled=enabled)

    async def set_days(self, chat_id: int, text: str) -> Chat:
        """'mon-fri', 'weekends', 'every day'...; raises ScheduleError. Weekly chats: their day."""

        def days(chat: Chat) -> dict[str, object]:
            if chat.digest_frequency == "weekly":
                return {"weekly_day": parse_weekday(text)}
            return {"digest_days": parse_days(text)}

        return await self._reschedule_with(chat_id, days)

    async def toggle_day(self, chat_id: int, day: int) -> Chat:
        """Add or drop one weekday; raises ScheduleError rather than leave no day at all."""
        if not 1 <= day <= 7:
            raise ScheduleError(_("Days run from Monday (1) to Sunday (7)."))

        def toggled(chat: Chat) -> dict[str, object]:
            days = set(chat.digest_days or ALL_DAYS) ^ {str(day)}
            if not days:
                raise ScheduleError(_("Keep at least one day — or turn the digest off instead."))
            return {"digest_days": "".join(sorted(days))}

        return await self._reschedule_with(chat_id, toggled)

    async def set_weekly_day(self, chat_id: int, day: int) -> Chat:
        if not 1 <= day <= 7:
            raise ScheduleError(_("Days run from Monday (1) to Sunday (7)."))
        return await self._reschedule(chat_id, weekly_day=day)

    async def set_frequency(self, chat_id: int, text: str) -> tuple[Chat, bool]:
        """daily | twice | weekly [day] | instant. Returns the chat and whether quiet hours were
        added: instant news gets DEFAULT_QUIET_HOURS unless the chat ever chose its own.
        """
        frequency, day = parse_frequency(text)
        added: list[bool] = []

        def change(chat: Chat) -> dict[str, object]:
            values: dict[str, object] = {"digest_frequency": frequency, "digest_enabled": True}
            if day is not None:
                values["weekly_day"] = day
            if frequency == "instant" and chat.quiet_hours is None:
                values["quiet_hours"] = DEFAULT_QUIET_HOURS
                added.append(True)
            return values

        chat = await self._reschedule_with(chat_id, change)
        return chat, bool(added)

    async def set_quiet_hours(self, chat_id: int, text: str) -> Chat:
        """'22:00-07:00' or 'off'; raises ScheduleError."""
        quiet = parse_quiet_hours(text)
        return await self._reschedule(chat_id, quiet_hours=quiet or QUIET_OFF)

    async def set_nothing_new_note(self, chat_id: int, on: bool) -> Chat:
        return await self._reschedule(chat_id, nothing_new_note=on)

    async def _reschedule(self, chat_id: int, **values: object) -> Chat:
        return await self._reschedule_with(chat_id, lambda _chat: values)

    async def _reschedule_with(
        self, chat_id: int, values_for: Callable[[Chat], Mapping[str, object]]
    ) -> Chat:
        """Apply `values_for(chat)` to the chat and move its next digest, in one transaction."""

        def change(s: Session, chat_id: int) -> Chat:
            chat = chats_q.get_chat(s, chat_id)
            assert chat is not None, "ensure_chat runs before any setting changes"
            for key, value in values_for(chat).items():
                setattr(chat, key, value)
            chat.next_digest_at = next_digest_for(chat, self.clock.now())
            s.add(chat)
            return chat

        return await self.db.run(change, chat_id)

    async def get(self, chat_id: int) -> Chat | None:
        return await self.db.run(chats_q.get_chat, chat_id)

    async def deactivate(self, chat_id: int) -> None:
        """The bot was removed or blocked: send nothing more there."""
        await self.db.run(chats_q.deactivate_chat, chat_id)
