"""Is the database's schema the one this code needs, and may we write to it?

Kept apart so that it follows the migration tool in one place: Alembic's revision in the
database against this code's head (storage/migrations.py).
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from storage.migrations import SchemaBehind, SchemaNewer, ensure_current


def schema_problem(engine: Engine) -> tuple[str, str] | None:
    """None when the schema is current; else (what was found, how to fix it)."""
    try:
        ensure_current(engine)
    except SchemaNewer as exc:
        return str(exc), "install the newsbrief version that wrote this database"
    except SchemaBehind as exc:
        return str(exc), "start the bot once or run `newsbrief db upgrade` (back up first)"
    return None


def probe_write(engine: Engine) -> None:
    """Raise if this database cannot be written. Changes nothing: the update is rolled back."""
    with engine.connect() as conn, conn.begin() as transaction:
        conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        transaction.rollback()
