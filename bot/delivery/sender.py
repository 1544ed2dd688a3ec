"""The one outbound path: drain the outbox at Telegram's pace, exactly once, across processes.

Each message is claimed (a short transaction), marked 'sending' just before its request goes
out, and marked 'sent' together with the delivery log right after Telegram answers (marks are
grouped, a few messages a commit). A process killed at any point leaves rows another start-up
can judge: 'claimed' rows are sent again (their request never left), 'sending' rows are counted
as delivered and never resent. That is the one window left open — from the 'sending' commit,
made shortly before the message's slot so the database call does not make it late, until
Telegram has read the request — because Telegram has no idempotency key to close it with.
Requests on their way at the moment of a kill (a handful at 30/s) may be lost; none is ever
sent twice.

Pacing is a property of the whole bot, not of each process: a claim hands each message a send
slot from one pace row in the database, so no two sends of any process share a slot, and a
message leaves within SEND_TOLERANCE of its slot or not at all — a late one (its process was
paused, starved of CPU, or waited for the database or for Telegram) goes back to the queue for
a fresh slot instead of going out beside another process's on-time sends. See
bot.delivery.pacing for why that keeps every sliding second at Telegram within the rate. One
chat's messages go out in order, the next one a second (private) or three seconds (group)
after the last. A 429 pauses that chat for retry_after; 429s for several chats at once pause
everybody: this process at once, the others from their next claim.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import secrets
import socket
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlmodel import Session
from telegram import Bot, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode

from bot.clock import Clock
from bot.delivery.outcomes import Outcome, Verdict, classify
from bot.delivery.pacing import SEND_TOLERANCE, backoff, chat_gap, slot_spacing
from bot.delivery.queue import message_of
from bot.delivery.telegram import keyboard_of
from bot.ops.metrics import Metrics
from storage import Database
from storage import outbox as ob
from storage.chat_moves import move_chat
from storage.models import Outbox
from storage.queries import chats as chats_q
from storage.queries import topics as topics_q

log = logging.getLogger(__name__)
T = TypeVar("T")
SEND_LEASE = timedelta(seconds=60)  # longer than any request may take (read timeout 15 s)
LOOKAHEAD = 0.2  # seconds: claim the next batch this long before the current one runs out
# A message is marked 'sending' this long before its slot, so the database call does not make
# it miss the slot: a few ms, tens on a loaded machine, more while every process queues a
# wave's digests. So: the slowest of the last few calls, within these bounds. (Marked early
# is the window a kill may lose a message in: kept short.)
PREPARE = timedelta(seconds=0.03)
MAX_PREPARE = timedelta(seconds=0.15)
# A claim's first slot is at least this far ahead: the claim's own transaction, then PREPARE.
CLAIM_LEAD = timedelta(seconds=0.15)
# The HTTP client closes connections idle for 5 s. A request that must first connect reaches
# Telegram later than one on an open connection — after its slot was checked, and so beside
# the next sends. After a pause this long, a claim's slots start WARM_LEAD later and the
# connections are opened meanwhile.
WARM_AFTER = timedelta(seconds=4)
WARM_LEAD = timedelta(seconds=0.5)
# 429s for this many chats within GLOBAL_429_WINDOW seconds: the whole bot is over the limit.
GLOBAL_429_CHATS = 4
GLOBAL_429_WINDOW = 2.0
KEEP_FINISHED = timedelta(days=14)


def worker_name() -> str:
    """This process, as claims name it: host, pid and a random tag (pids get reused)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class SenderConfig:
    rate: float = 28.0  # messages per second for the whole bot
    claim_seconds: float = 30.0  # how long a claim holds before another process may take it
    max_attempts: int = 8  # failed tries (network, 5xx) before giving up
    idle_seconds: float = 0.5  # how often an idle sender looks for work
    batch_seconds: float = 0.5  # claim about this much sending at once
    # Requests on the wire at once: enough for 30/s at 250 ms round trips; more would only
    # queue at Telegram, where a request we gave up on may still be delivered.
    max_in_flight: int = 8


