"""Google News articles that go into a briefing get their publisher's URL and page.

Stored from a Google search, an article has only a headline and a Google link. Once it has
matched a topic, its link is resolved (bot.sources.google_links), and the publisher's page is
fetched for the text and the summary. Whatever fails leaves the article as it was.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor

from bot.articles.ingest import PAGE_ACCEPT
from bot.articles.process import ProcessedPage, process_page
from bot.fetching import Fetcher, FetchError, canonical_url
from bot.sources.google_links import GoogleLinks
from storage import Article, Database
from storage.queries import articles as articles_q
from storage.queries import matches as matches_q

log = logging.getLogger(__name__)


async def resolve_google_articles(
    articles: list[Article],
    *,
    db: Database,
    fetcher: Fetcher,
    pool: Executor,
    links: GoogleLinks,
    search_url: str = "",
) -> int:
    """Resolve the Google links of those ``articles`` that matched a topic, updating them in
    place and in storage; returns how many now point at their publisher. One whose publisher
    article is stored already is retired as its duplicate. ``search_url`` is the
    Google search they came from (its language and region are asked for)."""
    ids = [a.id for a in articles if a.id is not None and links.article_id(a.url)]
    matched = await db.run(matches_q.matched_article_ids, ids)
    wanted = [a for a in articles if a.id in matched]
    if not wanted:
        return 0
    publishers = await links.resolve([a.url for a in wanted], search_url=search_url)
    done = await asyncio.gather(
        *(
            _point_at_publisher(a, publishers[a.url], db, fetcher, pool)
            for a in wanted
            if a.url in publishers
        )
    )
    return sum(done)


async def _point_at_publisher(
    article: Article, publisher: str, db: Database, fetcher: Fetcher, pool: Executor
) -> bool:
    assert article.id is not None
    stored = await db.run(articles_q.article_id_by_canonical, canonical_url(publisher))
    if stored is not None and stored != article.id:
        # The publisher's article came in already (its own feed, Bing): brief that one.
        await db.run(articles_q.retire_duplicate, article.id, stored)
        article.duplicate_of = stored
        return False
    values: dict[str, object] = {"url": canonical_url(publisher)}
    try:
        result = await fetcher.fetch(publisher, accept=PAGE_ACCEPT)
    except FetchError as exc:
        log.info("publisher page not fetched (%s); linking it anyway", exc)
    else:
        loop = asyncio.get_running_loop()
        page: ProcessedPage = await loop.run_in_executor(
            pool, process_page, result.body, result.url, result.content_type, article.title, ""
        )
        if page.text_from == "page":
            values.update(
                url=canonical_url(result.url),
                text=page.text,
                summary=page.summary,
                language=page.language,
                text_from="page",
            )
    await db.run(articles_q.update_article, article.id, **values)
    for key, value in values.items():
        setattr(article, key, value)
    return True
