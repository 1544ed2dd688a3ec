"""Following and unfollowing topics, and finding what stored articles a topic matches."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock
from bot.i18n import _
from bot.matching import Query, QueryError, fold, matches, parse_query
from bot.topics import TopicIndex
from bot.topics.index import document_of
from storage import Article, Database, Topic
from storage.queries import articles as articles_q
from storage.queries import matches as matches_q
from storage.queries import topics as topics_q

MAX_TOPICS_PER_CHAT = 50
SEARCH_WINDOW = timedelta(days=14)
SEARCH_LIMIT = 5000


class TopicError(ValueError):
    """Why a topic can't be followed; the text is meant for the user."""


@dataclass(frozen=True)
class Thread:
    """Where in a forum supergroup a topic's news goes: a thread (None: General), its name."""

    id: int | None
    name: str | None = None


@dataclass
class Subscribed:
    topic: Topic
    query: Query
    preview: list[Article] = field(default_factory=list)
    moved: bool = False  # already followed: only routed to another forum thread


def normalized(query_text: str) -> str:
    """The form two spellings of one topic share ("ECB  rates" == "ecb rates")."""
    return " ".join(fold(query_text).split())


def _same_topic(topic: Topic, wanted: str) -> bool:
    """Whether `topic` is the one written `wanted` (normalized). A topic stored by a release
    that folded differently (Arabic-script letters became one for issue 13) keeps its old
    `normalized` column, so its query is folded again with today's rules."""
    return topic.normalized == wanted or normalized(topic.query) == wanted


def _newest_per_story(query: Query, recent: list[Article], limit: int) -> list[Article]:
    found: list[Article] = []
    stories: set[int] = set()
    recent.sort(key=lambda a: (a.published_at or a.fetched_at, a.id or 0), reverse=True)
    for article in recent:
        if not matches(query, document_of(article)):
            continue
        if article.story_id is not None:
            if article.story_id in stories:
                continue
            stories.add(article.story_id)
        found.append(article)
        if len(found) >= limit:
            break
    return found


class ArticleSearch:
    """The newest stored articles matching a query, one per story."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def search(self, query: Query, *, limit: int) -> list[Article]:
        """The newest stored articles matching the query, one per story."""
        since = self.clock.now() - SEARCH_WINDOW
        recent = await self.db.run(articles_q.recent_articles, since, SEARCH_LIMIT)
        # Matching thousands of texts is CPU work: keep it off the event loop.
        return await asyncio.to_thread(_newest_per_story, query, recent, limit)


class Topics:
    """Following and unfollowing a chat's topics; the index learns each change at once."""

    def __init__(
        self, db: Database, clock: Clock, index: TopicIndex, search: ArticleSearch
    ) -> None:
        self.db = db
        self.clock = clock
        self.index = index
        self.search = search

    async def subscribe(
        self, chat_id: int, text: str, *, thread: Thread | None = None
    ) -> Subscribed:
        """Follow a topic; raises TopicError (empty, too long, malformed, duplicate, too many).

        `thread` (forum supergroups only): the forum topic its news goes to. A topic already
        followed is moved there instead (`moved`), so re-subscribing elsewhere re-routes it.
        """
        text = " ".join((text or "").split())
        try:
            query = parse_query(text)
        except QueryError as exc:
            raise TopicError(str(exc)) from exc
        existing = await self.db.run(topics_q.list_topics, chat_id)
        same = next((t for t in existing if _same_topic(t, normalized(text))), None)
        if thread is not None and same is not None and same.message_thread_id != thread.id:
            routed = await self.db.run(
                topics_q.route_topic, chat_id, same.id, thread.id, thread.name
            )
            if routed is not None:
                return Subscribed(routed, query, moved=True)
        if same is not None:  # stored under an older folding, the insert would not see it
            raise TopicError(
                _("You already follow “{topic}”. See your topics with /topics.").format(topic=text)
            )
        if len(existing) >= MAX_TOPICS_PER_CHAT:
            raise TopicError(
                _(
                    "You follow {n} topics, the most a chat can have. Remove one with "
                    "/topics first."
                ).format(n=len(existing))
            )
        topic = await self.db.run(
            topics_q.add_topic,
            chat_id,
            text,
            normalized(text),
            self.clock.now(),
            message_thread_id=thread.id if thread else None,
            thread_name=thread.name if thread else None,
        )
        if topic is None:
            raise TopicError(
                _("You already follow “{topic}”. See your topics with /topics.").format(topic=text)
            )
        self.index.add(topic)
        preview = await self.search.search(query, limit=3)
        if preview:
            await self.db.run(
                matches_q.add_matches,
                [(topic.id, chat_id, a.id) for a in preview],
                self.clock.now(),
            )
        return Subscribed(topic, query, preview)

    async def unsubscribe(self, chat_id: int, topic_id: int) -> Topic | None:
        removed = await self.db.run(topics_q.remove_topic, chat_id, topic_id)
        if removed is not None:
            self.index.remove(topic_id)
        return removed

    async def find_topic(self, chat_id: int, text: str) -> Topic | None:
        """The chat's topic written as `text` (any spacing or case), or numbered `text`."""
        topics = await self.db.run(topics_q.list_topics, chat_id)
        wanted = normalized(text)
        for topic in topics:
            if _same_topic(topic, wanted):
                return topic
        if text.strip().isdigit() and 1 <= int(text) <= len(topics):
            return topics[int(text) - 1]
        return None

    async def list(self, chat_id: int) -> list[Topic]:
        return await self.db.run(topics_q.list_topics, chat_id)

    async def set_instant(self, chat_id: int, topic_id: int, instant: bool) -> Topic | None:
        return await self.db.run(topics_q.set_topic_instant, chat_id, topic_id, instant)

    async def rename_thread(self, chat_id: int, thread_id: int, name: str) -> None:
        """A forum thread was renamed: the topics routed there show its new name."""
        await self.db.run(topics_q.rename_thread, chat_id, thread_id, name)
