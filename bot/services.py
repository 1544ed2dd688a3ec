"""Everything the bot needs at run time, made in one place from the settings and closed together.

Only assembly (bot.app, the command line) holds this: it hands each use case, job and web
route the few parts it needs, so nothing below it depends on the whole.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from bot.archive import ArchiveLinks
from bot.articles.ingest import Ingestor
from bot.articles.story_book import StoryBook
from bot.briefings import ArticleView
from bot.clock import Clock
from bot.fetching import Fetcher, FetchPolicy
from bot.polling.poller import Poller
from bot.reader import ReaderLinks, not_public_because
from bot.settings import Settings
from bot.sources.catalog import DEFAULT_FEEDS
from bot.sources.google_links import GoogleLinks
from bot.sources.search_answers import read_answer
from bot.sources.search_plan import search_config
from bot.topics import TopicIndex
from bot.usecases.registry import UseCases, assemble
from bot.usecases.views import ARCHIVE_WAIT_SECONDS, ArticleViews
from storage import Article, Database
from storage.bot_secrets import kept_secret
from storage.queries import sources as sources_q

log = logging.getLogger(__name__)

READER_KEY_NAME = "reader_link_key"  # the database's own key, when none is configured


def make_pool(workers: int, name: str = "extract") -> Executor:
    """Extraction and feed parsing are CPU-bound: a process pool keeps them off the event loop."""
    if workers <= 0:
        return ThreadPoolExecutor(max_workers=2, thread_name_prefix=name)
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    fetcher: Fetcher
    pool: Executor
    topics: TopicIndex
    stories: StoryBook
    ingestor: Ingestor
    poller: Poller
    archives: ArchiveLinks
    poll_fetcher: Fetcher  # polling's own lane (see start)
    poll_pool: Executor
    reader_key: bytes  # signs reader links; the reader page server checks them with it
    reader_links: ReaderLinks | None  # None: briefings offer no Clean page
    article_views: ArticleViews
    cases: UseCases  # what handlers and jobs call, each with only the parts it needs

    @classmethod
    async def start(
        cls, settings: Settings, *, clock: Clock | None = None, clean_pages: bool = True
    ) -> Services:
        """Open the database (migrating it), register the feeds, and load topics and stories.

        `clean_pages`: this process serves reader pages, so briefings may link them (when
        users can open the reader URL: see `clean_page_base`).
        """
        clock = clock or Clock()
        db = Database(settings.database_url)
        await db.run_plain(lambda: db.migrate(auto=settings.auto_migrate))
        reader_key = (
            settings.configured_reader_key
            or (await db.run(kept_secret, READER_KEY_NAME, clock.now())).encode()
        )
        base = clean_page_base(settings) if clean_pages else None
        links = ReaderLinks(base, reader_key, settings.reader_link_days) if base else None
        policy = FetchPolicy(
            user_agent=settings.user_agent,
            total_deadline=settings.fetch_deadline,
            max_bytes=settings.max_bytes,
            allow_private=settings.allow_private_urls,
        )
        # Two lanes: polling has its own connections, host slots and worker processes, so
        # what people ask for (/addsource, archive links) never queues behind a publisher
        # that drips or a feed that burns CPU.
        fetcher = Fetcher(policy)
        # A process of its own where extraction has processes, so the CPU budget for reading
        # a feed a person sent holds as it does for polling; started now (reading an empty
        # feed imports the parser), not when the first person waits for it.
        pool = make_pool(min(settings.extract_workers, 1), name="interactive")
        pool.submit(read_answer, "feed", b"", "https://localhost/", None)
        poll_fetcher = Fetcher(policy)
        poll_pool = make_pool(settings.extract_workers)
        # Built off the event loop: the story index reads its word-rarity prior (a 1.3 MB
        # file, ~0.4 s of CPU) when it is made.
        topics = TopicIndex()
        stories = await asyncio.to_thread(StoryBook, settings.story_index_articles)
        builtin = [(f.url, f.name) for f in DEFAULT_FEEDS]
        await db.run(sources_q.ensure_sources, builtin, builtin=True)
        await db.run(sources_q.set_builtin_sources_enabled, settings.default_feeds)
        await db.run(
            sources_q.ensure_sources, [(url, None) for url in settings.feeds], builtin=False
        )
        await topics.reload(db)
        await stories.load(db, clock.now())
        ingestor = Ingestor(
            db=db,
            fetcher=poll_fetcher,
            pool=poll_pool,
            clock=clock,
            topics=topics,
            stories=stories,
            page_cpu_seconds=settings.source_cpu_seconds,
        )
        poller = Poller(
            db=db,
            fetcher=poll_fetcher,
            ingestor=ingestor,
            pool=poll_pool,
            clock=clock,
            interval=settings.poll_seconds,
            min_interval=settings.min_feed_interval,
            search=search_config(settings),
            google_links=GoogleLinks(poll_fetcher, settings.google_news_url),
            concurrency=settings.poll_concurrency,
            source_seconds=settings.source_seconds,
            cpu_seconds=settings.source_cpu_seconds,
        )
        archives = ArchiveLinks(
            fetcher=fetcher, db=db, clock=clock, api_url=settings.wayback_api_url
        )
        views = ArticleViews(archives, links, clock)
        return cls(
            settings, db, clock, fetcher, pool, topics, stories, ingestor, poller, archives,
            poll_fetcher=poll_fetcher, poll_pool=poll_pool,
            reader_key=reader_key, reader_links=links,
            article_views=views,
            cases=assemble(
                settings, db=db, clock=clock, index=topics, views=views, fetcher=fetcher, pool=pool
            ),
        )  # fmt: skip

    async def close(self) -> None:
        await self.poller.stop()  # first: polls in flight hold connections and the database
        await self.archives.aclose()
        await self.fetcher.aclose()
        await self.poll_fetcher.aclose()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.poll_pool.shutdown(wait=False, cancel_futures=True)
        self.db.close()

    async def views(
        self, articles: Sequence[Article], *, wait: float = ARCHIVE_WAIT_SECONDS
    ) -> list[ArticleView]:
        return await self.article_views.views(articles, wait=wait)

    def view(self, article: Article) -> ArticleView:
        return self.article_views.view(article)


def clean_page_base(settings: Settings) -> str | None:
    """The reader URL briefings may link, or None (with a warning saying what to set) when
    it is on an address the bot's users cannot open."""
    base = settings.reader_base_url
    reason = None if settings.reader_public else not_public_because(base)
    if reason is None:
        return base
    _, port = settings.reader_host_port
    origin = "NEWSBRIEF_READER_URL" if settings.reader_url else "NEWSBRIEF_READER_URL not set"
    log.warning(
        "Clean page links are off: the reader URL %s (%s) is %s, not an address your users' "
        "phones can open. Set NEWSBRIEF_READER_URL=https://news.example.org (a public https "
        "address that proxies to this bot's port %d), or NEWSBRIEF_READER_PUBLIC=true if every "
        "user is on this network.",
        base, origin, reason, port,
    )  # fmt: skip
    return None
