"""Stories kept in step with the database: the online clusterer decides, storage remembers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.stories import StoryClusterer
from bot.stories.clusterer import ClusteringSettings
from bot.stories.term_weights import MAX_TEXT_CHARS
from storage import Article, Database
from storage import queries as q

LOAD_WINDOW = timedelta(days=7)
# Start-up reads the articles in pages: all at once, 50,000 texts cost ~300 MB at the peak,
# which the process then keeps.
LOAD_PAGE = 2_000
DEFAULT_CAPACITY = 30_000
# Evicted stories are dropped from the id map once it holds this many more than twice the
# live ones: amortised, each pass is paid for by as many new stories.
_PRUNE_SLACK = 1_000


@dataclass(frozen=True)
class Placement:
    story_id: int
    is_new_story: bool
    duplicate_of: int | None  # an earlier article this one copies (wire copy), if any
    # Earlier articles that move into this new story: one had only just joined another story
    # and this one is closer to it (the clusterer's second look); the rest are its copies.
    moved_articles: tuple[int, ...] = ()


class StoryBook:
    """Assigns each new article to a story; story ids in the database never collide."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        # The index remembers the last week's articles, at most `capacity` of them (about
        # 1.6 KB each): the bound on this process's memory for stories.
        self.capacity = capacity
        self._clusterer = StoryClusterer(settings=ClusteringSettings(max_docs=capacity))
        self._db_id: dict[int, int] = {}  # clusterer's story id -> stored story id
        self._next_id = 1

    async def load(self, db: Database, now: datetime) -> None:
        """Index the recent articles (oldest first) so new ones join their stories."""
        self._next_id = await db.run(q.max_story_id) + 1
        start = await db.run(q.story_index_floor, now - LOAD_WINDOW, self.capacity)
        inclusive = True
        while True:
            page = await db.run(
                q.story_texts_from,
                start,
                inclusive=inclusive,
                limit=LOAD_PAGE,
                text_chars=MAX_TEXT_CHARS,
            )
            if not page:
                break
            # Tokenising is CPU work: off the event loop (nothing else uses the index yet).
            await asyncio.to_thread(self._index, page)
            start, inclusive = (page[-1].fetched_at, page[-1].id), False

    def _index(self, page: list[q.StoryText]) -> None:
        for article in page:
            self._clusterer.add(
                article.id,
                article.title,
                article.text,
                article.published_at,
                story_id=article.story_id,
            )
            self._db_id[article.story_id] = article.story_id

    def _forget_evicted_stories(self) -> None:
        # An evicted story never comes back (the clusterer does not reuse ids): without this
        # the map would grow by one entry per story for as long as the process runs.
        has_story = self._clusterer.has_story
        self._db_id = {sid: stored for sid, stored in self._db_id.items() if has_story(sid)}

    @property
    def tracked_stories(self) -> int:
        """Stories the book maps to stored ids: those with an article in the index, and
        evicted ones not yet forgotten (they are, in batches, once they outnumber the live
        ones by _PRUNE_SLACK)."""
        return len(self._db_id)

    def __len__(self) -> int:
        """Articles in the index."""
        return len(self._clusterer)

    def story_of(self, article_id: int) -> int | None:
        """The stored story of an indexed article (None: not in the index)."""
        story = self._clusterer.story_of(article_id)
        return None if story is None else self._db_id.get(story, story)

    def assign(self, article: Article) -> Placement:
        """Where a freshly stored article goes: its story, and the article it copies, if any."""
        assert article.id is not None
        result = self._clusterer.add(article.id, article.title, article.text, article.published_at)
        stored = self._db_id.get(result.story_id)
        if stored is None:
            stored = self._db_id[result.story_id] = self._next_id
            self._next_id += 1
            # After reading the id: an article older than all the index holds is evicted
            # as soon as it is added, and its story with it.
            if len(self._db_id) > 2 * self._clusterer.story_count + _PRUNE_SLACK:
                self._forget_evicted_stories()
        return Placement(stored, result.is_new_story, result.duplicate_of, result.moved)
