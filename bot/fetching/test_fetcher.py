"""The Fetcher against a real local server: what the bot does when sites behave and when not."""

import asyncio
import gzip
import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from bot.fetching import (
    ConsentWall,
    Fetcher,
    FetchError,
    FetchPolicy,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
)
from tests.fixtures.internet import LocalInternet, public_dns

LOCAL = FetchPolicy(allow_private=True, total_deadline=5.0)


@pytest.fixture
async def fetcher():
    async with Fetcher(LOCAL) as client:
        yield client


async def test_conditional_get_with_etag_gets_304_and_keeps_validators(news_site, fetcher):
    url = news_site.add("/feed.xml", "<rss/>", content_type="application/rss+xml")
    first = await fetcher.fetch(url)
    assert first.status == 200 and first.body == b"<rss/>" and first.etag
    second = await fetcher.fetch(url, etag=first.etag)
    assert second.not_modified and second.body == b""
    assert second.etag == first.etag
    assert news_site.requests[-1].headers["If-None-Match"] == first.etag


async def test_conditional_get_with_last_modified_gets_304(news_site, fetcher):
    url = news_site.add("/page", "<p>hello</p>")
    first = await fetcher.fetch(url)
    second = await fetcher.fetch(url, last_modified=first.last_modified)
    assert second.not_modified
    assert second.last_modified == first.last_modified


async def test_changed_content_comes_back_in_full(news_site, fetcher):
    url = news_site.add("/page", "old")
    first = await fetcher.fetch(url)
    news_site.add("/page", "new")
    again = await fetcher.fetch(url, etag=first.etag, last_modified=None)
    assert again.status == 200 and again.body == b"new"


async def test_redirects_are_followed_to_the_final_url(news_site, fetcher):
    final = news_site.add("/articles/1", "<p>story</p>")
    news_site.add_redirect("/short", "/hop")
    news_site.add_redirect("/hop", final, status=301)
    result = await fetcher.fetch(news_site.url("/short"))
    assert result.url == final and result.body == b"<p>story</p>"


async def test_redirect_loop_stops_with_too_many_redirects(news_site, fetcher):
    url = news_site.add_special("/loop", "redirect_loop")
    with pytest.raises(TooManyRedirects):
        await fetcher.fetch(url)
    assert news_site.hits["/loop"] == LOCAL.max_redirects + 1


async def test_redirect_to_a_consent_wall_is_reported_not_followed(news_site, fetcher):
    url = news_site.add_redirect(
        "/yahoo-story", "https://consent.yahoo.com/v2/collectConsent?sessionId=3_cc-session"
    )
    with pytest.raises(ConsentWall, match="consent wall"):
        await fetcher.fetch(url)


@pytest.mark.parametrize("status", [404, 410, 500, 503])
async def test_error_statuses_raise_with_the_status(news_site, fetcher, status):
    url = news_site.add_special(f"/s{status}", "status", status=status)
    with pytest.raises(HTTPStatusError) as caught:
        await fetcher.fetch(url)
    assert caught.value.status == status
    assert caught.value.retry_after is None
    assert str(status) in str(caught.value)


async def test_429_retry_after_in_seconds(news_site, fetcher):
    url = news_site.add_special("/busy", "status", status=429, retry_after=120)
    with pytest.raises(HTTPStatusError) as caught:
        await fetcher.fetch(url)
    assert caught.value.status == 429 and caught.value.retry_after == 120.0


async def test_429_retry_after_as_http_date(news_site, fetcher):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    url = news_site.add_special("/busy", "status", status=429, retry_after=when)
    with pytest.raises(HTTPStatusError) as caught:
        await fetcher.fetch(url)
    assert 590 <= caught.value.retry_after <= 601


async def test_a_50_mb_page_is_refused_before_it_is_read(news_site, fetcher):
    url = news_site.add_special("/huge", "huge", size=50_000_000)
    started = time.monotonic()
    with pytest.raises(TooLarge):
        await fetcher.fetch(url)
    assert time.monotonic() - started < 2.0


async def test_a_50_mb_page_without_length_stops_at_the_cap(news_site, fetcher):
    url = news_site.add_special("/huge", "huge", size=50_000_000, declare_length=False)
    with pytest.raises(TooLarge):
        await fetcher.fetch(url)
    await asyncio.sleep(0.1)  # let the server notice the hang-up
    assert news_site.bytes_sent["/huge"] < 20_000_000


async def test_a_gzip_bomb_is_refused_by_its_decompressed_size(news_site, fetcher):
    url = news_site.add_special("/bomb", "gzip_bomb", size=200_000_000)
    started = time.monotonic()
    with pytest.raises(TooLarge):
        await fetcher.fetch(url)
    assert time.monotonic() - started < 2.0


async def test_compressed_pages_are_decompressed(news_site, fetcher):
    page = "<p>Talks resume in Istanbul.</p>" * 500
    gz = news_site.add("/gz", gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})
    assert (await fetcher.fetch(gz)).body == page.encode()


