"""When a failing source began to fail (issue 12, point 2).

`source.failing_since` is the time of the first failure in the source's current run of
failures, cleared when a poll succeeds; it says since when the news cannot be reached.

Revision ID: 0005
Revises: 0004
FROZEN: never import storage.models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("source", sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("newsbrief does not downgrade: restore the backup taken before")
