"""One poll cycle: fetch every due source (conditionally), parse it, ingest what is new."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import timedelta

from bot.articles.ingest import Ingestor
from bot.clock import Clock
from bot.fetching import Fetcher, FetchError, HTTPStatusError, ParsedFeed, parse_feed
from bot.polling.backoff import next_delay, should_disable
from storage import Article, Database, Source
from storage import queries as q

log = logging.getLogger(__name__)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)


@dataclass
class PollReport:
    polled: int = 0
    failed: int = 0
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
    concurrency: int = 8
    batch: int = 100

    def __post_init__(self) -> None:
        self._running = asyncio.Lock()

    async def poll_due(self) -> PollReport:
        """Poll the sources whose time has come; a cycle still running makes this one a no-op."""
        report = PollReport()
        if self._running.locked():
            return report
        async with self._running:
            due = await self.db.run(q.due_sources, self.clock.now(), self.batch)
            gate = asyncio.Semaphore(self.concurrency)

            async def one(source: Source) -> None:
                async with gate:
                    await self._poll(source, report)

            await asyncio.gather(*(one(s) for s in due))
        if report.new_articles:
            log.info("poll: %d sources, %d new articles", report.polled, len(report.new_articles))
        return report

    async def _poll(self, source: Source, report: PollReport) -> None:
        assert source.id is not None
        report.polled += 1
        try:
            result = await self.fetcher.fetch(
                source.url,
                etag=source.etag,
                last_modified=source.last_modified,
                accept=FEED_ACCEPT,
            )
        except HTTPStatusError as exc:
            await self._failed(source, report, str(exc), exc.status, exc.retry_after)
            return
        except FetchError as exc:
            await self._failed(source, report, str(exc), None, None)
            return
        if result.not_modified:
            await self._succeeded(
                source, None, result.cache_max_age, result.etag, result.last_modified
            )
            return
        loop = asyncio.get_running_loop()
        feed: ParsedFeed = await loop.run_in_executor(
            self.pool, parse_feed, result.body, result.url, result.content_type
        )
        if not feed.is_feed:
            await self._failed(source, report, "not a feed (no RSS or Atom found)", None, None)
            return
        try:
            new = await self.ingestor.ingest(
                feed.entries, source_id=source.id, outlet=source.title or feed.title
            )
        except Exception:  # one bad source must not stop the others
            log.exception("ingesting %s failed", source.url)
            await self._failed(source, report, "internal error while ingesting", None, None)
            return
        report.new_articles.extend(new)
        await self._succeeded(source, feed, result.cache_max_age, result.etag, result.last_modified)

    async def _succeeded(
        self,
        source: Source,
        feed: ParsedFeed | None,
        cache_max_age: float | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        now = self.clock.now()
        delay = next_delay(
            interval=self.interval,
            ttl=feed.ttl_seconds if feed else None,
            cache_max_age=cache_max_age,
        )
        await self.db.run(
            q.record_poll,
            source.id,
            now=now,
            next_poll_at=now + timedelta(seconds=delay),
            etag=etag,
            last_modified=last_modified,
            title=feed.title if feed else None,
        )

    async def _failed(
        self,
        source: Source,
        report: PollReport,
        error: str,
        status: int | None,
        retry_after: float | None,
    ) -> None:
        report.failed += 1
        now = self.clock.now()
        failures = source.failures + 1
        delay = next_delay(interval=self.interval, failures=failures, retry_after=retry_after)
        disable = should_disable(failures, status)
        log.info("source %s failed (%s); next try in %.0f s", source.url, error, delay)
        saved = await self.db.run(
            q.record_poll,
            source.id,
            now=now,
            next_poll_at=now + timedelta(seconds=delay),
            error=error,
            disable=disable,
        )
        if disable and saved is not None:
            report.disabled.append(saved)
