"""What newsbrief keeps: SQLModel tables, their queries, engine set-up and migrations."""

from storage.database import Database, make_engine
from storage.models import (
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
