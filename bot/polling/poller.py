"""One poll cycle: fetch every due source (conditionally), parse it, ingest what is new.

Sources are feeds, or per-topic news searches kept in step with the chats' topics before each
cycle. One failing source costs at most one fetch deadline and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import timedelta

from bot.articles.ingest import Ingestor
from bot.clock import Clock
from bot.fetching import Fetcher, FetchError, FetchResult, HTTPStatusError, UnsafeURL
from bot.polling.backoff import next_delay, should_disable
from bot.polling.google_articles import resolve_google_articles
from bot.polling.notices import record_failure
from bot.polling.spacing import RequestSpacing
from bot.sources.google_links import GoogleLinks
from bot.sources.search_answers import SEARCH_KINDS, SourceAnswer, read_answer
from bot.sources.search_plan import SearchConfig, plan_searches, wants_of
from storage import Article, Database, Source
from storage import queries as q

log = logging.getLogger(__name__)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
JSON_ACCEPT = "application/json, */*;q=0.1"
GDELT_SPACING = 6.0  # seconds between two GDELT requests, for the whole process (GDELT's rule)
GDELT_MAX_WAIT = 20.0  # a cycle waits this long at most for a GDELT turn; later ones come back
DEFER = timedelta(seconds=60)
# A claimed source is left alone by other processes this long (record_poll sets the real next).
CLAIM = timedelta(minutes=15)


@dataclass
class PollReport:
    polled: int = 0
    failed: int = 0
    deferred: int = 0
    new_articles: list[Article] = field(default_factory=list)
    disabled: list[Source] = field(default_factory=list)


@dataclass
class Poller:
    db: Database
    fetcher: Fetcher
    ingestor: Ingestor
    pool: Executor
    clock: Clock
    interval: float
    min_interval: float = 0.0
    search: SearchConfig | None = None
    google_links: GoogleLinks | None = None
    gdelt_spacing: RequestSpacing = field(default_factory=lambda: RequestSpacing(GDELT_SPACING))
    gdelt_max_wait: float = GDELT_MAX_WAIT
    concurrency: int = 8
    batch: int = 100
    real_clock: Clock = field(default_factory=Clock)  # the outbox paces notices by real time

    def __post_init__(self) -> None:
        self._running = asyncio.Lock()

    async def poll_due(self) -> PollReport:
        """Poll the sources whose time has come. A caller that finds a cycle running waits for
        it and then runs its own, so returning means a whole cycle ran after the call."""
        report = PollReport()
        async with self._running:
            try:
                await self.sync_searches()
            except Exception:  # searches are extra: the feeds are polled regardless
                log.exception("could not bring the news searches up to date")
            due = await self.db.run(q.claim_due_sources, self.clock.now(), CLAIM, self.batch)
            gate = asyncio.Semaphore(self.concurrency)

            async def one(source: Source) -> None:
                async with gate:
                    try:
                        await self._poll(source, report)
                    except Exception:  # one bad source must not stop the others
                        log.exception("polling %s failed", source.url)
                        await self._record_crash(source, report)

            await asyncio.gather(*(one(s) for s in due))
        if report.new_articles:
            log.info("poll: %d sources, %d new articles", report.polled, len(report.new_articles))
        return report

    async def sync_searches(self) -> None:
        """Make the stored news-search sources match the topics chats follow now."""
        if self.search is None:
            return
        wanted = []
        if self.search.providers.any and self.search.max_topics > 0:
            rows = await self.db.run(q.search_wants, self.search.max_topics * 4)
            feeds = plan_searches(wants_of(rows, self.search), self.search.providers)
            wanted = [(feed.kind, feed.url, feed.title) for feed in feeds]
        await self.db.run(q.sync_search_sources, wanted)

    async def _poll(self, source: Source, report: PollReport) -> None:
        assert source.id is not None
        if source.kind == "gdelt" and not await self.gdelt_spacing.take_turn(self.gdelt_max_wait):
            report.deferred += 1
            await self.db.run(q.defer_poll, source.id, self.clock.now() + DEFER)
            return
        report.polled += 1
        try:
            result = await self.fetcher.fetch(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                accept=JSON_ACCEPT if source.kind == "gdelt" else FEED_ACCEPT,
            )
        except HTTPStatusError as exc:
            await self._failed(source, report, str(exc), exc.status, exc.retry_after)
            return
        except UnsafeURL as exc:
            await self._failed(source, report, str(exc), None, None, refused=True)
            return
        except FetchError as exc:
            await self._failed(source, report, str(exc), None, None)
            return
        if result.not_modified:
            await self._succeeded(source, None, result)
            return
        loop = asyncio.get_running_loop()
        answer: SourceAnswer = await loop.run_in_executor(
            self.pool, read_answer, source.kind, result.body, result.url, result.content_type
        )
        if not answer.is_feed:
            await self._failed(source, report, "not a feed (no RSS or Atom found)", None, None)
            return
        report.new_articles.extend(await self._ingest(source, answer))
        await self._succeeded(source, answer, result)

    async def _ingest(self, source: Source, answer: SourceAnswer) -> list[Article]:
        # A search result's outlet is its publisher's, never the search engine's.
        outlet = None if source.kind in SEARCH_KINDS else source.title or answer.title
        links = self.google_links if source.kind == "google" else None
        pages, redirects = [], []
        for entry in answer.entries:
            leads_nowhere = links is not None and entry.url and links.article_id(entry.url)
            (redirects if leads_nowhere else pages).append(entry)
        new = await self.ingestor.ingest(pages, source_id=source.id, outlet=outlet)
        if redirects and links is not None:
            # Google's links lead to no article: store the headline now, and resolve the
            # publisher only for what matched a topic, so it can go into a briefing.
            stored = await self.ingestor.ingest(
                redirects, source_id=source.id, outlet=outlet, fetch_pages=False
            )
            await resolve_google_articles(
                stored,
                db=self.db,
                fetcher=self.fetcher,
                pool=self.pool,
                links=links,
                search_url=source.url,
            )
            new += stored
        return new

    async def _record_crash(self, source: Source, report: PollReport) -> None:
        try:
            await self._failed(source, report, "internal error while polling", None, None)
        except Exception:  # the database is failing too: the next cycle tries again
            log.exception("could not record the failure of %s", source.url)

    def _interval(self, source: Source) -> float:
        if source.kind in SEARCH_KINDS and self.search is not None:
            return self.search.interval
        return self.interval

    async def _succeeded(
        self, source: Source, answer: SourceAnswer | None, result: FetchResult
    ) -> None:
        now = self.clock.now()
        delay = next_delay(
            interval=self._interval(source),
            ttl=answer.ttl_seconds if answer else None,
            cache_max_age=result.cache_max_age,
            min_interval=self.min_interval,
        )
        await self.db.run(
            q.record_poll,
            source.id,
            now=now,
            next_poll_at=now + timedelta(seconds=delay),
            etag=result.etag,
            last_modified=result.last_modified,
            title=answer.title if answer else None,
        )

    async def _failed(
        self,
        source: Source,
        report: PollReport,
        error: str,
        status: int | None,
        retry_after: float | None,
        *,
        refused: bool = False,
    ) -> None:
        report.failed += 1
        now = self.clock.now()
        failures = source.failures + 1
        delay = next_delay(
            interval=self._interval(source),
            failures=failures,
            retry_after=retry_after,
            min_interval=self.min_interval,
        )
        disable = should_disable(failures, status, refused=refused)
        log.info("source %s failed (%s); next try in %.0f s", source.url, error, delay)
        saved = await self.db.run(
            record_failure,
            source.id,
            now=now,
            real_now=self.real_clock.now(),
            next_poll_at=now + timedelta(seconds=delay),
            error=error,
            disable=disable,
        )
        if disable and saved is not None:
            report.disabled.append(saved)