class Sender:
    """Drains the outbox until stopped: `await sender.start()` … `await sender.stop()`."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        config: SenderConfig,
        *,
        metrics: Metrics | None = None,
        clock: Clock | None = None,
        worker: str | None = None,
        on_chat_moved: Callable[[int, int], Awaitable[None]] | None = None,
    ) -> None:
        self.db, self.bot, self.config = db, bot, config
        self.metrics = metrics or Metrics()
        self.clock = clock or Clock()  # real time: pacing is about what Telegram sees
        self.worker = worker or worker_name()
        self.on_chat_moved = on_chat_moved
        self._spacing = slot_spacing(config.rate)
        self._tolerance = timedelta(seconds=SEND_TOLERANCE)
        self._paused_until: datetime | None = None
        self._recent_429: dict[int, datetime] = {}
        self._in_flight: set[asyncio.Task[None]] = set()
        self._gate = asyncio.Semaphore(config.max_in_flight)
        self._task: asyncio.Task[None] | None = None
        self._next_upkeep: datetime | None = None
        self._next_prune: datetime | None = None
        self._on_wire: set[asyncio.Task[None]] = set()
        self._prepared: set[int] = set()  # marked 'sending', request not yet left
        self._last_request: datetime | None = None  # when a request last left
        self._marking_took: deque[timedelta] = deque(maxlen=8)  # the last 'sending' marks
        # The send path's own database threads: a digest run keeping the shared pool busy
        # must not make messages miss their slots.
        self._send_db = ThreadPoolExecutor(max_workers=2, thread_name_prefix="send-db")
        self._sent: list[tuple[Outbox, int, datetime]] = []  # sent, not yet marked
        self._sent_waiting = asyncio.Event()
        self._marker: asyncio.Task[None] | None = None

    # ---------------------------------------------------------------- running

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-sender")
        self._marker = asyncio.create_task(self._mark_sent_loop(), name="outbox-marker")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming, let requests in flight finish, hand back what was only claimed."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        # Messages still waiting for their slot go back to the queue; requests on the wire
        # are given time to be answered and marked.
        for task in self._in_flight - self._on_wire:
            task.cancel()
        if self._in_flight:
            await asyncio.wait(self._in_flight, timeout=grace)
        if self._marker is not None:
            self._marker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._marker
            self._marker = None
        await self._mark_sent_now()
        # Every send-path transaction has finished (a cancelled task's may have been running):
        # what is marked 'sending' but never left is then known, and handed back.
        await asyncio.to_thread(self._send_db.shutdown)
        with contextlib.suppress(Exception):
            await self.db.run(ob.release_claims, self.worker, sorted(self._prepared))
        self._prepared.clear()

    async def _run(self) -> None:
        while True:
            try:
                last_slot = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be away for a moment; keep trying
                log.exception("outbox: claiming failed")
                last_slot = None
            if last_slot is None:
                await asyncio.sleep(self.config.idle_seconds)
                continue
            # Claim again a little before this batch's slots run out, so the slots follow on;
            # but not while many claimed messages still wait here (Telegram is slow).
            wait = (last_slot - self.clock.now()).total_seconds() - LOOKAHEAD
            backlog = len(self._in_flight) > 2 * self._batch_size()
            await asyncio.sleep(max(wait, self.config.idle_seconds if backlog else 0.0))

    def _batch_size(self) -> int:
        return max(1, min(500, round(self.config.rate * self.config.batch_seconds)))

    async def drain_once(self) -> datetime | None:
        """Claim a batch and schedule each message at its slot; returns the last slot (None:
        nothing was ready)."""
        now = self.clock.now()
        if self._next_upkeep is None or now >= self._next_upkeep:
            self._next_upkeep = now + timedelta(seconds=5)
            await self._upkeep(now)
        cold = self._last_request is None or now - self._last_request > WARM_AFTER
        claims = await self._send_path(
            ob.claim,
            self.worker,
            now=now,
            limit=self._batch_size(),
            spacing=self._spacing,
            lease=timedelta(seconds=self.config.claim_seconds),
            lead=CLAIM_LEAD + WARM_LEAD if cold else CLAIM_LEAD,
        )
        for claim in claims:
            task = asyncio.create_task(self._send(claim.row, claim.slot))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)
        if claims and cold:
            await self._open_connections()
        return claims[-1].slot if claims else None

    async def _open_connections(self) -> None:
        """One request on each connection the sender may use at once, so that none of the
        next sends waits for a connection to open after its slot was checked."""
        self._last_request = self.clock.now()
        with contextlib.suppress(Exception):  # a send will meet the same trouble and say so
            await asyncio.wait_for(
                asyncio.gather(*(self.bot.get_me() for _ in range(self.config.max_in_flight))),
                timeout=WARM_LEAD.total_seconds(),
            )

    async def wait_idle(self) -> None:
        """Wait until no claimed message of this sender is still to be sent (tests, benches)."""
        while self._in_flight:
            await asyncio.wait(set(self._in_flight))

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("outbox: send task failed", exc_info=task.exception())

    async def _sleep_until(self, when: datetime) -> None:
        delay = (when - self.clock.now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _send_path(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """Run `fn(session, …)` in one transaction on the send path's own threads."""
        loop = asyncio.get_running_loop()
        call = functools.partial(self.db.call_sync, fn, *args, **kwargs)
        return await loop.run_in_executor(self._send_db, call)

    def _prepare(self) -> timedelta:
        """How long before its slot a message is marked 'sending' (see PREPARE)."""
        slowest = max(self._marking_took, default=PREPARE)
        return min(max(slowest * 1.2, PREPARE), MAX_PREPARE)

    def _missed(self, slot: datetime) -> bool:
        """Too late to use this slot: past its tolerance, or inside a pause for everyone."""
        now = self.clock.now()
        return now > slot + self._tolerance or (
            self._paused_until is not None and slot < self._paused_until
        )

    async def _requeue(self, row: Outbox) -> None:
        """The slot passed unused: the message goes back to the queue for a fresh one."""
        assert row.id is not None
        self.metrics.slots_missed.inc()
        now = self.clock.now()
        not_before = max(now, self._paused_until or now)
        # Not on the send path's threads: being late must not make the next sends late too.
        await self.db.run(ob.requeue, row.id, self.worker, not_before=not_before)
        self._prepared.discard(row.id)
        log.debug("outbox: message %s missed its send slot; queued again", row.id)

    async def _upkeep(self, now: datetime) -> None:
        recovered = await self.db.run(ob.recover_abandoned, now=now, worker=self.worker)
        for row in recovered:
            self.metrics.unconfirmed.inc()
            log.warning(
                "outbox: message %s to chat %s was on its way when its process stopped; "
                "counted as delivered, not resent",
                row.id,
                row.chat_id,
            )
        if self._next_prune is None or now >= self._next_prune:
            self._next_prune = now + timedelta(hours=1)
            await self.db.run(ob.prune, before=now - KEEP_FINISHED)

    # ---------------------------------------------------------------- one message

    async def _send(self, row: Outbox, slot: datetime) -> None:
        assert row.id is not None
        await self._sleep_until(slot - self._prepare())
        async with self._gate:
            on_time = await self._send_on_time(row, slot)
        if not on_time:
            await self._requeue(row)

    async def _send_on_time(self, row: Outbox, slot: datetime) -> bool:
        """Send the message at its slot; False if it missed it (and was not sent)."""
        assert row.id is not None
        if self._missed(slot):
            return False
        self._prepared.add(row.id)  # before the call: a stop may cancel it half-way
        asked = self.clock.now()
        started = await self._send_path(
            ob.start_sending, row.id, self.worker, lease_until=asked + SEND_LEASE
        )
        self._marking_took.append(self.clock.now() - asked)
        if not started:
            self._prepared.discard(row.id)
            return True  # our claim ran out and another process has the message now
        await self._sleep_until(slot)
        # The last moment before the request leaves: on time, or not at all.
        if self._missed(slot):
            return False
        task = asyncio.current_task()
        assert task is not None
        self._on_wire.add(task)
        self._prepared.discard(row.id)
        self._last_request = self.clock.now()
        try:
            await self._send_now(row)
        finally:
            self._on_wire.discard(task)
        return True

    async def _send_now(self, row: Outbox) -> None:
        message = message_of(row)
        try:
            sent = await self.bot.send_message(
                row.chat_id,
                message.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard_of(message),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_parameters=(
                    ReplyParameters(row.reply_to, allow_sending_without_reply=True)
                    if row.reply_to
                    else None
                ),
                message_thread_id=row.message_thread_id,
            )
        except Exception as exc:  # every refusal is a decision about this message
            await self._failed(row, classify(exc))
            return
        await self._record_sent(row, sent.message_id)

    async def _record_sent(self, row: Outbox, message_id: int) -> None:
        # Marked in small groups, one commit for several messages: a message sent but not yet
        # marked is, after a crash, counted as delivered anyway — the safe side of the window.
        self._sent.append((row, message_id, self.clock.now()))
        self._sent_waiting.set()
        self.metrics.sent.labels(row.kind).inc()

    async def _mark_sent_loop(self) -> None:
        while True:
            await self._sent_waiting.wait()
            await asyncio.sleep(0.02)  # let a few more answers arrive
            await self._mark_sent_now()

    async def _mark_sent_now(self) -> None:
        marks, self._sent = self._sent, []
        self._sent_waiting.clear()
        if not marks:
            return
        batch = [
            ob.SentMark(row.id or 0, message_id, when, chat_gap(row.chat_id))
            for row, message_id, when in marks
        ]
        for attempt in range(3):
            try:
                await self.db.run(_mark_all_sent, batch)
                return
            except Exception:
                # Left 'sending', the rows are later counted as delivered anyway: never resent.
                log.exception("outbox: recording %d messages as sent failed", len(batch))
                await asyncio.sleep(0.5 * (attempt + 1))

    async def _failed(self, row: Outbox, outcome: Outcome) -> None:
        assert row.id is not None
        now = self.clock.now()
        verdict = outcome.verdict
        if verdict is Verdict.RATE_LIMITED:
            self.metrics.rate_limited.inc()
            until = now + timedelta(seconds=outcome.retry_after)
            await self.db.run(
                ob.retry_later, row.id, not_before=until, error=outcome.error, failed_try=False
            )
            # One 429 here and there is that chat's own limit: the chat waits. Many mean flood
            # control for the whole bot: the slots before `until` are skipped, here at once,
            # elsewhere from the next claim (the pace row moves past the pause).
            if self._many_chats_limited(row.chat_id, now):
                log.warning(
                    "outbox: 429s for several chats; everyone waits %.0f s", outcome.retry_after
                )
                self._paused_until = max(self._paused_until or until, until)
                await self.db.run(ob.pause_all, until)
            return
        if verdict is Verdict.UNREACHABLE:
            log.info(
                "outbox: chat %s can't be reached (%s); it is now inactive",
                row.chat_id,
                outcome.error,
            )
            await self.db.run(_chat_unreachable, row.id, row.chat_id, outcome.error)
            self.metrics.failed.labels("unreachable").inc()
            return
        if verdict is Verdict.MOVED:
            assert outcome.new_chat_id is not None
            log.info("outbox: chat %s moved to %s; sending there", row.chat_id, outcome.new_chat_id)
            await self.db.run(_chat_moved, row.id, row.chat_id, outcome.new_chat_id, now)
            self.metrics.chats_moved.inc()
            if self.on_chat_moved is not None:
                await self.on_chat_moved(row.chat_id, outcome.new_chat_id)
            return
        if verdict is Verdict.UNCONFIRMED:
            log.warning("outbox: no answer for message %s (%s); not resent", row.id, outcome.error)
            await self.db.run(ob.mark_unknown, row.id, now=now, error=outcome.error)
            self.metrics.unconfirmed.inc()
            return
        if verdict is Verdict.REFUSED and _thread_gone(row, outcome):
            thread = row.message_thread_id
            log.info(
                "outbox: thread %s of chat %s is gone; sending to General", thread, row.chat_id
            )
            await self.db.run(_to_general, row.id, row.chat_id, thread, now)
            return
        if verdict is Verdict.REFUSED:
            log.error(
                "outbox: Telegram refused message %s to chat %s: %s",
                row.id,
                row.chat_id,
                outcome.error,
            )
            await self.db.run(ob.give_up, row.id, error=outcome.error)
            self.metrics.failed.labels("refused").inc()
            return
        tries = row.attempts + 1
        if tries >= self.config.max_attempts:
            log.error(
                "outbox: giving up on message %s after %d tries: %s", row.id, tries, outcome.error
            )
            await self.db.run(
                ob.give_up, row.id, error=f"gave up after {tries} tries: {outcome.error}"
            )
            self.metrics.failed.labels("gave_up").inc()
            return
        self.metrics.retries.inc()
        await self.db.run(
            ob.retry_later,
            row.id,
            not_before=now + backoff(tries),
            error=outcome.error,
            failed_try=True,
        )

    def _many_chats_limited(self, chat_id: int, now: datetime) -> bool:
        window = timedelta(seconds=GLOBAL_429_WINDOW)
        self._recent_429 = {c: t for c, t in self._recent_429.items() if now - t < window}
        self._recent_429[chat_id] = now
        return len(self._recent_429) >= GLOBAL_429_CHATS


