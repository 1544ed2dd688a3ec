"""Sources a chat adds itself: a feed or page URL (/addsource), an OPML file; list, remove, export.

Every address a person gives is fetched through the Fetcher, so it is read only if it resolves
to a public address (checked again on every redirect). OPML imports are not fetched at import:
the poller fetches them under the same guard, and a source it refuses is switched off with a
notice to the chat.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import Clock
from bot.fetching import (
    ConsentWall,
    Fetcher,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooCostly,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
    canonical_url,
    parse_opml,
    render_opml,
)
from bot.fetching.address_guard import parse_web_url
from bot.fetching.cpu_budget import call_with_cpu_budget
from bot.fetching.errors import REFUSED_ADDRESS, AddressRefused
from bot.i18n import _
from bot.sources.search_answers import FEED_ACCEPT, SourceAnswer, read_answer
from storage import Database, Source
from storage.queries import sources as sources_q

MAX_SOURCES_PER_CHAT = 100
MAX_URL_CHARS = 2000
MAX_OPML_BYTES = 1_000_000
MAX_ADVERTISED_FEEDS_TRIED = 3


class SourceError(ValueError):
    """Why a source can't be added; the text is meant for the person who asked."""


@dataclass(frozen=True)
class AddedSource:
    source: Source
    items: int  # entries the feed holds now
    found_on_page: bool  # the address was a page that named its feed


@dataclass(frozen=True)
class ImportSummary:
    added: int
    already: int
    invalid: int
    over_limit: int


def web_address(text: str) -> str:
    """The address a person typed, as a canonical http(s) URL; "dawn.com" means https://dawn.com/.

    Raises SourceError when it is not a web address.
    """
    raw = (text or "").strip().strip("<>\"'")
    if not raw:
        raise SourceError(_("Send the address of a feed or a news page after /addsource."))
    if len(raw) > MAX_URL_CHARS or any(char.isspace() for char in raw):
        raise SourceError(_("That doesn't look like one web address."))
    if "://" not in raw:
        if "." not in raw.split("/", 1)[0]:
            raise SourceError(_("That doesn't look like a web address, e.g. https://www.dawn.com/"))
        raw = "https://" + raw
    try:
        parse_web_url(raw)
    except UnsafeURL as exc:
        raise SourceError(why_not_fetched(exc)) from exc
    return canonical_url(raw)


def why_not_fetched(exc: FetchError) -> str:
    """A person's explanation of a failed fetch."""
    if isinstance(exc, AddressRefused):
        # The same words for a private, local, unresolvable or non-web address (see
        # REFUSED_ADDRESS): the answer must not reveal which internal names exist.
        return _("I only read public websites, and that is {address}.").format(
            address=_(REFUSED_ADDRESS)
        )
    if isinstance(exc, HTTPStatusError):
        if exc.status == 404:
            return _("The site says there is no such page (HTTP 404). Check the address.")
        if exc.status == 410:
            return _("The site says that page is gone for good (HTTP 410).")
        if exc.status in (401, 403):
            return _("The site refused to let me in (HTTP {status}).").format(status=exc.status)
        if exc.status == 429:
            return _("The site asked me to slow down (HTTP 429). Try again later.")
        return _("The site answered with an error (HTTP {status}). Try again later.").format(
            status=exc.status
        )
    if isinstance(exc, FetchTimeout):
        return _("The site took too long to answer. Try again later.")
    if isinstance(exc, TooLarge):
        return _("That page is too large for me to read.")
    if isinstance(exc, TooManyRedirects):
        return _("The site sends me round in circles (too many redirects).")
    if isinstance(exc, ConsentWall):
        return _("The site shows a cookie-consent page instead of its content.")
    return _("I couldn't read that site ({problem}).").format(problem=exc)


def find_source(sources: list[Source], text: str) -> Source | None:
    """The source `text` names: its number in /sources, its address, or its title."""
    text = " ".join((text or "").split())
    if text.isdigit():
        number = int(text)
        return sources[number - 1] if 1 <= number <= len(sources) else None
    try:
        url = web_address(text)
    except SourceError:
        url = None
    for source in sources:
        if source.url in (url, text):
            return source
    wanted = text.casefold()
    return next((s for s in sources if s.title and s.title.casefold() == wanted), None)


def _link_all(
    s: Session, chat_id: int, feeds: dict[str, str | None], invalid: int, now: datetime
) -> ImportSummary:
    mine = {source.url for source in sources_q.chat_sources(s, chat_id)}
    room = MAX_SOURCES_PER_CHAT - len(mine)
    added = already = over = 0
    for url, title in feeds.items():
        if url in mine:
            already += 1
        elif added >= room:
            over += 1
        else:
            sources_q.link_chat_source(s, chat_id, url, title, now=now, first_poll_at=now)
            added += 1
    return ImportSummary(added, already, invalid, over)


@dataclass(frozen=True)
class SourceLimits:
    """How long and how much CPU reading a feed a person sent may take."""

    deadline: float  # seconds for finding and reading the feed
    cpu_seconds: float


