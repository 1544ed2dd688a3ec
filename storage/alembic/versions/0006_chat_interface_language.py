"""The language the bot speaks in a chat (issue 13).

`chat.interface_language` is an interface language code (bot.i18n.LOCALES). New chats start
with NULL and take the first person's Telegram language; chats that existed before spoke
English, so they keep it.

Revision ID: 0006
Revises: 0005
FROZEN: never import storage.models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chat", sa.Column("interface_language", sa.String(), nullable=True))
    op.execute("UPDATE chat SET interface_language = 'en'")


def downgrade() -> None:
    raise NotImplementedError("newsbrief does not downgrade: restore the backup taken before")
