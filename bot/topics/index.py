"""Every active topic compiled into one matcher, kept in step with the database."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import KeysView

from bot.matching import Document, QueryError, TopicMatcher, parse_query
from bot.ops.memory import release_free_memory
from storage import Article, Database, Topic
from storage.queries import topics as topics_q

log = logging.getLogger(__name__)
MATCH_TEXT_CHARS = 6000
RELOAD_PAGE = 25_000


def document_of(article: Article) -> Document:
    """What matching looks at: headline, summary and the start of the text."""
    body = f"{article.summary}\n{article.text[:MATCH_TEXT_CHARS]}"
    return Document(title=article.title, text=body, url=article.url, language=article.language)


class TopicIndex:
    """Topic id -> chat, and the compiled matcher over all topics.

    Neither keeps a topic's query: at 300,000 topics the parsed queries alone took ~150 MB of a
    worker's memory. `explain` takes the text from its caller."""

    def __init__(self) -> None:
        # Matching runs in storage threads while handlers add topics on the loop; the matcher
        # is not safe for both at once.
        self._lock = threading.Lock()
        self._matcher = TopicMatcher()
        self._chat_of: dict[int, int] = {}
        # The active topics' fingerprint as the last reload saw them (see TopicSync).
        self.loaded_fingerprint: tuple[int, int] | None = None

    def __len__(self) -> int:
        return len(self._chat_of)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._chat_of

    @property
    def topic_ids(self) -> KeysView[int]:
        """The ids of the topics held (a live view)."""
        return self._chat_of.keys()

    def add(self, topic: Topic | topics_q.TopicQuery) -> None:
        assert topic.id is not None
        try:
            query = parse_query(topic.query)
        except QueryError:
            log.warning("stored topic %s no longer parses; skipped", topic.id)
            return
        with self._lock:
            self._matcher.add(topic.id, query)
        self._chat_of[topic.id] = topic.chat_id

    def remove(self, topic_id: int) -> None:
        if self._chat_of.pop(topic_id, None) is not None:
            with self._lock:
                self._matcher.remove(topic_id)

    async def reload(self, db: Database) -> None:
        """Rebuild from the database (start-up, or to pick up other processes' changes)."""
        # Taken first: a topic added during the load changes it, so the next sync catches it.
        self.loaded_fingerprint = await db.run(topics_q.active_topics_fingerprint)
        # In pages, each compiled into the table before the next is read: all 300,000 rows and
        # their parsed rules at once would make start-up's peak ~150 MB higher.
        fresh, after_id = TopicIndex(), 0
        while page := await db.run(
            topics_q.active_topic_queries, after_id=after_id, limit=RELOAD_PAGE
        ):
            # Parsing and compiling many topics takes seconds: keep it off the event loop.
            await asyncio.to_thread(_compile_into, fresh, page)
            after_id = page[-1].id
            release_free_memory()  # the page's rows and parsed queries
        with self._lock:
            self._matcher, self._chat_of = fresh._matcher, fresh._chat_of

    def explain(self, topic_id: int, article: Article, query: str) -> list[str] | None:
        """The words of the topic's `query` (its text, as stored) found in the article, or None
        when the topic doesn't match it or isn't held here."""
        try:
            parsed = parse_query(query)
        except QueryError:
            return None
        with self._lock:
            found = self._matcher.explain(topic_id, document_of(article), parsed)
        return None if found is None else found.matched_terms

    def match(self, article: Article) -> list[tuple[int, int]]:
        """(topic_id, chat_id) for every topic the article matches."""
        doc = document_of(article)
        with self._lock:
            ids = self._matcher.match(doc)
        return [(tid, self._chat_of[tid]) for tid in ids if tid in self._chat_of]


def _compile_into(index: TopicIndex, topics: list[topics_q.TopicQuery]) -> None:
    for topic in topics:
        index.add(topic)
    index._matcher.compact()
