"""The poller is a polite guest: two requests at a time per host, an honest User-Agent,
conditional requests, the server's Retry-After, TTL and Cache-Control, and a floor under
every feed's interval."""

from __future__ import annotations

from datetime import timedelta

from storage.queries import sources as sources_q
from tests.fixtures.harness import running_bot, settings_for
from timekeeping import as_utc

RSS = "application/rss+xml; charset=utf-8"


def feed(title: str, *, ttl_minutes: int | None = None) -> str:
    ttl = f"<ttl>{ttl_minutes}</ttl>" if ttl_minutes else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{ttl}'
        f"<item><title>{title}: Istanbul talks</title><link>/{title}/1</link>"
        "<pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>"
    )


async def test_two_at_a_time_per_host_honest_and_conditional(tg, site, clock, sqlite_url):
    slow = [
        site.add_special(f"/slow{n}.xml", "delay", delay=0.3, body=feed(f"slow{n}"))
        for n in range(6)
    ]
    cached = site.add("/cached.xml", feed("cached"), content_type=RSS)
    settings = settings_for(tg, sqlite_url, [*slow, cached], NEWSBRIEF_MIN_FEED_INTERVAL=0)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        assert site.max_concurrency == 2, "parallel, but never more than two at once"
        assert all(r.headers["User-Agent"] == settings.user_agent for r in site.requests)
        assert settings.user_agent.startswith("newsbrief/") and "+http" in settings.user_agent
        for url in slow:
            assert (await bot.services.db.run(sources_q.source_by_url, url)).failures == 0

        clock.advance(timedelta(seconds=settings.poll_seconds + 1))
        await bot.poll_now()
        second = [r for r in site.requests if r.path == "/cached.xml"][-1]
        assert second.headers.get("If-None-Match"), "the validator from the first poll"
        assert site.hits["/cached.xml"] == 2


async def test_the_server_says_when_to_come_back(tg, site, clock, sqlite_url):
    urls = {
        "429": site.add_special("/busy.xml", "status", status=429, retry_after=7200),
        "503": site.add_special("/down.xml", "status", status=503),
        "ttl": site.add("/ttl.xml", feed("ttl", ttl_minutes=180), content_type=RSS),
        "max-age": site.add(
            "/max-age.xml",
            feed("maxage"),
            content_type=RSS,
            headers={"Cache-Control": "public, max-age=7200"},
        ),
        "plain": site.add("/plain.xml", feed("plain"), content_type=RSS),
    }
    settings = settings_for(
        tg,
        sqlite_url,
        list(urls.values()),
        NEWSBRIEF_POLL_SECONDS=60,
        NEWSBRIEF_MIN_FEED_INTERVAL=600,
    )
    async with running_bot(tg, site, settings, clock) as bot:
        db = bot.services.db
        start = clock.now()
        await bot.poll_now()

        async def wait_of(name: str) -> float:
            source = await db.run(sources_q.source_by_url, urls[name])
            return (as_utc(source.next_poll_at) - start).total_seconds()

        assert await wait_of("429") >= 7200, "Retry-After is honoured"
        assert await wait_of("ttl") == 3 * 3600, "the feed's <ttl>"
        assert await wait_of("max-age") == 7200, "Cache-Control: max-age"
        assert await wait_of("plain") == 600, "the minimum interval beats a 60 s setting"
        first_backoff = await wait_of("503")
        assert first_backoff >= 600

        clock.set(start + timedelta(seconds=first_backoff + 1))
        await bot.poll_now()
        assert site.hits["/busy.xml"] == 1, "not before its Retry-After"
        source = await db.run(sources_q.source_by_url, urls["503"])
        assert source.failures == 2
        second_backoff = (as_utc(source.next_poll_at) - clock.now()).total_seconds()
        assert second_backoff > first_backoff, "failures back off further each time"

        clock.set(start + timedelta(seconds=7201))
        await bot.poll_now()
        assert site.hits["/busy.xml"] == 2
        assert site.hits["/ttl.xml"] == 1 and site.hits["/max-age.xml"] == 2
