"""/latest on a story of many long reports: "what's new" neither freezes the bot nor grows with
the story, on a real database."""

import asyncio
import random
import time
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from datetime import UTC, datetime, timedelta

import pytest

from bot.archive import ArchiveLinks
from bot.clock import ManualClock
from bot.fetching import Fetcher, FetchPolicy
from bot.services import make_pool
from bot.summaries import summarise_update
from bot.usecases.latest import Latest, earlier_texts
from bot.usecases.topics import ArticleSearch
from bot.usecases.views import ArticleViews
from storage import Article, Database, Story

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CHAT = 10


def _report(rng: random.Random, vocabulary: list[str], chars: int) -> str:
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < chars:
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(14)).capitalize() + ".")
    return " ".join(sentences)


def _story(
    story_id: int, reports: int, chars: int, newest_chars: int
) -> tuple[Story, list[Article]]:
    """A story of `reports` reports of `chars` characters, the newest of `newest_chars`."""
    rng = random.Random(story_id)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(6000)]
    first = story_id * 1000
    articles = [
        Article(
            id=first + i,
            canonical_url=f"https://news.example/{story_id}/{i}",
            url=f"https://news.example/{story_id}/{i}",
            title=f"Report {i}",
            outlet=f"Outlet {i % 40}",
            fetched_at=NOW - timedelta(minutes=reports - i),
            text=_report(rng, vocabulary, newest_chars if i == reports else chars),
        )
        for i in range(1, reports + 1)
    ]
    story = Story(id=story_id, headline=f"Story {story_id}", first_seen=NOW, last_updated=NOW)
    return story, articles


def _cost(new: str, earlier: list[str]) -> float:
    start = time.perf_counter()
    summarise_update(new, earlier)
    return time.perf_counter() - start


@pytest.fixture
async def pool() -> AsyncIterator[Executor]:
    """The interactive lane as the bot makes it (one worker process), started and warm."""
    pool = make_pool(1, name="interactive")
    await asyncio.get_running_loop().run_in_executor(pool, summarise_update, "Warm.", ["Up."])
    yield pool
    pool.shutdown(cancel_futures=True)


def _latest(db: Database, clock: ManualClock, fetcher: Fetcher, pool: Executor) -> Latest:
    archives = ArchiveLinks(fetcher=fetcher, db=db, clock=clock, api_url="")
    views = ArticleViews(archives, None, clock)
    return Latest(db, clock, ArticleSearch(db, clock), views, pool)


async def test_whats_new_reads_only_the_recent_reports_of_a_long_story(
    database_url: str, pool: Executor
) -> None:
    """300 reports of 20,000 characters: the cost is that of the newest few, not all."""
    db = Database(database_url)
    db.migrate()
    clock = ManualClock(NOW)
    async with Fetcher(FetchPolicy()) as fetcher:
        latest = _latest(db, clock, fetcher, pool)
        story, articles = _story(1, 300, 20_000, 3_000)
        await latest.brief_of(CHAT, story, articles[:-1])  # the chat saw all but the newest
        whole = _cost(articles[-1].text, [a.text for a in articles[:-1]])  # unbounded, as was
        start = time.perf_counter()
        brief = await latest.brief_of(CHAT, story, articles)
        took = time.perf_counter() - start
    assert brief.seen_before and brief.new == articles[-1:]
    assert took < whole / 4, f"{took:.3f} s, and {whole:.3f} s over every report"
    assert brief.what_is_new, "the newest report adds sentences"
    db.close()


async def test_whats_new_runs_off_the_event_loop(database_url: str, pool: Executor) -> None:
    """A long newest report: the loop keeps waking other tasks while its sentences are weighed."""
    db = Database(database_url)
    db.migrate()
    clock = ManualClock(NOW)
    async with Fetcher(FetchPolicy()) as fetcher:
        latest = _latest(db, clock, fetcher, pool)
        story, articles = _story(2, 6, 5_000, 800_000)
        await latest.brief_of(CHAT, story, articles[:-1])
        earlier = earlier_texts(articles, articles[-2].id or 0)
        assert len(earlier) == 5, "few and short: the bound leaves them whole"
        work = _cost(articles[-1].text, earlier)  # the same work, on one thread

        lags: list[float] = []
        done = asyncio.Event()

        async def probe() -> None:  # how late the loop wakes a task that asks every 5 ms
            loop = asyncio.get_running_loop()
            while not done.is_set():
                before = loop.time()
                await asyncio.sleep(0.005)
                lags.append(loop.time() - before - 0.005)

        prober = asyncio.create_task(probe())
        await asyncio.sleep(0)  # the probe is running before the brief starts
        brief = await latest.brief_of(CHAT, story, articles)
        done.set()
        await prober
    assert brief.seen_before and brief.what_is_new
    assert max(lags) < work / 3, f"the loop stalled {max(lags):.3f} s over {work:.3f} s of work"
    db.close()
