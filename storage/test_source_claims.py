"""Claiming due sources on SQLite and PostgreSQL: in turns across the chats that added them, a
chat never holding more than its share, no source claimed twice while its lease runs, and
processes claiming at once splitting the sources."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col

from storage import Database, Source
from storage.queries import sources as sources_q

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)
GREEDY, MODEST = 501, 502


def add(db: Database, chat_id: int, url: str, due: datetime) -> int:
    source, _ = db.call_sync(
        sources_q.link_chat_source, chat_id, url, None, now=NOW, first_poll_at=due
    )
    assert source.id is not None
    return source.id


@pytest.fixture
def sources(db: Database) -> dict[str, list[int]]:
    """GREEDY's 10 sources are all more overdue than anyone else's."""
    greedy = [
        add(db, GREEDY, f"https://greedy.example/{n}.xml", NOW - timedelta(hours=2, minutes=n))
        for n in range(10)
    ]
    modest = [add(db, MODEST, "https://modest.example/feed.xml", NOW - timedelta(minutes=5))]
    db.call_sync(
        sources_q.ensure_sources,
        [("https://wire.example/a.xml", "Wire A"), ("https://wire.example/b.xml", "Wire B")],
        builtin=True,
    )
    bot = [source_id(db, f"https://wire.example/{name}.xml") for name in "ab"]
    due = {bot[0]: NOW - timedelta(minutes=30), bot[1]: NOW - timedelta(minutes=1)}
    for bot_source, at in due.items():
        db.call_sync(
            lambda s, i=bot_source, t=at: s.execute(
                update(Source).where(col(Source.id) == i).values(next_poll_at=t)
            )
        )
    return {"greedy": greedy, "modest": modest, "bot": bot}


def source_id(db: Database, url: str) -> int:
    source = db.call_sync(sources_q.source_by_url, url)
    assert source is not None and source.id is not None
    return source.id


def claim(db: Database, limit: int, **kw: object) -> list[int]:
    return [s.id or 0 for s in db.call_sync(sources_q.claim_due_sources, NOW, LEASE, limit, **kw)]


def test_sources_are_claimed_in_turns_across_the_chats_that_added_them(db, sources) -> None:
    greedy, modest, bot = sources["greedy"], sources["modest"], sources["bot"]
    # Each owner's most overdue first (the longest-waiting owner leads), then second turns.
    assert claim(db, 4) == [greedy[9], bot[0], modest[0], greedy[8]]
    assert claim(db, 3) == [greedy[7], bot[1], greedy[6]], "claimed ones are not claimed twice"
    assert len(claim(db, 100)) == 6 and claim(db, 100) == []
    later = db.call_sync(sources_q.claim_due_sources, NOW + LEASE, LEASE, 100)
    assert len(later) == 13, "the lease ended (a process died mid-poll): due again"


def test_a_chat_gets_no_more_than_its_share_of_the_slots(db, sources) -> None:
    greedy, modest, bot = sources["greedy"], sources["modest"], sources["bot"]
    first = claim(db, 16, per_owner=2)
    assert first == [greedy[9], bot[0], modest[0], greedy[8], bot[1]]
    # GREEDY's two are still in flight: none of its eight others is claimed meanwhile.
    assert claim(db, 16, per_owner=2, busy={GREEDY: 2, sources_q.BOT_OWNER: 2, MODEST: 1}) == []
    # One of them is done: one more of GREEDY's, however many it has due.
    assert claim(db, 16, per_owner=2, busy={GREEDY: 1, MODEST: 1}) == [greedy[7]]


def test_processes_claiming_at_once_never_take_the_same_source(postgres_url: str) -> None:
    """Two processes' claims at the same moment (PostgreSQL, where processes share a database)."""
    databases = [Database(postgres_url) for _ in range(2)]
    databases[0].migrate()
    try:
        for chat in range(20):
            for n in range(3):
                add(databases[0], 600 + chat, f"https://c{chat}.example/{n}.xml", NOW)
        start = threading.Barrier(2)

        def claim_all(database: Database) -> list[int]:
            start.wait()
            taken: list[int] = []
            while claimed := claim(database, 4, per_owner=1):
                taken += claimed
                time.sleep(0.02)  # starting the polls: the other process claims meanwhile
            return taken

        with ThreadPoolExecutor(2) as pool:
            first, second = pool.map(claim_all, databases)
        assert first and second, "both processes got work"
        assert not set(first) & set(second)
        assert len(first) + len(second) == 60
    finally:
        for database in databases:
            database.close()
