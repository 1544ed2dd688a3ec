"""Stories kept in step with the database: the online clusterer decides, storage remembers.

One story identity for every process. A story's id is its row's key, handed out by the
database (never a counter of this process), and every process that assigns stories first
takes in what the others assigned:

- Assignment is one at a time for the whole bot: the store transaction takes the story lock
  (`stories_q.lock_story_assignment`, a PostgreSQL advisory lock) before it inserts the
  article. Article ids are therefore handed out and committed in the order stories are assigned.
- Under that lock the book catches up: every article stored since the last one it saw (ids
  after it) goes through this process's clusterer in that order, exactly as if this process had
  received it, and only then is the new article placed. A report of an event another worker
  polled joins that event's story; a second look (an article moved into a newer story) that
  another process made is made here too, since the clusterer sees the same articles in the same
  order. So the decision is the one a single process fed every article would make.
- Most of the catching up happens before the lock (`catch_up`, once per batch of new articles),
  so the lock is held for the few articles stored in between.

Why not one clustering process, with the others leaving articles unassigned: an article would
wait for that process, so `/latest`, alerts and digests could show it without its story, and a
new clustering process would still have to rebuild the index on takeover. Here the cost is CPU
(every assigning process tokenises every article, about 3 ms each) and one short lock per new
article; bench/stories.py --processes measures both.

A process that starts later reads the stored stories (the last week, at most `capacity`
articles) like a restarted one; from then on it follows every decision.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.stories import StoryClusterer
from bot.stories.clusterer import ClusteringSettings
from bot.stories.term_weights import MAX_TEXT_CHARS
from storage import Article, Database
from storage.queries import stories as stories_q

LOAD_WINDOW = timedelta(days=7)
# Start-up reads the articles in pages: all at once, 50,000 texts cost ~300 MB at the peak,
# which the process then keeps. Catching up reads pages of the same size.
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
    # Earlier articles that move into this story: one had only just joined another story and
    # this new one is closer to it (the clusterer's second look), or it fits this story, now
    # grown, better than its own (re-homing); the rest are its copies.
    moved_articles: tuple[int, ...] = ()


class StoryBook:
    """Assigns each new article to a story, in step with every other process's assignments."""

    def __init__(
        self, capacity: int = DEFAULT_CAPACITY, settings: ClusteringSettings | None = None
    ) -> None:
        # The index remembers the last week's articles, at most `capacity` of them (about
        # 1.6 KB each): the bound on this process's memory for stories.
        self.capacity = capacity
        self._clusterer = StoryClusterer(
            settings=replace(settings or ClusteringSettings(), max_docs=capacity)
        )
        self._db_id: dict[int, int] = {}  # clusterer's story id -> stored story id
        self._seen = 0  # the last article id whose story this book has taken in
        # Catching up (outside the store transaction) and assigning run in database threads.
        self._mutex = threading.Lock()

    async def load(self, db: Database, now: datetime) -> None:
        """Index the recent articles (oldest first) so new ones join their stories."""
        await db.run(stories_q.story_ids_follow_stored)
        # Every article up to this id has its story committed (ids follow assignment order);
        # later ones are caught up on as other processes' decisions.
        self._seen = await db.run(stories_q.newest_story_article_id)
        start = await db.run(stories_q.story_index_floor, now - LOAD_WINDOW, self.capacity)
        inclusive = True
        while True:
            page = await db.run(
                stories_q.story_texts_from,
                start,
                inclusive=inclusive,
                limit=LOAD_PAGE,
                text_chars=MAX_TEXT_CHARS,
                through_id=self._seen,
            )
            if not page:
                break
            # Tokenising is CPU work: off the event loop (nothing else uses the index yet).
            await asyncio.to_thread(self._index, page)
            start, inclusive = (page[-1].fetched_at, page[-1].id), False

    def _index(self, page: list[stories_q.StoryText]) -> None:
        with self._mutex:
            for article in page:
                self._clusterer.add(
                    article.id,
                    article.title,
                    article.text,
                    article.published_at,
                    story_id=article.story_id,
                )
                self._db_id[article.story_id] = article.story_id

    async def catch_up(self, db: Database) -> int:
        """Take in the stories other processes assigned since this book last looked; returns
        how many articles that was. Optional (assign catches up too): it keeps that work out
        of the lock."""
        return await db.run(self.catch_up_in)

    def catch_up_in(self, s: Session) -> int:
        """`catch_up` within the caller's transaction."""
        with self._mutex:
            return self._catch_up(s)

    def _catch_up(self, s: Session) -> int:
        taken = 0
        while page := stories_q.story_texts_after(
            s, self._seen, limit=LOAD_PAGE, text_chars=MAX_TEXT_CHARS
        ):
            self._replay(page)
            taken += len(page)
        return taken

    def _replay(self, page: list[stories_q.StoryText]) -> None:
        """Add others' articles as if they had arrived here. The clusterer then decides what
        the deciding process decided; its new stories take that process's stored ids, as
        stored now (after any move later in the page: a moved article's row names the story
        it moved to, the rest of its first story names the first)."""
        clusterer, stored_as = self._clusterer, {}
        for article in page:
            clusterer.add(article.id, article.title, article.text, article.published_at)
            stored_as[article.id] = article.story_id
            self._seen = article.id
        for article_id, story_id in stored_as.items():
            story = clusterer.story_of(article_id)
            if story is not None and story not in self._db_id:
                self._db_id[story] = story_id
        self._prune()

    def _prune(self) -> None:
        # An evicted story never comes back (the clusterer does not reuse ids): without this
        # the map would grow by one entry per story for as long as the process runs.
        if len(self._db_id) > 2 * self._clusterer.story_count + _PRUNE_SLACK:
            has_story = self._clusterer.has_story
            self._db_id = {sid: db for sid, db in self._db_id.items() if has_story(sid)}

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
        return None if story is None else self._db_id.get(story)

    def assign(self, s: Session, article: Article) -> Placement:
        """Give a freshly inserted article its story, and write it: the article's story and
        copy, the story row (a new one takes the database's next id), articles a second look
        moves. The caller took `stories_q.lock_story_assignment` before inserting the article."""
        assert article.id is not None
        with self._mutex:
            self._catch_up(s)
            result = self._clusterer.add(
                article.id, article.title, article.text, article.published_at
            )
            self._seen = max(self._seen, article.id)
            stored = self._db_id.get(result.story_id)
            if stored is None:
                stored = stories_q.new_story(s, article.title, article.fetched_at)
                self._db_id[result.story_id] = stored
                # After reading the id: an article older than all the index holds is evicted
                # as soon as it is added, and its story with it.
                self._prune()
            else:
                stories_q.upsert_story(s, stored, article.title, article.fetched_at)
        article.story_id, article.duplicate_of = stored, result.duplicate_of
        s.add(article)
        for moved in result.moved:
            stories_q.move_to_story(s, moved, stored)
        return Placement(stored, result.is_new_story, result.duplicate_of, result.moved)
