"""Hostile sources cannot hold up anyone else: a publisher whose pages drip a byte a second,
and feeds that cost seconds of CPU to read. Each source is polled on its own budget, other
sources are polled on time, another chat's /addsource is answered at once, and SIGTERM stops
the bot within seconds however slowly a publisher sends. One chat's many such sources hold
only their share of the poll slots, and a source that stays slow is polled less often."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bot.fetching import canonical_url
from storage.queries import articles as articles_q
from storage.queries import sources as sources_q
from tests.fixtures.harness import running_bot, settings_for
from tests.fixtures.processes import BotProcess, bot_env
from tests.newssite import NewsSite
from timekeeping import as_utc

CHAT, OTHER_CHAT = 7101, 7102
PUBLISHED = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
# Another loopback address: another host to the bot, as a hostile publisher would be.
HOSTILE_HOST = "127.0.0.2"


def drip_feed(hostile: NewsSite, pages: int, name: str = "drip", first: int = 0) -> str:
    """A feed whose every item links to a page that sends one byte a second."""
    items = []
    for n in range(first, first + pages):
        page = hostile.add_special(f"/{name}/{n}", "drip", interval=1.0)
        summary = f"Slow story number {n}, whose page never finishes arriving."
        items.append({"title": f"Slow story {n}", "link": page, "summary": summary,
                      "guid": f"{name}-{n}", "published": PUBLISHED})  # fmt: skip
    return hostile.add_feed(f"/{name}/feed.xml", items, title="Drip Times")


def cpu_feed(hostile: NewsSite, path: str) -> str:
    """33 KB gzipped: 150,000 upper-case items, once seconds of feedparser's CPU each."""
    items = "<ITEM><TITLE>x</TITLE></ITEM>" * 150_000
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Heavy</title>{items}'
    return hostile.add(
        path,
        gzip.compress((body + "</channel></rss>").encode()),
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip"},
    )


def healthy_feed(site: NewsSite) -> tuple[str, str]:
    """(feed URL, its one story's URL) on the healthy site."""
    story = site.add_page("/herald/torkham", "istanbul-talks.html")
    feed = site.add_feed(
        "/herald/feed.xml",
        [{"title": "Torkham crossing reopens after Istanbul talks", "link": story,
          "summary": "Trade resumed at the Torkham border crossing on Friday.",
          "guid": "herald-1", "published": PUBLISHED}],
        title="Healthy Herald",
    )  # fmt: skip
    return feed, story


async def until(check: Callable[[], bool | Awaitable[bool]], within: float, what: str) -> float:
    """Poll ``check`` until it holds; returns the seconds it took (fails after ``within``)."""
    started = time.monotonic()
    while True:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return time.monotonic() - started
        assert time.monotonic() - started < within, f"not within {within} s: {what}"
        await asyncio.sleep(0.1)


async def test_a_source_added_while_a_publisher_drips_is_polled_within_seconds(
    tg, site, clock, sqlite_url
):
    async with NewsSite(host=HOSTILE_HOST) as hostile:
        drip = drip_feed(hostile, pages=6)
        healthy, story = healthy_feed(site)
        settings = settings_for(tg, sqlite_url, [drip], NEWSBRIEF_FETCH_DEADLINE=20)
        async with running_bot(tg, site, settings, clock) as bot:
            await until(lambda: hostile.dripping >= 2, 20, "the drip pages are being fetched")
            (added,) = await bot.say(CHAT, f"/addsource {healthy}")
            assert "Added Healthy Herald" in added.text

            async def stored() -> bool:
                url = canonical_url(story)
                return url in await bot.services.db.run(articles_q.known_canonical_urls, [url])

            await until(stored, 10, "the new source's story is stored")
            assert hostile.dripping >= 1, "the dripping source is still being polled meanwhile"


async def test_another_chats_addsource_is_answered_while_costly_feeds_are_polled(
    tg, site, clock, sqlite_url
):
    async with NewsSite(host=HOSTILE_HOST) as hostile:
        heavy = [cpu_feed(hostile, f"/heavy/{n}.xml") for n in range(3)]
        healthy, story = healthy_feed(site)
        settings = settings_for(tg, sqlite_url, heavy)
        async with running_bot(tg, site, settings, clock) as bot:
            await until(
                lambda: all(hostile.hits[f"/heavy/{n}.xml"] for n in range(3)),
                20,
                "the costly feeds are fetched",
            )
            started = time.monotonic()
            tg.user_says(OTHER_CHAT, f"/addsource {healthy}")
            (added,) = await tg.wait_for(OTHER_CHAT, timeout=30)
            assert "Added Healthy Herald" in added.text
            assert time.monotonic() - started < 5

            async def stored() -> bool:
                url = canonical_url(story)
                return url in await bot.services.db.run(articles_q.known_canonical_urls, [url])

            await until(stored, 10, "the new source's story is stored")


