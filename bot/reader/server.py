"""The reader page server: the clean page of an article, no cookies, no scripts, no trackers.

It runs in the bot's process (aiohttp). Pages are reachable only through signed links, and
every answer (errors included) carries the strict security headers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from aiohttp import web

from bot.clock import Clock
from bot.i18n import N_, _, negotiate, use_locale
from bot.ops.descriptors import descriptor_limit
from bot.ops.web_port import ConnectionGuard, GuardedSite, PortLimits, connection_cap
from bot.reader.links import BadLink, ExpiredLink, verify_token
from bot.reader.page import CONTENT_SECURITY_POLICY, ReaderArticle, render_page

__all__ = ["ReaderArticle", "ReaderServer", "SECURITY_HEADERS", "StoredArticle", "render_page"]

log = logging.getLogger(__name__)

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
# Crawlers that ignore the noindex header still find nothing to crawl.
_ROBOTS_TXT = "User-agent: *\nDisallow: /\n"


class StoredArticle(NamedTuple):
    """A stored article as the page needs it: the URL its links are signed for, and the page."""

    canonical_url: str
    page: ReaderArticle


ArticleLoader = Callable[[int], Awaitable[StoredArticle | None]]
EXPIRED = N_(
    "This reading link has expired. The bot's newer messages carry working links; "
    "the Original link in the message still opens the article."
)
INVALID = N_("This reading link is not valid.")
UNAVAILABLE = N_("The article cannot be loaded right now. Try again shortly.")
GONE = N_("This article is no longer stored.")


def _error(request: web.Request, status: int, message: str) -> web.Response:
    """An error page in the browser's language when the bot speaks it (there is no article
    whose language to follow), else English."""
    wanted = request.headers.get("Accept-Language", "")[:200]
    tags = (part.split(";", 1)[0].strip() for part in wanted.split(","))
    code = next((c for c in map(negotiate, tags) if c), None)
    with use_locale(code):
        return _plain(status, _(message))


@web.middleware
async def _security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # 404 for unknown paths, 405 for other methods
        exc.headers.update(SECURITY_HEADERS)
        exc.headers.pop("Set-Cookie", None)
        raise
    response.headers.update(SECURITY_HEADERS)
    response.headers.pop("Set-Cookie", None)
    return response


DEFAULT_MAX_CONNECTIONS = 1000


class ReaderServer:
    """Serves /r/<signed token> on the configured host and port (/healthz: bot.ops.web).

    Its connections are bounded and timed by bot.ops.web_port: at most `max_connections`, fewer
    when the descriptor limit is low; `limits` sets every bound (tests).
    """

    def __init__(
        self,
        *,
        key: bytes,
        load: ArticleLoader,
        clock: Clock,
        host: str,
        port: int,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        limits: PortLimits | None = None,
    ) -> None:
        self._key, self._load, self._clock = key, load, clock
        self.host, self.port = host, port
        self.limits = limits or PortLimits(connection_cap(max_connections, descriptor_limit()))
        self.guard = ConnectionGuard(self.limits)
        self.app = web.Application(middlewares=[_security_headers, self.guard.middleware])
        self.app.router.add_get("/r/{token}", self._page)
        self.app.router.add_get("/robots.txt", self._robots)
        self.extra_routes = self.app.router  # others (metrics) may add routes before start()
        self._runner: web.AppRunner | None = None

    async def _page(self, request: web.Request) -> web.Response:
        try:
            target = verify_token(request.match_info["token"], self._key, self._clock.now())
        except ExpiredLink:
            return _error(request, 410, EXPIRED)
        except BadLink:
            return _error(request, 404, INVALID)
        try:
            article = await self._load(target.article_id)
        except Exception:
            # The page still leaves with the security headers, and says something useful.
            log.exception("reader: loading article %s failed", target.article_id)
            return _error(request, 503, UNAVAILABLE)
        # The id alone could now name another article (another database, an id used again).
        if article is None or not target.names(article.canonical_url):
            return _error(request, 404, GONE)
        # ?tz= (unsigned: it only changes how times are shown) is the reader's chat's zone.
        page = render_page(article.page, request.query.get("tz"))
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def _robots(self, _request: web.Request) -> web.Response:
        return _plain(200, _ROBOTS_TXT)

    async def start(self) -> None:
        self._runner = web.AppRunner(
            self.app,
            access_log=None,
            keepalive_timeout=self.limits.idle_seconds,
            handler_cancellation=True,  # a client that leaves stops its handler
            shutdown_timeout=5.0,
        )
        await self._runner.setup()
        site = GuardedSite(self._runner, self.host, self.port, self.guard)
        await site.start()
        self.port = site.port  # tests ask for any free port (0)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8")
