"""A real local news site for tests: pages, feeds, redirects and misbehaving servers."""

from __future__ import annotations

import asyncio
import collections
import functools
import hashlib
import struct
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from xml.sax.saxutils import escape

from aiohttp import web

PAGES = Path(__file__).parent / "pages"
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/json",
    ".opml": "text/x-opml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
SPECIAL_KINDS = ("drip", "hang", "huge", "gzip_bomb", "status", "redirect_loop", "delay", "echo")


@dataclass(frozen=True)
class RecordedRequest:
    """One request the site received."""

    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class _Route:
    kind: str
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""


class NewsSite:
    """A real HTTP server on 127.0.0.1 (aiohttp), random port. ``async with NewsSite() as site:``

    Paths are matched without their query string unless a route was added with one.
    ``hits`` counts requests per path; ``max_concurrency`` is the most requests that were in
    flight at once; ``requests`` records every request in order; ``bytes_sent`` counts body
    bytes written by the streaming endpoints (drip, huge).
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        # Another loopback address (127.0.0.2) is another host to the bot's per-host limits:
        # a publisher of its own, as a hostile one would be.
        self.host = host
        self.base_url = ""
        self.hits: collections.Counter[str] = collections.Counter()
        self.max_concurrency = 0
        self.requests: list[RecordedRequest] = []
        self.bytes_sent: collections.Counter[str] = collections.Counter()
        self.dripping = 0
        self._routes: dict[str, _Route] = {}
        self._in_flight = 0
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        """Start serving on a free port; ``base_url`` is set afterwards."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def close(self) -> None:
        """Release hanging and dripping handlers, then stop the server."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this site (absolute URLs pass through)."""
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + ("" if path.startswith("/") else "/") + path

    def add(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> str:
        """Serve ``body`` at ``path`` with ETag and Last-Modified; matching conditional
        requests get 304. ``delay``: seconds to wait before answering (a slow server).
        Returns the absolute URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._routes[path] = _Route(
            kind="static",
            body=data,
            content_type=content_type,
            status=status,
            headers=dict(headers or {}),
            etag='"' + hashlib.sha256(data).hexdigest()[:16] + '"',
            last_modified=format_datetime(datetime.now(UTC).replace(microsecond=0), usegmt=True),
            options={"delay": delay},
        )
        return self.url(path)

    def add_page(self, path: str, filename: str) -> str:
        """Serve a file from ``tests/newssite/pages/`` at ``path``."""
        file = PAGES / filename
        content_type = _CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        return self.add(path, file.read_bytes(), content_type=content_type)

    def add_feed(
        self,
        path: str,
        items: list[dict[str, Any]],
        *,
        title: str = "Local News",
        kind: str = "rss",
    ) -> str:
        """Serve an RSS 2.0 (``kind="rss"``) or Atom (``kind="atom"``) feed of ``items``.

        Item keys: ``title``, ``link`` (absolute or a path on this site), ``summary``, ``guid``,
        ``published`` (aware datetime). Missing keys are left out of the XML.
        """
        if kind == "rss":
            body, content_type = self._rss(path, items, title), "application/rss+xml; charset=utf-8"
        elif kind == "atom":
            body = self._atom(path, items, title)
            content_type = "application/atom+xml; charset=utf-8"
        else:
            raise ValueError(f"unknown feed kind {kind!r}")
        return self.add(path, body, content_type=content_type)

    def add_redirect(self, path: str, target: str, status: int = 302) -> str:
        """Redirect ``path`` to ``target`` (sent as given, so relative targets stay relative)."""
        self._routes[path] = _Route(kind="redirect", status=status, options={"target": target})
        return self.url(path)

    def add_special(self, path: str, kind: str, **opts: Any) -> str:
        """A misbehaving endpoint. Kinds and options:

        - ``drip``: 200, then one byte per ``interval`` s (1.0) up to ``size`` bytes (10_000);
          ``dripping`` counts the drips being served now
        - ``hang``: accepts the request and never answers
        - ``huge``: ``size`` bytes (50_000_000) streamed; ``declare_length`` (True) sends
          Content-Length
        - ``gzip_bomb``: a gzip body inflating to ``size`` bytes (100_000_000)
        - ``status``: ``status`` (500) with optional ``retry_after`` header and ``body``
        - ``redirect_loop``: redirects to itself
        - ``delay``: waits ``delay`` s (0.2), then serves ``body``
        - ``echo``: answers with the request's headers as JSON
        """
        if kind not in SPECIAL_KINDS:
            raise ValueError(f"unknown special kind {kind!r}")
        self._routes[path] = _Route(kind=kind, options=dict(opts))
        return self.url(path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] += 1
        self.requests.append(
            RecordedRequest(
                request.method, request.path, request.query_string, dict(request.headers)
            )
        )
        self._in_flight += 1
        self.max_concurrency = max(self.max_concurrency, self._in_flight)
        try:
            route = self._routes.get(request.path_qs) or self._routes.get(request.path)
            if route is None:
                return web.Response(status=404, text="not found")
            handler = getattr(self, f"_serve_{route.kind}")
            return await handler(request, route)
        finally:
            self._in_flight -= 1

    async def _serve_static(self, request: web.Request, route: _Route) -> web.StreamResponse:
        if route.options.get("delay"):
            try:
                await asyncio.wait_for(self._closing.wait(), route.options["delay"])
            except TimeoutError:
                pass
        validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
        if route.status == 200 and _not_modified(request, route):
            return web.Response(status=304, headers={**validators, **route.headers})
        headers = {**validators, "Content-Type": route.content_type, **route.headers}
        return web.Response(status=route.status, body=route.body, headers=headers)

    async def _serve_redirect(self, request: web.Request, route: _Route) -> web.StreamResponse:
        return web.Response(status=route.status, headers={"Location": route.options["target"]})

    async def _serve_redirect_loop(self, request: web.Request, route: _Route) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": request.path})

    async def _serve_status(self, request: web.Request, route: _Route) -> web.StreamResponse:
        headers = {}
        if route.options.get("retry_after") is not None:
            headers["Retry-After"] = str(route.options["retry_after"])
        body = route.options.get("body", f"status {route.options.get('status', 500)}")
        return web.Response(
            status=int(route.options.get("status", 500)), text=body, headers=headers
        )

    async def _serve_hang(self, request: web.Request, route: _Route) -> web.StreamResponse:
        await self._closing.wait()
        return web.Response(status=503)

    async def _serve_delay(self, request: web.Request, route: _Route) -> web.StreamResponse:
        await asyncio.sleep(float(route.options.get("delay", 0.2)))
        return web.Response(text=str(route.options.get("body", "ok")), content_type="text/plain")

    async def _serve_echo(self, request: web.Request, route: _Route) -> web.StreamResponse:
        return web.json_response(dict(request.headers))

    async def _serve_drip(self, request: web.Request, route: _Route) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        await response.prepare(request)
        interval = float(route.options.get("interval", 1.0))
        self.dripping += 1
        try:
            for _ in range(int(route.options.get("size", 10_000))):
                if self._closing.is_set() or not await _write(response, b"x"):
                    return response
                self.bytes_sent[request.path] += 1
                try:
                    await asyncio.wait_for(self._closing.wait(), interval)
                except TimeoutError:
                    pass
        finally:
            self.dripping -= 1
        await response.write_eof()
        return response

    async def _serve_huge(self, request: web.Request, route: _Route) -> web.StreamResponse:
        size = int(route.options.get("size", 50_000_000))
        headers = {"Content-Type": "text/html; charset=utf-8"}
        response = web.StreamResponse(headers=headers)
        if route.options.get("declare_length", True):
            response.content_length = size
        await response.prepare(request)
        chunk = b"<p>" + b"news " * 13_106 + b"</p>\n"
        sent = 0
        while sent < size and not self._closing.is_set():
            piece = chunk[: size - sent]
            if not await _write(response, piece):
                return response
            sent += len(piece)
            self.bytes_sent[request.path] += len(piece)
        await response.write_eof()
        return response

    async def _serve_gzip_bomb(self, request: web.Request, route: _Route) -> web.StreamResponse:
        body = _gzip_of_zeros(int(route.options.get("size", 100_000_000)))
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
        return web.Response(body=body, headers=headers)

    def _rss(self, path: str, items: list[dict[str, Any]], title: str) -> str:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
            f"<title>{escape(title)}</title><link>{escape(self.url('/'))}</link>",
            f"<description>{escape(title)}</description>",
        ]
        for item in items:
            parts.append("<item>")
            if "title" in item:
                parts.append(f"<title>{escape(item['title'])}</title>")
            if "link" in item:
                parts.append(f"<link>{escape(self.url(item['link']))}</link>")
            if "summary" in item:
                parts.append(f"<description>{escape(item['summary'])}</description>")
            if "guid" in item:
                parts.append(f'<guid isPermaLink="false">{escape(str(item["guid"]))}</guid>')
            if "published" in item:
                parts.append(
                    f"<pubDate>{format_datetime(item['published'], usegmt=True)}</pubDate>"
                )
            parts.append("</item>")
        parts.append("</channel></rss>")
        return "\n".join(parts)

    def _atom(self, path: str, items: list[dict[str, Any]], title: str) -> str:
        updated = datetime.now(UTC).isoformat(timespec="seconds")
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
            f"<title>{escape(title)}</title><id>{escape(self.url(path))}</id>",
            f'<updated>{updated}</updated><link rel="self" href="{escape(self.url(path))}"/>',
        ]
        for item in items:
            parts.append("<entry>")
            if "title" in item:
                parts.append(f"<title>{escape(item['title'])}</title>")
            if "link" in item:
                parts.append(f'<link rel="alternate" href="{escape(self.url(item["link"]))}"/>')
            if "summary" in item:
                parts.append(f'<summary type="html">{escape(item["summary"])}</summary>')
            if "guid" in item:
                parts.append(f"<id>{escape(str(item['guid']))}</id>")
            if "published" in item:
                stamp = item["published"].isoformat(timespec="seconds")
                parts.append(f"<published>{stamp}</published><updated>{stamp}</updated>")
            parts.append("</entry>")
        parts.append("</feed>")
        return "\n".join(parts)


def _not_modified(request: web.Request, route: _Route) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or route.etag in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since >= parsedate_to_datetime(route.last_modified)
    return False


async def _write(response: web.StreamResponse, data: bytes) -> bool:
    """Write ``data``; False once the client has gone away."""
    try:
        await response.write(data)
    except (ConnectionError, RuntimeError):
        return False
    return True


@functools.lru_cache(maxsize=4)
def _gzip_of_zeros(size: int) -> bytes:
    """A gzip stream of ``size`` zero bytes, built in milliseconds.

    After a full flush deflate forgets its history, so every full block of zeros compresses to
    the same bytes: compress one block and repeat it instead of compressing ``size`` bytes.
    """
    block = bytes(1 << 20)
    full_blocks, rest = divmod(size, len(block))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = tail.compress(bytes(rest)) + tail.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(full_blocks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(bytes(rest), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return header + repeated * full_blocks + last + trailer