async def test_sigterm_while_a_page_drips_exits_within_seconds(tg, tmp_path, sqlite_url):
    async with NewsSite(host=HOSTILE_HOST) as hostile:
        drip = drip_feed(hostile, pages=4)
        env = bot_env(tg, sqlite_url, NEWSBRIEF_FEEDS=drip, NEWSBRIEF_FETCH_DEADLINE=45)
        bot = BotProcess(env, "all", tmp_path / "bot.log")
        bot.start()
        assert bot.proc is not None
        try:
            await bot.wait_healthy(within=60)
            await until(lambda: hostile.dripping >= 1, 30, "a drip page is being fetched")
            started = time.monotonic()
            status = await asyncio.to_thread(bot.stop)
            took = time.monotonic() - started
        finally:
            if bot.proc.poll() is None:
                bot.proc.kill()
                bot.proc.wait(timeout=10)
        assert took < 5, f"took {took:.1f} s to exit\n{bot.tail()}"
        assert status == 0, bot.tail()


async def test_a_dripping_source_is_polled_within_its_budget_with_the_feeds_own_text(
    tg, site, clock, sqlite_url
):
    async with NewsSite(host=HOSTILE_HOST) as hostile:
        drip = drip_feed(hostile, pages=4)
        settings = settings_for(
            tg, sqlite_url, [drip], NEWSBRIEF_FETCH_DEADLINE=45, NEWSBRIEF_SOURCE_SECONDS=6
        )
        async with running_bot(tg, site, settings, clock) as bot:
            started = time.monotonic()
            await bot.poll_now()
            assert time.monotonic() - started < 12, "the poll ends with its budget"
            db = bot.services.db
            source = await db.run(sources_q.source_by_url, drip)
            assert source.failures == 0, source.last_error
            stored = await db.run(
                articles_q.known_canonical_urls, [hostile.url(f"/drip/{n}") for n in range(4)]
            )
            assert len(stored) == 4, "the feed's own text stands in for the pages"


async def test_one_source_holds_at_most_two_page_fetches_whatever_hosts_its_pages_are_on(
    tg, site, clock, sqlite_url
):
    async with contextlib.AsyncExitStack() as stack:
        hosts = [
            await stack.enter_async_context(NewsSite(host=f"127.0.0.{n}")) for n in range(2, 6)
        ]
        items = [
            {"title": f"Slow story {n}", "summary": f"Slow story {n} from everywhere.",
             "link": hosts[n % 4].add_special(f"/drip/{n}", "drip"), "guid": f"spread-{n}",
             "published": PUBLISHED}
            for n in range(8)
        ]  # fmt: skip
        feed = site.add_feed("/spread/feed.xml", items, title="Spread Thin")
        settings = settings_for(tg, sqlite_url, [feed], NEWSBRIEF_FETCH_DEADLINE=45)
        async with running_bot(tg, site, settings, clock):
            await until(lambda: sum(h.dripping for h in hosts) >= 1, 20, "pages are fetched")
            most = 0
            for _ in range(30):  # 3 s: no page reaches its deadline meanwhile
                most = max(most, sum(h.dripping for h in hosts))
                await asyncio.sleep(0.1)
            assert most == 2, f"{most} pages of one source fetched at once"


def opml_of(feeds: list[str]) -> bytes:
    outlines = "".join(
        f'<outline type="rss" text="Feed {n}" xmlUrl="{url}"/>' for n, url in enumerate(feeds)
    )
    return f'<?xml version="1.0"?><opml version="1.0"><body>{outlines}</body></opml>'.encode()


async def test_one_chats_forty_dripping_sources_do_not_hold_up_another_chats_source(
    tg, site, clock, sqlite_url
):
    async with contextlib.AsyncExitStack() as stack:
        # Four publishers, so no per-host limit hides how many of the chat's polls run at once.
        hosts = [
            await stack.enter_async_context(NewsSite(host=f"127.0.0.{n}")) for n in range(2, 6)
        ]
        drips = [drip_feed(hosts[n % 4], pages=2, name=f"drip{n}") for n in range(40)]
        healthy, story = healthy_feed(site)
        # Four poll slots; each dripping poll holds its slot for its whole 5 s budget.
        settings = settings_for(
            tg,
            sqlite_url,
            [],
            NEWSBRIEF_POLL_CONCURRENCY=4,
            NEWSBRIEF_SOURCE_SECONDS=5,
            NEWSBRIEF_FETCH_DEADLINE=20,
        )
        async with running_bot(tg, site, settings, clock) as bot:
            tg.user_sends_document(CHAT, "feeds.opml", opml_of(drips))
            (imported,) = await tg.wait_for(CHAT)
            assert "Added 40 sources" in imported.text

            def dripping() -> int:
                return sum(h.dripping for h in hosts)

            await until(lambda: dripping() >= 1, 20, "the drip pages are being fetched")
            (added,) = await bot.say(OTHER_CHAT, f"/addsource {healthy}")
            assert "Added Healthy Herald" in added.text

            most = 0

            async def stored() -> bool:
                nonlocal most
                most = max(most, dripping())
                url = canonical_url(story)
                return url in await bot.services.db.run(articles_q.known_canonical_urls, [url])

            await until(stored, 10, "the other chat's story is stored")
            assert most <= 2, f"{most} drip pages at once: the chat's one slot fetches two"


