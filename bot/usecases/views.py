"""How briefings show stored articles: title, summary, and the Clean page and Archive links."""

from __future__ import annotations

from collections.abc import Sequence

from bot.archive import ArchiveLinks
from bot.briefings import ArticleView
from bot.clock import Clock
from bot.fetching import canonical_url
from bot.reader import ReaderLinks
from storage import Article

# How long a briefing may wait for the Wayback Machine before linking its latest copy instead.
ARCHIVE_WAIT_SECONDS = 1.0


class ArticleViews:
    """Turns articles into what a briefing shows, with their reading options."""

    def __init__(self, archives: ArchiveLinks, reader_links: ReaderLinks | None, clock: Clock):
        self.archives = archives
        self.reader_links = reader_links  # None: briefings offer no Clean page
        self.clock = clock

    async def views(
        self, articles: Sequence[Article], *, wait: float = ARCHIVE_WAIT_SECONDS
    ) -> list[ArticleView]:
        """`view` of each article, after waiting up to `wait` seconds for the archive lookups
        the articles need (the Archive link then names the snapshot itself)."""
        await self.archives.prefetch(articles, wait)
        return [self.view(article) for article in articles]

    def view(self, article: Article) -> ArticleView:
        """How a briefing shows the article, with its reading options. Never waits: the
        Archive link is the cached snapshot, else the archive's latest-copy link."""
        assert article.id is not None
        clean = (
            self.reader_links.url(article.id, article.canonical_url, self.clock.now())
            if self.reader_links and article.text_from == "page" and article.text
            else None
        )
        return ArticleView(
            id=article.id,
            title=article.title,
            outlet=article.outlet,
            published=article.published_at,
            summary=article.summary,
            url=canonical_url(article.url),
            clean_url=clean,
            archive_url=self.archives.link(article),
        )
