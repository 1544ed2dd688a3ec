"""The old `schema_version` ledger (versions 1-9), frozen, to bring a database from the field
up to version 9 before Alembic takes over.

Releases up to ff9fa41 kept their own ledger: a `schema_version` row and one step per version.
A database in the field may stand at any of them. These are those steps as that release ran
them, written out as fixed DDL: a step that created tables creates them as the released schema
(`storage.alembic.released_schema`, which is what version 9 created on a fresh database), a
step that added columns runs the same ALTER TABLE. Like the originals, each step checks first,
so a table or column that is already there is left alone.

FROZEN: never edit; new schema changes are Alembic revisions (storage/alembic/versions/).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text

from storage.alembic.released_schema import released_tables

LEDGER_TABLE = "schema_version"
LAST_LEDGER_VERSION = 9


def _create(conn: Connection, *names: str) -> None:
    tables = released_tables().tables
    for name in names:
        tables[name].create(conn, checkfirst=True)


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _v1_initial(conn: Connection) -> None:
    _create(conn, "chat", "topic", "source", "story", "article", "topicmatch", "delivery")


def _v2_story_follow_mute_seen(conn: Connection) -> None:
    _create(conn, "storyfollow", "storymute", "storyseen")


def _v3_outbox(conn: Connection) -> None:
    _create(conn, "outbox", "sendpace", "misseddigest")


def _v4_chat_sources_and_search_locale(conn: Connection) -> None:
    _create(conn, "chatsource")
    _add_column(conn, "chat", "language", "VARCHAR")
    _add_column(conn, "chat", "region", "VARCHAR")
    _add_column(conn, "source", "kind", "VARCHAR NOT NULL DEFAULT 'feed'")


def _v5_article_archive(conn: Connection) -> None:
    _add_column(conn, "article", "archive_url", "TEXT")
    _add_column(conn, "article", "archive_checked_at", "TIMESTAMP")


def _v6_source_mutes(conn: Connection) -> None:
    _create(conn, "sourcemute")


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
    _create(conn, "channellink")


def _v9_breaking_alerts(conn: Connection) -> None:
    _add_column(conn, "topic", "instant", "BOOLEAN NOT NULL DEFAULT FALSE")
    _create(conn, "storyalert")


STEPS: list[Callable[[Connection], None]] = [
    _v1_initial,
    _v2_story_follow_mute_seen,
    _v3_outbox,
    _v4_chat_sources_and_search_locale,
    _v5_article_archive,
    _v6_source_mutes,
    _v7_digest_schedule,
    _v8_forum_threads_and_channel_links,
    _v9_breaking_alerts,
]
assert len(STEPS) == LAST_LEDGER_VERSION


def ledger_version(conn: Connection) -> int | None:
    """The database's ledger version, or None when it has no ledger (fresh, or on Alembic)."""
    if not inspect(conn).has_table(LEDGER_TABLE):
        return None
    row = conn.execute(text(f"SELECT version FROM {LEDGER_TABLE}")).first()
    return int(row[0]) if row else 0


def finish_ledger(conn: Connection, version: int) -> None:
    """Run the steps after `version` up to 9, then retire the ledger (Alembic records from here).

    The caller holds the migration lock and the transaction.
    """
    for step in STEPS[version:]:
        step(conn)
    retire_ledger(conn)


def retire_ledger(conn: Connection) -> None:
    conn.execute(text(f"DROP TABLE {LEDGER_TABLE}"))
