"""Several worker processes poll the outlets that report the same events: one story per event.

Real `newsbrief run` processes on one PostgreSQL database: two or three workers and one updates
process, against the fake Telegram and the local news site. Three outlets report three events
(and the day's other news) through their own feeds; the feeds appear one after another while
the workers run, so different workers poll them (each worker has its own User-Agent, and the
test checks that they did). Then: each event is one story in storage, in `/latest` (every
outlet named) and in every chat's digest; no two events share a story; every digest arrives
exactly once; and all workers together stay under the configured send rate.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlmodel import select, update

from storage import Article, Chat, Database
from storage.models import Outbox
from storage.queries import chats as chats_q
from storage.queries import sources as sources_q
from storage.queries import topics as topics_q
from tests.fakes import FakeTelegram
from tests.fixtures.processes import BotProcess, bot_env
from tests.newssite import NewsSite
from tests.newssite.events import EVENTS, publish_event_feeds

CHAT = 7001  # follows the events through the updates process
OTHERS = list(range(7002, 7037))  # follow them too; written straight into the database
TOPICS = {"chile": "Antofagasta", "sulawesi": "Sulawesi", "pirates": "pirates"}
SEND_RATE = 8.0
# A worker takes this long over an outlet's pages, so the next feed goes to another worker.
PAGE_DELAY = 1.0


async def _until(condition, what: str, within: float, procs: list[BotProcess]) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, (
            f"waited {within:.0f} s for {what}\n" + "\n".join(p.tail(8) for p in procs)
        )
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("workers", [2, 3])
async def test_workers_polling_different_outlets_file_each_event_as_one_story(
    workers: int, tg: FakeTelegram, site: NewsSite, postgres_url: str, tmp_path: Path
) -> None:
    db = Database(postgres_url)
    db.migrate()
    # One poll at a time per worker: a worker busy with an outlet's pages claims no other feed.
    env = bot_env(
        tg,
        postgres_url,
        NEWSBRIEF_SEND_RATE=SEND_RATE,
        NEWSBRIEF_POLL_SECONDS=3600,
        NEWSBRIEF_POLL_CONCURRENCY=1,
    )
    updates = BotProcess(env, "updates", tmp_path / "updates.log")
    agents = [f"newsbrief-test-worker-{n}" for n in range(workers)]
    crew = [
        BotProcess(dict(env, NEWSBRIEF_USER_AGENT=agent), "worker", tmp_path / f"{agent}.log")
        for agent in agents
    ]
    procs = [updates, *crew]
    for proc in procs:
        proc.start()
    try:
        await asyncio.gather(*(p.wait_healthy(within=90) for p in procs))
        now = datetime.now(UTC)
        for topic in TOPICS.values():
            tg.user_says(CHAT, f"/subscribe {topic}")
            (confirm,) = await tg.wait_for(CHAT, timeout=20)
            assert "You now follow" in confirm.text
        db.call_sync(_follow, OTHERS, list(TOPICS.values()), now)

        # The outlets' feeds appear one by one; each is polled while the last one's pages are
        # still loading, so another worker takes it.
        feeds = publish_event_feeds(site, now, page_delay=PAGE_DELAY)
        for url, _ in feeds:
            db.call_sync(sources_q.ensure_sources, [(url, None)], builtin=False)
            path = urlsplit(url).path
            await _until(lambda p=path: site.hits[p] > 0, f"a poll of {path}", 60, procs)
        reports = [r for _, published in feeds for r in published]
        stored = lambda: db.call_sync(_stored_articles)  # noqa: E731
        await _until(lambda: len(stored()) == len(reports), "every report stored", 90, procs)

        pollers = {urlsplit(url).path: _agent_of(site, urlsplit(url).path) for url, _ in feeds}
        assert len(set(pollers.values())) >= 2, f"the outlets went to different workers: {pollers}"

        # Storage: one story per event, none shared.
        by_path = {urlsplit(a.url).path: a for a in stored()}
        story_of_event: dict[str, set[int]] = {}
        for report in reports:
            story_of_event.setdefault(report.event, set()).add(by_path[report.path].story_id)  # type: ignore[arg-type]
        assert all(len(ids) == 1 for ids in story_of_event.values()), story_of_event
        event_story = {event: next(iter(ids)) for event, ids in story_of_event.items()}
        assert len(set(event_story.values())) == len(event_story), "no two events share a story"

        # Digests: every chat's, once, each event one entry naming all its outlets.
        db.call_sync(_digests_due, now - timedelta(minutes=1))
        chats = [CHAT, *OTHERS]
        digests = lambda: [m for m in tg.messages if "news digest" in m.text]  # noqa: E731
        await _until(
            lambda: len({m.chat_id for m in digests()}) == len(chats), "digests", 90, procs
        )
        await asyncio.sleep(2.0)  # several more ticks of every worker: still nothing twice

        # /latest, through the updates process: each event one story, every outlet named.
        # (After the digest: a story shown in /latest is not sent again in a digest.)
        outlets = {e: [r.outlet for r in reports if r.event == e] for e in EVENTS}
        latest_story = {}
        for event, topic in TOPICS.items():
            tg.user_says(CHAT, f"/latest {topic}")
            (latest,) = await tg.wait_for(CHAT, lambda m: "news digest" not in m.text, timeout=20)
            assert f"{len(outlets[event])} outlets" in latest.text, latest.text
            assert all(outlet in latest.text for outlet in outlets[event]), latest.text
            (follow,) = [d for _, d, _ in latest.buttons() if d and d.startswith("fs:")]
            latest_story[event] = int(follow.removeprefix("fs:"))
        assert latest_story == {event: event_story[event] for event in EVENTS}
    finally:
        statuses = [p.stop() for p in procs]
    assert statuses == [0] * len(procs), "\n".join(p.tail() for p in procs)

    per_chat = Counter(m.chat_id for m in digests())
    assert per_chat == Counter(chats), "every chat's digest arrives exactly once"
    titles = {r.path: r.title for r in reports}
    for digest in digests():
        for event in EVENTS:
            shown = [p for p, title in titles.items() if _headline(title) in digest.text]
            leads = [p for p in shown if next(r for r in reports if r.path == p).event == event]
            assert len(leads) == 1, f"{event}: one entry in the digest\n{digest.text}"
            assert all(outlet in digest.text for outlet in outlets[event]), digest.text

    sent = sorted(db.call_sync(_digest_send_times))
    assert len(sent) == len(chats)
    rate = (len(sent) - 1) / (sent[-1] - sent[0]).total_seconds()
    # Slots come from one shared row; a slot spent a little late or early moves the edges.
    assert rate <= SEND_RATE * 1.1, f"{rate:.1f} digests a second from {workers} workers"
    assert tg.errors == []
    db.close()


def _headline(title: str) -> str:
    # Headlines may be shortened in a digest; their first words identify them.
    return " ".join(title.split()[:4])


def _agent_of(site: NewsSite, path: str) -> str:
    (agent,) = {r.headers.get("User-Agent", "") for r in site.requests if r.path == path}
    return agent


def _follow(s, chat_ids: list[int], topics: list[str], now: datetime) -> None:  # type: ignore[no-untyped-def]
    for chat_id in chat_ids:
        chats_q.ensure_chat(
            s,
            chat_id,
            kind="private",
            title=None,
            digest_time="23:59",
            timezone="UTC",
            next_digest_at=now + timedelta(days=1),
            now=now,
        )
        for topic in topics:
            topics_q.add_topic(s, chat_id, topic, topic.lower(), now)


def _stored_articles(s) -> list[Article]:  # type: ignore[no-untyped-def]
    return [a for a in s.exec(select(Article)) if a.story_id is not None]


def _digests_due(s, when: datetime) -> None:  # type: ignore[no-untyped-def]
    s.execute(update(Chat).values(next_digest_at=when))


def _digest_send_times(s) -> list[datetime]:  # type: ignore[no-untyped-def]
    stmt = select(Outbox.sent_at).where(Outbox.kind == "digest", Outbox.status == "sent")
    return [t for t in s.exec(stmt) if t is not None]
