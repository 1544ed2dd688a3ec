"""Chats: the chat rows, their digest schedule's claims, and who hears about a chat.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, update
from sqlmodel import Session, col, select

from storage.models import ChannelLink, Chat, MissedDigest, Outbox
from storage.queries.rows import insert_new, update_row


def get_chat(s: Session, chat_id: int) -> Chat | None:
    return s.get(Chat, chat_id)


def ensure_chat(
    s: Session,
    chat_id: int,
    *,
    kind: str,
    title: str | None,
    digest_time: str,
    timezone: str,
    next_digest_at: datetime | None,
    now: datetime,
) -> Chat:
    """The chat row, created with the given defaults the first time; re-activated if it was off."""
    chat = s.get(Chat, chat_id)
    if chat is None:
        chat = Chat(
            id=chat_id,
            kind=kind,
            title=title,
            digest_time=digest_time,
            timezone=timezone,
            next_digest_at=next_digest_at,
            created_at=now,
        )
        if not insert_new(s, chat):  # created concurrently by another update or process
            chat = s.get(Chat, chat_id)
            assert chat is not None
    elif not chat.active:
        chat.active = True
        s.add(chat)
    return chat


def update_chat(s: Session, chat_id: int, **values: object) -> Chat | None:
    return update_row(s, Chat, chat_id, values)


def claim_due_digest_chats(s: Session, now: datetime, limit: int = 50) -> list[Chat]:
    """Due chats whose previous digest has left the outbox, locked until the transaction ends.

    Other processes skip locked rows (PostgreSQL SKIP LOCKED), so one process renders each
    digest; the caller queues it and moves the schedule in the same transaction.
    """
    unfinished = exists().where(
        Outbox.chat_id == Chat.id,
        Outbox.kind == "digest",
        col(Outbox.status).in_(("pending", "claimed", "sending")),
    )
    stmt = (
        select(Chat)
        .where(Chat.active, Chat.digest_enabled, col(Chat.next_digest_at) <= now, ~unfinished)
        .order_by(col(Chat.next_digest_at))
        .limit(limit)
        .with_for_update(skip_locked=True, of=Chat)
    )
    return list(s.exec(stmt))


def note_missed_digest(s: Session, chat_id: int, due_at: datetime, now: datetime) -> None:
    s.add(MissedDigest(chat_id=chat_id, due_at=due_at, noted_at=now))


def deactivate_chat(s: Session, chat_id: int) -> None:
    s.execute(update(Chat).where(col(Chat.id) == chat_id).values(active=False))


def notice_recipients(s: Session, chat_id: int) -> tuple[list[int], str | None]:
    """Where a notice about this chat's own settings goes: the chat itself, or — for a channel,
    whose readers did not choose its sources — the private chats of the users who connected
    it, with the channel's title. ([], None) for an unknown chat."""
    chat = s.get(Chat, chat_id)
    if chat is None:
        return [], None
    if chat.kind != "channel":
        return [chat_id], None
    # An admin who only ever managed the channel has no chat row of their own yet.
    stmt = (
        select(ChannelLink.user_id)
        .outerjoin(Chat, col(Chat.id) == col(ChannelLink.user_id))
        .where(ChannelLink.channel_id == chat_id, col(Chat.id).is_(None) | col(Chat.active))
        .order_by(col(ChannelLink.id))
    )
    return list(s.exec(stmt)), chat.title or f"channel {chat_id}"


# --- the language the bot speaks in a chat (chat.interface_language) ---------------------------
def interface_language(s: Session, chat_id: int, offered: str) -> str:
    """The chat's language; a chat without one yet takes `offered` (its first person's), once:
    the conditional update lets two racing first updates agree on the first writer's."""
    chat = s.get(Chat, chat_id)
    if chat is None:
        return offered  # the handler creates the row; it adopts the language then
    if chat.interface_language is None:
        s.execute(
            update(Chat)
            .where(col(Chat.id) == chat_id, col(Chat.interface_language).is_(None))
            .values(interface_language=offered)
        )
        s.refresh(chat)
    return chat.interface_language or offered


def set_interface_language(s: Session, chat_id: int, code: str) -> Chat:
    chat = s.get(Chat, chat_id)
    assert chat is not None, "the chat's row exists before its settings change"
    chat.interface_language = code
    s.add(chat)
    s.flush()
    s.refresh(chat)
    return chat


def interface_language_of(s: Session, chat_id: int) -> str | None:
    """The chat's language as stored (None: not chosen yet, English)."""
    chat = s.get(Chat, chat_id)
    return chat.interface_language if chat is not None else None


def prefer_interface_language(s: Session, chat_id: int, code: str) -> None:
    """The chat speaks `code` from now on (a chat not created yet adopts it on first contact)."""
    chat = s.get(Chat, chat_id)
    if chat is not None:
        chat.interface_language = code
        s.add(chat)
