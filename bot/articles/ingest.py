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
from bot.fetching.cpu_budget import TooCostly, call_with_cpu_budget
from bot.topics import TopicIndex
from storage import Article, Database
from storage.queries import articles as articles_q
from storage.queries import matches as matches_q
from storage.queries import stories as stories_q

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
    # Pages one source may fetch at once: a source whose pages drip holds two slots, not all.
    pages_per_source: int = 2
    page_cpu_seconds: float = 10.0  # extraction of one page, in a worker process

    def __post_init__(self) -> None:
        self._store_lock = asyncio.Lock()

    async def ingest(
        self,
        entries: list[FeedEntry],
        *,
        source_id: int | None,
        outlet: str | None,
        fetch_pages: bool = True,
        deadline: float | None = None,
    ) -> list[Article]:
        """Store the entries not seen before; returns the new articles. Without ``fetch_pages``
        the feed's own text stands in for the page (links that lead to no article, like
        Google News redirects); so it does for pages not fetched by ``deadline`` (loop time)."""
        by_url: dict[str, FeedEntry] = {}
        for entry in entries:
            if entry.url:
                by_url.setdefault(canonical_url(entry.url), entry)
        if not by_url:
            return []
        known = await self.db.run(articles_q.known_canonical_urls, list(by_url))
        fresh = [(url, e) for url, e in by_url.items() if url not in known]
        fresh.sort(key=lambda item: item[1].published or self.clock.now(), reverse=True)
        fresh = fresh[: self.max_new_per_feed]
        pages = asyncio.Semaphore(self.pages_per_source)
        built = await asyncio.gather(
            *(
                self._build(url, e, source_id, outlet, pages if fetch_pages else None, deadline)
                for url, e in fresh
            )
        )
        ready = [article for article in built if article is not None]
        if ready:  # other processes' stories taken in before the lock: held for little
            await self.stories.catch_up(self.db)
        return await self._store_all(ready)

    async def _build(
        self,
        canonical: str,
        entry: FeedEntry,
        source_id: int | None,
        outlet: str | None,
        pages: asyncio.Semaphore | None,
        deadline: float | None,
    ) -> Article | None:
        assert entry.url is not None
        body, final_url, content_type = None, entry.url, None
        if pages is not None:
            try:
                async with asyncio.timeout_at(deadline), pages:
                    result = await self.fetcher.fetch(entry.url, accept=PAGE_ACCEPT)
                body, final_url, content_type = result.body, result.url, result.content_type
            except FetchError as exc:
                log.info("page not fetched (%s); using the feed summary", exc)
            except TimeoutError:
                log.info("page not fetched in its source's time; using the feed summary")
        page = await self._process(body, final_url, content_type, entry)
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

    async def _process(
        self, body: bytes | None, url: str, content_type: str | None, entry: FeedEntry
    ) -> ProcessedPage:
        loop = asyncio.get_running_loop()
        work = (process_page, body, url, content_type, entry.title, entry.summary)
        try:
            return await loop.run_in_executor(
                self.pool, call_with_cpu_budget, self.page_cpu_seconds, *work
            )
        except TooCostly:
            log.info("page took too much CPU to read; using the feed summary")
            return await loop.run_in_executor(
                self.pool, process_page, None, url, None, entry.title, entry.summary
            )

    async def _store_all(self, articles: list[Article]) -> list[Article]:
        if not articles:
            return []
        # One at a time: the story clusterer and topic index are shared in-memory state.
        async with self._store_lock:
            return await self.db.run(self._store_each, articles)

    def _store_each(self, s: Session, articles: list[Article]) -> list[Article]:
        """Each article in its own savepoint: one that cannot be stored costs only itself."""
        stored: list[Article] = []
        for article in articles:
            try:
                with s.begin_nested():
                    saved = self._store_in_transaction(s, article)
            except Exception:
                log.exception("article %.200r could not be stored", article.canonical_url)
                continue
            if saved is not None:
                stored.append(saved)
        return stored

    def _store_in_transaction(self, s: Session, article: Article) -> Article | None:
        """Article, story and topic matches are written together or not at all."""
        # Before the insert: article ids then follow the order stories are assigned in.
        stories_q.lock_story_assignment(s)
        saved = articles_q.add_article(s, article)
        if saved is None or saved.id is None:
            return None
        self.stories.assign(s, saved)  # writes the story (and any second-look moves)
        matches = [(tid, cid, saved.id) for tid, cid in self.topics.match(saved)]
        matches_q.add_matches(s, matches, saved.fetched_at)
        return saved
