""" "What's the latest on …": the best matching story, what is new in it for this chat."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from bot.briefings import Message
from bot.briefings.story import TOP_ARTICLES, TimelineEntry, coverage_line, render_story
from bot.clock import Clock
from bot.matching import Query
from bot.summaries import summarise_update
from bot.usecases.topics import ArticleSearch
from bot.usecases.views import ArticleViews
from storage import Article, Database, Story
from storage.queries import deliveries as deliveries_q
from storage.queries import follows as follows_q
from storage.queries import mutes as mutes_q
from storage.queries import stories as stories_q

CANDIDATE_STORIES = 12
# What "what's new" compares the newest report against: the most recent earlier reports, each
# by its head. The running story is restated in its latest reports (wire copies, recaps), so
# older ones add few terms; and 12 heads of 10,000 characters are about one long article
# (articles keep up to 100,000), so the cost no longer grows with the story (a big one holds
# hundreds of reports).
EARLIER_REPORTS = 12
EARLIER_CHARS = 10_000


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


def earlier_texts(articles: Sequence[Article], seen: int) -> list[str]:
    """What the chat was shown of the story (`articles` oldest first, up to article id `seen`),
    bounded for summarise_update: the newest EARLIER_REPORTS, each cut to EARLIER_CHARS."""
    shown = [a for a in articles if (a.id or 0) <= seen][-EARLIER_REPORTS:]
    return [(a.text or a.summary)[:EARLIER_CHARS] for a in shown]


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


class Latest:
    """The latest on a story for one chat, and following, muting and marking it shown."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        search: ArticleSearch,
        views: ArticleViews,
        pool: Executor,
    ) -> None:
        self.db = db
        self.clock = clock
        self.search = search
        self.views = views
        self.pool = pool  # the lane for what people ask: "what's new" is weighed there

    async def find_story(self, chat_id: int, query: Query) -> StoryBrief | None:
        """The best story matching the query, skipping stories the chat muted."""
        now = self.clock.now()
        muted = await self.db.run(mutes_q.muted_story_ids, chat_id, now)
        muted_hosts = await self.db.run(mutes_q.muted_hosts, chat_id, now)
        hits = await self.search.search(query, limit=CANDIDATE_STORIES)
        best: tuple[float, Story, list[Article]] | None = None
        for hit in hits:
            if hit.story_id is None or hit.story_id in muted:
                continue
            story = await self.db.run(stories_q.get_story, hit.story_id)
            articles = await self.db.run(stories_q.story_articles, hit.story_id)
            articles = [a for a in articles if _host(a.url) not in muted_hosts]
            if story is None or not articles:
                continue
            score = story_score(articles, now)
            if best is None or score > best[0]:
                best = (score, story, articles)
        if best is None:
            return None
        _, story, articles = best
        return await self.brief_of(chat_id, story, articles)

    async def brief_of(self, chat_id: int, story: Story, articles: list[Article]) -> StoryBrief:
        articles = sorted(articles, key=lambda a: (a.published_at or a.fetched_at, a.id or 0))
        seen = await self.db.run(follows_q.story_seen, chat_id, story.id)
        new = [a for a in articles if seen is None or (a.id or 0) > seen]
        what_is_new = ""
        if seen is not None and new:
            # CPU work in the worker pool, not a thread: its regexes hold the GIL for a whole
            # text at a time, which would still stall the loop answering other chats.
            what_is_new = await asyncio.get_running_loop().run_in_executor(
                self.pool,
                summarise_update,
                new[-1].text or new[-1].summary,
                earlier_texts(articles, seen),
            )
        newest_id = max(a.id or 0 for a in articles)
        await self.db.run(follows_q.mark_story_seen, chat_id, story.id, newest_id, self.clock.now())
        return StoryBrief(story, articles, new, seen is not None, what_is_new)

    async def story_message(self, brief: StoryBrief, zone: str, *, following: bool) -> Message:
        """The reply to /latest: rendered from the brief, newest articles first, one per outlet."""
        now = self.clock.now()
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
            top=await self.views.views(top),
            zone=zone,
            following=following,
            reports=len(articles),
        )

    async def story(self, story_id: int) -> Story | None:
        return await self.db.run(stories_q.get_story, story_id)

    async def articles(self, story_id: int) -> list[Article]:
        return await self.db.run(stories_q.story_articles, story_id)

    async def shown(self, chat_id: int, article_ids: Sequence[int], kind: str) -> None:
        """Record what a reply showed the chat, so digests do not send it again."""
        await self.db.run(
            deliveries_q.record_deliveries, chat_id, article_ids, kind, self.clock.now()
        )


class Follows:
    """Following a story (its updates come as replies), unfollowing it, muting it."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def is_following(self, chat_id: int, story_id: int) -> bool:
        return await self.db.run(follows_q.follows_story, chat_id, story_id)

    async def follow(self, chat_id: int, story_id: int, anchor: int | None) -> bool:
        """Follow the story from its newest article on; False when already followed.
        `anchor`: the message updates reply to."""
        articles = await self.db.run(stories_q.story_articles, story_id)
        newest = max((a.id or 0) for a in articles) if articles else 0
        return await self.db.run(
            follows_q.follow_story, chat_id, story_id, anchor, newest, self.clock.now()
        )

    async def unfollow(self, chat_id: int, story_id: int) -> None:
        await self.db.run(follows_q.unfollow_story, chat_id, story_id)

    async def mute(self, chat_id: int, story_id: int, days: int = 7) -> None:
        """Keep the story out of the chat's digests and alerts for `days`."""
        until = self.clock.now() + timedelta(days=days)
        await self.db.run(mutes_q.mute_story, chat_id, story_id, until)
