"""Sending digests: what is new for a chat since the last one, grouped by topic, sent once."""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated

from bot.briefings import ArticleView, render_digest
from bot.delivery import ChatUnreachable, send_rendered
from bot.digests.schedule import next_digest_at
from bot.services import Services
from storage import queries as q

log = logging.getLogger(__name__)
LOOKBACK = timedelta(days=3)
PER_TOPIC = 10


async def send_digest(services: Services, bot: Bot, chat_id: int, *, scheduled: bool) -> int:
    """Send the chat what is new; returns how many articles went out (0: no message at all)."""
    now = services.clock.now()
    chat = await services.db.run(q.get_chat, chat_id)
    if chat is None or not chat.active:
        return 0
    items = await services.db.run(q.undelivered_matches, chat_id, now - LOOKBACK)
    sections: OrderedDict[int, tuple[str, list[ArticleView]]] = OrderedDict()
    seen: set[int] = set()
    for item in items:  # grouped by topic; within a topic newest first
        if item.article.id in seen:
            continue  # an article matching two topics appears once, under the first
        title, views = sections.setdefault(item.topic.id, (item.topic.query, []))
        if len(views) < PER_TOPIC:
            views.append(services.view(item.article))
            seen.add(item.article.id)
    local_date = now.astimezone(ZoneInfo(chat.timezone)).strftime("%A %d %B")
    messages = render_digest(
        list(sections.values()), chat.timezone, title=f"Your news digest · {local_date}"
    )
    sent = 0
    try:
        for message in messages:
            try:
                await send_rendered(bot, chat_id, message)
            except BadRequest:
                log.exception("Telegram refused a digest message for chat %s", chat_id)
                continue
            # Logged right after it went out, so a restart never sends the same article again.
            await services.db.run(q.record_deliveries, chat_id, message.article_ids, "digest", now)
            sent += len(message.article_ids)
    except ChatUnreachable:
        log.info("chat %s blocked the bot; it is now inactive", chat_id)
        await services.db.run(q.deactivate_chat, chat_id)
        return sent
    except ChatMigrated as exc:
        log.info("chat %s moved to %s", chat_id, exc.new_chat_id)
        await services.db.run(q.deactivate_chat, chat_id)
        return sent
    if scheduled:
        await services.db.run(
            q.update_chat,
            chat_id,
            last_digest_at=now,
            next_digest_at=next_digest_at(chat.digest_time, chat.timezone, now),
        )
    return sent


async def send_due_digests(services: Services, bot: Bot) -> int:
    """Send every digest whose time has come; returns how many chats were handled."""
    due = await services.db.run(q.due_digest_chats, services.clock.now())
    for chat in due:
        try:
            await send_digest(services, bot, chat.id, scheduled=True)
        except Exception:  # one chat's failure must not hold up the others
            log.exception("digest for chat %s failed", chat.id)
            await services.db.run(
                q.update_chat,
                chat.id,
                next_digest_at=services.clock.now() + timedelta(minutes=10),
            )
    return len(due)
