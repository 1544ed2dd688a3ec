"""What newsbrief keeps: SQLModel tables, their queries, engine set-up and migrations."""

import logging

# Alembic narrates every step at INFO, from import on; an upgrade logs its own one line.
logging.getLogger("alembic").setLevel(logging.WARNING)


from storage.database import Database, make_engine  # noqa: E402
from storage.models import (  # noqa: E402
    Article,
    Chat,
    Delivery,
    Source,
    Story,
    StoryFollow,
    StoryMute,
    StorySeen,
    Topic,
    TopicMatch,
)

__all__ = [
    "Article",
    "Chat",
    "Database",
    "Delivery",
    "Source",
    "Story",
    "StoryFollow",
    "StoryMute",
    "StorySeen",
    "Topic",
    "TopicMatch",
    "make_engine",
]
