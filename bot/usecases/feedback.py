"""Feedback on a briefing: why this article, more like it, mute its story or its outlet."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from bot.briefings.render import clean_text
from bot.clock import Clock
from bot.i18n import _
from bot.topics import TopicIndex
from storage import Article, Database
from storage.queries import articles as articles_q
from storage.queries import mutes as mutes_q
from storage.queries import topics as topics_q

MUTE_STORY_FOR = timedelta(days=7)
MUTE_SOURCE_FOR = timedelta(days=30)


def outlet_host(article: Article) -> str:
    return (urlsplit(article.url).hostname or "").removeprefix("www.")


class Feedback:
    """Answers to the ⋯ menu under an article."""

    def __init__(self, db: Database, clock: Clock, topics: TopicIndex) -> None:
        self.db = db
        self.clock = clock
        self.topics = topics

    async def why_this(self, chat_id: int, article: Article) -> str:
        """A short answer (fits Telegram's 200-character alert): which topic, which words."""
        topics = await self.db.run(topics_q.list_topics, chat_id)
        reasons = []
        for topic in topics:
            assert topic.id is not None
            terms = self.topics.explain(topic.id, article, topic.query)
            if terms is not None:
                words = _(", ").join(terms) if terms else _("its site")
                reasons.append(f"“{clean_text(topic.query, 40)}” ({clean_text(words, 60)})")
        if not reasons:
            return _(
                "You asked for it (a /latest search or a followed story); no topic matches it now."
            )
        matched = _("It matched your topic {reasons}.").format(reasons="; ".join(reasons))
        return clean_text(matched, 200)

    async def mute_story_of(self, chat_id: int, article: Article) -> bool:
        if article.story_id is None:
            return False
        until = self.clock.now() + MUTE_STORY_FOR
        await self.db.run(mutes_q.mute_story, chat_id, article.story_id, until)
        return True

    async def mute_outlet_of(self, chat_id: int, article: Article) -> str:
        host = outlet_host(article)
        await self.db.run(mutes_q.mute_source, chat_id, host, self.clock.now() + MUTE_SOURCE_FOR)
        return article.outlet or host

    async def article(self, article_id: int) -> Article | None:
        return await self.db.run(articles_q.get_article, article_id)