async def test_a_source_that_stays_slow_is_polled_less_often_until_it_is_quick_again(
    tg, site, clock, sqlite_url, caplog
):
    caplog.set_level(logging.INFO, logger="bot.polling.poller")
    async with NewsSite(host=HOSTILE_HOST) as hostile:
        feed = drip_feed(hostile, pages=2)
        settings = settings_for(
            tg, sqlite_url, [feed], NEWSBRIEF_FETCH_DEADLINE=20, NEWSBRIEF_SOURCE_SECONDS=5
        )
        async with running_bot(tg, site, settings, clock) as bot:

            async def next_poll_in() -> float:
                source = await bot.services.db.run(sources_q.source_by_url, feed)
                assert source.failures == 0, source.last_error
                when = source.next_poll_at
                when = as_utc(when)
                return (when - clock.now()).total_seconds()

            await bot.poll_now()  # pages drip past the budget: the feed's text stands in
            assert await next_poll_in() >= 2 * 900, "a slow poll: twice the usual 15 min"
            drip_feed(hostile, pages=2, first=2)  # new stories, dripping again
            clock.advance(timedelta(seconds=await next_poll_in()))
            await bot.poll_now()
            assert await next_poll_in() >= 4 * 900, "slow again: twice as long again"

            fast = [
                {"title": f"Quick story {n}", "link": hostile.add(f"/quick/{n}", b"<p>hi</p>"),
                 "summary": "A page that arrives at once.", "guid": f"quick-{n}",
                 "published": PUBLISHED}
                for n in range(2)
            ]  # fmt: skip
            hostile.add_feed("/drip/feed.xml", fast, title="Drip Times")
            clock.advance(timedelta(seconds=await next_poll_in()))
            await bot.poll_now()
            assert await next_poll_in() == 900, "quick again: the usual 15 min"
    said = [r.getMessage() for r in caplog.records if r.name == "bot.polling.poller"]
    assert len([m for m in said if "is slow" in m]) == 1, said
    assert len([m for m in said if "answers quickly again" in m]) == 1, said


async def test_addsource_of_a_page_whose_feeds_never_answer_is_refused_within_its_budget(
    tg, site, clock, sqlite_url
):
    async with NewsSite(host=HOSTILE_HOST) as hostile:
        feeds = [hostile.add_special(f"/hang/{n}.xml", "hang") for n in range(3)]
        named = "".join(
            f'<link rel="alternate" type="application/rss+xml" href="{feed}">' for feed in feeds
        )
        page = hostile.add("/front", f"<html><head>{named}</head><body>News</body></html>")
        settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_FETCH_DEADLINE=3)
        async with running_bot(tg, site, settings, clock) as bot:
            started = time.monotonic()
            (answer,) = await bot.say(OTHER_CHAT, f"/addsource {page}")
            took = time.monotonic() - started
            assert "took too long" in answer.text
            # One 3 s budget for the page and the three feeds it names, not 3 s for each.
            assert took < 7, f"answered after {took:.1f} s"


async def test_addsource_of_a_feed_too_costly_to_read_is_refused(tg, site, clock, sqlite_url):
    items = (
        "<item><title>x</title><description>"
        + "&lt;b&gt;a&lt;/b&gt;" * 300
        + "</description></item>"
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Heavy</title>{items * 500}'
    heavy = site.add(
        "/heavy.xml",
        gzip.compress((body + "</channel></rss>").encode()),
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip"},
    )
    settings = settings_for(
        tg,
        sqlite_url,
        [],
        NEWSBRIEF_EXTRACT_WORKERS=1,  # reading a feed has a CPU budget only in a worker process
        NEWSBRIEF_SOURCE_CPU_SECONDS=0.5,
        NEWSBRIEF_FETCH_DEADLINE=30,
    )
    async with running_bot(tg, site, settings, clock) as bot:
        (answer,) = await bot.say(CHAT, f"/addsource {heavy}")
        assert "too much work to read" in answer.text
        assert await bot.services.db.run(sources_q.source_by_url, heavy) is None
