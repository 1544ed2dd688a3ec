"""What buttons act on when it does not fit in callback_data: stored rows the button names."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from storage.models import ButtonPayload
from timekeeping import as_utc

KEEP_FOR = timedelta(days=90)  # an older button is answered "This button has expired."


def store_payload(
    s: Session, chat_id: int, user_id: int, kind: str, value: str, now: datetime
) -> int:
    """Keep `value` for a button of `kind` sent in `chat_id`; returns the id the button carries
    (the same row, made fresh, when the chat already has it). Rows older than KEEP_FOR go."""
    s.execute(delete(ButtonPayload).where(col(ButtonPayload.created_at) < now - KEEP_FOR))
    same = select(ButtonPayload).where(
        col(ButtonPayload.chat_id) == chat_id,
        col(ButtonPayload.kind) == kind,
        col(ButtonPayload.value) == value,
    )
    row = s.exec(same).first() or ButtonPayload(
        chat_id=chat_id, user_id=user_id, kind=kind, value=value, created_at=now
    )
    row.user_id, row.created_at = user_id, now
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def load_payload(
    s: Session, payload_id: int, chat_id: int, kind: str, now: datetime
) -> ButtonPayload | None:
    """The payload of a button of `kind` pressed in `chat_id`; None when it is gone, too old,
    or belongs to another chat or kind (a forged or copied button)."""
    row = s.get(ButtonPayload, payload_id)
    if row is None or row.chat_id != chat_id or row.kind != kind:
        return None
    return row if now - as_utc(row.created_at) <= KEEP_FOR else None
