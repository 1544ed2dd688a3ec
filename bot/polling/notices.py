"""Telling chats that a source they added was switched off, and why."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot

from bot import replies
from bot.delivery import send_rendered
from bot.polling.backoff import DISABLE_AFTER_FAILURES
from storage import Database, Source
from storage import queries as q

log = logging.getLogger(__name__)


async def notify_disabled(db: Database, bot: Bot, sources: Sequence[Source]) -> int:
    """Send each chat that added one of ``sources`` a notice; returns how many were sent.

    Built-in and search sources have no chats to tell. A chat that can't be reached is skipped.
    """
    sent = 0
    for source in sources:
        if source.kind != "feed" or source.id is None:
            continue
        chats = await db.run(q.chats_of_source, source.id)
        message = replies.source_disabled(
            source.title, source.url, _reason(source), gone=source.last_error == "HTTP 410"
        )
        for chat_id in chats:
            try:
                await send_rendered(bot, chat_id, message)
            except Exception as exc:  # one chat's trouble must not keep the others uninformed
                log.info("could not tell chat %s about source %s: %s", chat_id, source.id, exc)
                continue
            sent += 1
    return sent


def _reason(source: Source) -> str:
    last = source.last_error or "unknown error"
    if source.failures >= DISABLE_AFTER_FAILURES:
        return f"It failed {source.failures} times in a row (the last time: {last})."
    return f"I can't read it: {last}."
