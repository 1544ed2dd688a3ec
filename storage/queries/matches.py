"""Topic matches: which article matched which chat's topic, and which are not delivered yet.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import exists
from sqlmodel import Session, col, select

from storage.models import (
    Article,
    Delivery,
    SourceMute,
    StoryMute,
    Topic,
    TopicMatch,
)
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
    topic: Topic
    article: Article


def undelivered_matches(
    s: Session, chat_id: int, since: datetime, *, now: datetime | None = None
) -> list[DigestItem]:
    """Matched articles this chat has not received yet, fetched since `since`, newest first.

    With `now`, stories and outlets the chat has muted (until after `now`) are left out.
    """
    delivered = select(Delivery.article_id).where(Delivery.chat_id == chat_id)
    stmt = (
        select(Topic, Article)
        .join(TopicMatch, col(TopicMatch.topic_id) == col(Topic.id))
        .join(Article, col(Article.id) == col(TopicMatch.article_id))
        .where(
            TopicMatch.chat_id == chat_id,
            col(Article.fetched_at) >= since,
            col(Article.id).not_in(delivered),
        )
        .order_by(col(Topic.id), col(Article.published_at).desc(), col(Article.id).desc())
    )
    if now is None:
        return [DigestItem(topic, article) for topic, article in s.exec(stmt)]
    return undelivered_matches_by_chat(s, [chat_id], since, now=now)[chat_id]


def undelivered_matches_by_chat(
    s: Session, chat_ids: Sequence[int], since: datetime, *, now: datetime
) -> dict[int, list[DigestItem]]:
    """`undelivered_matches` (mutes applied) for a batch of chats, in three queries in all."""
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
    stories: dict[int, set[int]] = {chat_id: set() for chat_id in ids}
    mutes = select(StoryMute.chat_id, StoryMute.story_id).where(
        col(StoryMute.chat_id).in_(ids), StoryMute.until > now
    )
    for chat_id, story_id in s.exec(mutes):
        stories[chat_id].add(story_id)
    hosts: dict[int, set[str]] = {chat_id: set() for chat_id in ids}
    muted = select(SourceMute.chat_id, SourceMute.host).where(
        col(SourceMute.chat_id).in_(ids), SourceMute.until > now
    )
    for chat_id, host in s.exec(muted):
        hosts[chat_id].add(host)
    for chat_id, topic, article in s.exec(stmt):
        if article.story_id in stories[chat_id] or _from_hosts(article.url, hosts[chat_id]):
            continue
        found[chat_id].append(DigestItem(topic, article))
    return _without_wire_copies(s, found)


def _without_wire_copies(
    s: Session, found: dict[int, list[DigestItem]]
) -> dict[int, list[DigestItem]]:
    """Leave out a copy whose original reached the chat before (offered together, the digest
    folds them into one story: "also in …")."""
    originals = {i.article.duplicate_of for items in found.values() for i in items} - {None}
    if not originals:
        return found
    delivered: dict[int, set[int]] = {chat_id: set() for chat_id in found}
    stmt = select(Delivery.chat_id, Delivery.article_id).where(
        col(Delivery.chat_id).in_(list(found)), col(Delivery.article_id).in_(list(originals))
    )
    for chat_id, article_id in s.exec(stmt):
        delivered[chat_id].add(article_id)
    for chat_id, items in found.items():
        found[chat_id] = [i for i in items if i.article.duplicate_of not in delivered[chat_id]]
    return found


def _from_hosts(url: str, hosts: set[str]) -> bool:
    if not hosts:
        return False
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host in hosts


def matched_article_ids(s: Session, article_ids: Sequence[int]) -> set[int]:
    """The articles among these that matched at least one topic."""
    if not article_ids:
        return set()
    stmt = select(TopicMatch.article_id).where(col(TopicMatch.article_id).in_(list(article_ids)))
    return set(s.exec(stmt))
