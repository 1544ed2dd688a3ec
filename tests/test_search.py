"""News search per topic: Google News, Bing News and GDELT (the local site plays all three) find
what a topic asks for, in the chat's language and region, and the briefing links to the
publisher — resolved from Google only for what goes into a briefing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs, quote
from xml.sax.saxutils import escape

import pytest

from bot.polling.spacing import RequestSpacing
from bot.settings import Settings
from storage.queries import articles as articles_q
from tests.fixtures.harness import running_bot, settings_for
from tests.newssite import NewsSite

CHAT = 5005
TOPIC = "Pakistan Afghanistan talks"
WHEN = datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
MATCHING_ID = "CBMiggFBVV95cUxOZ2ZqT1h0c0Z4b2xQTzNfMkZTVFFqc2xhVjRwR3J6a2NQWjZ6R3Zq"
CRICKET_ID = "CBMipwFBVV95cUxQeGJ2dE9mN0pCUTZOblRxX2RqWmZ5cUpvNWt0N2hPMVlLZ0p0"
SIGNED_PAGE = (
    '<!doctype html><html><body><c-wiz><div jscontroller="aLI87" '
    'data-n-a-sg="AZ5r3eSjlm_ru1QJj0hmrTDbF2Ih" data-n-a-ts="1764190800" '
    'data-n-a-id="x"></div></c-wiz></body></html>'
)


def article_page(title: str, lead: str) -> str:
    paragraphs = "".join(
        f"<p>{escape(lead)} Officials said the delegations met for {n} hours and agreed to "
        "keep the ceasefire in place while the mediators prepare a written mechanism.</p>"
        for n in range(2, 6)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>{escape(title)}</title></head><body>"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    )


def google_feed(site, items: list[tuple[str, str, str]]) -> str:
    """A Google News search answer: (article id, "Headline - Publisher", publisher) items."""
    rows = []
    for article, title, publisher in items:
        link = site.url(f"/rss/articles/{article}?oc=5")
        anchor = f'<a href="{link}">{title}</a>'
        rows.append(
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{article}</guid>'
            f"<pubDate>{format_datetime(WHEN, usegmt=True)}</pubDate>"
            f"<description>{escape(anchor)}</description>"
            f'<source url="https://{publisher.lower()}.example">{publisher}</source></item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0"><channel>'
        "<title>Google News</title><link>https://news.google.com/</link>"
        + "".join(rows)
        + "</channel></rss>"
    )


def bing_feed(publisher_url: str) -> str:
    tracker = (
        "http://www.bing.com/news/apiclick.aspx?ref=FexRss&amp;aid=&amp;tid=1&amp;url="
        + quote(publisher_url, safe="")
        + "&amp;c=1&amp;mkt=en-gb"
    )
    return (
        '<?xml version="1.0" encoding="utf-8" ?><rss version="2.0" '
        'xmlns:News="https://www.bing.com/news/search?q=x&amp;format=rss"><channel>'
        "<title>BingNews</title><link>https://www.bing.com/news</link>"
        "<item><title>Afghanistan and Pakistan agree to continue talks</title>"
        f"<link>{tracker}</link><description>KABUL: The two sides agreed to meet again "
        "next week in Istanbul …</description>"
        f"<pubDate>{format_datetime(WHEN, usegmt=True)}</pubDate>"
        "<News:Source>TOLOnews</News:Source></item></channel></rss>"
    )


def serve_search_engines(site, google) -> None:
    """Publishers, Bing and GDELT on ``site``; Google on its own host, ``google``."""
    google.add(
        "/rss/search",
        google_feed(
            google,
            [
                (MATCHING_ID, "Pakistan, Afghanistan talks resume in Istanbul - Dawn", "Dawn"),
                (CRICKET_ID, "Pakistan beat Zimbabwe in Rawalpindi - ESPNcricinfo", "ESPN"),
            ],
        ),
        content_type="application/rss+xml; charset=utf-8",
    )
    google.add(f"/rss/articles/{MATCHING_ID}", SIGNED_PAGE)
    google.add(f"/rss/articles/{CRICKET_ID}", SIGNED_PAGE)
    dawn = site.add(
        "/dawn/istanbul-talks",
        article_page(
            "Pakistan, Afghanistan talks resume in Istanbul",
            "Pakistani and Afghan negotiators resumed talks in Istanbul on Wednesday.",
        ),
    )
    rpc_row = json.dumps(["wrb.fr", "Fbv4je", json.dumps(["garturlres", dawn, 1]), None, "0"])
    google.add("/_/DotsSplashUi/data/batchexecute", f")]}}'\n\n99\n[{rpc_row}]\n")
    tolo = site.add(
        "/tolo/agree",
        article_page(
            "Afghanistan and Pakistan agree to continue talks",
            "Afghan and Pakistani officials agreed to continue their talks next week.",
        ),
    )
    site.add("/news/search", bing_feed(tolo), content_type="application/rss+xml")
    aa = site.add(
        "/aa/turkiye-hosts",
        article_page(
            "Türkiye hosts Pakistan Afghanistan talks",
            "Türkiye hosted a new round of Pakistan Afghanistan talks in Istanbul.",
        ),
    )
    gdelt = {
        "articles": [
            {
                "url": aa,
                "title": "Türkiye hosts Pakistan Afghanistan talks",
                "seendate": "20261126T200000Z",
                "domain": "aa.com.tr",
                "language": "English",
            }
        ]
    }
    site.add("/api/v2/doc/doc", json.dumps(gdelt), content_type="application/json")


def search_settings(tg, url: str, site, google, **extra):
    values = {
        "NEWSBRIEF_GOOGLE_NEWS": True,
        "NEWSBRIEF_GOOGLE_NEWS_URL": google.base_url,
        "NEWSBRIEF_BING_NEWS": True,
        "NEWSBRIEF_BING_NEWS_URL": site.base_url,
        "NEWSBRIEF_GDELT": True,
        "NEWSBRIEF_GDELT_URL": site.base_url,
        "NEWSBRIEF_SEARCH_SECONDS": 600,
        "NEWSBRIEF_MIN_FEED_INTERVAL": 60,
    }
    return settings_for(tg, url, [], **(values | extra))


@pytest.fixture
async def google() -> AsyncIterator[NewsSite]:
    """Google News's stand-in, on a host of its own like the real one."""
    async with NewsSite() as site:
        yield site


