"""The outbox's queries: queue a message, claim ready ones across processes, record what happened.

A message moves pending → claimed → sending → sent, each step one short transaction. Claims use
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so processes never take the same row; on SQLite
(one process) the guarded UPDATEs alone decide. Every transition checks the state it expects, so
a process that lost its claim (its lease ran out and another process took the row) changes
nothing. All times here are real time, not the scheduling clock.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, exists, func, insert, or_, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, select

from storage.models import Delivery, Outbox, SendPace
from storage.queries import deliveries as deliveries_q

OPEN = ("pending", "claimed", "sending")
DONE = ("sent", "unknown", "failed", "dropped")
MAX_ERROR_CHARS = 500


def enqueue(
    s: Session,
    chat_id: int,
    *,
    kind: str,
    html: str,
    now: datetime,
    buttons_json: str = "[]",
    article_ids: Sequence[int] = (),
    reply_to: int | None = None,
    message_thread_id: int | None = None,
) -> Outbox:
    """Queue one message. Call it in the transaction that decides to send, so both happen or
    neither does; messages to one chat go out in the order they were queued.

    `message_thread_id`: the forum topic (thread) of a forum supergroup it goes to.
    """
    row = Outbox(
        chat_id=chat_id,
        kind=kind,
        html=html,
        buttons=buttons_json,
        article_ids=json.dumps(list(article_ids)),
        reply_to=reply_to,
        message_thread_id=message_thread_id,
        not_before=now,
        created_at=now,
    )
    s.add(row)
    return row


def enqueue_many(s: Session, messages: Sequence[dict[str, object]], *, now: datetime) -> int:
    """Queue many messages in one INSERT (a digest run). Each dict has chat_id, kind, html and
    optionally buttons (JSON), article_ids (JSON), reply_to and message_thread_id; order is
    sending order."""
    if not messages:
        return 0
    defaults = {"buttons": "[]", "article_ids": "[]", "reply_to": None, "message_thread_id": None}
    rows = [
        {**defaults, **m, "status": "pending", "attempts": 0, "not_before": now, "created_at": now}
        for m in messages
    ]
    s.execute(insert(Outbox), rows)
    return len(rows)


def open_rows(s: Session, chat_id: int, kind: str | None = None) -> list[Outbox]:
    """The chat's messages not yet finished (queued, claimed or on their way)."""
    stmt = select(Outbox).where(Outbox.chat_id == chat_id, col(Outbox.status).in_(OPEN))
    if kind is not None:
        stmt = stmt.where(Outbox.kind == kind)
    return list(s.exec(stmt.order_by(col(Outbox.id))))


@dataclass(frozen=True)
class Claim:
    """A claimed message and the moment (real time) its send slot opens."""

    row: Outbox
    slot: datetime


