"""Topic matches: which article matched which chat's topic, and which are not delivered yet.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists
from sqlmodel import Session, col, select

from storage.models import Article, Delivery, Topic, TopicMatch
from storage.queries.rows import insert_new


def add_matches(s: Session, rows: Iterable[tuple[int, int, int]], now: datetime) -> int:
    """Record (topic_id, chat_id, article_id) matches; existing ones are left alone."""
    added = 0
    for topic_id, chat_id, article_id in rows:
        match = TopicMatch(
            topic_id=topic_id, chat_id=chat_id, article_id=article_id, matched_at=now
        )
        added += insert_new(s, match)
    return added


@dataclass(frozen=True)
class DigestItem:
    """An article and a topic of the chat it matched."""

    topic: Topic
    article: Article


def undelivered_matches_by_chat(
    s: Session, chat_ids: Sequence[int], since: datetime
) -> dict[int, list[DigestItem]]:
    """Matched articles each chat has not received yet, fetched since `since`, by topic, newest
    first (all of them: what a digest offers of these is bot.digests.offer's to decide)."""
    ids = list(dict.fromkeys(chat_ids))
    found: dict[int, list[DigestItem]] = {chat_id: [] for chat_id in ids}
    if not ids:
        return found
    delivered = exists().where(
        Delivery.chat_id == TopicMatch.chat_id, Delivery.article_id == TopicMatch.article_id
    )
    stmt = (
        select(TopicMatch.chat_id, Topic, Article)
        .join(Topic, col(TopicMatch.topic_id) == col(Topic.id))
        .join(Article, col(Article.id) == col(TopicMatch.article_id))
        .where(col(TopicMatch.chat_id).in_(ids), col(Article.fetched_at) >= since, ~delivered)
        .order_by(col(Topic.id), col(Article.published_at).desc(), col(Article.id).desc())
    )
    for chat_id, topic, article in s.exec(stmt):
        found[chat_id].append(DigestItem(topic, article))
    return found


def matched_article_ids(s: Session, article_ids: Sequence[int]) -> set[int]:
    """The articles among these that matched at least one topic."""
    if not article_ids:
        return set()
    stmt = select(TopicMatch.article_id).where(col(TopicMatch.article_id).in_(list(article_ids)))
    return set(s.exec(stmt))