def queries(site, path: str) -> list[dict[str, str]]:
    return [
        {key: values[0] for key, values in parse_qs(request.query).items()}
        for request in site.requests
        if request.path == path
    ]


async def test_a_topic_is_searched_in_the_chats_locale_and_briefed_with_publisher_links(
    tg, site, google, clock, sqlite_url
):
    serve_search_engines(site, google)
    settings = search_settings(tg, sqlite_url, site, google)
    async with running_bot(tg, site, settings, clock) as bot:
        bot.services.poller.gdelt_spacing = RequestSpacing(0.1)  # GDELT's 6 s, shortened
        (locale,) = await bot.say(CHAT, "/settings lang en-GB")
        assert "English (en), region GB" in locale.text
        await bot.say(CHAT, f"/subscribe {TOPIC}")
        await bot.poll_now()

        (google_query,) = queries(google, "/rss/search")
        assert google_query == {"q": f"{TOPIC} when:7d", "hl": "en-GB", "gl": "GB", "ceid": "GB:en"}
        (bing,) = queries(site, "/news/search")
        assert bing == {"q": TOPIC, "format": "rss", "mkt": "en-GB"}
        (gdelt,) = queries(site, "/api/v2/doc/doc")
        assert gdelt["query"] == f"{TOPIC} sourcelang:english" and gdelt["mode"] == "ArtList"
        requests = site.requests + google.requests
        assert all(r.headers["User-Agent"] == settings.user_agent for r in requests)
        assert site.max_concurrency <= 2, "at most two requests at a time to one host"

        # Only the Google item that matched the topic was resolved, with two requests.
        assert google.hits[f"/rss/articles/{MATCHING_ID}"] == 1
        (asked,) = queries(google, f"/rss/articles/{MATCHING_ID}")
        assert asked == {"hl": "en-GB", "gl": "GB", "ceid": "GB:en"}
        assert google.hits["/_/DotsSplashUi/data/batchexecute"] == 1
        assert google.hits[f"/rss/articles/{CRICKET_ID}"] == 0
        assert site.hits["/dawn/istanbul-talks"] == 1

        (digest,) = await bot.say(CHAT, "/digest")
        text, links = digest.text, digest.links()
        # Each outlet is named, as a story of its own or in a story's "Also:" line.
        assert "- Dawn" not in text and "Dawn" in text and "TOLOnews" in text
        assert not any("/rss/articles/" in link for link in links)
        assert not any("bing.com" in link for link in links)
        assert "Zimbabwe" not in text
        stored = {
            a.url: a
            for a in await bot.services.db.run(
                articles_q.recent_articles, clock.now() - timedelta(days=9)
            )
        }
        dawn_article = stored[site.url("/dawn/istanbul-talks")]
        assert dawn_article.title == "Pakistan, Afghanistan talks resume in Istanbul"
        assert "Pakistani and Afghan negotiators resumed talks" in dawn_article.summary, (
            "the publisher's page"
        )
        tolo_article = stored[site.url("/tolo/agree")]
        assert tolo_article.title == "Afghanistan and Pakistan agree to continue talks"
        assert any(a.title == "Türkiye hosts Pakistan Afghanistan talks" for a in stored.values())

        # Polled again only after the search interval; never once nobody follows the topic.
        searched = google.hits["/rss/search"]
        clock.advance(timedelta(seconds=300))
        await bot.poll_now()
        assert google.hits["/rss/search"] == searched
        clock.advance(timedelta(seconds=301))
        await bot.poll_now()
        assert google.hits["/rss/search"] == searched + 1
        await bot.say(CHAT, f"/unsubscribe {TOPIC}")
        clock.advance(timedelta(hours=2))
        await bot.poll_now()
        assert google.hits["/rss/search"] == searched + 1
    assert tg.errors == []


