"""/stats reads the whole bot from the database: chats, the outbox and how late digests are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from bot.clock import Clock, ManualClock
from bot.ops.stats import stats_message
from storage import Database
from storage import outbox as ob
from storage.queries import chats as chats_q
from tests.fixtures.chats import add_chat

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


async def test_an_empty_bot_says_so(db: Database) -> None:
    text = (await stats_message(db, ManualClock(NOW), "all")).html
    assert "Chats: 0 active of 0" in text
    assert "Last successful poll: never" in text
    assert "Waiting 0, claimed 0, on the wire 0" in text
    assert "Most overdue: 0 s late" in text


async def test_chats_the_outbox_and_an_overdue_digest_are_counted(db: Database) -> None:
    add_chat(db, 1, NOW, next_digest_at=NOW - timedelta(minutes=5))  # due, not yet queued
    add_chat(db, 2, NOW, next_digest_at=NOW + timedelta(hours=1))
    add_chat(db, 3, NOW)
    db.call_sync(chats_q.deactivate_chat, 3)
    real_now = Clock().now()  # the outbox is dated by real time

    def queue_two_send_one(s: Session) -> None:
        sent = ob.enqueue(s, 2, kind="digest", html="sent", now=real_now)
        ob.enqueue(s, 2, kind="digest", html="waiting", now=real_now)
        s.flush()
        assert sent.id is not None
        sent.status = "sending"  # as the sender leaves it just before the request
        ob.mark_sent(s, sent.id, now=real_now, message_id=7, gap=timedelta(seconds=1))

    db.call_sync(queue_two_send_one)
    text = (await stats_message(db, ManualClock(NOW), "worker")).html
    assert "Chats: 2 active of 3" in text
    assert "Waiting 1, claimed 0, on the wire 0" in text
    assert "Last 24 h: 1 sent, 0 failed, 0 dropped, 0 unconfirmed" in text
    assert "Most overdue: 300 s late" in text
    assert "this process: worker" in text


async def test_the_role_is_escaped(db: Database) -> None:
    text = (await stats_message(db, ManualClock(NOW), "<b>all</b>")).html
    assert "this process: &lt;b&gt;all&lt;/b&gt;" in text
