"""What a button acts on, and questions awaiting an answer (issue 10, points 5-6).

`button_payload` keeps what does not fit in a button's 64 bytes of callback_data (the words of
a search to follow), valid only in its chat; `pending_prompt` is a question the bot asked one
person in a chat ("Which city?"), kept here so a restart cannot lose it.

Revision ID: 0003
Revises: 0002
FROZEN: never import storage.models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

AWARE = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "button_payload",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", AWARE, nullable=False),
    )
    op.create_index("ix_button_payload_chat_id", "button_payload", ["chat_id"])
    op.create_index("ix_button_payload_created_at", "button_payload", ["created_at"])
    op.create_table(
        "pending_prompt",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("awaiting", sa.Text(), nullable=False),
        sa.Column("target_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", AWARE, nullable=False),
        sa.UniqueConstraint("chat_id", "user_id", name="uq_pending_prompt"),
    )


def downgrade() -> None:
    raise NotImplementedError("newsbrief does not downgrade: restore the backup taken before")
