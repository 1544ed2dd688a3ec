"""What the database keeps about sources chats add and searches topics need, on SQLite and on
PostgreSQL — and an older database gains it on upgrade, data kept."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text

from storage import Database
from storage.queries import chats as chats_q
from storage.queries import sources as sources_q
from storage.queries import topics as topics_q
from tests.fixtures.chats import add_chat
from tests.fixtures.ledger import load_ledger_fixture

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
FEED = "https://www.dawn.com/feeds/home"


def _chat(db: Database, chat_id: int, **settings: object) -> None:
    add_chat(db, chat_id, NOW)
    if settings:
        db.call_sync(chats_q.update_chat, chat_id, **settings)


def test_many_chats_one_source_and_it_stops_when_the_last_one_leaves(database_url):
    db = Database(database_url)
    db.migrate()
    _chat(db, 1)
    _chat(db, 2)
    first, linked = db.call_sync(sources_q.link_chat_source, 1, FEED, "Dawn", now=NOW)
    again, linked_again = db.call_sync(sources_q.link_chat_source, 1, FEED, "Dawn", now=NOW)
    second, _ = db.call_sync(sources_q.link_chat_source, 2, FEED, None, now=NOW)
    assert linked and not linked_again and first.id == again.id == second.id
    assert [s.url for s in db.call_sync(sources_q.chat_sources, 2)] == [FEED]
    assert db.call_sync(sources_q.chats_of_source, first.id) == [1, 2]

    assert not db.call_sync(sources_q.unlink_chat_source, 1, first.id).disabled
    gone = db.call_sync(sources_q.unlink_chat_source, 2, first.id)
    assert gone.disabled and gone.last_error == sources_q.UNFOLLOWED
    assert db.call_sync(sources_q.unlink_chat_source, 2, first.id) is None
    back, _ = db.call_sync(sources_q.link_chat_source, 2, FEED, None, now=NOW, first_poll_at=NOW)
    assert not back.disabled and back.failures == 0
    db.close()


def test_a_built_in_feed_a_chat_added_stays_on_when_built_ins_are_off(database_url):
    db = Database(database_url)
    db.migrate()
    _chat(db, 1)
    builtin = [(FEED, "Dawn"), ("https://tolonews.com/rss.xml", "TOLOnews")]
    db.call_sync(sources_q.ensure_sources, builtin, builtin=True)
    db.call_sync(sources_q.link_chat_source, 1, FEED, None, now=NOW)
    db.call_sync(sources_q.set_builtin_sources_enabled, False)
    assert not db.call_sync(sources_q.source_by_url, FEED).disabled
    assert db.call_sync(sources_q.source_by_url, "https://tolonews.com/rss.xml").disabled
    db.close()


def test_searches_follow_the_topics_chats_have_in_their_locales(database_url):
    db = Database(database_url)
    db.migrate()
    _chat(db, 1)
    _chat(db, 2, language="de", region="DE")
    _chat(db, 3)
    _chat(db, 4, interface_language="ur")  # the bot speaks Urdu there: its search's language
    followed = [(1, "Istanbul talks"), (2, "Istanbul talks"), (3, "istanbul  TALKS"), (4, "Kabul")]
    for chat_id, query in followed:
        db.call_sync(topics_q.add_topic, chat_id, query, " ".join(query.lower().split()), NOW)
    wants = db.call_sync(topics_q.search_wants, 10)
    assert [(w[0], w[2], w[3], w[4], w[5]) for w in wants][0] == (
        "istanbul talks",
        None,
        None,
        2,
        None,
    )
    assert {(w[0], w[2], w[3], w[4], w[5]) for w in wants[1:]} == {
        ("istanbul talks", "de", "DE", 1, None),
        ("kabul", None, None, 1, "ur"),
    }

    wanted = [("google", "https://g/?q=a", "Google News: a"), ("bing", "https://b/?q=a", "B")]
    assert db.call_sync(sources_q.sync_search_sources, wanted) == 2
    assert db.call_sync(sources_q.sync_search_sources, wanted) == 0
    assert db.call_sync(sources_q.sync_search_sources, wanted[:1]) == 1
    idle = db.call_sync(sources_q.source_by_url, "https://b/?q=a")
    assert idle.disabled and idle.last_error == sources_q.SEARCH_IDLE and idle.kind == "bing"
    assert db.call_sync(sources_q.sync_search_sources, wanted) == 1
    assert not db.call_sync(sources_q.source_by_url, "https://b/?q=a").disabled
    db.close()


def test_a_database_from_before_chat_sources_is_upgraded_in_place(database_url):
    load_ledger_fixture(database_url, "v3")
    db = Database(database_url)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO chat (id, kind, active, digest_enabled, digest_time, timezone, "
                "created_at) VALUES (42, 'private', true, true, '07:30', 'UTC', "
                "'2026-11-27 01:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO source (url, builtin, failures, disabled) "
                "VALUES ('https://old.example/feed', false, 0, false)"
            )
        )
    db.close()

    db = Database(database_url)
    db.migrate()
    with db.engine.connect() as conn:
        assert inspect(conn).has_table("chatsource")
    assert db.call_sync(chats_q.get_chat, 42).language is None, "old chats keep the defaults"
    assert db.call_sync(sources_q.source_by_url, "https://old.example/feed").kind == "feed"
    db.close()
