"""The outbox's claims, on SQLite and PostgreSQL: no message taken twice, one chat in order,
abandoned work taken over, and what Telegram's refusals mean for a message."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import select
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.outcomes import Verdict, classify
from bot.delivery.pacing import SEND_TOLERANCE, TRIP_JITTER, backoff, chat_gap, slot_spacing
from storage import Article, Database
from storage import outbox as ob
from storage.models import Delivery, Outbox
from storage.queries import articles as articles_q

NOW = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def queue(db: Database, *chat_ids: int, articles: list[int] | None = None) -> None:
    rows = [
        {
            "chat_id": c,
            "kind": "digest",
            "html": f"to {c}",
            "article_ids": json.dumps(articles or []),
        }
        for c in chat_ids
    ]
    db.call_sync(ob.enqueue_many, rows, now=NOW)


def claim(db: Database, worker: str, limit: int = 10, now: datetime = NOW) -> list[ob.Claim]:
    return db.call_sync(
        ob.claim, worker, now=now, limit=limit, spacing=timedelta(seconds=0.1), lease=LEASE
    )


def test_two_workers_never_take_the_same_message(db: Database) -> None:
    queue(db, *range(1, 21))
    first = claim(db, "a", limit=8)
    second = claim(db, "b", limit=50)
    ids_a = {c.row.id for c in first}
    ids_b = {c.row.id for c in second}
    assert len(ids_a) == 8 and len(ids_b) == 12 and not ids_a & ids_b
    slots = sorted(c.slot for c in first + second)
    assert all(b - a == timedelta(seconds=0.1) for a, b in zip(slots, slots[1:], strict=False)), (
        "one pace for both: slots 1/rate apart"
    )


def test_one_chats_messages_go_one_at_a_time_in_order(db: Database) -> None:
    queue(db, 7, 7, 7, 8)
    (head7, head8) = claim(db, "a")
    assert head7.row.id is not None
    assert (head7.row.chat_id, head8.row.chat_id) == (7, 8)
    assert claim(db, "b") == [], "the next message to 7 waits for the first"
    assert db.call_sync(ob.start_sending, head7.row.id, "a", lease_until=NOW + LEASE)
    db.call_sync(ob.mark_sent, head7.row.id, now=NOW, message_id=1, gap=chat_gap(7))
    assert claim(db, "b") == [], "and then a second (the per-chat pace)"
    (second,) = claim(db, "b", now=NOW + timedelta(seconds=1))
    assert second.row.chat_id == 7 and second.row.id == head7.row.id + 1


def test_a_dead_workers_claims_are_taken_over_but_it_cannot_send_them(db: Database) -> None:
    queue(db, 1)
    (mine,) = claim(db, "dead")
    later = mine.slot + LEASE + timedelta(seconds=1)
    (taken,) = claim(db, "alive", now=later)
    assert taken.row.id == mine.row.id
    assert not db.call_sync(ob.start_sending, mine.row.id, "dead", lease_until=later + LEASE)
    assert db.call_sync(ob.start_sending, taken.row.id, "alive", lease_until=later + LEASE)


def test_a_message_left_on_the_wire_counts_as_delivered_and_is_never_resent(db: Database) -> None:
    stored = [
        db.call_sync(
            articles_q.add_article, Article(canonical_url=u, url=u, title=u, fetched_at=NOW)
        )
        for u in ("https://a.example/1", "https://a.example/2")
    ]
    ids = [a.id for a in stored if a is not None and a.id is not None]
    assert len(ids) == 2
    queue(db, 5, articles=ids)
    (c,) = claim(db, "dead")
    assert db.call_sync(ob.start_sending, c.row.id, "dead", lease_until=NOW + LEASE)
    assert db.call_sync(ob.recover_abandoned, now=NOW) == [], "its lease still runs"
    later = NOW + LEASE + timedelta(seconds=1)
    assert db.call_sync(ob.recover_abandoned, now=later, worker="dead") == [], (
        "a live process never takes its own requests for abandoned"
    )
    (recovered,) = db.call_sync(ob.recover_abandoned, now=later, worker="alive")
    assert recovered.status == "unknown"
    assert claim(db, "alive", now=NOW + timedelta(hours=1)) == []
    logged = db.call_sync(lambda s: sorted(d.article_id for d in s.exec(select(Delivery))))
    assert logged == sorted(ids), "its articles won't be offered again"


def test_a_429_for_everyone_pushes_every_slot_back(db: Database) -> None:
    queue(db, 1, 2)
    db.call_sync(ob.pause_all, NOW + timedelta(seconds=5))
    first, second = claim(db, "a")
    assert first.slot >= NOW + timedelta(seconds=5)
    statuses = db.call_sync(lambda s: [r.status for r in s.exec(select(Outbox))])
    assert statuses == ["claimed", "claimed"]


@pytest.mark.parametrize(
    ("error", "verdict"),
    [
        (RetryAfter(7), Verdict.RATE_LIMITED),
        (Forbidden("Forbidden: bot was blocked by the user"), Verdict.UNREACHABLE),
        (Forbidden("Forbidden: user is deactivated"), Verdict.UNREACHABLE),
        (BadRequest("Chat not found"), Verdict.UNREACHABLE),
        (BadRequest("Can't parse entities: unsupported start tag"), Verdict.REFUSED),
        (BadRequest("Message is too long"), Verdict.REFUSED),
        (ChatMigrated(-1001234), Verdict.MOVED),
        (NetworkError("Bad Gateway"), Verdict.RETRY),
        (RuntimeError("a bug"), Verdict.RETRY),
    ],
)
def test_what_each_refusal_means(error: Exception, verdict: Verdict) -> None:
    outcome = classify(error)
    assert outcome.verdict is verdict
    if verdict is Verdict.RATE_LIMITED:
        assert outcome.retry_after == 7
    if verdict is Verdict.MOVED:
        assert outcome.new_chat_id == -1001234


def test_a_timeout_is_retried_only_when_the_request_never_left() -> None:
    never_left = TimedOut()
    never_left.__cause__ = httpx.ConnectTimeout("connect")
    no_answer = TimedOut()
    no_answer.__cause__ = httpx.ReadTimeout("read")
    assert classify(never_left).verdict is Verdict.RETRY
    assert classify(no_answer).verdict is Verdict.UNCONFIRMED


def test_backoff_doubles_and_is_bounded() -> None:
    waits = [backoff(n).total_seconds() for n in range(1, 12)]
    assert waits[:4] == [1, 2, 4, 8] and max(waits) == 300
    assert chat_gap(42) == timedelta(seconds=1) and chat_gap(-100) == timedelta(seconds=3)


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("timedeltas", ["true", "false"])
def test_a_429_waits_as_long_as_asked_whichever_type_ptb_gives(
    timedeltas: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # newsbrief opts in to PTB's timedelta retry_after; an operator's PTB_TIMEDELTA=false
    # brings back the int.
    monkeypatch.setenv("PTB_TIMEDELTA", timedeltas)
    assert classify(RetryAfter(90)).retry_after == 90.0


def test_a_message_that_missed_its_slot_goes_back_for_a_fresh_one(db: Database) -> None:
    queue(db, 1, 2)
    late, on_time = claim(db, "a")
    assert db.call_sync(ob.start_sending, late.row.id, "a", lease_until=NOW + LEASE)
    assert db.call_sync(ob.requeue, late.row.id, "a", not_before=NOW)
    assert not db.call_sync(ob.requeue, on_time.row.id, "b", not_before=NOW), "not b's claim"
    (again,) = claim(db, "b")
    assert again.row.id == late.row.id
    assert again.slot > on_time.slot, "a fresh slot: the missed one is never used again"


def test_a_clean_stop_hands_back_what_never_left(db: Database) -> None:
    queue(db, 1, 2, 3)
    marked, waiting, sent = claim(db, "a")
    for c in (marked, sent):
        assert db.call_sync(ob.start_sending, c.row.id, "a", lease_until=NOW + LEASE)
    assert db.call_sync(ob.release_claims, "a", [marked.row.id]) == 2
    statuses = db.call_sync(lambda s: {r.id: r.status for r in s.exec(select(Outbox))})
    assert statuses == {marked.row.id: "pending", waiting.row.id: "pending", sent.row.id: "sending"}


def test_slots_keep_their_spacing_and_start_after_the_lead(db: Database) -> None:
    queue(db, 1, 2)
    spacing = timedelta(seconds=0.035)
    first, second = db.call_sync(
        ob.claim, "a", now=NOW, limit=5, spacing=spacing, lease=LEASE, lead=timedelta(seconds=1)
    )
    assert first.slot == NOW + timedelta(seconds=1) and second.slot - first.slot == spacing


@pytest.mark.parametrize("rate", [1, 9.5, 10, 28, 30, 100])
def test_no_second_at_telegram_can_hold_more_than_the_rate(rate: float) -> None:
    # Sends leave up to SEND_TOLERANCE after their slots and their trips differ by up to
    # TRIP_JITTER: one second at Telegram sees the slots of a span that much longer.
    span = 1 + SEND_TOLERANCE + TRIP_JITTER
    spacing = slot_spacing(rate).total_seconds()
    slots_in_span = math.ceil(round(span / spacing, 9))  # a half-open span of this length
    assert slots_in_span == math.floor(rate)
    assert 1 / spacing >= 0.93 * math.floor(rate), "and not much slower than that"
