"""Followed stories: later developments go out as replies to the briefing that started them."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated

from bot.briefings.story import render_story_update
from bot.delivery import ChatUnreachable, send_rendered
from bot.services import Services
from bot.summaries import summarise_update
from storage import queries as q

log = logging.getLogger(__name__)
MIN_GAP = timedelta(hours=3)
BREAKING_OUTLETS = 3  # this many new outlets justify an update before MIN_GAP has passed


async def send_story_updates(services: Services, bot: Bot) -> int:
    """One pass over every followed story; returns how many updates went out."""
    now = services.clock.now()
    sent = 0
    for follow in await services.db.run(q.story_follows):
        new = await services.db.run(q.new_story_articles, follow.story_id, follow.last_article_id)
        if not new:
            continue
        outlets = {a.outlet or a.url for a in new}
        recent = follow.last_update_at and now - follow.last_update_at < MIN_GAP
        if recent and len(outlets) < BREAKING_OUTLETS:
            continue
        chat = await services.db.run(q.get_chat, follow.chat_id)
        story = await services.db.run(q.get_story, follow.story_id)
        if chat is None or story is None:
            continue
        everything = await services.db.run(q.story_articles, follow.story_id)
        earlier = [a.text or a.summary for a in everything if (a.id or 0) <= follow.last_article_id]
        newest = new[-1]
        summary = summarise_update(newest.text or newest.summary, earlier)
        views = await services.views(list(reversed(new)))
        message = render_story_update(story.headline, summary, views, chat.timezone, story.id)
        try:
            await send_rendered(bot, chat.id, message, reply_to=follow.anchor_message_id)
        except ChatUnreachable:
            await services.db.run(q.deactivate_chat, chat.id)
            continue
        except (BadRequest, ChatMigrated):
            log.exception("story update for chat %s refused", chat.id)
            continue
        newest_id = max(a.id or 0 for a in new)
        await services.db.run(q.update_follow, follow.id, newest_id, now)
        await services.db.run(q.record_deliveries, chat.id, [a.id for a in new], "follow", now)
        await services.db.run(q.mark_story_seen, chat.id, story.id, newest_id, now)
        sent += 1
    return sent
