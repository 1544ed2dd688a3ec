"""Versioned schema migrations, applied in order at start-up (an Alembic-like ledger, kept small).

Each migration is a function of a connection; `schema_version` records the last one applied, so
upgrading an old database runs only what it lacks, and a second start-up changes nothing.

Every step must be idempotent: on a new database the first step creates its tables from today's
models, so later steps may find their tables or columns already there. Use `_create` and
`_add_column`, which check first. Append new steps at the end; never edit a released one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)


def _create(conn: Connection, *models: type[SQLModel]) -> None:
    for model in models:
        model.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _v1_initial(conn: Connection) -> None:
    m = storage.models
    _create(conn, m.Chat, m.Topic, m.Source, m.Story, m.Article, m.TopicMatch, m.Delivery)


def _v2_story_follow_mute_seen(conn: Connection) -> None:
    m = storage.models
    _create(conn, m.StoryFollow, m.StoryMute, m.StorySeen)


def _v3_outbox(conn: Connection) -> None:
    m = storage.models
    _create(conn, m.Outbox, m.SendPace, m.MissedDigest)


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _v4_chat_sources_and_search_locale(conn: Connection) -> None:
    _create(conn, storage.models.ChatSource)
    _add_column(conn, "chat", "language", "VARCHAR")
    _add_column(conn, "chat", "region", "VARCHAR")
    _add_column(conn, "source", "kind", "VARCHAR NOT NULL DEFAULT 'feed'")


def _v5_article_archive(conn: Connection) -> None:
    _add_column(conn, "article", "archive_url", "TEXT")
    _add_column(conn, "article", "archive_checked_at", "TIMESTAMP")


def _v6_source_mutes(conn: Connection) -> None:
    _create(conn, storage.models.SourceMute)


def _v7_digest_schedule(conn: Connection) -> None:
    _add_column(conn, "chat", "digest_frequency", "VARCHAR NOT NULL DEFAULT 'daily'")
    _add_column(conn, "chat", "digest_days", "VARCHAR NOT NULL DEFAULT '1234567'")
    _add_column(conn, "chat", "weekly_day", "INTEGER NOT NULL DEFAULT 1")
    _add_column(conn, "chat", "quiet_hours", "VARCHAR")
    _add_column(conn, "chat", "nothing_new_note", "BOOLEAN NOT NULL DEFAULT FALSE")


def _v8_forum_threads_and_channel_links(conn: Connection) -> None:
    _add_column(conn, "topic", "message_thread_id", "INTEGER")
    _add_column(conn, "topic", "thread_name", "VARCHAR")
    _add_column(conn, "outbox", "message_thread_id", "INTEGER")
    _create(conn, storage.models.ChannelLink)


def _v9_breaking_alerts(conn: Connection) -> None:
    _add_column(conn, "topic", "instant", "BOOLEAN NOT NULL DEFAULT FALSE")
    _create(conn, storage.models.StoryAlert)


# --- buttons (issue 10, points 5-6): to be ported into an Alembic revision at merge ---------
def _v10_button_payloads_and_prompts(conn: Connection) -> None:
    """CREATE TABLE button_payload (id INTEGER PRIMARY KEY, chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL), indexed on chat_id and on created_at;
    CREATE TABLE pending_prompt (id INTEGER PRIMARY KEY, chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL, awaiting TEXT NOT NULL, target_chat_id BIGINT NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL, UNIQUE (chat_id, user_id))."""
    _create(conn, storage.models.ButtonPayload, storage.models.PendingPrompt)


# --- end of buttons block ---------------------------------------------------------------------


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial,
    _v2_story_follow_mute_seen,
    _v3_outbox,
    _v4_chat_sources_and_search_locale,
    _v5_article_archive,
    _v6_source_mutes,
    _v7_digest_schedule,
    _v8_forum_threads_and_channel_links,
    _v9_breaking_alerts,
    _v10_button_payloads_and_prompts,  # buttons block
]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    row = conn.execute(text("SELECT version FROM schema_version")).first()
    return int(row[0]) if row else 0


def migrate(engine: Engine) -> int:
    """Apply every migration newer than the database's version, each in its own transaction."""
    with engine.begin() as conn:
        if not inspect(conn).has_table("schema_version"):
            conn.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
            conn.execute(text("INSERT INTO schema_version (version) VALUES (0)"))
    version = 0
    for number, step in enumerate(MIGRATIONS, start=1):
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                # Several processes may start at once: one migrates, the others wait.
                conn.execute(text("SELECT pg_advisory_xact_lock(727274)"))
            version = current_version(conn)
            if version >= number:
                continue
            step(conn)
            conn.execute(text("UPDATE schema_version SET version = :v"), {"v": number})
            version = number
    return version
