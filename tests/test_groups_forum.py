"""Forum groups (supergroups with topics): a subscription goes to the thread it was made in.

The real bot against the fake Telegram: admins subscribe inside forum topics, /topics says
where each goes, the digest arrives as one digest per thread (the rest in General), and a
thread deleted meanwhile gives its news to General instead of losing it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from storage.queries import topics as topics_q
from tests.fixtures.harness import running_bot, settings_for

FORUM = -1002000000001
ADMIN, MEMBER = 501, 502
WHEN = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def item(slug: str, title: str, summary: str, hours: int = 0) -> dict:
    # A host that doesn't resolve: the page fetch fails and the feed's summary is used.
    return {
        "title": title,
        "link": f"https://wire.example/{slug}",
        "summary": summary,
        "guid": slug,
        "published": WHEN + timedelta(hours=hours),
    }


WIRE = [
    item(
        "talks",
        "Istanbul talks resume between Pakistan and Afghanistan",
        "Delegations met in Istanbul for a third round of talks.",
    ),
    item(
        "final",
        "Cricket final: Lahore Qalandars win in the last over",
        "The cricket final in Lahore went to the last ball.",
        1,
    ),
    item(
        "rain",
        "Monsoon rains flood Karachi streets",
        "Heavy monsoon rains flooded parts of Karachi overnight.",
        2,
    ),
]


async def said(tg, text: str, thread: int | None = None, user: int = ADMIN):  # type: ignore[no-untyped-def]
    """The user says `text` in the forum (in `thread`, or General); the bot's one answer."""
    tg.user_says(FORUM, text, user_id=user, chat_type="supergroup", message_thread_id=thread)
    (answer,) = await tg.wait_for(FORUM)
    return answer


async def test_subscriptions_follow_their_thread_and_digests_arrive_per_thread(
    tg, site, clock, sqlite_url
):
    feed = site.add_feed("/wire.xml", WIRE)
    tg.make_forum(FORUM, title="Newsroom")
    tg.set_admins(FORUM, [ADMIN])
    politics = tg.create_forum_topic(FORUM, "Politics", by_user_id=ADMIN)
    sports = tg.create_forum_topic(FORUM, "Sports", by_user_id=ADMIN)
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        answer = await said(tg, "/subscribe Istanbul talks", politics)
        assert "You now follow" in answer.text and "goes to “Politics”" in answer.text
        assert answer.message_thread_id == politics, "the answer stays in the thread"
        answer = await said(tg, "/subscribe cricket", sports, user=MEMBER)
        assert "only admins" in answer.text and answer.message_thread_id == sports
        answer = await said(tg, "/subscribe cricket", politics)
        assert "goes to “Politics”" in answer.text
        answer = await said(tg, "/subscribe monsoon")
        assert "goes to General" in answer.text and answer.message_thread_id is None

        listing = await said(tg, "/topics", sports, user=MEMBER)
        assert "Istanbul talks → “Politics”" in listing.text
        assert "cricket → “Politics”" in listing.text and "monsoon → General" in listing.text
        assert listing.message_thread_id == sports

        await bot.poll_now()
        await bot.advance(timedelta(minutes=91))  # 07:31 in Karachi: the digest is due
        digests = await tg.wait_for(FORUM, count=2, timeout=10)
        by_thread = {m.message_thread_id: m.text for m in digests}
        assert set(by_thread) == {None, politics}, "one digest per thread"
        # Topics routed to one thread share its digest; the rest go to General.
        assert "Istanbul" in by_thread[politics] and "Cricket" in by_thread[politics]
        assert "Monsoon" not in by_thread[politics]
        assert "Monsoon" in by_thread[None] and "Istanbul" not in by_thread[None]
        assert all(text.startswith("🗞 News digest") for text in by_thread.values())


async def test_subscribing_again_elsewhere_moves_a_topic_and_a_deleted_thread_falls_back(
    tg, site, clock, sqlite_url
):
    feed = site.add_feed("/wire.xml", WIRE)
    tg.make_forum(FORUM, title="Newsroom")
    tg.set_admins(FORUM, [ADMIN])
    sports = tg.create_forum_topic(FORUM, "Sports", by_user_id=ADMIN)
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        await said(tg, "/subscribe cricket")
        moved = await said(tg, "/subscribe Cricket", sports)
        assert "cricket</b> now goes to “Sports”" in moved.html
        again = await said(tg, "/subscribe cricket", sports)
        assert "already follow" in again.text
        topics = await bot.services.db.run(topics_q.list_topics, FORUM)
        assert [(t.query, t.message_thread_id, t.thread_name) for t in topics] == [
            ("cricket", sports, "Sports")
        ]

        tg.rename_forum_topic(FORUM, sports, "Sport & Cricket", by_user_id=ADMIN)
        for _ in range(30):  # the rename arrives as a service message, handled on its own
            topics = await bot.services.db.run(topics_q.list_topics, FORUM)
            if topics[0].thread_name != "Sports":
                break
            await asyncio.sleep(0.1)
        listing = await said(tg, "/topics")
        assert "cricket → “Sport & Cricket”" in listing.text, "a renamed thread's new name"

        tg.delete_forum_topic(FORUM, sports)
        await bot.poll_now()
        tg.user_says(FORUM, "/digest", user_id=MEMBER, chat_type="supergroup")
        (digest,) = await tg.wait_for(FORUM, lambda m: "Qalandars" in m.text, timeout=10)
        assert digest.message_thread_id is None, "the deleted thread's news went to General"
        assert ("sendMessage", 400, "Bad Request: message thread not found") in tg.errors
        listing = await said(tg, "/topics")
        assert "cricket → General" in listing.text
        await asyncio.sleep(0.3)
        assert not [m for m in tg.messages_to(FORUM) if "Qalandars" in m.text and m is not digest]


async def test_groups_without_topics_are_unchanged(tg, site, clock, sqlite_url):
    group = -4001
    tg.set_admins(group, [ADMIN])
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock):
        tg.user_says(group, "/subscribe cricket", user_id=ADMIN, chat_type="group")
        (answer,) = await tg.wait_for(group)
        assert "You now follow" in answer.text and "goes to" not in answer.text
        tg.user_says(group, "/topics", user_id=ADMIN, chat_type="group")
        (listing,) = await tg.wait_for(group)
        assert "1. cricket" in listing.text and "→" not in listing.text
