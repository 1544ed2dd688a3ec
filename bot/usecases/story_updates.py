"""Followed stories: later developments go out as replies to the briefing that started them.

Updates go through the outbox like every message the bot sends on its own, queued in the same
transaction that moves the follow forward, so two workers never queue the same update.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.briefings import ArticleView
from bot.briefings.story import render_story_update
from bot.clock import Clock
from bot.delivery.queue import queue_message
from bot.digests.schedule import quiet_until
from bot.i18n import use_locale
from bot.summaries import summarise_update
from bot.summaries.update import update_heading
from bot.usecases.latest import earlier_texts
from bot.usecases.views import ArticleViews
from storage import Article, Database, StoryFollow
from storage.queries import chats as chats_q
from storage.queries import follows as follows_q
from storage.queries import stories as stories_q

log = logging.getLogger(__name__)
MIN_GAP = timedelta(hours=3)
BREAKING_OUTLETS = 3  # this many new outlets justify an update before MIN_GAP has passed


def update_due(follow: StoryFollow, new: list[Article], now: datetime) -> bool:
    """At most one update every few hours, unless many outlets report something new."""
    if not new:
        return False
    if follow.last_update_at is None or now - follow.last_update_at >= MIN_GAP:
        return True
    return len({a.outlet or a.url for a in new}) >= BREAKING_OUTLETS


def _queue_update(
    s: Session, follow_id: int, views: dict[int | None, ArticleView], now: datetime
) -> bool:
    """Re-check under a row lock (another worker may have done it), then queue and move on."""
    stmt = select(StoryFollow).where(StoryFollow.id == follow_id).with_for_update(skip_locked=True)
    follow = s.exec(stmt).first()
    if follow is None:
        return False
    new = stories_q.new_story_articles(s, follow.story_id, follow.last_article_id)
    chat = chats_q.get_chat(s, follow.chat_id)
    story = stories_q.get_story(s, follow.story_id)
    if chat is None or story is None or not chat.active or not update_due(follow, new, now):
        return False
    if quiet_until(chat, now) is not None:
        return False  # quiet hours: the update waits until they end
    # Bounded like /latest's: the job holds the follow's row lock while it reads them.
    earlier = earlier_texts(stories_q.story_articles(s, follow.story_id), follow.last_article_id)
    newest = new[-1]
    summary = summarise_update(newest.text or newest.summary, earlier)
    heading = update_heading(newest.title, story.headline, earlier)
    shown = [views[a.id] for a in reversed(new) if a.id in views]
    with use_locale(chat.interface_language):
        messages = render_story_update(heading, summary, shown, chat.timezone, story.id)
    for message in messages:
        queue_message(
            s, chat.id, message, kind="follow", now=Clock().now(), reply_to=follow.anchor_message_id
        )
    newest_id = max(a.id or 0 for a in new)
    assert follow.id is not None  # a stored row
    follows_q.update_follow(s, follow.id, newest_id, now)
    follows_q.mark_story_seen(s, chat.id, story.id, newest_id, now)
    return True


class StoryUpdates:
    """The scheduled job that queues updates to the stories chats follow."""

    def __init__(self, db: Database, clock: Clock, views: ArticleViews) -> None:
        self.db = db
        self.clock = clock
        self.views = views

    async def send_story_updates(self, bot: object = None) -> int:
        """One pass over every followed story; returns how many updates were queued."""
        del bot  # sending is the outbox's job
        now = self.clock.now()
        queued = 0
        for follow in await self.db.run(follows_q.story_follows):
            new = await self.db.run(
                stories_q.new_story_articles, follow.story_id, follow.last_article_id
            )
            if not update_due(follow, new, now):
                continue
            views = await self.views.views(list(reversed(new)))
            by_id = dict(zip((a.id for a in reversed(new)), views, strict=True))
            if await self.db.run(_queue_update, follow.id, by_id, now):
                queued += 1
        return queued
