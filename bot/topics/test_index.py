"""The topic index a process starts with: every active chat's topics, read in pages."""

import asyncio
from datetime import UTC, datetime

import pytest

from bot.topics import index as topic_index
from bot.topics.index import TopicIndex
from storage import Article, Database
from storage.queries import chats as chats_q
from storage.queries import topics as topics_q
from tests.fixtures.chats import add_chat

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_reload_reads_every_active_topic_across_pages(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url)
    db.migrate()
    chats = {
        101: ["Istanbul talks", "ECB rates -crypto"],
        102: ["Chile earthquake"],
        103: ["Istanbul talks"],
    }
    ids = {}
    for chat_id, queries in chats.items():
        add_chat(db, chat_id, NOW)
        for text in queries:
            topic = db.call_sync(topics_q.add_topic, chat_id, text, text.lower(), NOW)
            ids[(chat_id, text)] = topic.id
    db.call_sync(chats_q.deactivate_chat, 103)  # blocked the bot: its topics are not matched

    monkeypatch.setattr(topic_index, "RELOAD_PAGE", 2)
    index = TopicIndex()
    asyncio.run(index.reload(db))
    assert len(index) == 3

    talks = Article(
        id=1,
        canonical_url="https://a.example/1",
        url="https://a.example/1",
        title="Istanbul talks resume",
        text="Delegations of Pakistan and Afghanistan met in Istanbul for talks.",
        fetched_at=NOW,
    )
    assert index.match(talks) == [(ids[(101, "Istanbul talks")], 101)]
    db.close()
