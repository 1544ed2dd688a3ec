"""Archived copies of articles: the Wayback Machine's snapshots, looked up lazily and cached."""

from bot.archive.archive_links import ArchiveLinks
from bot.archive.availability import (
    UnreadableAnswer,
    ask_wayback,
    availability_url,
    parse_availability,
)

__all__ = [
    "ArchiveLinks",
    "UnreadableAnswer",
    "ask_wayback",
    "availability_url",
    "parse_availability",
]
