"""The schema as released at ledger version 9 (ff9fa41): where every database starts.

A fresh database gets it here; a database from the old ledger is brought to it by
storage.migrations_ledger and stamped with this revision.

Revision ID: 0001
Revises:
FROZEN: never import storage.models here.
"""

from __future__ import annotations

from alembic import op

from storage.alembic.released_schema import released_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    released_tables().create_all(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("newsbrief does not downgrade: restore the backup taken before")
