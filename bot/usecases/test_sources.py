"""What a person types is read only if it is a public web address — at /addsource, through a
page's feed links and redirects, and when an imported feed is polled. The switch that allows
private addresses (tests elsewhere) is off here."""

from collections.abc import AsyncIterator

import pytest

from bot.fetching import Fetcher, FetchPolicy
from bot.services import Services
from bot.settings import Settings
from bot.usecases.sources import SourceError, web_address
from storage import outbox
from storage.queries import chats as chats_q
from tests.fixtures.internet import LocalInternet, public_dns

CHAT = 77
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Frontier Times</title>
<item><title>Istanbul talks resume</title><link>http://news.example/a</link></item>
</channel></rss>"""


@pytest.fixture
async def services(news_site, sqlite_url) -> AsyncIterator[Services]:
    settings = Settings(
        _env_file=None,
        DATABASE_URL=sqlite_url,
        NEWSBRIEF_DEFAULT_FEEDS=False,
        NEWSBRIEF_ALLOW_PRIVATE_URLS=False,
        NEWSBRIEF_EXTRACT_WORKERS=0,
        NEWSBRIEF_GOOGLE_NEWS=False,
        NEWSBRIEF_BING_NEWS=False,
        NEWSBRIEF_FETCH_DEADLINE=3,
        NEWSBRIEF_WAYBACK_API_URL="",
    )
    started = await Services.start(settings)
    # The network seam: "*.example" is a public site, served by the local one.
    await started.fetcher.aclose()
    port = int(news_site.base_url.rsplit(":", 1)[1])
    started.fetcher = Fetcher(FetchPolicy(), transport=LocalInternet(port), resolver=public_dns)
    started.poller.fetcher = started.ingestor.fetcher = started.fetcher
    started.cases.sources.fetcher = started.fetcher
    await started.db.run(
        chats_q.ensure_chat,
        CHAT,
        kind="private",
        title=None,
        digest_time="07:30",
        timezone="UTC",
        next_digest_at=None,
        now=started.clock.now(),
    )
    yield started
    await started.close()


@pytest.mark.parametrize(
    "address",
    [
        "{base}/feed.xml",
        "http://localhost:{port}/feed.xml",
        "http://10.0.0.7/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/feed.xml",
        "http://[::ffff:127.0.0.1]:{port}/feed.xml",
    ],
)
async def test_private_and_local_addresses_are_refused_before_any_request(
    news_site, services, address
):
    news_site.add("/feed.xml", FEED, content_type="application/rss+xml")
    port = news_site.base_url.rsplit(":", 1)[1]
    with pytest.raises(SourceError, match="public websites"):
        await services.cases.sources.add_source(
            CHAT, address.format(base=news_site.base_url, port=port)
        )
    assert news_site.requests == []


async def test_a_public_page_cannot_lead_the_bot_into_the_private_network(news_site, services):
    port = news_site.base_url.rsplit(":", 1)[1]
    news_site.add("/secret.xml", FEED, content_type="application/rss+xml")
    news_site.add(
        "/page",
        '<html><head><link rel="alternate" type="application/rss+xml" '
        f'href="http://localhost:{port}/secret.xml"></head><body>News</body></html>',
    )
    news_site.add_redirect("/moved.xml", f"http://127.0.0.1:{port}/secret.xml")
    news_site.add("/feed.xml", FEED, content_type="application/rss+xml")

    with pytest.raises(SourceError, match="no RSS or Atom feed"):
        await services.cases.sources.add_source(CHAT, "http://news.example/page")
    with pytest.raises(SourceError, match="public websites"):
        await services.cases.sources.add_source(CHAT, "http://news.example/moved.xml")
    assert news_site.hits["/secret.xml"] == 0
    added = await services.cases.sources.add_source(CHAT, "news.example/feed.xml")
    assert added.source.title == "Frontier Times" and added.items == 1


async def test_an_imported_private_address_is_refused_at_poll_time_and_stopped(news_site, services):
    port = news_site.base_url.rsplit(":", 1)[1]
    news_site.add("/feed.xml", FEED, content_type="application/rss+xml")
    opml = (
        '<opml version="2.0"><body>'
        '<outline text="Fine" xmlUrl="http://news.example/feed.xml"/>'
        f'<outline text="Inside" xmlUrl="http://127.0.0.1:{port}/feed.xml"/>'
        "</body></opml>"
    ).encode()
    summary = await services.cases.sources.import_opml(CHAT, opml)
    assert summary.added == 2
    report = await services.poller.poll_due()
    assert [s.url for s in report.disabled] == [f"http://127.0.0.1:{port}/feed.xml"]
    assert "not a public web address" in (report.disabled[0].last_error or "")
    assert news_site.hits["/feed.xml"] == 1, "only the public one was fetched"
    (notice,) = await services.db.run(outbox.open_rows, CHAT)
    assert notice.kind == "alert" and "I stopped reading" in notice.html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dawn.com", "https://dawn.com/"),
        (" <https://www.Dawn.com/feeds/home?utm_source=x> ", "https://www.dawn.com/feeds/home"),
        ("HTTP://tolonews.com:80/rss.xml", "http://tolonews.com/rss.xml"),
    ],
)
def test_what_people_type_becomes_one_address(typed, expected):
    assert web_address(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "two words", "localhost", "file:///etc/passwd", "x" * 3000, "gopher://a.b/"]
)
def test_what_is_not_a_web_address_is_refused_with_a_reason(typed):
    with pytest.raises(SourceError):
        web_address(typed)