async def test_a_dripping_server_fails_at_the_total_deadline(news_site):
    url = news_site.add_special("/drip", "drip", interval=0.2)
    policy = FetchPolicy(allow_private=True, total_deadline=1.5, read_timeout=1.0)
    started = time.monotonic()
    async with Fetcher(policy) as fetcher:
        with pytest.raises(FetchTimeout):
            await fetcher.fetch(url)
    assert 1.4 <= time.monotonic() - started < 2.5
    assert news_site.bytes_sent["/drip"] >= 5  # bytes kept coming: only the deadline stops it


async def test_a_server_that_never_answers_times_out(news_site):
    url = news_site.add_special("/hang", "hang")
    policy = FetchPolicy(allow_private=True, read_timeout=0.3, total_deadline=10.0)
    started = time.monotonic()
    async with Fetcher(policy) as fetcher:
        with pytest.raises(FetchTimeout):
            await fetcher.fetch(url)
    assert time.monotonic() - started < 2.0


async def test_no_more_than_two_requests_per_host_at_once(news_site, fetcher):
    urls = [news_site.add_special(f"/slow/{n}", "delay", delay=0.1) for n in range(6)]
    results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert [r.body for r in results] == [b"ok"] * 6
    assert news_site.max_concurrency == 2


async def test_the_bot_identifies_itself_and_asks_for_what_it_wants(news_site, fetcher):
    url = news_site.add_special("/echo", "echo")
    result = await fetcher.fetch(url, accept="application/rss+xml")
    headers = json.loads(result.body)
    assert headers["User-Agent"] == LOCAL.user_agent
    assert headers["Accept"] == "application/rss+xml"


async def test_cookies_do_not_follow_the_bot_from_one_fetch_to_the_next(news_site, fetcher):
    news_site.add("/set", "ok", headers={"Set-Cookie": "tracker=abc123; Path=/"})
    echo = news_site.add_special("/echo", "echo")
    await fetcher.fetch(news_site.url("/set"))
    headers = json.loads((await fetcher.fetch(echo)).body)
    assert "Cookie" not in headers


async def test_cookies_set_during_a_redirect_chain_are_sent_along_it(news_site, fetcher):
    # Some sites set a cookie and redirect to a page that checks it.
    news_site.add("/login", "", status=302, headers={"Location": "/echo", "Set-Cookie": "s=1"})
    news_site.add_special("/echo", "echo")
    headers = json.loads((await fetcher.fetch(news_site.url("/login"))).body)
    assert headers.get("Cookie") == "s=1"


async def test_cache_lifetime_is_read_from_the_response(news_site, fetcher):
    url = news_site.add("/c", "x", headers={"Cache-Control": "public, max-age=600"})
    assert (await fetcher.fetch(url)).cache_max_age == 600.0


@pytest.mark.parametrize("target", ["{base}/private", "http://localhost:{port}/private"])
async def test_a_public_site_cannot_redirect_the_bot_into_the_private_network(news_site, target):
    port = news_site.base_url.rsplit(":", 1)[1]
    news_site.add("/private", "secret admin page")
    news_site.add_redirect("/go", target.format(base=news_site.base_url, port=port))
    news_site.add_redirect("/elsewhere", "http://other.example/ok")
    news_site.add("/ok", "public page")
    internet = LocalInternet(int(port))
    async with Fetcher(FetchPolicy(), transport=internet, resolver=public_dns) as fetcher:
        # The same setup follows public redirects fine, so the refusal below is the guard's.
        assert (await fetcher.fetch("http://news.example/elsewhere")).body == b"public page"
        with pytest.raises(UnsafeURL):
            await fetcher.fetch("http://news.example/go")
    assert news_site.hits["/private"] == 0


async def test_dns_that_changes_its_answer_after_the_check_is_still_refused(news_site):
    # DNS rebinding: public when checked, loopback when the socket is opened.
    port = int(news_site.base_url.rsplit(":", 1)[1])
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    async def rebinding_dns(host: str, port: int) -> list[str]:
        return next(answers)

    news_site.add("/secret", "secret")
    async with Fetcher(FetchPolicy(), resolver=rebinding_dns) as fetcher:
        with pytest.raises(UnsafeURL):
            await fetcher.fetch(f"http://rebind.example:{port}/secret")
    assert news_site.hits["/secret"] == 0


async def test_unsafe_urls_are_refused_before_any_request(news_site):
    url = news_site.add("/page", "x")
    async with Fetcher(FetchPolicy()) as fetcher:
        for bad in (url, "file:///etc/passwd", "ftp://example.com/"):
            with pytest.raises(UnsafeURL):
                await fetcher.fetch(bad)
    assert news_site.hits["/page"] == 0


async def test_connection_refused_is_a_fetch_error(fetcher):
    with pytest.raises(FetchError, match="connect"):
        await fetcher.fetch("http://127.0.0.1:9/")
