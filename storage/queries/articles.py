"""Articles: storing them once by canonical URL, reading them back, marking copies.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from storage.models import Article, TopicMatch
from storage.queries.rows import insert_new, update_row


def known_canonical_urls(s: Session, urls: Sequence[str]) -> set[str]:
    if not urls:
        return set()
    stmt = select(Article.canonical_url).where(col(Article.canonical_url).in_(list(urls)))
    return set(s.exec(stmt))


def add_article(s: Session, article: Article) -> Article | None:
    """Store the article; None if its canonical URL is already stored (it is kept once)."""
    return article if insert_new(s, article) else None


def get_article(s: Session, article_id: int) -> Article | None:
    return s.get(Article, article_id)


def record_archive_answer(
    s: Session, article_id: int, snapshot_url: str | None, checked_at: datetime
) -> None:
    """Remember what the Wayback Machine said about the article ("" when it had no copy)."""
    stmt = update(Article).where(col(Article.id) == article_id)
    s.execute(stmt.values(archive_url=snapshot_url or "", archive_checked_at=checked_at))


def recent_articles(s: Session, since: datetime, limit: int = 5000) -> list[Article]:
    """Articles fetched since `since`, newest first."""
    stmt = (
        select(Article)
        .where(col(Article.fetched_at) >= since)
        .order_by(col(Article.fetched_at).desc(), col(Article.id).desc())
        .limit(limit)
    )
    return list(s.exec(stmt))


def update_article(s: Session, article_id: int, **values: object) -> Article | None:
    return update_row(s, Article, article_id, values)


def article_id_by_canonical(s: Session, url: str) -> int | None:
    return s.exec(select(Article.id).where(Article.canonical_url == url)).first()


def retire_duplicate(s: Session, article_id: int, original_id: int) -> None:
    """The article is another copy of ``original_id``: it keeps its row (so it is not stored
    again) but matches no topic, so no briefing shows it twice."""
    s.exec(delete(TopicMatch).where(col(TopicMatch.article_id) == article_id))
    s.execute(update(Article).where(col(Article.id) == article_id).values(duplicate_of=original_id))
