"""What the bot sends on its own goes through the outbox: paced, once, and Telegram's "no" obeyed.

The real bot runs against the fake Telegram; digests are seeded straight into the database so
each test is about delivery, not matching.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from sqlmodel import select

from bot.briefings import Message
from bot.clock import Clock
from bot.delivery.queue import queue_messages
from storage.models import Delivery, MissedDigest, Outbox, Topic
from storage.queries import chats as chats_q
from tests.fixtures.digest_chats import seed_digest_chats
from tests.fixtures.harness import START, running_bot, settings_for

A, B, GROUP, SUPERGROUP = 2001, 2002, -3001, -1000000003001


def rows(bot, model, *where):  # type: ignore[no-untyped-def]
    return bot.services.db.run(lambda s: list(s.exec(select(model).where(*where))))


async def wait_until(condition, within: float = 8.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within
    while not await condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_a_digest_goes_out_once_and_is_logged(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        seed_digest_chats(bot.services.db, [A], due_at=START - timedelta(minutes=1), now=START)
        (digest,) = await tg.wait_for(A, timeout=8)
        assert "Ceasefire talks resume in Istanbul" in digest.text
        await asyncio.sleep(1.0)  # more ticks: nothing new, nothing again
        await bot.advance(timedelta(days=1))
        await asyncio.sleep(1.0)
        assert tg.messages_to(A) == [digest]
        (row,) = await rows(bot, Outbox)
        assert (row.status, row.message_id) == ("sent", digest.message_id)
        logged = await rows(bot, Delivery, Delivery.chat_id == A)
        assert [d.kind for d in logged] == ["digest"]
        chat = await bot.services.db.run(chats_q.get_chat, A)
        assert chat.next_digest_at > clock.now()
    assert tg.errors == []


async def test_a_429_pauses_only_that_chat(tg, site, clock, sqlite_url):
    tg.rate_limit(2, chat_id=A)
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        seed_digest_chats(bot.services.db, [A, B], due_at=START - timedelta(minutes=1), now=START)
        (for_b,) = await tg.wait_for(B, timeout=8)
        started = time.monotonic()
        (for_a,) = await tg.wait_for(A, timeout=8)
        assert time.monotonic() - started > 1.0, "A waited out retry_after"
        assert tg.messages.index(for_b) < tg.messages.index(for_a), "B was not held up"
        assert len(tg.messages_to(A)) == 1
        assert [e[1] for e in tg.errors] == [429]


async def test_a_blocked_chat_is_switched_off_and_its_queue_dropped(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        tg.user_says(A, "hello")  # the chat exists at Telegram
        tg.block(A, notify=False)
        seed_digest_chats(bot.services.db, [A, B], due_at=START - timedelta(minutes=1), now=START)
        await tg.wait_for(B, timeout=8)

        async def off() -> bool:
            chat = await bot.services.db.run(chats_q.get_chat, A)
            return not chat.active

        await wait_until(off)
        (row,) = await rows(bot, Outbox, Outbox.chat_id == A)
        assert row.status == "failed" and "blocked" in row.last_error
        assert await rows(bot, Delivery, Delivery.chat_id == A) == []
        tried = sum(
            1 for name, p in tg.calls if name == "sendMessage" and str(p["chat_id"]) == str(A)
        )
        await bot.advance(timedelta(days=1), settle=1.0)  # its schedule has stopped
        assert (
            sum(1 for n, p in tg.calls if n == "sendMessage" and str(p["chat_id"]) == str(A))
            == tried
        )


async def test_a_group_that_became_a_supergroup_gets_its_digest_there(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        tg.user_says(GROUP, "hello", chat_type="group")
        tg.migrate(GROUP, SUPERGROUP)
        seed_digest_chats(bot.services.db, [GROUP], due_at=START - timedelta(minutes=1), now=START)
        await bot.services.db.run(
            chats_q.update_chat, GROUP, digest_days="12345", language="de", nothing_new_note=True
        )
        (digest,) = await tg.wait_for(SUPERGROUP, timeout=8)
        assert "Istanbul" in digest.text
        assert tg.messages_to(GROUP) == []
        moved = await bot.services.db.run(chats_q.get_chat, SUPERGROUP)
        assert moved.active and moved.kind == "supergroup"
        # Its whole schedule and search settings came along.
        assert (moved.digest_days, moved.language, moved.nothing_new_note) == ("12345", "de", True)
        assert not (await bot.services.db.run(chats_q.get_chat, GROUP)).active
        (topic,) = await rows(bot, Topic, Topic.chat_id == SUPERGROUP)
        assert topic.query == "Istanbul talks"

        async def logged() -> bool:
            return len(await rows(bot, Delivery, Delivery.chat_id == SUPERGROUP)) == 1

        await wait_until(logged)


async def test_server_errors_are_retried_with_backoff(tg, site, clock, sqlite_url):
    tg.fail_with(502, times=2)
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        seed_digest_chats(bot.services.db, [A], due_at=START - timedelta(minutes=1), now=START)
        await tg.wait_for(A, timeout=10)

        async def sent() -> bool:
            return [r.status for r in await rows(bot, Outbox)] == ["sent"]

        await wait_until(sent)
        (row,) = await rows(bot, Outbox)
        assert row.attempts == 2, "two failed tries, then sent"
        assert len(tg.messages_to(A)) == 1


async def test_it_gives_up_after_the_bounded_tries_and_records_why(tg, site, clock, sqlite_url):
    tg.fail_with(500, times=50)
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_SEND_ATTEMPTS=2)
    async with running_bot(tg, site, settings, clock) as bot:
        seed_digest_chats(bot.services.db, [A], due_at=START - timedelta(minutes=1), now=START)

        async def given_up() -> bool:
            return [r.status for r in await rows(bot, Outbox)] == ["failed"]

        await wait_until(given_up)
        (row,) = await rows(bot, Outbox)
        assert "gave up after 2 tries" in row.last_error
        assert tg.messages_to(A) == []
        assert await rows(bot, Delivery) == [], "the articles can come in the next digest"


async def test_digests_missed_while_down_are_sent_within_grace_else_noted(
    tg, site, clock, sqlite_url
):
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_DIGEST_GRACE_MINUTES=60)
    # Written before the bot starts: as if it had been down when these fell due.
    from storage import Database

    db = Database(sqlite_url)
    db.migrate()
    seed_digest_chats(db, [A], due_at=START - timedelta(minutes=30), now=START)
    seed_digest_chats(db, [B], due_at=START - timedelta(hours=3), now=START)
    db.close()
    async with running_bot(tg, site, settings, clock) as bot:
        await tg.wait_for(A, timeout=8)
        await asyncio.sleep(1.0)
        assert tg.messages_to(B) == []
        (missed,) = await rows(bot, MissedDigest)
        assert missed.chat_id == B
        chat_b = await bot.services.db.run(chats_q.get_chat, B)
        assert chat_b.next_digest_at > clock.now(), "B's next digest is scheduled as usual"


async def test_one_chats_messages_come_in_order_a_second_apart(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        parts = [(A, Message(f"Part <b>{n}</b> of three")) for n in (1, 2, 3)]
        await bot.services.db.run(queue_messages, parts, kind="alert", now=Clock().now())
        await tg.wait_for(A, timeout=8)
        first_at = time.monotonic()
        await tg.wait_for(A, timeout=8)
        assert time.monotonic() - first_at >= 0.9, "about one message a second to a chat"
        await tg.wait_for(A, timeout=8)
        assert [m.text for m in tg.messages_to(A)] == [f"Part {n} of three" for n in (1, 2, 3)]
    assert tg.errors == []


async def test_the_whole_bot_stays_under_the_send_rate(tg, site, clock, sqlite_url):
    tg.flood_limit = 10
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_SEND_RATE=9)
    chats = list(range(5001, 5025))
    async with running_bot(tg, site, settings, clock) as bot:
        seed_digest_chats(bot.services.db, chats, due_at=START - timedelta(minutes=1), now=START)
        started = time.monotonic()

        async def all_sent() -> bool:
            return len(tg.messages) >= len(chats)

        await wait_until(all_sent, within=12)
        elapsed = time.monotonic() - started
        assert elapsed > (len(chats) - 10) / 9, "paced, not a burst"
        assert sorted(m.chat_id for m in tg.messages) == chats, "each chat exactly once"
    assert tg.errors == [], "no 429 from the flood limit"
