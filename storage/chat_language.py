"""The language the bot speaks in a chat (`chat.interface_language`)."""

from __future__ import annotations

from sqlmodel import Session, col, update

from storage.models import Chat


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
