"""Google News article links, resolved to the publisher's URL.

Links from before mid-2024 carry the URL and are decoded without a request. Newer ones are
opaque: Google tells the URL only through two requests (the article's page for a signature,
then its ``batchexecute`` RPC), so the bot asks only for articles that go into a briefing, a
few at a time, remembers every answer, and keeps the Google link when Google won't say.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Sequence
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from bot.fetching import Fetcher, FetchError, HTTPStatusError
from bot.sources.search_feeds import decode_google_news_link

log = logging.getLogger(__name__)

GOOGLE_NEWS_HOST = "news.google.com"
_ARTICLE_PATH = re.compile(r"^/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,2000})/?$")
_SIGNATURE = re.compile(r'data-n-a-sg="([A-Za-z0-9_=+/-]{1,500})"')
_TIMESTAMP = re.compile(r'data-n-a-ts="(\d{1,20})"')
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{2})?$")
_MAX_URL = 4000
_FAILURE_MEMORY = 3600.0  # seconds before asking Google about a link again
_RATE_LIMIT_PAUSE = 600.0  # seconds without asking Google after a 429/503 without Retry-After


class GoogleLinks:
    """Resolves Google News links to publishers' URLs; ``base_url`` is where Google News is
    (tests point it at a local site). One instance for the process: it holds the cache."""

    def __init__(
        self,
        fetcher: Fetcher,
        base_url: str = f"https://{GOOGLE_NEWS_HOST}",
        *,
        per_call: int = 10,
        cache_size: int = 10_000,
    ) -> None:
        self._fetcher = fetcher
        self._base = base_url.rstrip("/")
        self._hosts = {GOOGLE_NEWS_HOST, (urlsplit(self._base).netloc or "").lower()}
        self._per_call = per_call
        self._cache_size = cache_size
        self._known: OrderedDict[str, str] = OrderedDict()  # article id -> publisher URL
        self._failed: dict[str, float] = {}  # article id -> when asking failed (monotonic)
        self._paused_until = 0.0

    def article_id(self, url: str) -> str | None:
        """The article id of a Google News article link, None for any other URL."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.netloc.lower() not in self._hosts:
            return None
        match = _ARTICLE_PATH.match(parts.path)
        return match.group(1) if match else None

    async def resolve(self, urls: Sequence[str], *, search_url: str = "") -> dict[str, str]:
        """Publisher URLs for those of ``urls`` that Google links could be resolved for.

        ``search_url``, the search the links came from, lends them its language and region.
        Never raises: what can't be resolved now is simply missing from the answer.
        """
        found: dict[str, str] = {}
        ask: dict[str, list[str]] = {}
        now = time.monotonic()
        for url in urls:
            article = self.article_id(url)
            if article is None:
                continue
            decoded = decode_google_news_link(f"https://{GOOGLE_NEWS_HOST}/rss/articles/{article}")
            if article in self._known:
                found[url] = self._known[article]
            elif decoded != url and _is_publisher_url(decoded, self._hosts):
                found[url] = self._remember(article, decoded)
            elif now - self._failed.get(article, -_FAILURE_MEMORY) >= _FAILURE_MEMORY:
                ask.setdefault(article, []).append(url)
        if ask and now >= self._paused_until:
            answers = await self._ask_google(dict(list(ask.items())[: self._per_call]), search_url)
            for article, publisher in answers.items():
                for url in ask[article]:
                    found[url] = publisher
        return found

    async def _ask_google(self, ask: dict[str, list[str]], search_url: str) -> dict[str, str]:
        signed: list[tuple[str, str, str, str]] = []  # (article, timestamp, signature, locale)
        try:
            for article, urls in ask.items():
                locale = _locale_of(urls[0], search_url)
                page = await self._fetcher.fetch(self._article_page(article, locale))
                text = page.body[:2_000_000].decode("utf-8", "replace")
                signature, timestamp = _SIGNATURE.search(text), _TIMESTAMP.search(text)
                if signature and timestamp:
                    signed.append((article, timestamp.group(1), signature.group(1), locale[2]))
                else:
                    self._failed[article] = time.monotonic()
            if not signed:
                return {}
            answer = await self._fetcher.post(
                f"{self._base}/_/DotsSplashUi/data/batchexecute",
                batchexecute_body(signed).encode("ascii"),
                content_type="application/x-www-form-urlencoded;charset=UTF-8",
                accept="*/*",
            )
        except HTTPStatusError as exc:
            if exc.status in (429, 503):
                self._paused_until = time.monotonic() + (exc.retry_after or _RATE_LIMIT_PAUSE)
            log.info("Google did not resolve its links (%s); keeping them", exc)
            self._note_failed(ask)
            return {}
        except FetchError as exc:
            log.info("Google did not resolve its links (%s); keeping them", exc)
            self._note_failed(ask)
            return {}
        rows = read_batchexecute(answer.body[:2_000_000].decode("utf-8", "replace"))
        numbered = {number: url for number, url in rows if number is not None}
        in_order = [url for _, url in rows] if len(rows) == len(signed) else []
        resolved = {}
        for index, (article, *_) in enumerate(signed):
            publisher = numbered.get(str(index)) or (in_order[index] if in_order else None)
            if publisher and _is_publisher_url(publisher, self._hosts):
                resolved[article] = self._remember(article, publisher)
            else:
                self._failed[article] = time.monotonic()
        return resolved

    def _note_failed(self, ask: dict[str, list[str]]) -> None:
        now = time.monotonic()
        for article in ask:
            self._failed[article] = now
        if len(self._failed) > self._cache_size:
            cutoff = now - _FAILURE_MEMORY
            self._failed = {a: t for a, t in self._failed.items() if t >= cutoff}

    def _article_page(self, article: str, locale: tuple[str, str, str]) -> str:
        hl, gl, ceid = locale
        return (
            f"{self._base}/rss/articles/{article}?{urlencode({'hl': hl, 'gl': gl, 'ceid': ceid})}"
        )

    def _remember(self, article: str, publisher: str) -> str:
        self._known[article] = publisher
        self._known.move_to_end(article)
        while len(self._known) > self._cache_size:
            self._known.popitem(last=False)
        return publisher


