"""The reader page server: plain HTML of the extracted text, no cookies, no scripts, no trackers.

It runs in the bot's process (aiohttp). Pages are reachable only through signed links.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import nh3
from aiohttp import web

from bot.clock import Clock
from bot.reader.links import verify_token

_CSS = (Path(__file__).with_name("page.css")).read_text(encoding="utf-8")
_CSS_HASH = base64.b64encode(hashlib.sha256(_CSS.encode()).digest()).decode()

# Nothing loads from anywhere: one inline stylesheet allowed by its hash, no scripts, no images.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_CSS_HASH}'; img-src 'none'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "interest-cohort=(), browsing-topics=()",
    "Cache-Control": "private, max-age=600",
}
_ALLOWED_TAGS = {"p", "h1", "a", "div", "footer", "main", "header", "span", "time"}
_ALLOWED_ATTRS = {"a": {"href"}, "div": {"class"}, "time": {"datetime"}, "span": {"class"}}


@dataclass(frozen=True)
class ReaderArticle:
    title: str
    text: str
    url: str
    outlet: str | None
    published: datetime | None


def render_page(article: ReaderArticle) -> str:
    """The whole page, from untrusted text: escaped, then passed through an allow-list sanitiser."""
    paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()][:2000]
    words = sum(len(p.split()) for p in paragraphs)
    minutes = max(1, math.ceil(words / 230))
    host = (urlsplit(article.url).hostname or "").removeprefix("www.")
    outlet = article.outlet or host
    meta = [html.escape(outlet)] if outlet else []
    if article.published:
        meta.append(
            f'<time datetime="{article.published.isoformat()}">'
            f"{article.published.strftime('%d %B %Y, %H:%M UTC')}</time>"
        )
    meta.append(f"{minutes} min read")
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) or "<p>(No text.)</p>"
    original = ""
    if urlsplit(article.url).scheme in ("http", "https"):
        original = f'<a href="{html.escape(article.url, quote=True)}">Read the original at '
        original += f"{html.escape(host)}</a>. "
    content = (
        f"<header><h1>{html.escape(article.title)}</h1>"
        f'<div class="meta">{" · ".join(meta)}</div></header>'
        f"<main>{body}</main>"
        f"<footer>{original}Served by newsbrief without cookies, scripts or trackers.</footer>"
    )
    safe = nh3.clean(
        content,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{html.escape(article.title)}</title><style>{_CSS}</style></head>"
        f"<body>{safe}</body></html>"
    )


ArticleLoader = Callable[[int], Awaitable[ReaderArticle | None]]


@web.middleware
async def _security_headers(request: web.Request, handler):  # type: ignore[no-untyped-def]
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    response.headers.update(SECURITY_HEADERS)
    response.headers.pop("Set-Cookie", None)
    return response


class ReaderServer:
    """Serves /r/<signed token> and /healthz on the configured host and port."""

    def __init__(
        self, *, key: bytes, load: ArticleLoader, clock: Clock, host: str, port: int
    ) -> None:
        self._key, self._load, self._clock = key, load, clock
        self.host, self.port = host, port
        self.app = web.Application(middlewares=[_security_headers])
        self.app.router.add_get("/r/{token}", self._page)
        self.app.router.add_get("/healthz", self._health)
        self.extra_routes = self.app.router  # others (metrics) may add routes before start()
        self._runner: web.AppRunner | None = None

    async def _page(self, request: web.Request) -> web.Response:
        article_id = verify_token(request.match_info["token"], self._key, self._clock.now())
        if article_id is None:
            return _plain(404, "This reading link is not valid or has expired.")
        article = await self._load(article_id)
        if article is None:
            return _plain(404, "This article is no longer stored.")
        return web.Response(text=render_page(article), content_type="text/html", charset="utf-8")

    async def _health(self, _request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests ask for any free port
            server = site._server  # noqa: SLF001
            assert server is not None and server.sockets
            self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8")
