"""Mutes: stories and outlets (hosts) a chat muted until a time.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.models import SourceMute, StoryFollow, StoryMute


def mute_story(s: Session, chat_id: int, story_id: int, until: datetime) -> None:
    row = s.exec(
        select(StoryMute).where(StoryMute.chat_id == chat_id, StoryMute.story_id == story_id)
    ).first()
    row = row or StoryMute(chat_id=chat_id, story_id=story_id, until=until)
    row.until = until
    s.add(row)
    s.exec(
        delete(StoryFollow).where(StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    )


def muted_story_ids(s: Session, chat_id: int, now: datetime) -> set[int]:
    """Stories the chat muted that are still muted (mutes expire by themselves)."""
    stmt = select(StoryMute.story_id).where(StoryMute.chat_id == chat_id, StoryMute.until > now)
    return set(s.exec(stmt))


def mute_source(s: Session, chat_id: int, host: str, until: datetime) -> None:
    row = s.exec(
        select(SourceMute).where(SourceMute.chat_id == chat_id, SourceMute.host == host)
    ).first()
    row = row or SourceMute(chat_id=chat_id, host=host, until=until)
    row.until = until
    s.add(row)


def muted_hosts(s: Session, chat_id: int, now: datetime) -> set[str]:
    """Outlets (hosts) the chat muted that are still muted."""
    stmt = select(SourceMute.host).where(SourceMute.chat_id == chat_id, SourceMute.until > now)
    return set(s.exec(stmt))


def muted_stories_by_chat(
    s: Session, chat_ids: Sequence[int], now: datetime
) -> dict[int, set[int]]:
    """`muted_story_ids` for a batch of chats (every one of them a key)."""
    found: dict[int, set[int]] = {chat_id: set() for chat_id in chat_ids}
    if not found:
        return found
    stmt = select(StoryMute.chat_id, StoryMute.story_id).where(
        col(StoryMute.chat_id).in_(list(found)), StoryMute.until > now
    )
    for chat_id, story_id in s.exec(stmt):
        found[chat_id].add(story_id)
    return found


def muted_hosts_by_chat(s: Session, chat_ids: Sequence[int], now: datetime) -> dict[int, set[str]]:
    """`muted_hosts` for a batch of chats (every one of them a key)."""
    found: dict[int, set[str]] = {chat_id: set() for chat_id in chat_ids}
    if not found:
        return found
    stmt = select(SourceMute.chat_id, SourceMute.host).where(
        col(SourceMute.chat_id).in_(list(found)), SourceMute.until > now
    )
    for chat_id, host in s.exec(stmt):
        found[chat_id].add(host)
    return found
