"""Telling chats that a source they added was stopped, and why.

The notice is queued in the outbox in the same transaction that stops the source, so it goes
out exactly once whichever process polled, and survives a restart.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.briefings import Message
from bot.delivery.queue import queue_message
from bot.i18n import _, use_locale
from bot.polling.backoff import DISABLE_AFTER_FAILURES
from bot.replies import sources as source_replies
from storage import Source
from storage.queries import chats as chats_q
from storage.queries import sources as sources_q
from storage.queries.chats import interface_language_of


def record_failure(
    s: Session,
    source_id: int,
    *,
    now: datetime,
    real_now: datetime,
    next_poll_at: datetime,
    error: str,
    disable: bool,
) -> Source | None:
    """Record a failed poll; when it stops the source, queue a notice to each chat that added
    it (``real_now``: the outbox paces by real time). Returns the source as stored."""
    was_on = (before := s.get(Source, source_id)) is not None and not before.disabled
    saved = sources_q.record_poll(
        s, source_id, now=now, next_poll_at=next_poll_at, error=error, disable=disable
    )
    if saved is None or not (was_on and saved.disabled) or saved.kind != "feed":
        return saved
    for chat_id in sources_q.chats_of_source(s, source_id):
        recipients, channel = chats_q.notice_recipients(s, chat_id)
        for recipient in recipients:
            with use_locale(interface_language_of(s, recipient)):  # the recipient's language
                notice = stopped_notice(saved, channel=channel)
            queue_message(s, recipient, notice, kind="alert", now=real_now)
    return saved


def stopped_notice(source: Source, *, channel: str | None = None) -> Message:
    """The notice; `channel` names the channel whose source it was (sent to its admins)."""
    last = source.last_error or _("unknown error")
    if source.failures >= DISABLE_AFTER_FAILURES:
        reason = _("It failed {n} times in a row (the last time: {error}).").format(
            n=source.failures, error=last
        )
    else:
        reason = _("I can't read it: {error}.").format(error=last)
    return source_replies.source_disabled(
        source.title, source.url, reason, gone=source.last_error == "HTTP 410", channel=channel
    )
