"""Is the database's schema the one this code needs, and may we write to it?

Kept apart so that it can follow the migration tool (one place to repoint): today the ledger in
storage/migrations.py, a `schema_version` row counted against its list of steps.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from storage.migrations import MIGRATIONS, current_version


def schema_state(conn: Connection) -> tuple[int, int]:
    """(version in the database, version this code needs)."""
    return current_version(conn), len(MIGRATIONS)


def probe_write(conn: Connection) -> None:
    """Raise if this connection cannot write. Changes nothing: the update is rolled back."""
    with conn.begin() as transaction:
        conn.execute(text("UPDATE schema_version SET version = version"))
        transaction.rollback()
