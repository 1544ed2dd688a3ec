"""Topics a chat follows: adding, routing to forum threads, and what the matcher loads.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, update
from sqlmodel import Session, col, delete, select

from storage.models import Chat, Topic, TopicMatch
from storage.queries.rows import insert_new


def list_topics(s: Session, chat_id: int) -> list[Topic]:
    return list(s.exec(select(Topic).where(Topic.chat_id == chat_id).order_by(col(Topic.id))))


def add_topic(
    s: Session,
    chat_id: int,
    query: str,
    normalized: str,
    now: datetime,
    *,
    message_thread_id: int | None = None,
    thread_name: str | None = None,
) -> Topic | None:
    """The new topic, or None when the chat already follows the same query.

    `message_thread_id`: in a forum supergroup, the thread its news goes to (None: General).
    """
    exists = s.exec(
        select(Topic).where(Topic.chat_id == chat_id, Topic.normalized == normalized)
    ).first()
    if exists is not None:
        return None
    topic = Topic(
        chat_id=chat_id,
        query=query,
        normalized=normalized,
        created_at=now,
        message_thread_id=message_thread_id,
        thread_name=thread_name,
    )
    return topic if insert_new(s, topic) else None


def route_topic(
    s: Session, chat_id: int, topic_id: int, thread_id: int | None, thread_name: str | None
) -> Topic | None:
    """Send the chat's topic to this forum thread (None: General) from now on."""
    topic = s.get(Topic, topic_id)
    if topic is None or topic.chat_id != chat_id:
        return None
    topic.message_thread_id, topic.thread_name = thread_id, thread_name
    s.add(topic)
    return topic


def rename_thread(s: Session, chat_id: int, thread_id: int, name: str) -> int:
    """The forum thread was renamed: the chat's topics routed there know it by the new name."""
    result = s.execute(
        update(Topic)
        .where(col(Topic.chat_id) == chat_id, col(Topic.message_thread_id) == thread_id)
        .values(thread_name=name)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def unroute_thread(s: Session, chat_id: int, thread_id: int) -> int:
    """The thread is gone: the chat's topics routed there go to General; returns how many."""
    result = s.execute(
        update(Topic)
        .where(col(Topic.chat_id) == chat_id, col(Topic.message_thread_id) == thread_id)
        .values(message_thread_id=None, thread_name=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def remove_topic(s: Session, chat_id: int, topic_id: int) -> Topic | None:
    topic = s.get(Topic, topic_id)
    if topic is None or topic.chat_id != chat_id:
        return None
    s.exec(delete(TopicMatch).where(TopicMatch.topic_id == topic_id))
    s.delete(topic)
    return topic


class TopicQuery(NamedTuple):
    """What the matcher needs of a topic; a small fraction of an ORM row's memory."""

    id: int
    chat_id: int
    query: str


def active_topic_queries(
    s: Session, *, after_id: int = 0, limit: int | None = None
) -> list[TopicQuery]:
    """Every topic of every active chat (the matcher is compiled from these), light: at 300,000
    topics the ORM rows alone would take ~500 MB. By id from `after_id` on, at most `limit`."""
    stmt = (
        select(Topic.id, Topic.chat_id, Topic.query)
        .join(Chat, col(Chat.id) == col(Topic.chat_id))
        .where(Chat.active, col(Topic.id) > after_id)
        .order_by(col(Topic.id))
        .limit(limit)
    )
    return [TopicQuery(int(i), int(c), str(text)) for i, c, text in s.exec(stmt)]


def active_topics_fingerprint(s: Session) -> tuple[int, int]:
    """(count, sum of ids) of the active topics: changes whenever one is added or removed."""
    stmt = (
        select(func.count(), func.coalesce(func.sum(Topic.id), 0))
        .select_from(Topic)
        .join(Chat, col(Chat.id) == col(Topic.chat_id))
        .where(Chat.active)
    )
    count, total = s.exec(stmt).one()
    return int(count), int(total)


def active_topic_ids(s: Session) -> set[int]:
    stmt = select(Topic.id).join(Chat, col(Chat.id) == col(Topic.chat_id)).where(Chat.active)
    return {int(topic_id) for topic_id in s.exec(stmt)}


def topics_by_id(s: Session, ids: Sequence[int]) -> list[Topic]:
    if not ids:
        return []
    return list(s.exec(select(Topic).where(col(Topic.id).in_(list(ids)))))


def search_wants(
    s: Session, limit: int
) -> list[tuple[str, str, str | None, str | None, int, str | None]]:
    """(normalized topic, its query as written, search language, region, chats, interface
    language) for active chats' topics, the most followed first."""
    followers = func.count()
    stmt = (
        select(
            Topic.normalized,
            func.min(Topic.query),
            Chat.language,
            Chat.region,
            followers,
            Chat.interface_language,
        )
        .join(Chat, col(Chat.id) == col(Topic.chat_id))
        .where(Chat.active)
        .group_by(
            col(Topic.normalized),
            col(Chat.language),
            col(Chat.region),
            col(Chat.interface_language),
        )
        .order_by(followers.desc(), col(Topic.normalized))
        .limit(limit)
    )
    return [tuple(row) for row in s.exec(stmt)]  # type: ignore[misc]


def set_topic_instant(s: Session, chat_id: int, topic_id: int, instant: bool) -> Topic | None:
    topic = s.get(Topic, topic_id)
    if topic is None or topic.chat_id != chat_id:
        return None
    topic.instant = instant
    s.add(topic)
    return topic
