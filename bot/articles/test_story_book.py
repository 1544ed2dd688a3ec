"""The story book on a real database: after a restart the index is rebuilt from it (new
articles join the stories stored before, only the newest `capacity` articles of the last week are
read), and several books on one database (one per process) keep one story identity."""

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.articles import story_book
from bot.articles.story_book import Placement, StoryBook
from bot.stories import ClusteringSettings, StoryClusterer
from bot.stories.test_clusterer import FERRY_EARLY, FERRY_FULL
from storage import Article, Database
from storage.models import Story
from storage.queries import articles as articles_q
from storage.queries import stories as stories_q
from tests.fixtures.corpora import SHARED_TESTDATA

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
    def save(s):
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


def _assign(db: Database, book: StoryBook, article: Article) -> Placement:
    """Store a fresh article and give it its story, as the ingest does."""

    def store(s):
        stories_q.lock_story_assignment(s)
        saved = articles_q.add_article(s, article)
        assert saved is not None
        return book.assign(s, saved)

    return db.call_sync(store)


def _arriving(article_id: int | None, title: str, text: str) -> Article:
    """An article just fetched, not yet in a story."""
    url = f"https://other.example/{article_id or title}"
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
    placed = _assign(db, book, follow_up)
    assert placed.story_id == 7 and not placed.is_new_story

    fresh = _arriving(
        11,
        "Central bank leaves interest rates unchanged",
        "The central bank kept its key interest rate unchanged on Thursday, citing slowing "
        "inflation and a weaker labour market.",
    )
    new_story = _assign(db, book, fresh)
    assert new_story.is_new_story and new_story.story_id > 9  # never reuses a stored id
    stored = db.call_sync(lambda s: (s.get(Story, 7).article_count, s.get(Article, 10).story_id))
    assert stored == (2, 7)
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
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url)
    db.migrate()
    monkeypatch.setattr(story_book, "_PRUNE_SLACK", 5)
    book = StoryBook(capacity=10)
    for n in range(1, 301):
        # 300 one-article stories with no word in common: each opens a new story, and past
        # ten articles the oldest are evicted.
        words = [_made_up_word(n * 20 + k) for k in range(20)]
        _assign(db, book, _arriving(n, " ".join(words[:6]), " ".join(words)))
    assert len(book) == 10
    assert book.tracked_stories <= 2 * 10 + 5
    live = [n for n in range(1, 301) if book.story_of(n) is not None]
    assert live == list(range(291, 301))
    # Stored ids stay distinct and follow arrival order.
    stored = [book.story_of(n) or 0 for n in live]  # every one is live (above)
    assert stored == sorted(set(stored))
    db.close()


def test_an_article_older_than_the_whole_index_still_gets_a_story(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url)
    db.migrate()
    monkeypatch.setattr(story_book, "_PRUNE_SLACK", 5)
    book = StoryBook(capacity=10)
    placed = []
    for n in range(1, 100):
        words = [_made_up_word(n * 20 + k) for k in range(20)]
        article = _arriving(n, " ".join(words[:6]), " ".join(words))
        # Every third item is a day old: full as the index is, it is evicted on arrival.
        article.published_at = NOW - timedelta(days=1) if n % 3 == 0 else NOW
        placed.append(_assign(db, book, article))
    stored = [p.story_id for p in placed]
    assert len(set(stored)) == len(stored)  # each its own story, none lost
    assert book.story_of(99) is None and book.story_of(98) is not None
    db.close()


def _made_up_word(n: int) -> str:
    letters = ""
    while len(letters) < 4 or n:
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return letters


ARTICLES = json.loads((SHARED_TESTDATA / "articles.json").read_text("utf-8"))


def _report(name: str, outlet: str = "wire.example") -> Article:
    """A hand-written report from tests/testdata/articles.json, arriving from `outlet`."""
    article = ARTICLES[name]
    url = f"https://{outlet}/{name}"
    return Article(
        canonical_url=url,
        url=url,
        title=article["title"],
        text=article["text"],
        outlet=outlet,
        published_at=NOW,
        fetched_at=NOW,
    )