class ChatSources:
    """The sources a chat adds, removes, imports and exports."""

    def __init__(
        self, db: Database, clock: Clock, fetcher: Fetcher, pool: Executor, limits: SourceLimits
    ) -> None:
        self.db = db
        self.clock = clock
        self.fetcher = fetcher
        self.pool = pool
        self.limits = limits

    async def add_source(self, chat_id: int, text: str) -> AddedSource:
        """Add the feed at the address (or the feed the page there names) to the chat's sources.

        Raises SourceError with a reason: not a web address, private or unreachable, not a feed,
        already added, or too many sources.
        """
        url = web_address(text)
        mine = await self.db.run(sources_q.chat_sources, chat_id)
        # A stopped source may be added again: it is fetched now, and starts afresh if it works.
        working = {source.url for source in mine if not source.disabled}
        if url in working:
            raise SourceError(_("You already added that source. /sources lists yours."))
        if len(mine) >= MAX_SOURCES_PER_CHAT:
            raise SourceError(
                _(
                    "You have {n} sources, the most a chat can have. Remove one with "
                    "/removesource or /sources."
                ).format(n=len(mine))
            )
        feed_url, answer, found_on_page = await self._find_feed(url)
        if feed_url in working:
            raise SourceError(_("You already added that feed. /sources lists yours."))
        now = self.clock.now()
        source, _linked = await self.db.run(
            sources_q.link_chat_source, chat_id, feed_url, answer.title, now=now, first_poll_at=now
        )
        return AddedSource(source, len(answer.entries), found_on_page)

    async def _find_feed(self, url: str) -> tuple[str, SourceAnswer, bool]:
        # One wall budget for the whole look-up (the address, then the feeds it names), as a poll
        # has: a site that drips cannot keep the person, or an interactive worker, waiting.
        try:
            async with asyncio.timeout(self.limits.deadline):
                return await self._find_feed_in_time(url)
        except TimeoutError:
            raise SourceError(why_not_fetched(FetchTimeout("the look-up took too long"))) from None

    async def _find_feed_in_time(self, url: str) -> tuple[str, SourceAnswer, bool]:
        result_url, answer = await self._read_feed(url)
        if answer.is_feed:
            return result_url, answer, False
        for candidate in answer.alternate_feeds[:MAX_ADVERTISED_FEEDS_TRIED]:
            try:
                feed_url, feed = await self._read_feed(candidate)
            except SourceError:
                continue
            if feed.is_feed:
                return feed_url, feed, True
        raise SourceError(
            _(
                "I found no RSS or Atom feed there. Send the feed's own address, or a page that "
                "links to its feed."
            )
        )

    async def _read_feed(self, url: str) -> tuple[str, SourceAnswer]:
        try:
            result = await self.fetcher.fetch(url, accept=FEED_ACCEPT)
        except FetchError as exc:
            raise SourceError(why_not_fetched(exc)) from exc
        loop = asyncio.get_running_loop()
        try:  # the poller's CPU budget for reading a feed (enforced in a worker process)
            answer: SourceAnswer = await loop.run_in_executor(
                self.pool,
                call_with_cpu_budget,
                self.limits.cpu_seconds,
                read_answer,
                "feed",
                result.body,
                result.url,
                result.content_type,
            )
        except TooCostly:
            raise SourceError(
                _("That feed takes too much work to read, so I can't follow it.")
            ) from None
        return canonical_url(result.url), answer

    async def remove_source(self, chat_id: int, source_id: int) -> Source | None:
        """Remove the source from the chat's list; None when the chat didn't have it."""
        return await self.db.run(sources_q.unlink_chat_source, chat_id, source_id)

    async def list_sources(self, chat_id: int) -> list[Source]:
        return await self.db.run(sources_q.chat_sources, chat_id)

    async def import_opml(self, chat_id: int, data: bytes) -> ImportSummary:
        """Add every feed an OPML file lists (up to the chat's limit). Raises SourceError when the
        file is too big or lists no feeds."""
        if len(data) > MAX_OPML_BYTES:
            raise SourceError(_("That file is too big for a list of feeds (1 MB at most)."))
        outlines = await asyncio.to_thread(parse_opml, data)
        if not outlines:
            raise SourceError(
                _("I found no feeds in that file. Is it an OPML export from a reader?")
            )
        feeds: dict[str, str | None] = {}
        invalid = 0
        for title, url in outlines:
            try:
                feeds.setdefault(web_address(url), title)
            except SourceError:
                invalid += 1
        return await self.db.run(_link_all, chat_id, feeds, invalid, self.clock.now())

    async def export_opml(self, chat_id: int) -> bytes | None:
        """The chat's sources as an OPML file, None when it has none."""
        sources = await self.list_sources(chat_id)
        if not sources:
            return None
        feeds = [(source.title or source.url, source.url) for source in sources]
        return render_opml(feeds, title="newsbrief: sources of this chat").encode("utf-8")
