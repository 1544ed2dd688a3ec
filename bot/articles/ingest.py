"""New feed entries become stored articles, grouped into stories and matched to topics."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from bot.articles.process import ProcessedPage, process_page
from bot.articles.story_book import StoryBook
from bot.clock import Clock
from bot.fetching import FeedEntry, Fetcher, FetchError, canonical_url
from bot.topics import TopicIndex
from storage import Article, Database
from storage import queries as q

log = logging.getLogger(__name__)
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


@dataclass
class Ingestor:
    db: Database
    fetcher: Fetcher
    pool: Executor
    clock: Clock
    topics: TopicIndex
    stories: StoryBook
    max_new_per_feed: int = 30
    page_concurrency: int = 6

    def __post_init__(self) -> None:
        self._pages = asyncio.Semaphore(self.page_concurrency)
        self._store_lock = asyncio.Lock()

    async def ingest(
        self,
        entries: list[FeedEntry],
        *,
        source_id: int | None,
        outlet: str | None,
        fetch_pages: bool = True,
    ) -> list[Article]:
        """Store the entries not seen before; returns the new articles. Without ``fetch_pages``
        the feed's own text stands in for the page (links that lead to no article, like
        Google News redirects)."""
        by_url: dict[str, FeedEntry] = {}
        for entry in entries:
            if entry.url:
                by_url.setdefault(canonical_url(entry.url), entry)
        if not by_url:
            return []
        known = await self.db.run(q.known_canonical_urls, list(by_url))
        fresh = [(url, e) for url, e in by_url.items() if url not in known]
        fresh.sort(key=lambda item: item[1].published or self.clock.now(), reverse=True)
        fresh = fresh[: self.max_new_per_feed]
        built = await asyncio.gather(
            *(self._build(url, e, source_id, outlet, fetch_pages) for url, e in fresh)
        )
        stored: list[Article] = []
        if any(built):  # other processes' stories taken in before the lock: held for little
            await self.stories.catch_up(self.db)
        for article in built:
            if article is not None and (saved := await self._store(article)) is not None:
                stored.append(saved)
        return stored

    async def _build(
        self,
        canonical: str,
        entry: FeedEntry,
        source_id: int | None,
        outlet: str | None,
        fetch_page: bool = True,
    ) -> Article | None:
        assert entry.url is not None
        body, final_url, content_type = None, entry.url, None
        if fetch_page:
            async with self._pages:
                try:
                    result = await self.fetcher.fetch(entry.url, accept=PAGE_ACCEPT)
                    body, final_url, content_type = result.body, result.url, result.content_type
                except FetchError as exc:
                    log.info("page not fetched (%s); using the feed summary", exc)
        loop = asyncio.get_running_loop()
        page: ProcessedPage = await loop.run_in_executor(
            self.pool, process_page, body, final_url, content_type, entry.title, entry.summary
        )
        if not page.text and not entry.title:
            return None
        now = self.clock.now()
        published = entry.published or page.published
        if published is None or published > now + timedelta(hours=1):
            published = now
        return Article(
            canonical_url=canonical_url(page.canonical_url) if page.canonical_url else canonical,
            url=canonical_url(final_url) if page.text_from == "page" else canonical,
            title=entry.title or page.title or "(untitled)",
            outlet=entry.source_name or outlet or page.site_name,
            source_id=source_id,
            published_at=published,
            fetched_at=now,
            text=page.text,
            summary=page.summary,
            language=page.language,
            text_from=page.text_from,
        )

    async def _store(self, article: Article) -> Article | None:
        # One at a time: the story clusterer and topic index are shared in-memory state.
        async with self._store_lock:
            return await self.db.run(self._store_in_transaction, article)

    def _store_in_transaction(self, s: Session, article: Article) -> Article | None:
        """Article, story and topic matches are written together or not at all."""
        # Before the insert: article ids then follow the order stories are assigned in.
        q.lock_story_assignment(s)
        saved = q.add_article(s, article)
        if saved is None or saved.id is None:
            return None
        self.stories.assign(s, saved)  # writes the story (and any second-look moves)
        matches = [(tid, cid, saved.id) for tid, cid in self.topics.match(saved)]
        q.add_matches(s, matches, saved.fetched_at)
        return saved
