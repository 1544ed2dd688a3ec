"""The web is hostile: broken feeds, huge or silent servers and markup in titles hurt nobody."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from storage.queries import sources as sources_q
from tests.fixtures.harness import running_bot, settings_for

CHAT = 2002


async def test_broken_sources_never_crash_the_poller_or_the_bot(tg, site, clock, sqlite_url):
    not_xml = site.add("/not-xml", "<html><body>Hello {{ not a feed", content_type="text/xml")
    broken = site.add_special("/500", "status", status=500)
    silent = site.add_special("/hang", "hang")
    huge = site.add_special("/huge-page", "huge", size=50_000_000)
    feed = site.add_feed(
        "/hostile.xml",
        [
            {
                "title": "<script>alert(1)</script> Istanbul </b> talks: 5 < 6 & <i>more",
                "link": huge,
                "summary": "Delegations met in Istanbul for a third round of talks.",
                "guid": "a",
                "published": datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
            },
            {
                "title": "Istanbul airport: a page that never answers",
                "link": silent,
                "summary": "Istanbul airport reopened its runways after fog, the feed says.",
                "guid": "b",
                "published": datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
            },
        ],
    )
    settings = settings_for(
        tg, sqlite_url, [not_xml, broken, silent, feed], NEWSBRIEF_FETCH_DEADLINE=1.5
    )
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul")
        started = time.monotonic()
        await bot.poll_now()
        assert time.monotonic() - started < 10, "a silent server costs one deadline, not more"

        later = clock.now().replace(year=2100)
        sources = {s.url: s for s in await bot.services.db.run(sources_q.due_sources, later)}
        assert sources[not_xml].failures == 1 and "feed" in sources[not_xml].last_error
        assert sources[broken].failures == 1 and "500" in sources[broken].last_error
        assert sources[silent].failures == 1
        assert sources[feed].failures == 0
        assert site.bytes_sent["/huge-page"] < 10_000_000, "the 50 MB page was not read whole"

        # 3 of the 4 sources fail: a line of its own says so before the digest.
        tg.user_says(CHAT, "/digest")
        (digest,) = await tg.wait_for(CHAT, lambda m: "Istanbul" in m.text)
        # Markup in a title is dropped, the rest arrives as text, and Telegram accepted it.
        assert "Istanbul talks: 5 < 6 & more" in digest.text
        assert "alert" not in digest.text and "<script" not in digest.html
        assert "5 &lt; 6 &amp; more" in digest.html
        assert "third round" in digest.text  # the feed's summary stands in for the huge page
        assert "reopened its runways after fog" in digest.text
        (still_alive,) = await bot.say(CHAT, "/help")
        assert "/subscribe" in still_alive.text
    assert tg.errors == []
