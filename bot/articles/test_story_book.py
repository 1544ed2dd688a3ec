"""After a restart, the story index is rebuilt from the database: new articles join the stories
stored before it, and only the newest `capacity` articles of the last week are read."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.articles import story_book
from bot.articles.story_book import StoryBook
from storage import Article, Database
from storage.models import Story

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TALKS = (
    "Pakistan and Afghanistan hold third round of talks in Istanbul",
    "Delegations from Pakistan and Afghanistan met in Istanbul for a third round of talks, "
    "with Türkiye mediating. Islamabad shared evidence of cross-border attacks; officials said "
    "no breakthrough had been reached yet and the talks would resume on Friday.",
)
QUAKE = (
    "Earthquake of magnitude 6.1 strikes off the coast of Chile",
    "A magnitude 6.1 earthquake struck off the coast of central Chile on Tuesday, shaking "
    "buildings in Valparaiso and Santiago. The national emergency office reported no damage "
    "and no tsunami warning was issued for the Pacific coast.",
)


def _store(db: Database, rows: list[tuple[int, str, str, datetime, int]]) -> None:
    def save(s):  # type: ignore[no-untyped-def]
        for article_id, title, text, fetched, story in rows:
            s.add(
                Article(
                    id=article_id,
                    canonical_url=f"https://news.example/{article_id}",
                    url=f"https://news.example/{article_id}",
                    title=title,
                    text=text,
                    published_at=fetched,
                    fetched_at=fetched,
                    story_id=story,
                )
            )
            if s.get(Story, story) is None:
                s.add(Story(id=story, headline=title, first_seen=fetched, last_updated=fetched))
        s.commit()

    db.call_sync(save)


def _arriving(article_id: int, title: str, text: str) -> Article:
    """An article just fetched, not yet in a story."""
    url = f"https://other.example/{article_id}"
    return Article(
        id=article_id,
        canonical_url=url,
        url=url,
        title=title,
        text=text,
        published_at=NOW,
        fetched_at=NOW,
    )


def test_a_restarted_index_puts_a_follow_up_in_the_stored_story(database_url: str) -> None:
    db = Database(database_url)
    db.migrate()
    hour = timedelta(hours=1)
    _store(
        db,
        [
            (1, *TALKS, NOW - 30 * hour, 7),
            (2, *QUAKE, NOW - 20 * hour, 9),
            (3, *TALKS, NOW - 10 * 24 * hour, 4),  # older than a week: not read
        ],
    )
    book = StoryBook(capacity=100)
    asyncio.run(book.load(db, NOW))
    assert len(book) == 2

    follow_up = _arriving(
        10,
        "Istanbul talks between Pakistan and Afghanistan end without breakthrough",
        "The third round of talks between Pakistan and Afghanistan in Istanbul, mediated "
        "by Türkiye, ended without a breakthrough, officials said; evidence was shared.",
    )
    placed = book.assign(follow_up)
    assert placed.story_id == 7 and not placed.is_new_story

    fresh = _arriving(
        11,
        "Central bank leaves interest rates unchanged",
        "The central bank kept its key interest rate unchanged on Thursday, citing slowing "
        "inflation and a weaker labour market.",
    )
    new_story = book.assign(fresh)
    assert new_story.is_new_story and new_story.story_id > 9  # never reuses a stored id
    db.close()


def test_start_up_reads_only_the_newest_articles_up_to_capacity(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url)
    db.migrate()
    base = NOW - timedelta(days=2)
    # 25 articles across pages of the load, some sharing a fetch time (ties go by id).
    rows = [
        (n, f"{QUAKE[0]} update {n}", QUAKE[1], base + timedelta(minutes=(n // 2) * 10), 50 + n)
        for n in range(1, 26)
    ]
    _store(db, rows)
    book = StoryBook(capacity=10)
    monkeypatch.setattr(story_book, "LOAD_PAGE", 3)
    asyncio.run(book.load(db, NOW))
    kept = {doc_id for doc_id in range(1, 26) if book.story_of(doc_id) is not None}
    assert kept == set(range(16, 26))
    db.close()


def test_a_long_running_book_forgets_the_stories_it_evicted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(story_book, "_PRUNE_SLACK", 5)
    book = StoryBook(capacity=10)
    for n in range(1, 301):
        # 300 one-article stories with no word in common: each opens a new story, and past
        # ten articles the oldest are evicted.
        words = [_made_up_word(n * 20 + k) for k in range(20)]
        book.assign(_arriving(n, " ".join(words[:6]), " ".join(words)))
    assert len(book) == 10
    assert book.tracked_stories <= 2 * 10 + 5
    live = [n for n in range(1, 301) if book.story_of(n) is not None]
    assert live == list(range(291, 301))
    # Stored ids stay distinct and follow arrival order.
    stored = [book.story_of(n) for n in live]
    assert stored == sorted(set(stored))  # type: ignore[type-var]


def test_an_article_older_than_the_whole_index_still_gets_a_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(story_book, "_PRUNE_SLACK", 5)
    book = StoryBook(capacity=10)
    placed = []
    for n in range(1, 100):
        words = [_made_up_word(n * 20 + k) for k in range(20)]
        article = _arriving(n, " ".join(words[:6]), " ".join(words))
        # Every third item is a day old: full as the index is, it is evicted on arrival.
        article.published_at = NOW - timedelta(days=1) if n % 3 == 0 else NOW
        placed.append(book.assign(article))
    stored = [p.story_id for p in placed]
    assert len(set(stored)) == len(stored)  # each its own story, none lost
    assert book.story_of(99) is None and book.story_of(98) is not None


def _made_up_word(n: int) -> str:
    letters = ""
    while len(letters) < 4 or n:
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return letters
