"""A chat's settings: created on first contact, digest time and zone, digest on or off."""

from __future__ import annotations

from bot.digests.schedule import next_digest_at, parse_time, parse_zone
from bot.services import Services
from storage import Chat
from storage import queries as q


async def ensure_chat(services: Services, chat_id: int, kind: str, title: str | None) -> Chat:
    """The chat's row; a new chat gets the operator's default digest time and zone."""
    settings, now = services.settings, services.clock.now()
    digest_time = settings.digest_time.strftime("%H:%M")
    return await services.db.run(
        q.ensure_chat,
        chat_id,
        kind=kind,
        title=title,
        digest_time=digest_time,
        timezone=settings.timezone,
        next_digest_at=next_digest_at(digest_time, settings.timezone, now),
        now=now,
    )


async def set_digest_time(services: Services, chat_id: int, text: str) -> Chat:
    """Raises ScheduleError with an explanation for a bad time."""
    hhmm = parse_time(text).strftime("%H:%M")
    return await _reschedule(services, chat_id, digest_time=hhmm)


async def set_timezone(services: Services, chat_id: int, text: str) -> Chat:
    """Raises ScheduleError with an explanation for an unknown zone."""
    return await _reschedule(services, chat_id, timezone=parse_zone(text))


async def set_digest_enabled(services: Services, chat_id: int, enabled: bool) -> Chat:
    return await _reschedule(services, chat_id, digest_enabled=enabled)


async def _reschedule(services: Services, chat_id: int, **values: object) -> Chat:
    def change(s, chat_id: int) -> Chat:  # type: ignore[no-untyped-def]
        chat = q.get_chat(s, chat_id)
        assert chat is not None, "ensure_chat runs before any setting changes"
        for key, value in values.items():
            setattr(chat, key, value)
        chat.next_digest_at = next_digest_at(chat.digest_time, chat.timezone, services.clock.now())
        s.add(chat)
        return chat

    return await services.db.run(change, chat_id)
