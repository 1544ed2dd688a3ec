"""Each process's topic index follows the topics other processes add and remove."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.topics import TopicIndex
from bot.topics.sync import TopicSync
from storage import Database
from storage.queries import topics as topics_q
from tests.fixtures.digest_chats import seed_digest_chats

CHAT, OTHER = 5101, 5102


async def test_topic_sync_applies_other_processes_changes(database_url):
    now = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    db = Database(database_url)
    db.migrate()
    seed_digest_chats(db, [CHAT, OTHER], due_at=now, now=now)
    index, sync = TopicIndex(), TopicSync()
    assert await sync.refresh(index, db) == 2
    assert await sync.refresh(index, db) == 0, "nothing changed: one cheap query, no diff"

    first = db.call_sync(topics_q.list_topics, CHAT)[0]
    db.call_sync(topics_q.remove_topic, CHAT, first.id)
    added = db.call_sync(topics_q.add_topic, OTHER, "ECB rates", "ecb rates", now)
    assert await sync.refresh(index, db) == 2
    assert first.id not in index and added.id in index
    db.close()