def test_two_books_on_one_database_keep_one_story_identity(database_url: str) -> None:
    # Two processes, each with its book, both started before either stored anything.
    db = Database(database_url)
    db.migrate()
    first, second = StoryBook(capacity=100), StoryBook(capacity=100)
    asyncio.run(first.load(db, NOW))
    asyncio.run(second.load(db, NOW))

    quake = _assign(db, first, _report("chile_quake_ap", "andes.example"))
    pirates = _assign(db, second, _report("pirates_mysore", "coast.example"))
    assert quake.is_new_story and pirates.is_new_story
    assert quake.story_id != pirates.story_id, "two events never share a story id"

    # A report of an event the other process stored joins that event's story.
    quake_again = _assign(db, second, _report("chile_quake_reuters", "pacific.example"))
    pirates_again = _assign(db, first, _report("pirates_mysore_second_outlet", "gulf.example"))
    assert (quake_again.story_id, pirates_again.story_id) == (quake.story_id, pirates.story_id)
    assert not quake_again.is_new_story and not pirates_again.is_new_story

    def stored(s):
        stories = {story.id: story.article_count for story in s.exec(select(Story))}
        articles = sorted((a.outlet, a.story_id) for a in s.exec(select(Article)))
        return stories, articles

    stories, articles = db.call_sync(stored)
    assert stories == {quake.story_id: 2, pirates.story_id: 2}
    assert articles == sorted(
        [
            ("andes.example", quake.story_id),
            ("pacific.example", quake.story_id),
            ("coast.example", pirates.story_id),
            ("gulf.example", pirates.story_id),
        ]
    )
    db.close()


# The day's other news, then two look-alike raids one report at a time (the third report first
# joins the first raid's story; the fourth moves it out: the second look), then two quakes.
SEQUENCE = [
    *(f"background:{n}" for n in range(len(ARTICLES["background"]))),
    "pirates_mysore",
    "pirates_mysore_second_outlet",
    "pirates_sukanya",
    "pirates_sukanya_second_outlet",
    "chile_quake_ap",
    "indonesia_quake",
    "chile_quake_reuters",
    "indonesia_quake_second_outlet",
    "chile_quake_wire_copy",
]


def _sequence_article(n: int, name: str) -> Article:
    if name.startswith("background:"):
        item = ARTICLES["background"][int(name.split(":")[1])]
        url = f"https://outlet{n % 3}.example/{name}"
        return Article(
            canonical_url=url,
            url=url,
            title=item["title"],
            text=item["text"],
            published_at=NOW,
            fetched_at=NOW,
        )
    return _report(name, f"outlet{n % 3}.example")


def _loaded_books(
    db: Database, count: int, settings: ClusteringSettings | None = None
) -> list[StoryBook]:
    """`count` processes' books on one migrated database, each having read what it holds."""
    db.migrate()
    books = [StoryBook(capacity=100, settings=settings) for _ in range(count)]
    for book in books:
        asyncio.run(book.load(db, NOW))
    return books


