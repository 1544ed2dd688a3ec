"""Secrets the bot makes for itself, once per database: every process and restart agrees."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import BotSecret


def kept_secret(s: Session, name: str, now: datetime) -> str:
    """The secret called `name`, made (32 random bytes, URL-safe text) if the database has none.

    Processes that start together all get the first one stored: the insert does nothing when
    the name is taken (the primary key decides), and the read that follows sees the winner.
    """
    dialect = s.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    fresh = {"name": name, "value": secrets.token_urlsafe(32), "created_at": now}
    s.execute(insert(BotSecret).values(**fresh).on_conflict_do_nothing(index_elements=["name"]))
    row = s.get(BotSecret, name, populate_existing=True)
    assert row is not None
    return row.value
