"""Stories: assigning articles to them (under one lock) and what the story index loads.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, text, tuple_
from sqlmodel import Session, col, select

from storage.models import Article, Story
from storage.queries.rows import row_id


class StoryText(NamedTuple):
    """What the story index needs of a stored article (start-up loads tens of thousands)."""

    id: int
    title: str
    text: str
    published_at: datetime | None
    fetched_at: datetime
    story_id: int


def story_index_floor(s: Session, since: datetime, limit: int) -> tuple[datetime, int]:
    """(fetched_at, id) from which on the `limit` newest articles in a story since `since`
    lie (`story_texts_from` reads them from there)."""
    stmt = (
        select(Article.fetched_at, Article.id)
        .where(col(Article.fetched_at) >= since, col(Article.story_id).is_not(None))
        .order_by(col(Article.fetched_at).desc(), col(Article.id).desc())
        .offset(max(limit - 1, 0))
        .limit(1)
    )
    row = s.exec(stmt).first()
    if row is None:
        return (since, 0)  # fewer than `limit`
    return (row[0], row_id(row[1]))


def story_texts_from(
    s: Session,
    start: tuple[datetime, int],
    *,
    inclusive: bool,
    limit: int,
    text_chars: int,
    through_id: int | None = None,
) -> list[StoryText]:
    """The next `limit` articles in a story from `start` on, oldest first, texts cut to
    `text_chars`: one page of the story index's start-up load (ids up to `through_id`)."""
    key = tuple_(col(Article.fetched_at), col(Article.id))
    bound = tuple_(start[0], start[1])
    stmt = (
        select(*_story_text_columns(text_chars))
        .where(key >= bound if inclusive else key > bound, col(Article.story_id).is_not(None))
        .order_by(col(Article.fetched_at), col(Article.id))
        .limit(limit)
    )
    if through_id is not None:
        stmt = stmt.where(col(Article.id) <= through_id)
    return _story_texts(s, stmt)


def story_texts_after(s: Session, after_id: int, *, limit: int, text_chars: int) -> list[StoryText]:
    """Articles given a story after article `after_id`, in the order they were given one (ids
    follow that order: see lock_story_assignment), texts cut to `text_chars`."""
    stmt = (
        select(*_story_text_columns(text_chars))
        .where(col(Article.id) > after_id, col(Article.story_id).is_not(None))
        .order_by(col(Article.id))
        .limit(limit)
    )
    return _story_texts(s, stmt)


def _story_text_columns(text_chars: int):
    return (
        Article.id,
        Article.title,
        func.substr(Article.text, 1, text_chars),
        Article.published_at,
        Article.fetched_at,
        Article.story_id,
    )


def _story_texts(s: Session, stmt) -> list[StoryText]:
    return [StoryText(int(i), t, x or "", p, f, int(sid)) for i, t, x, p, f, sid in s.exec(stmt)]


def newest_story_article_id(s: Session) -> int:
    """The last article given a story so far (0: none)."""
    stmt = select(func.max(Article.id)).where(col(Article.story_id).is_not(None))
    return int(s.exec(stmt).one() or 0)


# Held from before an article is inserted until its transaction ends, by every process that
# gives articles a story: ids are then handed out, and committed, in the order stories are
# assigned, so "ids after the last one I saw" is exactly what other processes decided since.
_STORY_LOCK = 727_275


def lock_story_assignment(s: Session) -> None:
    """Wait for this database's story lock. On PostgreSQL an advisory lock, keyed by schema so
    bots in different schemas of one database never wait for each other; on SQLite the write
    lock, taken now by a write that changes nothing (else the article's insert would commit on
    its own: pysqlite begins no transaction for a savepoint)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(
            text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
            {"key": _STORY_LOCK},
        )
    else:
        s.execute(text("UPDATE story SET id = id WHERE id IS NULL"))


def story_ids_follow_stored(s: Session) -> None:
    """Move PostgreSQL's story id sequence past every stored story: releases before stories
    took their id from the database wrote ids themselves, and the sequence never saw them."""
    if s.get_bind().dialect.name != "postgresql":
        return  # SQLite's integer key is the row id: always past the largest stored one
    lock_story_assignment(s)
    sequence = s.execute(text("SELECT pg_get_serial_sequence('story', 'id')")).scalar_one()
    last, called = s.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
    stored = int(s.exec(select(func.max(Story.id))).one() or 0)
    if stored > (last if called else last - 1):
        s.execute(
            text("SELECT setval(:sequence, :stored)"), {"sequence": sequence, "stored": stored}
        )


def new_story(s: Session, headline: str, seen_at: datetime) -> int:
    """A new story of one article; its id is the database's (never reused, whichever process
    asks)."""
    # The id is the database's, given at flush; the model types it int so readers need no check.
    story = Story(headline=headline, first_seen=seen_at, last_updated=seen_at)  # type: ignore[call-arg]  # id: see above
    s.add(story)
    s.flush()
    assert story.id is not None
    return story.id


def upsert_story(s: Session, story_id: int, headline: str, seen_at: datetime) -> Story:
    story = s.get(Story, story_id)
    if story is None:
        story = Story(id=story_id, headline=headline, first_seen=seen_at, last_updated=seen_at)
    else:
        story.article_count += 1
        story.last_updated = max(story.last_updated, seen_at)
    s.add(story)
    return story


def move_to_story(s: Session, article_id: int, story_id: int) -> None:
    """Re-file an article into another story (a newer one it is closer to, or one that has
    grown to fit it better than its own): the counts follow it, and the story starts with it
    if it came first."""
    article = s.get(Article, article_id)
    story = s.get(Story, story_id)
    if article is None or story is None or article.story_id == story_id:
        return
    left = s.get(Story, article.story_id) if article.story_id is not None else None
    if left is not None and left.article_count > 0:
        # To 0 when its only article leaves (re-homing moves a story's first report).
        left.article_count -= 1
        s.add(left)
    story.article_count += 1
    if article.fetched_at < story.first_seen:
        story.first_seen, story.headline = article.fetched_at, article.title
    article.story_id = story_id
    s.add_all([story, article])


def story_articles(s: Session, story_id: int) -> list[Article]:
    stmt = select(Article).where(Article.story_id == story_id).order_by(col(Article.fetched_at))
    return list(s.exec(stmt))


def get_story(s: Session, story_id: int) -> Story | None:
    return s.get(Story, story_id)


def new_story_articles(s: Session, story_id: int, after_article_id: int) -> list[Article]:
    stmt = (
        select(Article)
        .where(Article.story_id == story_id, col(Article.id) > after_article_id)
        .order_by(col(Article.id))
    )
    return list(s.exec(stmt))
