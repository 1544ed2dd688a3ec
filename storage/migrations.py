"""Schema migrations: Alembic revisions (storage/alembic/versions), applied under one lock.

`upgrade` brings any database newsbrief ever created to this code's schema: a fresh one gets
every revision; one still on the old `schema_version` ledger (versions 1-9) first runs the
ledger's remaining frozen steps, is stamped with revision 0001 (the schema version 9 released)
and continues from there. On PostgreSQL all of it, the alembic_version table included, happens
in one transaction under an advisory lock: processes that start together wait for the first,
then find nothing left to do. A database newer than this code is refused, never touched.

Adding a schema change: edit storage/models.py, then
    newsbrief db revision "what changes"
writes storage/alembic/versions/NNNN_*.py from the difference between the models and the
configured (upgraded) database. Read it: write out anything it imports from storage, and make
server defaults portable (`sa.false()`, not the `'0'` SQLite renders); then commit it.
Released revisions are frozen: never edit one, add another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.migrations_ledger import (
    LAST_LEDGER_VERSION,
    finish_ledger,
    ledger_version,
    retire_ledger,
)

log = logging.getLogger(__name__)

# One key for every newsbrief process on the database (the value the ledger used too, so an
# old release starting beside a new one waits as well).
LOCK_KEY = 727274
RELEASED_REVISION = "0001"  # the schema ledger version 9 left behind


class SchemaError(Exception):
    """The database's schema and this code disagree; the message is one line for the operator."""


class SchemaNewer(SchemaError):
    """The database was upgraded by a newer newsbrief than this one."""


class SchemaBehind(SchemaError):
    """The database needs an upgrade and this process may not do it."""


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: an Alembic revision, an old ledger version, or nothing yet."""

    revision: str | None
    ledger: int | None
    has_tables: bool

    def describe(self) -> str:
        if self.revision:
            return f"revision {self.revision}"
        if self.ledger is not None:
            return f"ledger version {self.ledger} (before Alembic)"
        return "empty" if not self.has_tables else "unversioned tables"


@dataclass(frozen=True)
class Upgrade:
    before: SchemaState
    after: SchemaState

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "storage:alembic")
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def schema_state(conn: Connection) -> SchemaState:
    tables = set(inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in tables:
        revision = MigrationContext.configure(conn).get_current_revision()
    return SchemaState(
        revision=revision,
        ledger=ledger_version(conn),
        has_tables=bool(tables - {"alembic_version"}),
    )


def _refuse_newer(state: SchemaState) -> None:
    newer = (state.ledger is not None and state.ledger > LAST_LEDGER_VERSION) or (
        state.revision is not None and state.revision not in _known_revisions()
    )
    if newer:
        raise SchemaNewer(
            f"the database schema ({state.describe()}) is newer than this newsbrief "
            f"(head {head_revision()}): run the newsbrief release that upgraded it, "
            "or restore the backup taken before that upgrade"
        )


def _at_head(state: SchemaState) -> bool:
    return state.revision == head_revision() and state.ledger is None


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction that holds the migration lock (PostgreSQL)."""
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it; the copy must not trip foreign keys midway.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    # pysqlite opens transactions lazily, for DML only: begin one ourselves so
                    # a failed upgrade (the table copies too) leaves the file as it was.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                if engine.dialect.name == "postgresql":
                    # Several processes may start at once: one migrates, the others wait here.
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
                yield conn
        finally:
            if sqlite:
                conn.rollback()  # whatever the failed step left open
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def upgrade(engine: Engine) -> Upgrade:
    """Bring the database to this code's head revision; refuse one that is newer (SchemaNewer)."""
    with _locked(engine) as conn:
        before = schema_state(conn)
        _refuse_newer(before)
        if _at_head(before):
            return Upgrade(before, before)
        if before.ledger is None and before.revision is None and before.has_tables:
            raise SchemaError(
                "the database has tables but no schema version: it was not made by newsbrief"
            )
        config = alembic_config(conn)
        if before.ledger is not None and before.revision is None:
            finish_ledger(conn, before.ledger)
            command.stamp(config, RELEASED_REVISION)
        elif before.ledger is not None:
            # An old release started beside this one and wrote its ledger again: already on
            # Alembic, so the ledger is only dropped.
            retire_ledger(conn)
        command.upgrade(config, "head")
        after = schema_state(conn)
    log.info("database schema upgraded from %s to %s", before.describe(), after.describe())
    return Upgrade(before, after)


def ensure_current(engine: Engine) -> SchemaState:
    """Check, without changing anything, that the database is at this code's head revision."""
    with engine.connect() as conn:
        state = schema_state(conn)
    _refuse_newer(state)
    if not _at_head(state):
        raise SchemaBehind(
            f"the database schema ({state.describe()}) needs an upgrade to revision "
            f"{head_revision()}: back it up, then run `newsbrief db upgrade`"
        )
    return state


def differences(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate finds between today's models and the database (empty: none)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    return [d for d in diff if not _is_version_table(d)]


def _is_version_table(diff: Any) -> bool:
    # The version table is Alembic's, not one of our models.
    return (
        isinstance(diff, tuple) and diff[0] == "remove_table" and diff[1].name == "alembic_version"
    )
