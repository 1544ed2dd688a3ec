"""Google News links resolve to the publisher: from the link when it says, else by asking
Google (a local stand-in here) once per article; and never at any cost."""

import base64
import json
from pathlib import Path
from urllib.parse import parse_qs, unquote

from bot.fetching import Fetcher, FetchPolicy
from bot.sources.google_links import GoogleLinks, batchexecute_body, read_batchexecute

TESTDATA = Path(__file__).parent / "testdata"
OPAQUE = "CBMiggFBVV95cUxOZ2ZqT1h0c0Z4b2xQTzNfMkZTVFFqc2xhVjRwR3J6a2NQWjZ6R3ZqMTdXQ0l3Z0JN"
RPC = "/_/DotsSplashUi/data/batchexecute"


def legacy_link(host: str, publisher: str) -> str:
    payload = publisher.encode()
    raw = b"\x08\x13\x22" + bytes([len(payload)]) + payload + b"\xd2\x01\x00"
    return f"{host}/rss/articles/{base64.urlsafe_b64encode(raw).decode().rstrip('=')}?oc=5"


def serve_google(site, publisher: str, *, article: str = OPAQUE) -> str:
    site.add(f"/rss/articles/{article}", (TESTDATA / "google-article-page.html").read_bytes())
    answer = (TESTDATA / "google-batchexecute.txt").read_text().replace("{publisher}", publisher)
    site.add(RPC, answer, content_type="application/json; charset=utf-8")
    return site.url(f"/rss/articles/{article}?hl=en-PK&gl=PK&ceid=PK:en")


async def test_an_opaque_link_costs_two_requests_once_and_is_remembered(news_site):
    publisher = "https://www.dawn.com/news/1953214/istanbul-dialogue"
    link = serve_google(news_site, publisher)
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        links = GoogleLinks(fetcher, news_site.base_url)
        assert await links.resolve([link, "https://www.dawn.com/x"]) == {link: publisher}
        assert await links.resolve([link]) == {link: publisher}
    assert news_site.hits[f"/rss/articles/{OPAQUE}"] == 1 and news_site.hits[RPC] == 1
    page_request, rpc_request = news_site.requests
    assert parse_qs(page_request.query) == {"hl": ["en-PK"], "gl": ["PK"], "ceid": ["PK:en"]}
    assert rpc_request.method == "POST"
    assert rpc_request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")


async def test_links_that_carry_the_publisher_cost_nothing(news_site):
    publisher = "https://www.dawn.com/news/1953214/istanbul-dialogue"
    link = legacy_link(news_site.base_url, publisher)
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        assert await GoogleLinks(fetcher, news_site.base_url).resolve([link]) == {link: publisher}
    assert news_site.requests == []


async def test_when_google_will_not_say_the_link_stays_and_is_not_asked_again(news_site):
    news_site.add(f"/rss/articles/{OPAQUE}", "<html><body>Before you continue</body></html>")
    link = news_site.url(f"/rss/articles/{OPAQUE}?oc=5")
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        links = GoogleLinks(fetcher, news_site.base_url)
        assert await links.resolve([link]) == {}
        assert await links.resolve([link]) == {}
    assert news_site.hits[f"/rss/articles/{OPAQUE}"] == 1 and news_site.hits[RPC] == 0


async def test_a_rate_limit_pauses_all_asking(news_site):
    serve_google(news_site, "https://www.dawn.com/a")
    news_site.add_special(RPC, "status", status=429, retry_after=3600)
    other = "CBMiXkFVX3lxTE4tR2dkX3p0T3RoZXJBcnRpY2xl"
    news_site.add(f"/rss/articles/{other}", (TESTDATA / "google-article-page.html").read_bytes())
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        links = GoogleLinks(fetcher, news_site.base_url)
        assert await links.resolve([news_site.url(f"/rss/articles/{OPAQUE}")]) == {}
        assert await links.resolve([news_site.url(f"/rss/articles/{other}")]) == {}
    assert news_site.hits[RPC] == 1 and news_site.hits[f"/rss/articles/{other}"] == 0


async def test_google_answers_only_with_publishers_never_with_itself_or_scripts(news_site):
    serve_google(news_site, "javascript:alert(1)")
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        links = GoogleLinks(fetcher, news_site.base_url)
        assert await links.resolve([news_site.url(f"/rss/articles/{OPAQUE}")]) == {}


def test_the_rpc_request_names_each_article_with_its_signature():
    body = batchexecute_body(
        [("CBMiAAA", "1762502400", "AZ5r3e", "PK:en"), ("CBMiBBB", "1", "s", "US:en")]
    )
    envelopes = json.loads(unquote(body.removeprefix("f.req=")))[0]
    assert [e[0] for e in envelopes] == ["Fbv4je", "Fbv4je"] and envelopes[1][3] == "1"
    request = json.loads(envelopes[0][1])
    assert request[0] == "garturlreq" and request[2:] == ["CBMiAAA", 1762502400, "AZ5r3e"]
    assert "PK:en" in request[1][0]


def test_rpc_answers_are_read_defensively():
    answer = (TESTDATA / "google-batchexecute.txt").read_text()
    assert read_batchexecute(answer.replace("{publisher}", "https://a.example/x")) == [
        ("0", "https://a.example/x")
    ]
    assert read_batchexecute("") == []
    assert read_batchexecute(")]}'\n\n[[") == []
    assert read_batchexecute(')]}\'\n[["wrb.fr","Fbv4je","not json"]]') == []
