"""Channel links on both backends: one managed channel per user, links that come and go."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage import Database
from storage import channel_links as links
from tests.fixtures.chats import add_chat

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
ADMIN = 601
DAILY, EVENING = -1003000000001, -1003000000002


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    database.migrate()
    for chat_id, title in ((DAILY, "Daily Wire"), (EVENING, "Evening Wire")):
        add_chat(database, chat_id, NOW, kind="channel", title=title, next_digest_at=NOW)
    yield database
    database.close()


def managed(db: Database) -> int | None:
    found = db.call_sync(links.managed_link, ADMIN)
    return None if found is None else found[1].id


def test_the_last_connected_channel_is_managed_and_switching_keeps_one(db: Database) -> None:
    db.call_sync(links.link_channel, ADMIN, DAILY, NOW)
    db.call_sync(links.link_channel, ADMIN, EVENING, NOW)
    db.call_sync(links.link_channel, ADMIN, EVENING, NOW)  # again: still one link
    assert [c.title for _, c in db.call_sync(links.links_of, ADMIN)] == [
        "Daily Wire",
        "Evening Wire",
    ]
    assert managed(db) == EVENING
    db.call_sync(links.set_managing, ADMIN, DAILY)
    assert managed(db) == DAILY
    assert [link.managing for link, _ in db.call_sync(links.links_of, ADMIN)] == [True, False]
    db.call_sync(links.set_managing, ADMIN, None)
    assert managed(db) is None
    assert db.call_sync(links.set_managing, ADMIN, -1009999999999) is None, "not connected"


def test_unlinking_forgets_only_that_channel(db: Database) -> None:
    db.call_sync(links.link_channel, ADMIN, DAILY, NOW)
    db.call_sync(links.link_channel, ADMIN, EVENING, NOW)
    assert db.call_sync(links.unlink_channel, ADMIN, EVENING)
    assert not db.call_sync(links.unlink_channel, ADMIN, EVENING)
    assert managed(db) is None, "the managed one is gone: back to the user's own chat"
    assert [c.id for _, c in db.call_sync(links.links_of, ADMIN)] == [DAILY]
