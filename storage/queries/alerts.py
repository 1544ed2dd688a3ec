"""Breaking alerts: stories matched by instant (⚡) topics, claimed once per chat.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists
from sqlmodel import Session, col, select

from storage.models import Article, Chat, StoryAlert, Topic, TopicMatch
from storage.queries.rows import insert_new


def instant_candidates(s: Session, since: datetime) -> list[tuple[int, int, Article]]:
    """(chat id, story id, article) for stories matched by instant topics since `since`,
    leaving out stories already alerted to that chat."""
    alerted = exists().where(
        StoryAlert.chat_id == TopicMatch.chat_id, StoryAlert.story_id == Article.story_id
    )
    stmt = (
        select(TopicMatch.chat_id, Article)
        .join(Topic, col(Topic.id) == col(TopicMatch.topic_id))
        .join(Article, col(Article.id) == col(TopicMatch.article_id))
        .join(Chat, col(Chat.id) == col(TopicMatch.chat_id))
        .where(
            Topic.instant,
            Chat.active,
            col(Article.fetched_at) >= since,
            col(Article.story_id).is_not(None),
            ~alerted,
        )
    )
    return [(chat_id, a.story_id, a) for chat_id, a in s.exec(stmt) if a.story_id is not None]


def alert_thread(s: Session, chat_id: int, article_ids: Sequence[int]) -> int | None:
    """The forum thread of the chat's first ⚡ topic that matched one of these articles
    (None: General, or a chat without threads)."""
    stmt = (
        select(Topic.message_thread_id)
        .join(TopicMatch, col(TopicMatch.topic_id) == col(Topic.id))
        .where(
            TopicMatch.chat_id == chat_id,
            col(TopicMatch.article_id).in_(list(article_ids)),
            Topic.instant,
        )
        .order_by(col(Topic.id))
        .limit(1)
    )
    return s.exec(stmt).first()


def record_alert(s: Session, chat_id: int, story_id: int, now: datetime) -> bool:
    """Claim the alert for (chat, story); False if it was already sent (by any process)."""
    return insert_new(s, StoryAlert(chat_id=chat_id, story_id=story_id, sent_at=now))