def batchexecute_body(signed: Sequence[tuple[str, str, str, str]]) -> str:
    """The form body asking Google's ``garturlreq`` RPC for each (article id, timestamp,
    signature, ceid) — one envelope per article, numbered so answers can be matched back."""
    envelopes = []
    for number, (article, timestamp, signature, ceid) in enumerate(signed):
        context = [
            ["X", "X", ["X", "X"], None, None, 1, 1, ceid, None, 1] + [None] * 5 + [0, 1],
            "X",
            "X",
            1,
            [1, 1, 1],
            1,
            1,
            None,
            0,
            0,
            None,
            0,
        ]
        request = ["garturlreq", context, article, int(timestamp), signature]
        envelopes.append(["Fbv4je", _compact(request), None, str(number)])
    return "f.req=" + quote(_compact([envelopes]), safe="")


def read_batchexecute(text: str) -> list[tuple[str | None, str]]:
    """(request number, URL) for each answer row of a ``batchexecute`` reply, in order; [] for
    anything unexpected.

    The reply is ``)]}'`` and a JSON array of rows; each ``garturlres`` row's payload is JSON
    again: ``["garturlres", "<url>", ...]``. A row names its request by the number we gave it
    (its last non-null cell), or by nothing we can use; then only the order tells.
    """
    body = text.lstrip()
    if body.startswith(")]}'"):
        body = body[4:]
    found: list[tuple[str | None, str]] = []
    for row in _first_json_array(body):
        if not (isinstance(row, list) and len(row) >= 3 and row[0] == "wrb.fr"):
            continue
        payload = row[2]
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except (json.JSONDecodeError, RecursionError):
                continue
        if not (isinstance(payload, list) and len(payload) >= 2 and payload[0] == "garturlres"):
            continue
        if isinstance(payload[1], str) and len(payload[1]) <= _MAX_URL:
            number = next((str(cell) for cell in reversed(row[3:]) if cell is not None), None)
            found.append((number if number and number.isdigit() else None, payload[1]))
    return found


def _first_json_array(body: str) -> list:
    """The first JSON array in ``body`` (batchexecute may put a length line before it)."""
    start = body.find("[")
    if start < 0:
        return []
    try:
        value, _ = json.JSONDecoder().raw_decode(body[start:])
    except (json.JSONDecodeError, RecursionError):
        return []
    return value if isinstance(value, list) else []


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _locale_of(url: str, search_url: str = "") -> tuple[str, str, str]:
    """(hl, gl, ceid) from a Google link's query, else from the search it came from, else
    English/US."""
    query = parse_qs(urlsplit(url).query)
    if "hl" not in query and search_url:
        query = parse_qs(urlsplit(search_url).query)
    hl = (query.get("hl") or ["en-US"])[0]
    gl = (query.get("gl") or ["US"])[0]
    ceid = (query.get("ceid") or [f"{gl}:{hl.split('-')[0]}"])[0]
    if not (_LOCALE.match(hl) and _LOCALE.match(gl) and re.match(r"^[A-Z]{2}:[a-z-]{2,6}$", ceid)):
        return "en-US", "US", "US:en"
    return hl, gl, ceid


def _is_publisher_url(url: str, google_hosts: set[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return (
        parts.scheme in ("http", "https")
        and bool(host)
        and parts.netloc.lower() not in google_hosts
        and len(url) <= _MAX_URL
    )
