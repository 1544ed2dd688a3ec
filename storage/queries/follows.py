"""Following stories and having seen them: a chat's place in each story.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.models import Chat, StoryFollow, StorySeen


def story_seen(s: Session, chat_id: int, story_id: int) -> int | None:
    """The newest article id of the story that the chat has been shown, if any."""
    row = s.exec(
        select(StorySeen).where(StorySeen.chat_id == chat_id, StorySeen.story_id == story_id)
    ).first()
    return row.last_article_id if row else None


def mark_story_seen(
    s: Session, chat_id: int, story_id: int, article_id: int, now: datetime
) -> None:
    row = s.exec(
        select(StorySeen).where(StorySeen.chat_id == chat_id, StorySeen.story_id == story_id)
    ).first()
    if row is None:
        row = StorySeen(chat_id=chat_id, story_id=story_id, last_article_id=article_id, seen_at=now)
    else:
        row.last_article_id = max(row.last_article_id, article_id)
        row.seen_at = now
    s.add(row)


def follow_story(
    s: Session,
    chat_id: int,
    story_id: int,
    anchor_message_id: int | None,
    last_article_id: int,
    now: datetime,
) -> bool:
    """Start following; False if the chat already follows the story."""
    exists = s.exec(
        select(StoryFollow).where(StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    ).first()
    if exists is not None:
        return False
    s.add(
        StoryFollow(
            chat_id=chat_id,
            story_id=story_id,
            anchor_message_id=anchor_message_id,
            last_article_id=last_article_id,
            created_at=now,
        )
    )
    return True


def unfollow_story(s: Session, chat_id: int, story_id: int) -> bool:
    result = s.exec(
        delete(StoryFollow).where(StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    )
    return bool(result.rowcount)


def follows_story(s: Session, chat_id: int, story_id: int) -> bool:
    """Whether the chat follows the story: one row looked up, not every follow of every chat."""
    stmt = (
        select(StoryFollow.id)
        .join(Chat, col(Chat.id) == col(StoryFollow.chat_id))
        .where(Chat.active, StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    )
    return s.exec(stmt).first() is not None


def story_follows(s: Session) -> list[StoryFollow]:
    stmt = (
        select(StoryFollow).join(Chat, col(Chat.id) == col(StoryFollow.chat_id)).where(Chat.active)
    )
    return list(s.exec(stmt))


def update_follow(s: Session, follow_id: int, last_article_id: int, now: datetime) -> None:
    follow = s.get(StoryFollow, follow_id)
    if follow is not None:
        follow.last_article_id = last_article_id
        follow.last_update_at = now
        s.add(follow)
