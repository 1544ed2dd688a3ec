"""Storing new articles: one article the database refuses costs only itself (both databases)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from bot.articles.ingest import Ingestor
from bot.articles.story_book import StoryBook
from bot.clock import ManualClock
from bot.fetching import FeedEntry, Fetcher, FetchPolicy
from bot.topics import TopicIndex
from storage import Database
from storage.queries import articles as articles_q

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def entry(n: int, title: str) -> FeedEntry:
    summary = f"Report number {n} from the border talks, with enough words to stand alone."
    return FeedEntry(f"g{n}", f"https://wire.example/{n}", title, summary, NOW)


async def test_an_article_the_database_refuses_costs_only_itself(database_url):
    db = Database(database_url)
    await db.run_plain(db.migrate)
    # Built by hand, past the parsers' clean-up: a lone surrogate no database can encode.
    entries = [entry(1, "Talks resume"), entry(2, "Poisoned \ud800 title"), entry(3, "Talks end")]
    try:
        with ThreadPoolExecutor(1) as pool:
            async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
                ingestor = Ingestor(
                    db=db,
                    fetcher=fetcher,
                    pool=pool,
                    clock=ManualClock(NOW),
                    topics=TopicIndex(),
                    stories=StoryBook(100),
                )
                stored = await ingestor.ingest(
                    entries, source_id=None, outlet="Wire", fetch_pages=False
                )
        assert sorted(a.title for a in stored) == ["Talks end", "Talks resume"]
        urls = [e.url for e in entries]
        assert await db.run(articles_q.known_canonical_urls, urls) == {urls[0], urls[2]}
    finally:
        db.close()
