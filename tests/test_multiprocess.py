"""Three worker processes on one PostgreSQL database split the work and never double-send.

Real `newsbrief run --role worker` processes against the fake Telegram and the local news
site: 1,000 chats with a digest due, 30 feeds due for a poll. Every digest arrives exactly once,
every feed is fetched exactly once, and each process sends a fair share.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from storage import Database
from storage.models import Outbox
from tests.fakes import FakeTelegram
from tests.fixtures.digest_chats import seed_digest_chats
from tests.fixtures.processes import BotProcess, bot_env, quiet
from tests.newssite import NewsSite

CHATS = list(range(10_001, 11_001))
FEEDS = [f"/feeds/{n}.xml" for n in range(30)]


async def test_three_workers_send_every_digest_once_and_share_the_work(
    tg: FakeTelegram, site: NewsSite, postgres_url: str, tmp_path: Path
) -> None:
    feeds = [site.add_feed(path, [], title=f"Feed {n}") for n, path in enumerate(FEEDS)]
    db = Database(postgres_url)
    db.migrate()
    env = bot_env(tg, postgres_url, NEWSBRIEF_SEND_RATE=100, NEWSBRIEF_FEEDS=",".join(feeds))
    workers = [BotProcess(env, "worker", tmp_path / f"worker{n}.log") for n in range(3)]
    for worker in workers:
        worker.start()
    try:
        await asyncio.gather(*(w.wait_healthy(within=90) for w in workers))
        now = datetime.now(UTC)
        seed_digest_chats(db, CHATS, due_at=now - timedelta(minutes=1), now=now)
        deadline = asyncio.get_running_loop().time() + 120
        while len({m.chat_id for m in tg.messages}) < len(CHATS):
            assert asyncio.get_running_loop().time() < deadline, (
                f"{len(tg.messages)} sent\n" + "\n".join(w.tail(8) for w in workers)
            )
            await asyncio.sleep(0.2)
        await quiet(workers, db)  # every process looked again: still nothing twice
    finally:
        statuses = [w.stop() for w in workers]
    assert statuses == [0, 0, 0], "\n".join(w.tail() for w in workers)

    per_chat = Counter(m.chat_id for m in tg.messages)
    assert set(per_chat) == set(CHATS)
    assert max(per_chat.values()) == 1, "no chat got its digest twice"
    assert all(site.hits[path] == 1 for path in FEEDS), {p: site.hits[p] for p in FEEDS}

    senders = Counter(db.call_sync(lambda s: [r.claimed_by for r in s.exec(select(Outbox))]))
    assert len(senders) == 3, senders
    assert min(senders.values()) >= len(CHATS) // 10, f"the work is shared: {senders}"
    assert tg.errors == []
    db.close()
