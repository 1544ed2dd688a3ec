"""Breaking alerts: a story several outlets report within an hour goes at once to chats whose
topic asked for it (⚡ in /topics), outside their quiet hours, once per chat and story."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.briefings import ArticleView
from bot.briefings.story import coverage_line, render_story_update
from bot.clock import Clock
from bot.delivery.queue import queue_message
from bot.digests.compose import outlet_of
from bot.digests.schedule import quiet_until
from bot.i18n import use_locale
from bot.replies.topics import breaking_header
from bot.usecases.channels import broadcast_form
from bot.usecases.views import ArticleViews
from storage import Article, Database
from storage.queries import alerts as alerts_q
from storage.queries import chats as chats_q
from storage.queries import follows as follows_q
from storage.queries import mutes as mutes_q
from storage.queries import stories as stories_q

log = logging.getLogger(__name__)
ALERT_OUTLETS = 3
WINDOW = timedelta(hours=1)
LOOKBACK = timedelta(hours=12)  # an alert held by quiet hours still goes when they end


def _when(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def outlets_within_an_hour(articles: list[Article]) -> int:
    """The most distinct outlets that reported the story inside any one-hour window."""
    ordered = sorted(articles, key=_when)
    best, start = 0, 0
    for end, article in enumerate(ordered):
        while _when(article) - _when(ordered[start]) > WINDOW:
            start += 1
        best = max(best, len({outlet_of(a) for a in ordered[start : end + 1]}))
    return best


def _queue_alert(
    s: Session,
    chat_id: int,
    story_id: int,
    articles: list[Article],
    views: list[ArticleView],
    now: datetime,
) -> bool:
    chat = chats_q.get_chat(s, chat_id)
    story = stories_q.get_story(s, story_id)
    if chat is None or story is None or quiet_until(chat, now) is not None:
        return False  # quiet hours: the alert waits until they end
    if story_id in mutes_q.muted_story_ids(s, chat_id, now):
        return False
    if not alerts_q.record_alert(s, chat_id, story_id, now):
        return False  # another worker sent it
    outlets = len({outlet_of(a) for a in articles})
    first, last = min(map(_when, articles)), max(map(_when, articles))
    with use_locale(chat.interface_language):
        summary = coverage_line(outlets, first, last, now, chat.timezone)
        messages = render_story_update(
            story.headline,
            summary,
            views,
            chat.timezone,
            story_id,
            title=breaking_header(story.headline),
            follow=True,
        )
    thread = alerts_q.alert_thread(s, chat_id, [a.id for a in articles if a.id is not None])
    for message in messages:  # more than one only when the articles don't fit in one
        if chat.kind == "channel":
            message = broadcast_form(message)
        queue_message(
            s, chat_id, message, kind="alert", now=Clock().now(), message_thread_id=thread
        )
    follows_q.mark_story_seen(s, chat_id, story_id, max(a.id or 0 for a in articles), now)
    return True


class BreakingAlerts:
    """The scheduled job that queues breaking-news alerts for instant topics."""

    def __init__(self, db: Database, clock: Clock, views: ArticleViews) -> None:
        self.db = db
        self.clock = clock
        self.views = views

    async def send_breaking_alerts(self) -> int:
        """Queue the alerts that are due; returns how many were queued."""
        now = self.clock.now()
        rows = await self.db.run(alerts_q.instant_candidates, now - LOOKBACK)
        stories: dict[tuple[int, int], dict[int, Article]] = defaultdict(dict)
        for chat_id, story_id, article in rows:
            stories[(chat_id, story_id)][article.id or 0] = article
        queued = 0
        for (chat_id, story_id), found in stories.items():
            articles = list(found.values())
            if outlets_within_an_hour(articles) < ALERT_OUTLETS:
                continue
            newest_first = sorted(articles, key=_when, reverse=True)
            views = await self.views.views(newest_first[:3])
            if await self.db.run(_queue_alert, chat_id, story_id, articles, views, now):
                queued += 1
        return queued
