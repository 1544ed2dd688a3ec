"""The one rule for instants, in every package: an aware datetime, in UTC.

A leaf that imports only the standard library, so storage, fetching, extraction and the bot
alike may use it without depending on one another.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["as_utc"]


def as_utc(when: datetime) -> datetime:
    """`when` as an aware UTC datetime; a naive one is taken to be UTC already (SQLite's columns,
    feed and HTTP dates written without a zone)."""
    if when.utcoffset() is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)
