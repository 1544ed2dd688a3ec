"""Digests: what is new for a chat since the last one, rendered into the outbox at its time.

Rendering a digest, queueing its messages and moving the chat's schedule happen in one
transaction, so a crash either leaves the digest due (and it is rendered again) or queued
(and the outbox sends it exactly once). A chat whose previous digest is still in the outbox
waits, so no article is offered twice. Digests that fell due while the bot was down are sent
if they are less than the grace period late, otherwise skipped and noted.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.briefings import ArticleView, Message, render_digest
from bot.buttons.catalog import DIGEST_MORE
from bot.clock import Clock
from bot.delivery.queue import queue_message, queue_messages
from bot.digests.compose import digest_sections
from bot.digests.offer import offered, offered_by_chat
from bot.digests.schedule import next_digest_for, wants_nothing_new_note
from bot.i18n import _, format_local, use_locale
from bot.ops.metrics import Metrics
from bot.replies import digests as digest_replies
from bot.usecases.channels import broadcast_form
from bot.usecases.views import ArticleViews
from storage import Article, Chat, Database
from storage import outbox as ob
from storage.queries import chats as chats_q
from storage.queries import matches as matches_q

log = logging.getLogger(__name__)
LOOKBACK = timedelta(days=3)
BATCH = 50  # chats per transaction: short locks, steady progress

ViewOf = Callable[[Article], ArticleView]


@dataclass
class DigestRound:
    """What one pass over the due chats did."""

    queued: int = 0  # chats whose digest is now in the outbox
    empty: int = 0  # chats with nothing new (no message at all)
    missed: int = 0  # too late to send: skipped and noted
    messages: int = 0
    delays: list[float] = field(default_factory=list)  # seconds from due to queued


def compose_digest(
    chat: Chat, items: list[matches_q.DigestItem], view: ViewOf, now: datetime
) -> list[Message]:
    """The digest's messages: stories grouped by topic, ranked, a few each (empty: none)."""
    with use_locale(chat.interface_language):  # in the chat's language
        pairs = [(item.topic, item.article) for item in items if item.topic.id is not None]
        sections = digest_sections(
            pairs, view, now, more_data=lambda topic: DIGEST_MORE.data(topic=topic.id)
        )
        if not sections:
            return []
        # TRANSLATORS: a CLDR pattern for the digest's date (EEEE weekday, dd day, MMMM month).
        local_date = format_local(now, chat.timezone, _("EEEE dd MMMM"))
        # "Your" speaks to one person; a channel's or a group's many readers get a neutral title.
        title = _("Your news digest") if chat.kind == "private" else _("News digest")
        return render_digest(sections, chat.timezone, title=f"{title} · {local_date}")


def compose_thread_digests(
    chat: Chat, items: list[matches_q.DigestItem], view: ViewOf, now: datetime
) -> list[tuple[int | None, Message]]:
    """The digest's messages, each with the forum thread it goes to (None: the chat, or a
    forum's General): in a forum, topics routed to one thread make one digest there. Each
    article once, under its first topic. A channel's copy has links, no buttons."""
    threads: OrderedDict[int | None, list[matches_q.DigestItem]] = OrderedDict({None: []})
    home: dict[int | None, int | None] = {}  # article -> the thread of its first topic
    for item in items:
        # Every topic an article matched comes along, so the story is tagged with all of them.
        thread = home.setdefault(item.article.id, item.topic.message_thread_id)
        threads.setdefault(thread, []).append(item)
    if len(threads) == 1:
        threads[None] = items  # no forum threads: exactly the one digest, as before
    parts = [
        (thread, message)
        for thread, routed in threads.items()
        for message in compose_digest(chat, routed, view, now)
    ]
    if chat.kind == "channel":
        return [(thread, broadcast_form(message)) for thread, message in parts]
    return parts


def queue_chat_digest(
    s: Session, chat: Chat, view: ViewOf, *, now: datetime, real_now: datetime
) -> list[Message]:
    """Render the chat's digest into the outbox (in the caller's transaction)."""
    items = offered(s, chat.id, now - LOOKBACK, now)
    parts = compose_thread_digests(chat, items, view, now)
    for thread, message in parts:
        queue_message(s, chat.id, message, kind="digest", now=real_now, message_thread_id=thread)
    if parts:  # /digest's "since your last digest" counts this one too
        chat.last_digest_at = now
        s.add(chat)
    return [message for _, message in parts]


