"""A group that became a supergroup gets a new chat id: everything kept about it moves along."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from storage.models import Chat, Topic, TopicMatch

_MOVED_BY_HAND = {"chat", "topic", "topicmatch"}


def move_chat(s: Session, old_id: int, new_id: int, *, kind: str = "supergroup") -> Chat | None:
    """The chat's settings, topics and every row naming it now belong to `new_id`.

    Topics move as new rows (new ids), so other processes notice them as changed. Where the
    new chat already has the same thing (a topic, a delivery), the old copy is dropped. The old
    chat stays as an inactive row. Returns the new chat, or None if `old_id` is unknown.
    """
    old = s.get(Chat, old_id)
    if old is None:
        return None
    new = s.get(Chat, new_id)
    if new is None:
        new = Chat(id=new_id, created_at=old.created_at)
    # Every setting comes along (schedule, quiet hours, language…), whatever columns exist.
    for column in Chat.__table__.columns.keys():  # type: ignore[attr-defined]  # SQLAlchemy adds __table__
        if column not in ("id", "kind", "active", "created_at"):
            setattr(new, column, getattr(old, column))
    new.kind, new.active = kind, True
    old.active, old.next_digest_at = False, None
    s.add(new)
    s.add(old)
    s.flush()
    _move_topics(s, old_id, new_id)
    for table in SQLModel.metadata.sorted_tables:
        if "chat_id" in table.c and table.name not in _MOVED_BY_HAND:
            _move_rows(s, table, old_id, new_id)
    return new


def _move_topics(s: Session, old_id: int, new_id: int) -> None:
    have = {t.normalized for t in s.exec(select(Topic).where(Topic.chat_id == new_id))}
    for topic in list(s.exec(select(Topic).where(Topic.chat_id == old_id))):
        if topic.normalized not in have:
            kept = {
                column: getattr(topic, column)
                for column in Topic.__table__.columns.keys()  # type: ignore[attr-defined]  # SQLAlchemy adds __table__
                if column not in ("id", "chat_id")
            }
            moved = Topic(chat_id=new_id, **kept)
            s.add(moved)
            s.flush()
            have.add(topic.normalized)
            s.execute(
                TopicMatch.__table__.update()  # type: ignore[attr-defined]  # SQLAlchemy adds __table__
                .where(col(TopicMatch.topic_id) == topic.id)
                .values(topic_id=moved.id, chat_id=new_id)
            )
        s.execute(
            TopicMatch.__table__.delete().where(col(TopicMatch.topic_id) == topic.id)  # type: ignore[attr-defined]  # SQLAlchemy adds __table__
        )
        s.delete(topic)
    s.flush()


def _move_rows(s: Session, table: Table, old_id: int, new_id: int) -> None:
    """All at once; if a unique constraint objects, row by row, dropping the clashing ones."""
    nested = s.begin_nested()
    try:
        s.execute(table.update().where(table.c.chat_id == old_id).values(chat_id=new_id))
        nested.commit()
        return
    except IntegrityError:
        nested.rollback()
    key = table.c.id if "id" in table.c else None
    if key is None:
        s.execute(table.delete().where(table.c.chat_id == old_id))
        return
    for (row_id,) in s.execute(sa_select(key).where(table.c.chat_id == old_id)).all():
        nested = s.begin_nested()
        try:
            s.execute(table.update().where(key == row_id).values(chat_id=new_id))
            nested.commit()
        except IntegrityError:
            nested.rollback()
            s.execute(table.delete().where(key == row_id))
