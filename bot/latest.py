""" "What's the latest on …": the best matching story, what is new in it for this chat."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bot.briefings import Message
from bot.briefings.story import TOP_ARTICLES, TimelineEntry, coverage_line, render_story
from bot.matching import Query
from bot.services import Services
from bot.summaries import summarise_update
from bot.topics.subscriptions import search
from storage import Article, Story
from storage.queries import follows as follows_q
from storage.queries import mutes as mutes_q
from storage.queries import stories as stories_q

CANDIDATE_STORIES = 12


@dataclass(frozen=True)
class StoryBrief:
    story: Story
    articles: list[Article]  # oldest first
    new: list[Article]  # what the chat has not been shown yet (all, the first time)
    seen_before: bool
    what_is_new: str

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.outlet or _host(a.url) for a in self.articles))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def story_score(articles: list[Article], now: datetime) -> float:
    """More outlets and fresher updates rank higher; a day of age costs about one doubling."""
    outlets = len({a.outlet or _host(a.url) for a in articles})
    newest = max((a.published_at or a.fetched_at) for a in articles)
    age_days = max(0.0, (now - newest).total_seconds() / 86400)
    return math.log2(1 + outlets) - age_days


async def find_story(services: Services, chat_id: int, query: Query) -> StoryBrief | None:
    """The best story matching the query, skipping stories the chat muted."""
    now = services.clock.now()
    muted = await services.db.run(mutes_q.muted_story_ids, chat_id, now)
    muted_hosts = await services.db.run(mutes_q.muted_hosts, chat_id, now)
    hits = await search(services, query, limit=CANDIDATE_STORIES)
    best: tuple[float, Story, list[Article]] | None = None
    for hit in hits:
        if hit.story_id is None or hit.story_id in muted:
            continue
        story = await services.db.run(stories_q.get_story, hit.story_id)
        articles = await services.db.run(stories_q.story_articles, hit.story_id)
        articles = [a for a in articles if _host(a.url) not in muted_hosts]
        if story is None or not articles:
            continue
        score = story_score(articles, now)
        if best is None or score > best[0]:
            best = (score, story, articles)
    if best is None:
        return None
    _, story, articles = best
    return await brief_of(services, chat_id, story, articles)


async def brief_of(
    services: Services, chat_id: int, story: Story, articles: list[Article]
) -> StoryBrief:
    articles = sorted(articles, key=lambda a: (a.published_at or a.fetched_at, a.id or 0))
    seen = await services.db.run(follows_q.story_seen, chat_id, story.id)
    new = [a for a in articles if seen is None or (a.id or 0) > seen]
    what_is_new = ""
    if seen is not None and new:
        earlier = [a.text or a.summary for a in articles if (a.id or 0) <= seen]
        what_is_new = summarise_update(new[-1].text or new[-1].summary, earlier)
    newest_id = max(a.id or 0 for a in articles)
    await services.db.run(
        follows_q.mark_story_seen, chat_id, story.id, newest_id, services.clock.now()
    )
    return StoryBrief(story, articles, new, seen is not None, what_is_new)


def top_articles(articles: list[Article]) -> list[Article]:
    """What /latest shows of a story (oldest-first `articles`): the newest from each outlet."""
    top: list[Article] = []
    outlets: set[str] = set()
    for article in reversed(articles):
        outlet = article.outlet or _host(article.url)
        if outlet not in outlets:
            top.append(article)
            outlets.add(outlet)
    return top[:TOP_ARTICLES]


async def story_message(
    services: Services, brief: StoryBrief, zone: str, *, following: bool
) -> Message:
    """The reply to /latest: rendered from the brief, newest articles first, one per outlet."""
    now = services.clock.now()
    articles = brief.articles
    top = top_articles(articles)
    timeline = [
        TimelineEntry(a.published_at or a.fetched_at, a.title, a.outlet or _host(a.url))
        for a in articles
    ]
    first = min((a.published_at or a.fetched_at) for a in articles)
    last = max((a.published_at or a.fetched_at) for a in articles)
    return render_story(
        story_id=brief.story.id,
        headline=brief.story.headline,
        coverage=coverage_line(len(brief.outlets), first, last, now, zone),
        what_is_new=brief.what_is_new,
        seen_before=brief.seen_before,
        new_count=len(brief.new),
        timeline=timeline,
        top=await services.views(top),
        zone=zone,
        following=following,
        reports=len(articles),
    )
