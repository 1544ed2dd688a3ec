"""Stories kept in step with the database: the online clusterer decides, storage remembers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.stories import StoryClusterer
from storage import Article, Database
from storage import queries as q

LOAD_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Placement:
    story_id: int
    is_new_story: bool
    duplicate_of: int | None  # an earlier article this one copies (wire copy), if any


class StoryBook:
    """Assigns each new article to a story; story ids in the database never collide."""

    def __init__(self) -> None:
        self._clusterer = StoryClusterer()
        self._db_id: dict[int, int] = {}  # clusterer's story id -> stored story id
        self._next_id = 1

    async def load(self, db: Database, now: datetime) -> None:
        """Index the recent articles (oldest first) so new ones join their stories."""
        self._next_id = await db.run(q.max_story_id) + 1
        recent = await db.run(q.recent_articles, now - LOAD_WINDOW, 50_000)
        for article in reversed(recent):
            if article.id is None or article.story_id is None:
                continue
            self._clusterer.add(
                article.id,
                article.title,
                article.text,
                article.published_at,
                story_id=article.story_id,
            )
            self._db_id[article.story_id] = article.story_id

    def assign(self, article: Article) -> Placement:
        """Where a freshly stored article goes: its story, and the article it copies, if any."""
        assert article.id is not None
        result = self._clusterer.add(article.id, article.title, article.text, article.published_at)
        if result.story_id not in self._db_id:
            self._db_id[result.story_id] = self._next_id
            self._next_id += 1
        return Placement(self._db_id[result.story_id], result.is_new_story, result.duplicate_of)