def test_books_that_share_the_work_decide_what_one_book_would(database_url: str) -> None:
    # Articles alternate between three processes' books, second look included: the stories
    # stored are the ones a single clusterer fed the same articles in the same order makes.
    # Rarity on the feed's own counts: with the prior of general text the second raid's first
    # report no longer joins the first raid's story here, and there is no second look to share.
    settings = ClusteringSettings(background_documents=0.0)
    db = Database(database_url)
    books = _loaded_books(db, 3, settings)
    ids = []
    moved: list[int] = []
    for n, name in enumerate(SEQUENCE):
        placed = _assign(db, books[n % 3], _sequence_article(n, name))
        ids.append(db.call_sync(lambda s: max(a.id for a in s.exec(select(Article)))))
        moved.extend(placed.moved_articles)
    assert moved, "the second look moved a report (made by one book, taken in by the others)"

    alone = StoryClusterer(settings=settings)
    expected: dict[int, int] = {}
    for article_id, (n, name) in zip(ids, enumerate(SEQUENCE), strict=True):
        article = _sequence_article(n, name)
        result = alone.add(article_id, article.title, article.text, article.published_at)
        expected[article_id] = result.story_id
        for earlier in result.moved:
            expected[earlier] = result.story_id

    def stored(s):
        articles = {a.id: a.story_id for a in s.exec(select(Article))}
        counts = {story.id: story.article_count for story in s.exec(select(Story))}
        return articles, counts

    articles, counts = db.call_sync(stored)
    assert _partition(articles) == _partition(expected)
    assert counts == {sid: list(articles.values()).count(sid) for sid in set(articles.values())}
    for book in books:
        asyncio.run(book.catch_up(db))
        assert {a: book.story_of(a) for a in ids} == articles, "every index agrees with storage"
    db.close()


def test_a_re_homed_report_is_re_filed_in_storage_by_every_book(database_url: str) -> None:
    # A terse first report opens a story of its own; the third full report of the event moves
    # it into theirs (re-homing). Books alternate: every one makes the move, storage records
    # it once, and each story's article count follows. Rarity on the feed's own counts, as in
    # bot/stories' re-homing tests (with the prior the terse report does not fit the story).
    db = Database(database_url)
    books = _loaded_books(db, 3, ClusteringSettings(background_documents=0.0))
    sequence = [
        *((item["title"], item["text"]) for item in ARTICLES["background"]),
        FERRY_EARLY[1:],
        *(article[1:] for article in FERRY_FULL),
    ]
    placed = [
        _assign(db, books[n % 3], _arriving(None, title, text))
        for n, (title, text) in enumerate(sequence)
    ]
    early_id = db.call_sync(
        lambda s: s.exec(select(Article.id).where(Article.title == FERRY_EARLY[1])).one()
    )
    assert placed[-1].moved_articles == (early_id,)

    def stored(s):
        articles = {a.id: a.story_id for a in s.exec(select(Article))}
        counts = {story.id: story.article_count for story in s.exec(select(Story))}
        return articles, counts

    articles, counts = db.call_sync(stored)
    assert articles[early_id] == placed[-1].story_id
    assert {sid: n for sid, n in counts.items() if n} == {
        sid: list(articles.values()).count(sid) for sid in set(articles.values())
    }
    for book in books:
        asyncio.run(book.catch_up(db))
        assert {a: book.story_of(a) for a in articles} == articles
    db.close()


def _partition(story_of: dict[int, int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for article_id, story in story_of.items():
        groups.setdefault(story, set()).add(article_id)
    return {frozenset(group) for group in groups.values()}


def test_books_storing_at_once_decide_what_one_book_would(database_url: str) -> None:
    # Three processes' books store their sources' articles at the same time (threads here):
    # the story lock puts them in one order, and the stories are the ones a single clusterer
    # fed the articles in that order (the order of their ids) makes.
    db = Database(database_url)
    books = _loaded_books(db, 3)

    def store_share(k: int) -> None:
        for n, name in enumerate(SEQUENCE):
            if n % 3 == k:
                db.call_sync(books[k].catch_up_in)  # as the ingest does before a batch
                _assign(db, books[k], _sequence_article(n, name))

    async def all_at_once() -> None:
        await asyncio.gather(*(asyncio.to_thread(store_share, k) for k in range(3)))

    asyncio.run(all_at_once())
    articles = db.call_sync(lambda s: list(s.exec(select(Article).order_by(col(Article.id)))))
    alone = StoryClusterer()
    expected: dict[int, int] = {}
    for article in articles:
        assert article.id is not None
        result = alone.add(article.id, article.title, article.text, article.published_at)
        expected[article.id] = result.story_id
        for earlier in result.moved:
            expected[earlier] = result.story_id
    stored = {a.id: a.story_id for a in articles}
    assert _partition(stored) == _partition(expected)
    db.close()