def queue_due_batch(
    s: Session,
    view: ViewOf,
    *,
    now: datetime,
    real_now: datetime,
    grace: timedelta,
    limit: int = BATCH,
) -> tuple[DigestRound, int]:
    """One transaction's worth: claim due chats, queue or skip their digests, move schedules.

    Returns what was done and how many chats were claimed (fewer than `limit`: none left).
    """
    done = DigestRound()
    chats = chats_q.claim_due_digest_chats(s, now, limit)
    on_time = []
    for chat in chats:
        assert chat.next_digest_at is not None
        late = now - chat.next_digest_at
        if late <= grace:
            on_time.append((chat, late))
            continue
        chats_q.note_missed_digest(s, chat.id, chat.next_digest_at, now)
        log.warning(
            "digest for chat %s skipped: due %s, %.0f min late (grace %.0f min)",
            chat.id,
            chat.next_digest_at.isoformat(),
            late.total_seconds() / 60,
            grace.total_seconds() / 60,
        )
        done.missed += 1
    items = offered_by_chat(s, [c.id for c, _ in on_time], now - LOOKBACK, now)
    queued: list[tuple[int, Message, int | None]] = []
    with s.no_autoflush:
        for chat, late in on_time:
            parts = compose_thread_digests(chat, items[chat.id], view, now)
            messages = [message for _, message in parts]
            queued += [(chat.id, message, thread) for thread, message in parts]
            done.messages += len(messages)
            if messages:
                done.queued += 1
                chat.last_digest_at = now
                done.delays.append(max(late.total_seconds(), 0.0))
            else:
                done.empty += 1
                if wants_nothing_new_note(chat):
                    with use_locale(chat.interface_language):
                        queued.append((chat.id, digest_replies.nothing_new_note(), None))
        for chat in chats:
            chat.next_digest_at = next_digest_for(chat, now)
            s.add(chat)
    queue_messages(s, queued, kind="digest", now=real_now)  # one INSERT for the whole batch
    return done, len(chats)


@dataclass(frozen=True)
class DigestRequest:
    """What /digest did: articles queued now, or a digest still on its way."""

    queued: int
    still_sending: bool = False


SETTLE_TRIES = 12  # × 0.25 s: how long /digest waits for a digest being sent to be marked


class Digests:
    """Queueing digests: every due one (the scheduled job), or one now (/digest)."""

    def __init__(self, db: Database, clock: Clock, views: ArticleViews, grace: timedelta) -> None:
        self.db = db
        self.clock = clock
        self.views = views
        self.grace = grace

    async def queue_due_digests(
        self, *, metrics: Metrics | None = None, real_clock: Clock | None = None
    ) -> DigestRound:
        """Queue every digest whose time has come (the outbox sender delivers them)."""
        real_clock = real_clock or Clock()
        grace = self.grace
        total = DigestRound()
        while True:
            done, claimed = await self.db.run(
                queue_due_batch,
                self.views.view,
                now=self.clock.now(),
                real_now=real_clock.now(),
                grace=grace,
            )
            total.queued += done.queued
            total.empty += done.empty
            total.missed += done.missed
            total.messages += done.messages
            total.delays += done.delays
            if claimed < BATCH:
                break
        if metrics is not None:
            metrics.digests_queued.inc(total.queued)
            metrics.digests_missed.inc(total.missed)
            for delay in total.delays:
                metrics.digest_delay.observe(delay)
        if total.queued or total.missed:
            log.info(
                "digests: %d queued (%d messages), %d empty, %d missed",
                total.queued,
                total.messages,
                total.empty,
                total.missed,
            )
        return total

    async def send_digest(self, chat_id: int) -> DigestRequest:
        """/digest: queue what is new for the chat now (sending is the outbox's job).

        A digest still in the outbox is waited for briefly (its sent marks are written in small
        groups), so asking again right after one arrived answers about what is new since.
        """
        for _attempt in range(SETTLE_TRIES):
            if not await self.db.run(ob.open_rows, chat_id, "digest"):
                break
            await asyncio.sleep(0.25)

        def queue_now(s: Session) -> DigestRequest:
            waiting = ob.open_rows(s, chat_id, "digest")
            if waiting:
                count = sum(len(json.loads(r.article_ids or "[]")) for r in waiting)
                return DigestRequest(max(1, count), still_sending=True)
            chat = chats_q.get_chat(s, chat_id)
            if chat is None or not chat.active:
                return DigestRequest(0)
            messages = queue_chat_digest(
                s, chat, self.views.view, now=self.clock.now(), real_now=Clock().now()
            )
            return DigestRequest(sum(len(m.article_ids) for m in messages))

        return await self.db.run(queue_now)
