"""What works on any table: insert unless it exists, update by id, row counts.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from storage.models import Article, Chat, Delivery, Source, Story, Topic

T = TypeVar("T", bound=SQLModel)


def insert_new(s: Session, row: SQLModel) -> bool:
    """Insert `row` unless a unique key says it exists already (perhaps added by another process
    a moment ago); False then. Only this row is undone, never the caller's transaction."""
    nested = s.begin_nested()
    s.add(row)
    try:
        s.flush()
    except IntegrityError:
        nested.rollback()
        return False
    nested.commit()
    return True


def update_row(s: Session, model: type[T], row_id: int, values: dict[str, object]) -> T | None:
    row = s.get(model, row_id)
    if row is None:
        return None
    for key, value in values.items():
        setattr(row, key, value)
    s.add(row)
    return row


def counts(s: Session) -> dict[str, int]:
    """Row counts, for /stats and logs."""
    out = {}
    for name, model in (
        ("chats", Chat),
        ("topics", Topic),
        ("sources", Source),
        ("articles", Article),
        ("stories", Story),
        ("deliveries", Delivery),
    ):
        out[name] = int(s.exec(select(func.count()).select_from(model)).one())
    return out
