"""Every active topic compiled into one matcher, kept in step with the database."""

from __future__ import annotations

import asyncio
import logging
import threading

from bot.matching import Document, Query, QueryError, TopicMatcher, parse_query
from storage import Article, Database, Topic
from storage import queries as q

log = logging.getLogger(__name__)
MATCH_TEXT_CHARS = 6000


def document_of(article: Article) -> Document:
    """What matching looks at: headline, summary and the start of the text."""
    body = f"{article.summary}\n{article.text[:MATCH_TEXT_CHARS]}"
    return Document(title=article.title, text=body, url=article.url, language=article.language)


class TopicIndex:
    """Topic id -> chat, and the compiled matcher over all topics."""

    def __init__(self) -> None:
        # Matching runs in storage threads while handlers add topics on the loop; the matcher
        # is not safe for both at once.
        self._lock = threading.Lock()
        self._matcher = TopicMatcher()
        self._chat_of: dict[int, int] = {}
        self.queries: dict[int, Query] = {}

    def __len__(self) -> int:
        return len(self._chat_of)

    def add(self, topic: Topic | q.TopicQuery) -> None:
        assert topic.id is not None
        try:
            query = parse_query(topic.query)
        except QueryError:
            log.warning("stored topic %s no longer parses; skipped", topic.id)
            return
        with self._lock:
            self._matcher.add(topic.id, query)
        self._chat_of[topic.id] = topic.chat_id
        self.queries[topic.id] = query

    def remove(self, topic_id: int) -> None:
        if self._chat_of.pop(topic_id, None) is not None:
            with self._lock:
                self._matcher.remove(topic_id)
            self.queries.pop(topic_id, None)

    async def reload(self, db: Database) -> None:
        """Rebuild from the database (start-up, or to pick up other processes' changes)."""
        topics = await db.run(q.active_topic_queries)  # light rows: 300,000 ORM rows cost ~500 MB
        # Parsing and compiling many topics takes seconds: keep it off the event loop.
        fresh = await asyncio.to_thread(_compiled, topics)
        with self._lock:
            self._matcher, self._chat_of = fresh._matcher, fresh._chat_of
            self.queries = fresh.queries

    def explain(self, topic_id: int, article: Article) -> list[str] | None:
        """The topic's words found in the article, or None when it doesn't match."""
        with self._lock:
            found = self._matcher.explain(topic_id, document_of(article))
        return None if found is None else found.matched_terms

    def match(self, article: Article) -> list[tuple[int, int]]:
        """(topic_id, chat_id) for every topic the article matches."""
        doc = document_of(article)
        with self._lock:
            ids = self._matcher.match(doc)
        return [(tid, self._chat_of[tid]) for tid in ids if tid in self._chat_of]


def _compiled(topics: list[q.TopicQuery]) -> TopicIndex:
    index = TopicIndex()
    for topic in topics:
        index.add(topic)
    index._matcher.compact()
    return index
