"""One schema however the database got here: aware times everywhere, the same server defaults.

Databases in the field differ at ledger version 9. A column added by a ledger step is
`timestamp without time zone` (article.archive_checked_at), and SQLModel releases before its
switch to aware datetimes made every datetime column so; columns added by ALTER TABLE carry
server defaults that freshly created tables lack. This revision makes every datetime column
`timestamp with time zone` on PostgreSQL and DATETIME on SQLite (UTC text, unchanged), and
gives the six settings columns that old rows rely on the same server defaults everywhere.

A naive PostgreSQL value is the local time, in the session's TimeZone, of the aware instant the
bot wrote; it is converted back with that zone (UTC on a default server: taken as UTC).

Revision ID: 0002
Revises: 0001
FROZEN: never import storage.models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DATETIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "article": ("published_at", "fetched_at", "archive_checked_at"),
    "channellink": ("connected_at", "checked_at"),
    "chat": ("next_digest_at", "last_digest_at", "created_at"),
    "chatsource": ("added_at",),
    "delivery": ("sent_at",),
    "misseddigest": ("due_at", "noted_at"),
    "outbox": ("not_before", "claim_until", "created_at", "sent_at"),
    "sendpace": ("next_at",),
    "source": ("last_polled_at", "last_success_at", "next_poll_at"),
    "sourcemute": ("until",),
    "story": ("first_seen", "last_updated"),
    "storyalert": ("sent_at",),
    "storyfollow": ("last_update_at", "created_at"),
    "storymute": ("until",),
    "storyseen": ("seen_at",),
    "topic": ("created_at",),
    "topicmatch": ("matched_at",),
}

SERVER_DEFAULTS: dict[str, dict[str, sa.TextClause | sa.sql.elements.False_]] = {
    "chat": {
        "digest_frequency": sa.text("'daily'"),
        "digest_days": sa.text("'1234567'"),
        "weekly_day": sa.text("1"),
        "nothing_new_note": sa.false(),
    },
    "source": {"kind": sa.text("'feed'")},
    "topic": {"instant": sa.false()},
}

AWARE = sa.DateTime(timezone=True)


def _naive_columns(bind: sa.Connection, table: str) -> list[str]:
    """The datetime columns of `table` not yet stored the aware way on this database."""
    wanted = AWARE.compile(dialect=bind.dialect)
    declared = {c["name"]: c["type"] for c in sa.inspect(bind).get_columns(table)}
    return [
        name
        for name in DATETIME_COLUMNS[table]
        if declared[name].compile(dialect=bind.dialect) != wanted
    ]


def upgrade() -> None:
    bind = op.get_bind()
    tables = sorted(set(DATETIME_COLUMNS) | set(SERVER_DEFAULTS))
    for table in tables:
        naive = _naive_columns(bind, table) if table in DATETIME_COLUMNS else []
        defaults = SERVER_DEFAULTS.get(table, {})
        if not naive and not defaults:
            continue
        if bind.dialect.name == "postgresql":
            for column in naive:
                op.alter_column(
                    table,
                    column,
                    type_=AWARE,
                    # The bot wrote aware instants; PostgreSQL stored them in a naive column as
                    # the session's local time. Read them back in that zone (the server's and
                    # role's default, the same for this session as for the ones that wrote).
                    postgresql_using=f"{column} AT TIME ZONE current_setting('TimeZone')",
                )
            for column, default in defaults.items():
                op.alter_column(table, column, server_default=default)
        else:
            # SQLite cannot alter a column: the batch copies the table (rows, indexes, keys).
            with op.batch_alter_table(table, recreate="always") as batch:
                for column in naive:
                    batch.alter_column(column, type_=AWARE)
                for column, default in defaults.items():
                    batch.alter_column(column, server_default=default)


def downgrade() -> None:
    raise NotImplementedError("newsbrief does not downgrade: restore the backup taken before")