async def test_switched_off_providers_are_never_asked_and_gdelt_is_spaced(
    tg, site, google, clock, sqlite_url
):
    assert not Settings(_env_file=None).gdelt, "GDELT is opt-in"
    serve_search_engines(site, google)
    settings = search_settings(tg, sqlite_url, site, google, NEWSBRIEF_GOOGLE_NEWS=False)
    async with running_bot(tg, site, settings, clock) as bot:
        poller = bot.services.poller
        poller.gdelt_spacing, poller.gdelt_max_wait = RequestSpacing(0.3), 0.35
        poller.owner_share = poller.concurrency  # the bot's searches all polled at once
        for topic in ("Istanbul talks", "Kabul", "Torkham"):
            await bot.say(CHAT, f"/subscribe {topic}")
        await bot.poll_now()
        assert google.requests == []
        assert len(queries(site, "/news/search")) == 3
        # One GDELT request per turn: two fit in this cycle, the third waits its turn.
        assert len(queries(site, "/api/v2/doc/doc")) == 2
        clock.advance(timedelta(seconds=61))
        await bot.poll_now()
        assert len(queries(site, "/api/v2/doc/doc")) == 3


async def test_search_language_and_region_are_a_chat_setting(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_LANGUAGE="ur", NEWSBRIEF_REGION="pk")
    async with running_bot(tg, site, settings, clock) as bot:
        for text, expected in [
            ("/settings", "News search: Urdu (ur), region PK"),
            ("/settings lang de", "German (de), region DE"),  # its home, not PK:de
            ("/settings region at", "German (de), region AT"),
            ("/settings lang pt_BR", "Portuguese (pt), region BR"),
            ("/settings lang english", "for example /settings lang en"),
            ("/settings lang", "Which language?"),
            ("/settings region 123", "not a country code"),
            ("/settings lang default", "Urdu (ur), region PK"),
        ]:
            (answer,) = await bot.say(CHAT, text)
            assert expected in answer.text, (text, answer.text)
        (helped,) = await bot.say(CHAT, "/help")
        assert "/addsource" in helped.text and "/sources" in helped.text
        assert {"addsource", "sources", "export"} <= {c["command"] for c in tg.commands}
    assert tg.errors == []


