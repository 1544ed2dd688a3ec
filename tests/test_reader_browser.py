"""The clean page in a real browser: Chromium from the distribution, driven through Playwright.

A person reads an article the bot picked up from a hostile page, through the Clean page link
in Telegram. The browser must set no cookie, run no script, ask no other host for anything,
and show the text. Without Chromium the tests skip, unless NEWSBRIEF_REQUIRE_BROWSER is set
(CI sets it): then they fail. NEWSBRIEF_CHROMIUM names another Chromium binary.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.fixtures.harness import running_bot, settings_for
from tests.newssite import NewsSite
from tests.newssite.server import PAGES

CHROMIUM = Path(os.environ.get("NEWSBRIEF_CHROMIUM", "/usr/bin/chromium"))
# The flags that work in a container without a display, a GPU or the network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHAT = 5150
HOSTILE_TITLE = "Talks in Istanbul <script>window.__pwned = 1</script> resume"
ARTICLE_PATH = "/2025/11/07/hostile-talks/"
URDU = (
    "اسلام آباد: پاکستان اور افغان عبوری حکومت کے درمیان مذاکرات کا تیسرا دور "
    "استنبول میں شروع ہو گیا ہے۔"
)
# A sandboxed page may throw on document.cookie: that counts as "no cookie" too.
READ_COOKIE = (
    "(() => { try { return document.cookie } catch (e) { return 'blocked:' + e.name } })()"
)


def _chromium_or_skip() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
    else:
        try:
            import playwright.async_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (pip install -e '.[dev]')"
    if problem is None:
        return
    if os.environ.get("NEWSBRIEF_REQUIRE_BROWSER"):
        pytest.fail(f"NEWSBRIEF_REQUIRE_BROWSER is set but {problem}")
    pytest.skip(problem)


@asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Any]:
    """A fresh headless Chromium profile (a BrowserContext) that records every request."""
    _chromium_or_skip()
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        context = await pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 430, "height": 900},
        )
        requested: list[str] = []
        context.requested = requested  # type: ignore[attr-defined]  # the test's own record
        context.on("request", lambda request: requested.append(request.url))
        try:
            yield context
        finally:
            await context.close()


def hostile_article(site_url: str) -> str:
    """The seed article, made hostile: a script in its title and text, a tracking pixel, an
    off-site stylesheet and script, and a paragraph in Urdu."""
    page = (PAGES / "istanbul-talks.html").read_text(encoding="utf-8")
    page = page.replace(
        'content="Pakistan and Afghan Interim Government Continue Dialogue in Istanbul"',
        'content="Talks in Istanbul &lt;script&gt;window.__pwned = 1&lt;/script&gt; resume"',
    )
    page = page.replace(
        '<div class="entry-content">',
        '<div class="entry-content">'
        f'<link rel="stylesheet" href="{site_url}/tracker.css">'
        f'<script src="{site_url}/tracker.js"></script>'
        "<p>Delegates read out the statement &lt;script&gt;window.__pwned = 2&lt;/script&gt; "
        "word for word, and the mediators said they would publish it after the session.</p>"
        f'<p><img src="{site_url}/pixel.gif" alt="">{URDU}</p>',
    )
    return page


async def test_clean_page_in_chromium(tg, site, clock, sqlite_url, tmp_path):
    """From the Clean page link in Telegram to the page in Chromium: the text is there, no
    cookie, no script, no request to another host; and the headers alone stop what might
    ever slip into the HTML."""
    _chromium_or_skip()
    page_url = site.add(ARTICLE_PATH, hostile_article(site.base_url))
    feed = site.add_feed(
        "/feed/",
        [{"title": HOSTILE_TITLE, "link": page_url + "?utm_source=rss&utm_medium=rss"}],
        title="Tassawar News",
    )
    # Test-only: Chromium on this machine is the user who opens the loopback Clean page.
    settings = settings_for(
        tg, sqlite_url, [feed], NEWSBRIEF_WAYBACK_API_URL="", NEWSBRIEF_READER_PUBLIC=True
    )
    async with (
        NewsSite() as tracker,
        running_bot(tg, site, settings, clock) as bot,
        chromium(tmp_path / "profile") as ctx,
    ):
        await bot.poll_now()
        await bot.say(CHAT, "/subscribe Istanbul talks")
        (preview,) = await tg.wait_for(CHAT, lambda m: any("/r/" in x for x in m.links()))
        clean = next(link for link in preview.links() if "/r/" in link)
        await reading_the_clean_page(ctx, site, clean, page_url)
        await tampered_copies_of_the_page(ctx, site, tracker, clean)


async def reading_the_clean_page(ctx: Any, site: NewsSite, clean: str, page_url: str) -> None:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(clean))
    site_hits_before = len(site.requests)
    page = await ctx.new_page()
    response = await page.goto(clean, wait_until="load")
    assert response is not None and response.status == 200

    # The article is there, hostile bits as plain text, and the page still looks right.
    text = await page.inner_text("body")
    assert "third round of dialogue" in text and "Türkiye" in text
    assert await page.inner_text("h1") == "Talks in Istanbul resume"  # feed markup dropped
    assert "statement <script>window.__pwned = 2</script> word for word" in text
    assert await page.evaluate("typeof window.__pwned") == "undefined"
    urdu = page.locator("p", has_text=URDU[:20])
    assert await urdu.evaluate("p => getComputedStyle(p).direction") == "rtl"
    original = await page.get_attribute("footer a", "href")
    assert original == page_url, "the original, without tracking parameters"

    # No cookie: none readable, none kept even when something tries to set one.
    assert await page.evaluate(READ_COOKIE) in ("", "blocked:SecurityError")
    await page.evaluate("() => { try { document.cookie = 'probe=1; max-age=999' } catch {} }")
    assert await page.evaluate(READ_COOKIE) in ("", "blocked:SecurityError")
    assert await ctx.cookies() == []

    # Nothing from anywhere but the reader itself (the news site saw no one come by).
    assert ctx.requested and all(url.startswith(origin + "/") for url in ctx.requested)
    assert len(site.requests) == site_hits_before

    # Light and dark: the inline stylesheet is allowed (by its hash) and follows the system.
    backgrounds = {}
    for scheme in ("light", "dark"):
        await page.emulate_media(color_scheme=scheme)
        backgrounds[scheme] = await page.evaluate(
            "getComputedStyle(document.documentElement).backgroundColor"
        )
    assert backgrounds == {"light": "rgb(251, 250, 246)", "dark": "rgb(22, 22, 21)"}
    await page.close()


async def tampered_copies_of_the_page(
    ctx: Any, site: NewsSite, tracker: NewsSite, clean: str
) -> None:
    """Defence in depth: markup that got past the sanitiser would still be stopped by the
    reader's headers (CSP with sandbox): no inline script, event handler, cookie or load from
    another host. The tampered page is served with exactly the reader's headers; served
    without its CSP, the same page runs and loads all of it, so this check can tell."""
    tracker.add("/pixel.gif", b"GIF89a", content_type="image/gif")
    tracker.add("/t.js", "window.__remote = 1", content_type="text/javascript")
    injected = (
        "<script>window.__inline = 1; document.cookie = 'tracker=1'</script>"
        '<img src="x" onerror="window.__handler = 1">'
        f'<img src="{tracker.base_url}/pixel.gif"><script src="{tracker.base_url}/t.js"></script>'
    )
    async with httpx.AsyncClient() as client:
        reader = await client.get(clean)
    body = reader.text.replace("<body>", "<body>" + injected, 1)
    served = {k: v for k, v in reader.headers.items() if k.lower() not in _HOP_HEADERS}
    without_csp = {k: v for k, v in served.items() if k.lower() != "content-security-policy"}

    async def outcome(path: str, headers: dict[str, str]) -> dict[str, Any]:
        url = site.add(path, body, headers=headers)
        tracker.hits.clear()
        page = await ctx.new_page()
        await page.goto(url, wait_until="load")
        seen = {
            "inline": await page.evaluate("typeof window.__inline"),
            "handler": await page.evaluate("typeof window.__handler"),
            "remote": await page.evaluate("typeof window.__remote"),
            "cookie": await page.evaluate(READ_COOKIE),
            "tracker hits": sum(tracker.hits.values()),
        }
        await page.close()
        return seen

    protected = await outcome("/tampered/", served)
    assert protected["inline"] == protected["handler"] == protected["remote"] == "undefined"
    assert protected["cookie"] in ("", "blocked:SecurityError")
    assert protected["tracker hits"] == 0
    assert await ctx.cookies() == []

    exposed = await outcome("/tampered-without-csp/", without_csp)
    assert exposed["inline"] == exposed["handler"] == exposed["remote"] == "number"
    assert exposed["cookie"] == "tracker=1" and exposed["tracker hits"] == 2


# Headers that describe one transfer, not the page: never copied to another response.
_HOP_HEADERS = {
    "content-length", "content-encoding", "transfer-encoding", "connection", "date", "server",
    "content-type",
}  # fmt: skip
