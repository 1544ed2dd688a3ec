"""The Archive link: the Wayback Machine's own snapshot once its availability API has named it.

The local news site plays the availability API (NEWSBRIEF_WAYBACK_API_URL points at it).
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from urllib.parse import parse_qs

import httpx

from storage import Article
from storage.queries import articles as articles_q
from tests.fixtures.harness import ISTANBUL_URL_PATH, running_bot, seed_site, settings_for

CHAT = 4242
API_PATH = "/wayback/available"
SNAPSHOT_TIME = "20251107061502"


def snapshot_answer(page_url: str) -> str:
    closest = {
        "status": "200",
        "available": True,
        "url": f"http://web.archive.org/web/{SNAPSHOT_TIME}/{page_url}",
        "timestamp": SNAPSHOT_TIME,
    }
    return json.dumps({"url": page_url, "archived_snapshots": {"closest": closest}})


async def until(condition, seconds: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def archive_links(message) -> list[str]:  # type: ignore[no-untyped-def]
    return [link for link in message.links() if "archive.org" in link]


async def the_article(bot) -> Article:  # type: ignore[no-untyped-def]
    (article,) = await bot.services.db.run(
        articles_q.recent_articles, bot.clock.now() - timedelta(days=9999)
    )
    return article


async def test_briefings_link_the_snapshot_asked_once(tg, site, clock, sqlite_url):
    feed = seed_site(site)
    page_url = site.url(ISTANBUL_URL_PATH)
    site.add(API_PATH, snapshot_answer(page_url), content_type="application/json")
    snapshot = f"https://web.archive.org/web/{SNAPSHOT_TIME}/{page_url}"
    settings = settings_for(
        tg,
        sqlite_url,
        [feed],
        NEWSBRIEF_WAYBACK_API_URL=site.url(API_PATH),
        NEWSBRIEF_READER_PUBLIC=True,  # test-only: the loopback Clean page is opened below
    )

    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        await bot.say(CHAT, "/subscribe Istanbul talks")
        (preview,) = await tg.wait_for(CHAT, lambda m: bool(archive_links(m)))
        # A briefing waits up to a second for the archive's answer: the snapshot itself.
        assert archive_links(preview) == [snapshot]
        await until(lambda: site.hits[API_PATH] == 1)
        (asked,) = [r for r in site.requests if r.path == API_PATH]
        assert parse_qs(asked.query) == {"url": [page_url]}, "asked about the clean address"

        # Another chat (an article is shown to a chat once) gets the snapshot itself.
        await bot.say(CHAT + 1, "/subscribe Pakistan Istanbul")
        (preview,) = await tg.wait_for(CHAT + 1, lambda m: bool(archive_links(m)))
        assert archive_links(preview) == [snapshot]
        # The clean page links the same copy.
        clean = next(link for link in preview.links() if "/r/" in link)
        async with httpx.AsyncClient() as client:
            page = await client.get(clean)
        assert f'href="{snapshot}"' in page.text and "Archived copy" in page.text

    # After a restart the answer comes from the database: the API is not asked again.
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT + 2, "/subscribe Istanbul dialogue")
        (preview,) = await tg.wait_for(CHAT + 2, lambda m: bool(archive_links(m)))
        assert archive_links(preview) == [snapshot]
    assert site.hits[API_PATH] == 1


async def test_no_copy_is_asked_again_a_day_later_and_a_hanging_api_costs_one_second(
    tg, site, clock, sqlite_url
):
    feed = seed_site(site)
    page_url = site.url(ISTANBUL_URL_PATH)
    site.add(API_PATH, '{"archived_snapshots": {}}', content_type="application/json")
    hanging = site.add_special("/hanging/available", "hang")
    settings = settings_for(tg, sqlite_url, [feed], NEWSBRIEF_WAYBACK_API_URL=site.url(API_PATH))
    latest_copy = f"https://web.archive.org/web/{page_url}"

    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        services = bot.services
        article = await the_article(bot)
        # A briefing that waits for the archive (at most a second) gets its answer.
        (view,) = await services.views([article])
        assert view.archive_url == latest_copy and site.hits[API_PATH] == 1
        (view,) = await services.views([await the_article(bot)])
        assert site.hits[API_PATH] == 1, "a fresh 'no copy' is believed for a day"

        bot.clock.advance(timedelta(days=1, minutes=1))
        site.add(API_PATH, snapshot_answer(page_url), content_type="application/json")
        (view,) = await services.views([await the_article(bot)])
        assert site.hits[API_PATH] == 2
        assert view.archive_url == f"https://web.archive.org/web/{SNAPSHOT_TIME}/{page_url}"

    settings = settings.model_copy(update={"wayback_api_url": hanging})
    async with running_bot(tg, site, settings, clock) as bot:
        article = await the_article(bot)
        article.archive_checked_at = article.archive_url = None  # as if never asked
        started = time.monotonic()
        (view,) = await bot.services.views([article])
        assert time.monotonic() - started < 1.5
        assert view.archive_url == latest_copy
        assert site.hits["/hanging/available"] == 1
