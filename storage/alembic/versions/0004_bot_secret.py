"""Secrets the bot makes for itself (the reader link key), kept so restarts and processes agree.

Revision ID: 0004
Revises: 0003
FROZEN: never import storage.models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AWARE = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "bot_secret",
        sa.Column("name", sa.Text(), primary_key=True, nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", AWARE, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("newsbrief does not downgrade: restore the backup taken before")