def _mark_all_sent(s: Session, batch: list[ob.SentMark]) -> None:
    ob.relaxed_commit(s)
    ob.mark_all_sent(s, batch)


def _chat_unreachable(s: Session, outbox_id: int, chat_id: int, error: str) -> None:
    """One transaction: the message failed, the chat is off, its queue is dropped."""
    ob.give_up(s, outbox_id, error=error)
    chats_q.deactivate_chat(s, chat_id)
    ob.drop_chat(s, chat_id, f"chat unreachable: {error}")


def _thread_gone(row: Outbox, outcome: Outcome) -> bool:
    return bool(row.message_thread_id) and "thread not found" in outcome.error.lower()


def _to_general(s: Session, outbox_id: int, chat_id: int, thread_id: int, now: datetime) -> None:
    """One transaction: a deleted forum thread's topics and queued messages go to General,
    and this message goes back to the queue, for General."""
    topics_q.unroute_thread(s, chat_id, thread_id)
    ob.leave_thread(s, chat_id, thread_id)
    ob.retry_later(s, outbox_id, not_before=now, error="forum thread gone", failed_try=False)


def _chat_moved(s: Session, outbox_id: int, old_id: int, new_id: int, now: datetime) -> None:
    """One transaction: the chat and its rows move, and the message goes back to the queue."""
    move_chat(s, old_id, new_id)
    ob.retry_later(s, outbox_id, not_before=now, error="chat moved", failed_try=False)
