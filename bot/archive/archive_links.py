"""The Archive link of every article: the Wayback Machine's own snapshot when it has one.

Asking the archive is slow and optional, so it never holds up a briefing: the first time an
article is shown its lookup starts in the background and the briefing links the archive's
latest-copy address (which works too); once the answer is in, it is kept in memory and on the
article's row, and later briefings link the snapshot itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.archive.availability import UnreadableAnswer, ask_wayback
from bot.clock import Clock
from bot.fetching import Fetcher, FetchError, canonical_url, wayback_url
from storage import Article, Database
from storage.queries import articles as articles_q

log = logging.getLogger(__name__)

LOOKUP_SECONDS = 5.0
# An article with no copy yet may get one (the archive crawls news quickly): ask again later.
NO_COPY_RECHECK = timedelta(days=1)
# The archive did not answer: don't ask about this article again for a while.
FAILURE_RETRY = timedelta(minutes=15)
MAX_PENDING = 32
MEMORY_SIZE = 20_000


@dataclass(frozen=True)
class _Answer:
    snapshot: str | None
    ask_again_at: datetime | None  # None: never (a snapshot stays)


class ArchiveLinks:
    """Archive links for articles, with availability lookups made lazily and cached."""

    def __init__(
        self,
        *,
        fetcher: Fetcher,
        db: Database,
        clock: Clock,
        api_url: str,
        timeout: float = LOOKUP_SECONDS,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self._fetcher, self._db, self._clock = fetcher, db, clock
        self._api_url = api_url.strip()
        self._timeout = timeout
        self._max_pending = max_pending
        self._memory: OrderedDict[int, _Answer] = OrderedDict()
        self._pending: dict[int, asyncio.Task[None]] = {}

    def link(self, article: Article) -> str:
        """The snapshot's address if the archive named one, else its latest-copy link.
        Starts a background lookup when the article was never asked about (or should be
        asked again); never waits for it."""
        assert article.id is not None
        answer = self._known(article)
        if answer is not None and answer.snapshot:
            return answer.snapshot
        if answer is None or (answer.ask_again_at and self._clock.now() >= answer.ask_again_at):
            self._start_lookup(article)
        return wayback_url(canonical_url(article.url))

    async def prefetch(self, articles: Iterable[Article], wait: float) -> None:
        """Start the lookups these articles need and wait up to ``wait`` seconds for them; the
        ones still running carry on in the background."""
        tasks = []
        for article in articles:
            if article.id is None:
                continue
            self.link(article)
            if task := self._pending.get(article.id):
                tasks.append(task)
        if tasks and wait > 0:
            await asyncio.wait(tasks, timeout=wait)

    async def aclose(self) -> None:
        """Stop the lookups still running."""
        tasks = list(self._pending.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _known(self, article: Article) -> _Answer | None:
        assert article.id is not None
        if (answer := self._memory.get(article.id)) is not None:
            self._memory.move_to_end(article.id)
            return answer
        if article.archive_checked_at is None:
            return None
        checked = article.archive_checked_at
        snapshot = article.archive_url or None
        answer = _Answer(snapshot, None if snapshot else checked + NO_COPY_RECHECK)
        self._remember(article.id, answer)
        return answer

    def _remember(self, article_id: int, answer: _Answer) -> None:
        self._memory[article_id] = answer
        self._memory.move_to_end(article_id)
        while len(self._memory) > MEMORY_SIZE:
            self._memory.popitem(last=False)

    def _start_lookup(self, article: Article) -> None:
        assert article.id is not None
        if not self._api_url or article.id in self._pending:
            return
        if len(self._pending) >= self._max_pending:
            return  # the archive is slow or the briefing is large: the next showing asks
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        article_id = article.id
        task = loop.create_task(self._look_up(article_id, canonical_url(article.url)))
        self._pending[article_id] = task
        task.add_done_callback(lambda _task: self._pending.pop(article_id, None))

    async def _look_up(self, article_id: int, url: str) -> None:
        now = self._clock.now()
        try:
            async with asyncio.timeout(self._timeout):
                snapshot = await ask_wayback(self._fetcher, self._api_url, url)
        except (FetchError, UnreadableAnswer, TimeoutError) as exc:
            log.debug("wayback: no answer about %s: %s", url, str(exc) or type(exc).__name__)
            self._remember(article_id, _Answer(None, now + FAILURE_RETRY))
            return
        self._remember(article_id, _Answer(snapshot, None if snapshot else now + NO_COPY_RECHECK))
        try:
            await self._db.run(articles_q.record_archive_answer, article_id, snapshot, now)
        except SQLAlchemyError:
            log.warning("wayback: could not store the answer for article %s", article_id)
