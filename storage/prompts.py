"""Questions the bot asked one person in a chat, awaiting their answer (kept across restarts)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.models import PendingPrompt
from timekeeping import as_utc


def await_answer(
    s: Session,
    chat_id: int,
    user_id: int,
    awaiting: str,
    target_chat_id: int,
    expires_at: datetime,
) -> None:
    """Wait for `user_id`'s answer in `chat_id` (replacing any earlier question to them)."""
    s.execute(
        delete(PendingPrompt).where(
            col(PendingPrompt.chat_id) == chat_id, col(PendingPrompt.user_id) == user_id
        )
    )
    s.add(
        PendingPrompt(
            chat_id=chat_id,
            user_id=user_id,
            awaiting=awaiting,
            target_chat_id=target_chat_id,
            expires_at=expires_at,
        )
    )


def pending_prompt(s: Session, chat_id: int, user_id: int, now: datetime) -> PendingPrompt | None:
    """The question awaiting this person's answer in this chat, unless it expired (then it is
    forgotten)."""
    row = s.exec(
        select(PendingPrompt).where(
            col(PendingPrompt.chat_id) == chat_id, col(PendingPrompt.user_id) == user_id
        )
    ).first()
    if row is None:
        return None
    if as_utc(row.expires_at) <= now:
        s.delete(row)
        return None
    return row


def end_prompt(s: Session, chat_id: int, user_id: int) -> None:
    """The question was answered (or replaced by a command): stop waiting."""
    s.execute(
        delete(PendingPrompt).where(
            col(PendingPrompt.chat_id) == chat_id, col(PendingPrompt.user_id) == user_id
        )
    )
