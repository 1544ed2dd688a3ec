"""Deliveries: which articles reached which chat (so none is sent twice).

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Delivery
from storage.queries.rows import insert_new


def delivered_article_ids(s: Session, chat_id: int, article_ids: Sequence[int]) -> set[int]:
    if not article_ids:
        return set()
    stmt = select(Delivery.article_id).where(
        Delivery.chat_id == chat_id, col(Delivery.article_id).in_(list(article_ids))
    )
    return set(s.exec(stmt))


def record_deliveries(
    s: Session, chat_id: int, article_ids: Iterable[int], kind: str, now: datetime
) -> int:
    """Log that these articles reached the chat; ones already logged are kept as they were."""
    ids = list(dict.fromkeys(article_ids))
    already = delivered_article_ids(s, chat_id, ids)
    added = 0
    for article_id in ids:
        if article_id in already:
            continue
        added += insert_new(
            s, Delivery(chat_id=chat_id, article_id=article_id, kind=kind, sent_at=now)
        )
    return added


def delivered_by_chat(
    s: Session, chat_ids: Sequence[int], article_ids: Iterable[int]
) -> dict[int, set[int]]:
    """Which of these articles each of these chats has received (every chat a key)."""
    found: dict[int, set[int]] = {chat_id: set() for chat_id in chat_ids}
    wanted = list(set(article_ids))
    if not found or not wanted:
        return found
    stmt = select(Delivery.chat_id, Delivery.article_id).where(
        col(Delivery.chat_id).in_(list(found)), col(Delivery.article_id).in_(wanted)
    )
    for chat_id, article_id in s.exec(stmt):
        found[chat_id].add(article_id)
    return found