async def test_brief_in_the_terminal_searches_the_news_for_its_topic(site, google, capsys):
    from bot.cli.commands import brief_in_terminal

    serve_search_engines(site, google)
    settings = Settings(
        _env_file=None,
        NEWSBRIEF_DEFAULT_FEEDS=False,
        NEWSBRIEF_ALLOW_PRIVATE_URLS=True,
        NEWSBRIEF_EXTRACT_WORKERS=0,
        NEWSBRIEF_GOOGLE_NEWS=False,
        NEWSBRIEF_BING_NEWS_URL=site.base_url,
        NEWSBRIEF_WAYBACK_API_URL="",
    )
    assert await brief_in_terminal(settings, TOPIC, 5) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "Polling 1 source…" in captured.err and "1 article read." in captured.err
    assert "Afghanistan and Pakistan agree to continue talks" in out
    assert site.url("/tolo/agree") in out


async def test_a_google_result_already_in_from_elsewhere_is_briefed_once(
    tg, site, google, clock, sqlite_url
):
    serve_search_engines(site, google)
    dawn = site.url("/dawn/istanbul-talks")
    site.add("/news/search", bing_feed(dawn), content_type="application/rss+xml")
    google.add("/rss/search", google_feed(google, []), content_type="application/rss+xml")
    settings = search_settings(tg, sqlite_url, site, google, NEWSBRIEF_GDELT=False)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, f"/subscribe {TOPIC}")
        await bot.poll_now()  # Bing brings Dawn's article; Google has nothing yet
        google.add(
            "/rss/search",
            google_feed(
                google, [(MATCHING_ID, "Pakistan, Afghanistan talks resume - Dawn", "Dawn")]
            ),
            content_type="application/rss+xml",
        )
        clock.advance(timedelta(seconds=settings.search_seconds + 1))
        await bot.poll_now()
        assert google.hits["/_/DotsSplashUi/data/batchexecute"] == 1
        assert site.hits["/dawn/istanbul-talks"] == 1, "the known page is not fetched again"
        (digest,) = await bot.say(CHAT, "/digest")
        assert digest.links().count(dawn) == 1


async def test_a_chat_in_urdu_searches_the_news_in_urdu_in_pakistan(
    tg, site, google, clock, sqlite_url
):
    """A person whose Telegram speaks Urdu gets the bot in Urdu, and the chat's news searches
    follow: Google News's Urdu edition for Pakistan, Bing in Urdu for Pakistan; a chat that
    then chooses German searches in German, in Germany."""
    serve_search_engines(site, google)
    tg.user_languages[CHAT] = "ur"
    async with running_bot(tg, site, search_settings(tg, sqlite_url, site, google), clock) as bot:
        await bot.say(CHAT, "/subscribe عمران خان")
        await bot.poll_now()
        (google_query,) = queries(google, "/rss/search")
        assert google_query == {"q": "عمران خان when:7d", "hl": "ur", "gl": "PK", "ceid": "PK:ur"}
        (bing_query,) = queries(site, "/news/search")
        assert (bing_query["setlang"], bing_query["cc"]) == ("ur", "PK")
        assert "mkt" not in bing_query

        await bot.say(CHAT, "/settings lang de")
        google.requests.clear()
        clock.advance(timedelta(seconds=601))
        await bot.poll_now()
        (german,) = queries(google, "/rss/search")
        assert (german["hl"], german["gl"], german["ceid"]) == ("de", "DE", "DE:de")
