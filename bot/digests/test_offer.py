"""What a digest offers: mutes and wire copies left out (rules alone, then on both backends)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.digests.offer import (
    offered,
    offered_by_chat,
    originals_of,
    outlet_of,
    without_muted,
    without_wire_copies,
)
from storage import Article, Database, Topic
from storage.queries import articles as articles_q
from storage.queries import deliveries as deliveries_q
from storage.queries import matches as matches_q
from storage.queries import mutes as mutes_q
from storage.queries import stories as stories_q
from storage.queries import topics as topics_q
from storage.queries.matches import DigestItem
from tests.fixtures.chats import add_chat

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=1)
TOPIC = Topic(id=1, chat_id=42, query="Istanbul", normalized="istanbul", created_at=NOW)


def _article(
    url: str, *, id: int | None = None, story: int | None = None, copy_of: int | None = None
) -> Article:
    return Article(
        id=id,
        canonical_url=url,
        url=url,
        title="Talks resume in Istanbul",
        fetched_at=NOW,
        text="t",
        summary="s",
        story_id=story,
        duplicate_of=copy_of,
    )


def _item(url: str, **kw: int) -> DigestItem:
    return DigestItem(TOPIC, _article(url, **kw))


def test_an_outlet_is_its_host_without_www() -> None:
    assert outlet_of("https://www.Dawn.com/news/1") == "dawn.com"
    assert outlet_of("https://news.dawn.com/1") == "news.dawn.com", "a subdomain is its own"
    assert outlet_of("not a url") == ""


def test_muted_stories_and_outlets_are_left_out_in_order() -> None:
    items = [
        _item("https://a.example/1", id=1, story=7),
        _item("https://www.b.example/2", id=2, story=8),
        _item("https://c.example/3", id=3, story=9),
        _item("https://c.example/4", id=4),  # not in a story yet
    ]
    kept = without_muted(items, stories={7}, hosts={"b.example"})
    assert [i.article.id for i in kept] == [3, 4]
    assert without_muted(items, stories=set(), hosts=set()) == items


def test_a_copy_is_left_out_only_once_its_original_was_delivered() -> None:
    original = _item("https://agency.example/1", id=1)
    copy = _item("https://paper.example/1", id=2, copy_of=1)
    other = _item("https://paper.example/2", id=3, copy_of=5)
    items = [original, copy, other]
    assert originals_of(items) == {1, 5}
    assert without_wire_copies(items, delivered=set()) == items, "offered together: folded later"
    assert without_wire_copies(items, delivered={1}) == [original, other]


def _topic(db: Database, chat_id: int) -> tuple[int, int]:
    """(topic id, chat id) of a new "Istanbul" topic of the chat."""
    topic = db.call_sync(topics_q.add_topic, chat_id, "Istanbul", "istanbul", NOW)
    assert topic is not None and topic.id is not None
    return topic.id, chat_id


def _ids(items: list[DigestItem]) -> list[int]:
    return [item.article.id or 0 for item in items]


def _stored(db: Database, url: str, **kw: int) -> int:
    article = db.call_sync(articles_q.add_article, _article(url, **kw))
    assert article is not None and article.id is not None
    return article.id


def test_a_wire_copy_is_offered_once(db: Database) -> None:
    add_chat(db, 42, NOW)
    topic, _ = _topic(db, 42)
    original = _stored(db, "https://agency.example/1")
    copy = _stored(db, "https://paper.example/1", copy_of=original)
    db.call_sync(matches_q.add_matches, [(topic, 42, original), (topic, 42, copy)], NOW)
    assert sorted(_ids(db.call_sync(offered, 42, SINCE, NOW))) == sorted([original, copy])
    db.call_sync(deliveries_q.record_deliveries, 42, [original], "digest", NOW)
    later = _stored(db, "https://other.example/1", copy_of=original)
    db.call_sync(matches_q.add_matches, [(topic, 42, later)], NOW)
    assert later in _ids(db.call_sync(matches_q.undelivered_matches_by_chat, [42], SINCE)[42])
    assert later not in _ids(db.call_sync(offered, 42, SINCE, NOW)), "its original was sent"


def test_mutes_apply_to_their_chat_until_they_run_out(db: Database) -> None:
    add_chat(db, 42, NOW)
    add_chat(db, 43, NOW)
    mine, theirs = _topic(db, 42), _topic(db, 43)
    story = db.call_sync(stories_q.new_story, "Talks resume in Istanbul", NOW)
    in_story = _stored(db, "https://a.example/1", story=story)
    outlet = _stored(db, "https://www.loud.example/2")
    plain = _stored(db, "https://quiet.example/3")
    ids = [in_story, outlet, plain]
    rows = [(topic, chat, a) for topic, chat in (mine, theirs) for a in ids]
    db.call_sync(matches_q.add_matches, rows, NOW)
    db.call_sync(mutes_q.mute_source, 42, "loud.example", NOW + timedelta(hours=1))
    db.call_sync(mutes_q.mute_story, 42, story, NOW + timedelta(hours=1))
    now = db.call_sync(offered_by_chat, [42, 43], SINCE, NOW)
    assert _ids(now[42]) == [plain]
    assert sorted(_ids(now[43])) == sorted(ids), "another chat's mutes"
    later = NOW + timedelta(hours=2)
    assert len(db.call_sync(offered, 42, SINCE, later)) == 3, "the mutes ran out"
