"""The local news site behaves like the web the bot expects: feeds, pages, validators, counts."""

from datetime import UTC, datetime

import httpx

from bot.fetching import parse_feed
from tests.newssite import NewsSite

PUBLISHED = datetime(2025, 11, 7, 9, 15, tzinfo=UTC)
ITEMS = [
    {
        "title": "Pakistan & Afghanistan continue dialogue in Istanbul",
        "link": "/2025/11/07/istanbul/",
        "summary": "<p>Talks resumed.</p>",
        "guid": "post-1",
        "published": PUBLISHED,
    },
    {"title": "No date or link", "summary": "Bulletin"},
]


async def test_feeds_in_both_kinds_parse_back_to_the_items():
    async with NewsSite() as site, httpx.AsyncClient() as client:
        for kind in ("rss", "atom"):
            url = site.add_feed(f"/feed.{kind}", ITEMS, title="Tassawar News", kind=kind)
            response = await client.get(url)
            feed = parse_feed(response.content, url, response.headers["content-type"])
            first, second = feed.entries
            assert feed.title == "Tassawar News"
            assert first.title == "Pakistan & Afghanistan continue dialogue in Istanbul"
            assert first.url == site.url("/2025/11/07/istanbul/")
            assert (first.guid, first.summary, first.published) == (
                "post-1",
                "Talks resumed.",
                PUBLISHED,
            )
            assert second.url is None and second.published is None


async def test_pages_validators_and_counters():
    async with NewsSite() as site, httpx.AsyncClient() as client:
        page = site.add_page("/2025/11/07/istanbul/", "istanbul-talks.html")
        first = await client.get(page)
        assert first.status_code == 200 and b"Istanbul" in first.content
        assert first.headers["content-type"].startswith("text/html")
        again = await client.get(page, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert (await client.get(site.url("/missing"))).status_code == 404
        assert site.hits["/2025/11/07/istanbul/"] == 2 and site.hits["/missing"] == 1
        assert site.max_concurrency == 1


async def test_routes_with_a_query_string_win_over_the_bare_path():
    async with NewsSite() as site, httpx.AsyncClient() as client:
        site.add("/search", "any query")
        site.add("/search?q=istanbul", "istanbul results")
        assert (await client.get(site.url("/search?q=istanbul"))).text == "istanbul results"
        assert (await client.get(site.url("/search?q=kabul"))).text == "any query"
        assert [r.query for r in site.requests] == ["q=istanbul", "q=kabul"]
