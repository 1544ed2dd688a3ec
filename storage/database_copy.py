"""Move a bot's data to another database (SQLite to PostgreSQL, to outgrow one process).

Every table the models know is copied row for row, parents before children, in one
transaction on the target: chats, topics, sources, stories, articles, matches, deliveries,
follows, mutes, the outbox... The target must be empty; it is upgraded to this code's schema
first. Afterwards each id sequence continues after the largest copied id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage import migrations

BATCH_ROWS = 2000


class CopyRefused(Exception):
    """The copy cannot start; the message is one line for the operator."""


def copy_database(
    source: Engine, target: Engine, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every table from `source` (at this code's schema) into the empty `target`.

    Returns the rows copied per table. Nothing is written to `target` but its schema unless
    every row made it (one transaction)."""
    if source.url == target.url:
        raise CopyRefused("the source and the target are the same database")
    migrations.ensure_current(source)
    migrations.upgrade(target)
    tables = SQLModel.metadata.sorted_tables  # parents first: foreign keys hold at every row
    with target.connect() as conn:
        filled = [
            t.name for t in tables if conn.execute(select(func.count()).select_from(t)).scalar()
        ]
    if filled:
        raise CopyRefused(f"the target database is not empty (rows in: {', '.join(filled)})")
    copied: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        for table in tables:
            rows = src.execution_options(yield_per=BATCH_ROWS).execute(
                select(table).order_by(*table.primary_key.columns)
            )
            count = 0
            for batch in rows.partitions():
                dst.execute(insert(table), [dict(row._mapping) for row in batch])
                count += len(batch)
            copied[table.name] = count
            if progress:
                progress(table.name, count)
        if target.dialect.name == "postgresql":
            _continue_sequences(dst, tables)
    return copied


def _continue_sequences(conn: Connection, tables: Sequence[Table]) -> None:
    """Rows came with their ids: each serial sequence must start after the largest of them."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            conn.execute(
                text(
                    f"SELECT setval(:sequence, COALESCE(MAX({column.name}), 1), "
                    f"MAX({column.name}) IS NOT NULL) FROM {table.name}"
                ),
                {"sequence": sequence},
            )
