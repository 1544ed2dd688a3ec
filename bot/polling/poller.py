"""Polling sources: each due source is polled on its own, under its own budget.

Sources are feeds, or per-topic news searches kept in step with the chats' topics. Every
due source becomes its own task (at most ``concurrency`` at once), so no source waits for
another's slow publisher: a poll gets ``source_seconds`` of wall time (its pages get what
is left of it, then the feed's own text stands in) and its parsing a CPU budget in the
worker process. A failing source costs its own budget and never stops the others.

The slots are shared fairly: due sources are claimed in turns across the chats that added
them, one chat's sources hold at most ``owner_share`` slots, and a slot is refilled as soon
as its poll ends. A source whose polls take most of their budget is polled less often.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.articles.ingest import Ingestor
from bot.clock import Clock
from bot.fetching import Fetcher, FetchError, FetchResult, HTTPStatusError, TooCostly, UnsafeURL
from bot.fetching.cpu_budget import call_with_cpu_budget
from bot.polling.backoff import next_delay, should_disable, slow_delay
from bot.polling.google_articles import resolve_google_articles
from bot.polling.notices import record_failure
from bot.polling.spacing import RequestSpacing
from bot.sources.google_links import GoogleLinks
from bot.sources.health import HealthWatch
from bot.sources.search_answers import FEED_ACCEPT, SEARCH_KINDS, SourceAnswer, read_answer
from bot.sources.search_plan import SearchConfig, plan_searches, wants_of
from storage import Article, Database, Source
from storage.queries import sources as sources_q
from storage.queries import topics as topics_q
from timekeeping import as_utc

log = logging.getLogger(__name__)
JSON_ACCEPT = "application/json, */*;q=0.1"
GDELT_SPACING = 6.0  # seconds between two GDELT requests, for the whole process (GDELT's rule)
GDELT_MAX_WAIT = 20.0  # a poll waits this long at most for a GDELT turn; later ones come back
DEFER = timedelta(seconds=60)
# A claimed source is left alone by other processes this long (record_poll sets the real next).
CLAIM = timedelta(minutes=15)
# Of a source's wall budget, this much is kept back from page fetches for reading and storing.
STORE_RESERVE = 0.25
# A poll that used this much of its wall budget was slow: the source is polled less often.
SLOW_SHARE = 0.5


@dataclass
class PollReport:
    polled: int = 0
    failed: int = 0
    deferred: int = 0
    new_articles: list[Article] = field(default_factory=list)
    disabled: list[Source] = field(default_factory=list)

    def add(self, other: PollReport) -> PollReport:
        self.polled += other.polled
        self.failed += other.failed
        self.deferred += other.deferred
        self.new_articles += other.new_articles
        self.disabled += other.disabled
        return self


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
    concurrency: int = 16
    # Slots one owner's sources may hold at once (None: a quarter of them, at least one).
    owner_share: int | None = None
    source_seconds: float = 120.0  # wall time for one source's poll: feed, pages, storing
    cpu_seconds: float = 5.0  # CPU time for reading one feed (enforced in worker processes)
    real_clock: Clock = field(default_factory=Clock)  # the outbox paces notices by real time
    health: HealthWatch = field(default_factory=HealthWatch)  # WARNING once when most fail

    def __post_init__(self) -> None:
        if self.owner_share is None:
            self.owner_share = max(1, self.concurrency // 4)
        self._claiming = asyncio.Lock()
        self._slots = asyncio.Semaphore(self.concurrency)
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._owners: dict[int, int] = {}  # source id -> its owner, for the polls in flight
        self._slow: set[int] = set()  # sources polled less often for now (logged once)
        self._refilling: asyncio.Task[None] | None = None
        self._refill_again = False
        self._stopping = False

    async def poll_due(self) -> PollReport:
        """Poll the sources whose time has come and wait for them. Polls already running are
        waited for first, so returning means every source due at the call was polled after
        it (the CLI and tests use this; the scheduler calls ``start_due``)."""
        report = PollReport()
        await self._wait_in_flight()
        called = self.clock.now()
        await self.start_due(report.add, due_by=called)
        while self._in_flight:  # an owner's share or the slots may leave some for later
            await asyncio.wait(list(self._in_flight.values()), return_when=asyncio.FIRST_COMPLETED)
            await self._claim_and_start(report.add, due_by=called)
        await self.health.check(self.db, self.clock.now())
        if report.new_articles:
            log.info("poll: %d sources, %d new articles", report.polled, len(report.new_articles))
        return report

    async def start_due(
        self,
        on_done: Callable[[PollReport], object] | None = None,
        *,
        due_by: datetime | None = None,
    ) -> int:
        """Claim the due sources and start polling each on its own; returns how many started,
        without waiting for them. ``on_done`` gets each source's report when its poll ends."""
        if self._stopping:
            return 0
        await self.health.check(self.db, self.clock.now())  # the polls that ended since last time
        async with self._claiming:
            try:
                await self.sync_searches()
            except Exception:  # searches are extra: the feeds are polled regardless
                log.exception("could not bring the news searches up to date")
        return await self._claim_and_start(on_done, due_by=due_by)

    async def _claim_and_start(
        self, on_done: Callable[[PollReport], object] | None, *, due_by: datetime | None = None
    ) -> int:
        async with self._claiming:
            # Claim only what starts now (other processes take the rest), in turns across
            # owners and within each owner's share of the slots.
            room = self.concurrency - len(self._in_flight)
            if self._stopping or room <= 0:
                return 0
            due = await self.db.run(
                sources_q.claim_due_sources,
                due_by or self.clock.now(),
                CLAIM,
                room,
                per_owner=self.owner_share,
                busy=Counter(self._owners.values()),
            )
            started = 0
            for source in due:
                if source.id is None or source.id in self._in_flight:
                    continue  # still being polled: its poll records when it is due next
                self._start(source, on_done)
                started += 1
            return started

    def _start(self, source: Source, on_done: Callable[[PollReport], object] | None) -> None:
        assert source.id is not None
        sid = source.id
        task = asyncio.create_task(self._run(source, on_done), name=f"poll {source.url}")
        self._in_flight[sid] = task
        self._owners[sid] = sources_q.source_owner(source)

        def finished(_task: asyncio.Task[None]) -> None:
            self._in_flight.pop(sid, None)
            self._owners.pop(sid, None)
            self._refill(on_done)

        task.add_done_callback(finished)

    def _refill(self, on_done: Callable[[PollReport], object] | None) -> None:
        """A slot is free: claim again now rather than at the next tick (one claim at a time)."""
        if self._stopping:
            return
        if self._refilling is not None and not self._refilling.done():
            self._refill_again = True
            return
        self._refilling = asyncio.create_task(self._refill_while_wanted(on_done))

    async def _refill_while_wanted(self, on_done: Callable[[PollReport], object] | None) -> None:
        self._refill_again = True
        while self._refill_again and not self._stopping:
            self._refill_again = False
            try:
                await self._claim_and_start(on_done)
            except Exception:  # the database is failing: the next tick tries again
                log.exception("could not claim due sources")
                return

    async def stop(self, grace: float = 3.0) -> None:
        """Cancel the polls in flight (shutdown): no publisher that drips may hold the exit."""
        self._stopping = True
        tasks = list(self._in_flight.values())
        if self._refilling is not None:
            tasks.append(self._refilling)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=grace)

    async def _wait_in_flight(self) -> None:
        tasks = list(self._in_flight.values())
        if tasks:
            await asyncio.wait(tasks)

    async def _run(self, source: Source, on_done: Callable[[PollReport], object] | None) -> None:
        report = PollReport()
        async with self._slots:
            try:
                async with asyncio.timeout(self.source_seconds):
                    await self._poll(source, report)
            except TimeoutError:
                error = f"took longer than {self.source_seconds:g} s to poll"
                await self._record_crash(source, report, error)
            except asyncio.CancelledError:
                # Shutting down: the source is due again at once, not when the claim ends.
                with contextlib.suppress(Exception):
                    await self.db.run(sources_q.defer_poll, source.id, self.clock.now())
                raise
            except Exception:  # one bad source must not stop the others
                log.exception("polling %s failed", source.url)
                await self._record_crash(source, report, "internal error while polling")
        if on_done is not None:
            on_done(report)

    async def sync_searches(self) -> None:
        """Make the stored news-search sources match the topics chats follow now."""
        if self.search is None:
            return
        wanted = []
        if self.search.providers.any and self.search.max_topics > 0:
            rows = await self.db.run(topics_q.search_wants, self.search.max_topics * 4)
            feeds = plan_searches(wants_of(rows, self.search), self.search.providers)
            wanted = [(feed.kind, feed.url, feed.title) for feed in feeds]
        await self.db.run(sources_q.sync_search_sources, wanted)

    async def _poll(self, source: Source, report: PollReport) -> None:
        assert source.id is not None
        started = asyncio.get_running_loop().time()
        pages_until = started + self.source_seconds * (1 - STORE_RESERVE)
        if source.kind == "gdelt" and not await self.gdelt_spacing.take_turn(self.gdelt_max_wait):
            report.deferred += 1
            await self.db.run(sources_q.defer_poll, source.id, self.clock.now() + DEFER)
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
            await self._succeeded(source, None, result, started)
            return
        loop = asyncio.get_running_loop()
        try:
            answer: SourceAnswer = await loop.run_in_executor(
                self.pool,
                call_with_cpu_budget,
                self.cpu_seconds,
                read_answer,
                source.kind,
                result.body,
                result.url,
                result.content_type,
            )
        except TooCostly as exc:
            await self._failed(source, report, f"the feed {exc}", None, None)
            return
        if not answer.is_feed:
            await self._failed(source, report, "not a feed (no RSS or Atom found)", None, None)
            return
        report.new_articles.extend(await self._ingest(source, answer, pages_until))
        await self._succeeded(source, answer, result, started)

    async def _ingest(
        self, source: Source, answer: SourceAnswer, pages_until: float
    ) -> list[Article]:
        # A search result's outlet is its publisher's, never the search engine's.
        outlet = None if source.kind in SEARCH_KINDS else source.title or answer.title
        links = self.google_links if source.kind == "google" else None
        pages, redirects = [], []
        for entry in answer.entries:
            leads_nowhere = links is not None and entry.url and links.article_id(entry.url)
            (redirects if leads_nowhere else pages).append(entry)
        new = await self.ingestor.ingest(
            pages, source_id=source.id, outlet=outlet, deadline=pages_until
        )
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

    async def _record_crash(self, source: Source, report: PollReport, error: str) -> None:
        try:
            await self._failed(source, report, error, None, None)
        except Exception:  # the database is failing too: the next claim tries again
            log.exception("could not record the failure of %s", source.url)

    def _interval(self, source: Source) -> float:
        if source.kind in SEARCH_KINDS and self.search is not None:
            return self.search.interval
        return self.interval

    async def _succeeded(
        self, source: Source, answer: SourceAnswer | None, result: FetchResult, started: float
    ) -> None:
        now = self.clock.now()
        delay = next_delay(
            interval=self._interval(source),
            ttl=answer.ttl_seconds if answer else None,
            cache_max_age=result.cache_max_age,
            min_interval=self.min_interval,
        )
        took = asyncio.get_running_loop().time() - started
        delay = self._paced(source, delay, took, now)
        await self.db.run(
            sources_q.record_poll,
            source.id,
            now=now,
            next_poll_at=now + timedelta(seconds=delay),
            etag=result.etag,
            last_modified=result.last_modified,
            title=answer.title if answer else None,
        )

    def _paced(self, source: Source, delay: float, took: float, now: datetime) -> float:
        """The delay until the next poll, stretched while the source's polls are slow (its
        pages dripped, or its publisher took most of the budget to answer): a slow source pays
        with its own freshness, not with everyone's slots."""
        assert source.id is not None
        if took < SLOW_SHARE * self.source_seconds:
            if source.id in self._slow:
                self._slow.discard(source.id)
                log.info("source %s answers quickly again (%.0f s)", source.url, took)
            return delay
        last = source.last_polled_at
        since = (now - as_utc(last)) if last else None
        stretched = slow_delay(delay, since.total_seconds() if since else 0.0)
        if source.id not in self._slow:  # once, not every round
            self._slow.add(source.id)
            log.info(
                "source %s is slow (%.0f s of its %.0f s); polled every %.0f s or less often "
                "until it answers quickly",
                source.url,
                took,
                self.source_seconds,
                stretched,
            )
        return stretched

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
