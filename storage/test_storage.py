"""Storage behaviour on both backends: what users rely on (once per URL, never twice, persists)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, text

from storage import Article, Database, migrations
from storage.queries import articles as articles_q
from storage.queries import chats as chats_q
from storage.queries import deliveries as deliveries_q
from storage.queries import matches as matches_q
from storage.queries import sources as sources_q
from storage.queries import stories as stories_q
from storage.queries import topics as topics_q
from tests.fixtures.chats import add_chat
from tests.fixtures.ledger import load_ledger_fixture

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _chat(db: Database, chat_id: int = 42) -> None:
    add_chat(db, chat_id, NOW, timezone="Asia/Karachi", next_digest_at=NOW)


def _article(url: str, title: str = "Talks resume in Istanbul") -> Article:
    return Article(canonical_url=url, url=url, title=title, fetched_at=NOW, text="t", summary="s")


def test_migrations_are_idempotent_and_recorded(database_url: str) -> None:
    database = Database(database_url)
    head = migrations.head_revision()
    assert database.migrate() == head
    assert migrations.upgrade(database.engine).changed is False, "a second start changes nothing"
    with database.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    assert {"chat", "topic", "source", "article", "story", "topicmatch", "delivery"} <= names
    database.close()


def test_everything_survives_a_restart(database_url: str) -> None:
    first = Database(database_url)
    first.migrate()
    _chat(first)
    first.call_sync(
        topics_q.add_topic, 42, "Pakistan Afghanistan talks", "pakistan afghanistan talk", NOW
    )
    first.call_sync(chats_q.update_chat, 42, digest_time="06:45")
    first.close()

    second = Database(database_url)
    second.migrate()
    chat = second.call_sync(chats_q.get_chat, 42)
    assert chat is not None and chat.digest_time == "06:45" and chat.timezone == "Asia/Karachi"
    assert [t.query for t in second.call_sync(topics_q.list_topics, 42)] == [
        "Pakistan Afghanistan talks"
    ]
    assert chat.next_digest_at == NOW  # times come back aware, in UTC
    second.close()


def test_duplicate_topic_is_refused_but_other_chats_may_follow_it(db: Database) -> None:
    _chat(db, 1)
    _chat(db, 2)
    assert db.call_sync(topics_q.add_topic, 1, "ECB rates", "ecb rate", NOW) is not None
    assert db.call_sync(topics_q.add_topic, 1, "ecb  RATES", "ecb rate", NOW) is None
    assert db.call_sync(topics_q.add_topic, 2, "ECB rates", "ecb rate", NOW) is not None


def test_an_article_is_stored_once_per_canonical_url(db: Database) -> None:
    first = db.call_sync(articles_q.add_article, _article("https://example.com/a"))
    again = db.call_sync(articles_q.add_article, _article("https://example.com/a", "Other title"))
    assert first is not None and first.id is not None
    assert again is None
    assert db.call_sync(
        articles_q.known_canonical_urls, ["https://example.com/a", "https://x.org/b"]
    ) == {"https://example.com/a"}


def test_a_delivered_article_never_reaches_the_chat_again(db: Database) -> None:
    _chat(db)
    topic = db.call_sync(topics_q.add_topic, 42, "Istanbul", "istanbul", NOW)
    a1 = db.call_sync(articles_q.add_article, _article("https://example.com/1"))
    a2 = db.call_sync(articles_q.add_article, _article("https://example.com/2"))
    assert topic is not None and topic.id is not None
    assert a1 is not None and a1.id is not None and a2 is not None and a2.id is not None
    db.call_sync(matches_q.add_matches, [(topic.id, 42, a1.id), (topic.id, 42, a2.id)], NOW)
    # A repeat match changes nothing.
    db.call_sync(matches_q.add_matches, [(topic.id, 42, a1.id)], NOW)
    pending = db.call_sync(matches_q.undelivered_matches_by_chat, [42], NOW - timedelta(days=1))[42]
    assert sorted(i.article.id or 0 for i in pending) == sorted([a1.id, a2.id])

    assert db.call_sync(deliveries_q.record_deliveries, 42, [a1.id], "digest", NOW) == 1
    assert db.call_sync(deliveries_q.record_deliveries, 42, [a1.id, a1.id], "digest", NOW) == 0
    pending = db.call_sync(matches_q.undelivered_matches_by_chat, [42], NOW - timedelta(days=1))[42]
    assert [i.article.id for i in pending] == [a2.id]


def test_due_digests_and_sources(db: Database) -> None:
    _chat(db, 1)
    db.call_sync(chats_q.update_chat, 1, next_digest_at=NOW + timedelta(hours=1))
    _chat(db, 2)
    assert [c.id for c in db.call_sync(chats_q.claim_due_digest_chats, NOW)] == [2]
    db.call_sync(chats_q.update_chat, 2, digest_enabled=False)
    assert db.call_sync(chats_q.claim_due_digest_chats, NOW + timedelta(hours=2)) != []
    assert [
        c.id for c in db.call_sync(chats_q.claim_due_digest_chats, NOW + timedelta(hours=2))
    ] == [1]

    db.call_sync(sources_q.ensure_sources, [("https://a.example/feed", None)], builtin=True)
    db.call_sync(sources_q.ensure_sources, [("https://a.example/feed", None)], builtin=True)
    (source,) = db.call_sync(sources_q.due_sources, NOW)
    db.call_sync(
        sources_q.record_poll,
        source.id,
        now=NOW,
        next_poll_at=NOW + timedelta(minutes=15),
        etag='"x"',
    )
    assert db.call_sync(sources_q.due_sources, NOW) == []
    (again,) = db.call_sync(sources_q.due_sources, NOW + timedelta(minutes=16))
    assert again.etag == '"x"' and again.failures == 0


def test_an_old_database_is_upgraded_in_place(database_url: str) -> None:
    """A database from the first release (schema v1, with data) gains the later tables."""
    load_ledger_fixture(database_url, "v1")
    database = Database(database_url)
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO chat (id, kind, active, digest_enabled, digest_time, timezone, "
                "created_at) VALUES (42, 'private', true, true, '07:30', 'Asia/Karachi', "
                "'2026-11-27 08:00:00')"
            )
        )
    assert database.migrate() == migrations.head_revision()
    with database.engine.connect() as conn:
        assert inspect(conn).has_table("storyfollow")
        assert not inspect(conn).has_table("schema_version"), "the old ledger is retired"
    chat = database.call_sync(chats_q.get_chat, 42)
    assert chat is not None and chat.created_at == NOW, "data from v1 is kept"
    database.close()


def test_an_article_moved_to_a_newer_story_takes_its_counts_and_start(db: Database) -> None:
    """The clusterer's second look: the first report of a second look-alike event had joined
    the first event's story; once a second report opens a story of its own, it moves there."""

    def file(s, url: str, title: str, story_id: int, at: datetime) -> int:
        article = articles_q.add_article(s, _article(url, title))
        assert article is not None and article.id is not None
        article.fetched_at, article.story_id = at, story_id
        s.add(article)
        stories_q.upsert_story(s, story_id, title, at)
        s.flush()
        return article.id

    def scenario(s):
        file(s, "https://a.example/1", "Navy captures 23 pirates", 1, NOW)
        file(s, "https://b.example/1", "INS Mysore holds 23 pirates", 1, NOW + timedelta(hours=1))
        early = file(
            s, "https://c.example/1", "INS Sukanya repels pirates", 1, NOW + timedelta(hours=2)
        )
        file(s, "https://d.example/1", "26 gunmen detained", 2, NOW + timedelta(hours=3))
        stories_q.move_to_story(s, early, 2)
        s.commit()
        stories_q.move_to_story(s, early, 2)  # again: nothing changes
        s.commit()
        return early

    early = db.call_sync(scenario)

    def check(s):
        first, second = stories_q.get_story(s, 1), stories_q.get_story(s, 2)
        assert first is not None and second is not None
        assert first.article_count == 2 and second.article_count == 2
        assert second.headline == "INS Sukanya repels pirates"
        assert second.first_seen == NOW + timedelta(hours=2)
        assert [a.id for a in stories_q.story_articles(s, 2)][0] == early
        assert early not in [a.id for a in stories_q.story_articles(s, 1)]

    db.call_sync(check)
