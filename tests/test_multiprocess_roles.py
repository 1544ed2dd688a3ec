"""Roles: an `updates` bot talks to people, a `worker` bot does the work, sharing one database.

Both run in this process here (a real split is in test_multiprocess.py); what matters is that
the updates bot never sends on its own, the worker never takes updates, and a topic followed
through the one reaches the other's matcher.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from telegram.ext import Application

from bot.app import build_application
from bot.services import Services
from bot.topics import TopicIndex
from bot.topics.sync import TopicSync
from storage import Database
from storage.queries import topics as topics_q
from tests.fixtures.digest_chats import seed_digest_chats
from tests.fixtures.harness import START, settings_for

CHAT, OTHER = 5101, 5102


@asynccontextmanager
async def bot_in_role(settings, clock, role: str) -> AsyncIterator[Application]:  # type: ignore[no-untyped-def]
    app = build_application(settings, clock=clock, role=role)
    async with app:
        assert app.post_init is not None and app.post_shutdown is not None
        await app.post_init(app)
        await app.start()
        if app.updater is not None:
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            if app.updater is not None:
                await app.updater.stop()
            await app.stop()
            await app.post_shutdown(app)


async def test_updates_and_worker_roles_split_the_job(tg, clock, database_url):
    front = settings_for(tg, database_url, [])
    back = settings_for(tg, database_url, [])
    async with bot_in_role(front, clock, "updates") as updates:
        async with bot_in_role(back, clock, "worker") as worker:
            assert worker.updater is None and not worker.handlers
            assert updates.bot_data["ops"].sender is None
            tg.user_says(CHAT, "/subscribe Istanbul talks")
            (confirm,) = await tg.wait_for(CHAT)
            assert "You now follow" in confirm.text

            # The worker's matcher learns the topic at its next poll tick.
            worker_services: Services = worker.bot_data["services"]
            (topic,) = await worker_services.db.run(topics_q.list_topics, CHAT)
            for _ in range(50):
                if topic.id in worker_services.topics:
                    break
                await asyncio.sleep(0.1)
            assert topic.id in worker_services.topics

            # What the bot sends on its own goes out through the worker.
            seed_digest_chats(
                worker_services.db, [OTHER], due_at=START - timedelta(minutes=1), now=START
            )
            (digest,) = await tg.wait_for(OTHER, timeout=8)
            assert "Istanbul" in digest.text
    assert tg.errors == []


async def test_topic_sync_applies_other_processes_changes(database_url):
    db = Database(database_url)
    db.migrate()
    from tests.fixtures.harness import START as now

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