def claim(
    s: Session,
    worker: str,
    *,
    now: datetime,
    limit: int,
    spacing: timedelta,
    lease: timedelta,
    lead: timedelta = timedelta(0),
) -> list[Claim]:
    """Take up to `limit` ready messages for `worker`, each with its own send slot.

    Ready: pending (or claimed by a process whose lease ran out), due, and the oldest unfinished
    message of its chat, so one chat's messages go out one after another, in order. The slots
    come from the shared pace row, `spacing` apart and none before `now + lead`, so no two
    sends of any process share a slot.
    """
    earlier = aliased(Outbox)
    earlier_open = exists().where(
        earlier.chat_id == Outbox.chat_id,
        col(earlier.id) < col(Outbox.id),
        col(earlier.status).in_(OPEN),
    )
    claimable = or_(
        col(Outbox.status) == "pending",
        and_(col(Outbox.status) == "claimed", col(Outbox.claim_until) < now),
    )
    ids = list(
        s.exec(
            select(Outbox.id)
            .where(claimable, col(Outbox.not_before) <= now, ~earlier_open)
            .order_by(col(Outbox.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return []
    slots = reserve_slots(s, len(ids), earliest=now + lead, spacing=spacing)
    s.execute(
        update(Outbox)
        .where(col(Outbox.id).in_(ids), claimable)
        .values(status="claimed", claimed_by=worker, claim_until=slots[-1] + lease)
    )
    rows = s.exec(
        select(Outbox)
        .where(col(Outbox.id).in_(ids), Outbox.status == "claimed", Outbox.claimed_by == worker)
        .order_by(col(Outbox.id))
    )
    return [Claim(row, slot) for row, slot in zip(rows, slots, strict=False)]


def reserve_slots(
    s: Session, count: int, *, earliest: datetime, spacing: timedelta
) -> list[datetime]:
    """`count` send times `spacing` apart, none before `earliest`, from the shared pace row
    (locked until commit): a slot is handed out once, to one process."""
    pace = s.exec(select(SendPace).where(SendPace.id == 1).with_for_update()).first()
    if pace is None:
        pace = _create_pace(s, earliest)
    start = max(pace.next_at, earliest)
    pace.next_at = start + spacing * count
    s.add(pace)
    return [start + spacing * i for i in range(count)]


def _create_pace(s: Session, now: datetime) -> SendPace:
    nested = s.begin_nested()
    try:
        s.add(SendPace(id=1, next_at=now))
        s.flush()
        nested.commit()
    except IntegrityError:  # another process made it first
        nested.rollback()
    pace = s.exec(select(SendPace).where(SendPace.id == 1).with_for_update()).first()
    assert pace is not None
    return pace


def pause_all(s: Session, until: datetime) -> None:
    """No process takes a send slot before `until` (Telegram asked the whole bot to wait)."""
    pace = s.exec(select(SendPace).where(SendPace.id == 1).with_for_update()).first()
    if pace is None:
        pace = _create_pace(s, until)
    pace.next_at = max(pace.next_at, until)
    s.add(pace)


def relaxed_commit(s: Session) -> None:
    """This transaction's commit need not wait for the disk (PostgreSQL): it survives our
    process being killed — only a crash of the database server could lose it."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SET LOCAL synchronous_commit TO OFF"))


def start_sending(s: Session, outbox_id: int, worker: str, *, lease_until: datetime) -> bool:
    """Claimed → sending, just before the request goes out; False if the claim was lost."""
    relaxed_commit(s)
    result = s.execute(
        update(Outbox)
        .where(
            col(Outbox.id) == outbox_id,
            Outbox.status == "claimed",
            Outbox.claimed_by == worker,
        )
        .values(status="sending", claim_until=lease_until)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def requeue(s: Session, outbox_id: int, worker: str, *, not_before: datetime) -> bool:
    """`worker` let the message's slot pass without sending it: back to the queue (claimed or
    marked sending, its request never left), for a fresh slot at the next claim of any
    process. False if `worker` no longer held it."""
    result = s.execute(
        update(Outbox)
        .where(
            col(Outbox.id) == outbox_id,
            col(Outbox.status).in_(("claimed", "sending")),
            Outbox.claimed_by == worker,
        )
        .values(status="pending", claimed_by=None, claim_until=None, not_before=not_before)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SentMark:
    """Telegram took message `outbox_id` at `when`; the chat's next one waits `gap`."""

    outbox_id: int
    message_id: int | None
    when: datetime
    gap: timedelta


def mark_sent(
    s: Session, outbox_id: int, *, now: datetime, message_id: int | None, gap: timedelta
) -> Outbox | None:
    """Sent: the state, the delivery log and the chat's next slot change in one transaction."""
    marked = mark_all_sent(s, [SentMark(outbox_id, message_id, now, gap)])
    return marked[0] if marked else None


def mark_all_sent(s: Session, marks: Sequence[SentMark]) -> list[Outbox]:
    """`mark_sent` for many messages in a few statements (the sender marks in groups)."""
    by_id = {m.outbox_id: m for m in marks}
    rows = list(
        s.exec(
            select(Outbox).where(
                col(Outbox.id).in_(list(by_id)), col(Outbox.status).in_(("sending", "unknown"))
            )
        )
    )
    for row in rows:
        mark = by_id[row.id or 0]
        row.status, row.sent_at, row.message_id = "sent", mark.when, mark.message_id
        s.add(row)
    _after_delivery(s, [(row, by_id[row.id or 0].when, by_id[row.id or 0].gap) for row in rows])
    return rows


def _after_delivery(s: Session, done: Sequence[tuple[Outbox, datetime, timedelta]]) -> None:
    """The delivery log, and each chat's next message held back by the per-chat pace."""
    log = [
        {"chat_id": row.chat_id, "article_id": int(a), "kind": row.kind, "sent_at": when}
        for row, when, _gap in done
        for a in json.loads(row.article_ids or "[]")
    ]
    log_deliveries(s, log)
    pace = [{"c": row.chat_id, "t": when + gap} for row, when, gap in done if gap > timedelta(0)]
    if pace:
        table = Outbox.__table__  # type: ignore[attr-defined]
        s.execute(
            table.update()
            .where(
                table.c.chat_id == bindparam("c"),
                table.c.status == "pending",
                table.c.not_before < bindparam("t"),
            )
            .values(not_before=bindparam("t")),
            pace,
        )


def log_deliveries(s: Session, rows: list[dict[str, object]]) -> None:
    """Insert delivery-log rows in one statement; ones already there are left as they were."""
    if not rows:
        return
    dialect = s.get_bind().dialect.name
    table = Delivery.__table__  # type: ignore[attr-defined]
    if dialect not in ("postgresql", "sqlite"):
        _log_one_by_one(s, rows)
        return
    insert_into = pg_insert if dialect == "postgresql" else sqlite_insert
    nested = s.begin_nested()
    try:
        s.execute(insert_into(table).values(rows).on_conflict_do_nothing())
        nested.commit()
    except IntegrityError:  # an article deleted meanwhile: one by one, skipping it
        nested.rollback()
        _log_one_by_one(s, rows)


def _log_one_by_one(s: Session, rows: list[dict[str, object]]) -> None:
    """`log_deliveries` a row at a time (a row whose article is gone is skipped alone)."""
    for row in rows:
        chat_id, article_id = row["chat_id"], row["article_id"]
        kind, sent_at = row["kind"], row["sent_at"]
        assert isinstance(chat_id, int) and isinstance(article_id, int)
        assert isinstance(kind, str) and isinstance(sent_at, datetime)
        deliveries_q.record_deliveries(s, chat_id, [article_id], kind, sent_at)


def retry_later(
    s: Session, outbox_id: int, *, not_before: datetime, error: str, failed_try: bool
) -> Outbox | None:
    """Back to the queue until `not_before`; `failed_try` counts towards giving up."""
    row = s.get(Outbox, outbox_id)
    if row is None or row.status not in ("claimed", "sending"):
        return None
    row.status, row.claimed_by, row.claim_until = "pending", None, None
    row.not_before = not_before
    row.last_error = error[:MAX_ERROR_CHARS]
    if failed_try:
        row.attempts += 1
    s.add(row)
    return row


def give_up(s: Session, outbox_id: int, *, error: str, status: str = "failed") -> Outbox | None:
    """Finished without being sent (failed or dropped), with the reason kept."""
    row = s.get(Outbox, outbox_id)
    if row is None or row.status in DONE:
        return None
    row.status, row.last_error = status, error[:MAX_ERROR_CHARS]
    s.add(row)
    return row


def mark_unknown(s: Session, outbox_id: int, *, now: datetime, error: str) -> Outbox | None:
    """The request left and no answer came: counted as delivered, never sent again.

    Telegram has no idempotency key, so a resend could show the message twice; the request
    was on the wire, so Telegram most likely has it.
    """
    row = s.get(Outbox, outbox_id)
    if row is None or row.status != "sending":
        return None
    row.status, row.sent_at, row.last_error = "unknown", now, error[:MAX_ERROR_CHARS]
    s.add(row)
    _after_delivery(s, [(row, now, timedelta(0))])
    return row


def recover_abandoned(
    s: Session, *, now: datetime, worker: str | None = None, limit: int = 500
) -> list[Outbox]:
    """Rows left 'sending' by a process that died (lease over) become 'unknown'.

    `worker`'s own rows are left alone: it is alive, it will mark them. Rows a dead process
    had only claimed need nothing: `claim` takes them once the lease ends.
    """
    stale = s.exec(
        select(Outbox)
        .where(
            Outbox.status == "sending",
            col(Outbox.claim_until) < now,
            col(Outbox.claimed_by) != (worker or ""),
        )
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    recovered = []
    for row in list(stale):
        marked = mark_unknown(s, row.id or 0, now=now, error="process stopped mid-request")
        if marked is not None:
            recovered.append(marked)
    return recovered


def release_claims(s: Session, worker: str, unsent: Sequence[int] = ()) -> int:
    """Hand back what `worker` claimed but never sent (a clean stop): its claims, and the
    messages `unsent` it had marked sending whose requests never left."""
    handed_back = and_(Outbox.status == "sending", col(Outbox.id).in_(list(unsent)))
    result = s.execute(
        update(Outbox)
        .where(Outbox.claimed_by == worker, or_(Outbox.status == "claimed", handed_back))
        .values(status="pending", claimed_by=None, claim_until=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def leave_thread(s: Session, chat_id: int, thread_id: int) -> int:
    """The chat's unsent messages for this forum thread go to General instead (it was deleted)."""
    result = s.execute(
        update(Outbox)
        .where(
            Outbox.chat_id == chat_id,
            Outbox.message_thread_id == thread_id,
            col(Outbox.status).in_(OPEN),
        )
        .values(message_thread_id=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def drop_chat(s: Session, chat_id: int, reason: str) -> int:
    """Drop the chat's unfinished messages (it blocked the bot); returns how many."""
    result = s.execute(
        update(Outbox)
        .where(Outbox.chat_id == chat_id, col(Outbox.status).in_(("pending", "claimed")))
        .values(status="dropped", last_error=reason[:MAX_ERROR_CHARS])
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def depth(s: Session) -> dict[str, int]:
    """Rows per unfinished state (the queue depth)."""
    rows = s.exec(
        select(Outbox.status, func.count())
        .where(col(Outbox.status).in_(OPEN))
        .group_by(col(Outbox.status))
    )
    found = {status: int(n) for status, n in rows}
    return {status: found.get(status, 0) for status in OPEN}


def outcomes_since(s: Session, since: datetime) -> dict[str, int]:
    """Finished rows per state since `since` (for /stats)."""
    rows = s.exec(
        select(Outbox.status, func.count())
        .where(col(Outbox.status).in_(DONE), col(Outbox.created_at) >= since)
        .group_by(col(Outbox.status))
    )
    return {status: int(n) for status, n in rows}


def prune(s: Session, *, before: datetime, limit: int = 5000) -> int:
    """Forget finished rows created before `before` (the delivery log keeps what was sent)."""
    ids = list(
        s.exec(
            select(Outbox.id)
            .where(col(Outbox.status).in_(DONE), col(Outbox.created_at) < before)
            .limit(limit)
        )
    )
    if ids:
        s.exec(delete(Outbox).where(col(Outbox.id).in_(ids)))
    return len(ids)
