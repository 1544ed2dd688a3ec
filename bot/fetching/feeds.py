"""Parse RSS, Atom, RDF and JSON Feed into plain, bounded entries — whatever the server sent."""

from __future__ import annotations

import calendar
import hashlib
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.fetching.feed_discovery import discover_feed_links
from bot.fetching.feed_encoding import decode_document
from bot.fetching.json_feed import looks_like_json_feed, parse_json_feed
from bot.fetching.opml import parse_opml, render_opml
from bot.fetching.plain_text import html_to_text, shorten
from bot.fetching.web_text import web_text

__all__ = [
    "FeedEntry",
    "ParsedFeed",
    "discover_feed_links",
    "parse_feed",
    "parse_opml",
    "render_opml",
]

MAX_TITLE = 500
MAX_SUMMARY = 2000
_MAX_GUID = 512
_MAX_URL = 4000
_MAX_TTL_SECONDS = 7 * 24 * 3600.0
_FUTURE_SLACK = timedelta(days=1)
# However the feed spells them: <item>, <ITEM>, <rss:Entry>; feedparser folds case and prefixes.
_ENTRY_TAG = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)(?![\w.:-])", re.IGNORECASE)
# An internal DTD subset can declare entities that expand into entries (feedparser keeps
# declarations without "&"), so entries the cut never saw would be parsed: feeds need no DTD.
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"<[A-Za-z_]")
_MAX_TAGS = 40_000  # a 500-entry feed has ~10,000 tags
_ROOT_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)[\s>/]")
_XML_ENCODING = re.compile(r"^(\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"'])[^\"']*([\"'])")
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL
)
_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF|channel)[\s>]")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, as plain text ready to show or match against."""

    guid: str
    url: str | None
    title: str
    summary: str
    published: datetime | None
    source_name: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed. ``is_feed`` is False for HTML pages and non-XML bodies; then
    ``alternate_feeds`` lists the feeds the page advertises."""

    title: str | None
    entries: list[FeedEntry]
    ttl_seconds: float | None
    is_feed: bool
    alternate_feeds: list[str]


def parse_feed(
    body: bytes,
    base_url: str,
    content_type: str | None = None,
    *,
    max_entries: int = 500,
    now: datetime | None = None,
) -> ParsedFeed:
    """Entries of ``body``, at most ``max_entries`` (the first ones), never raising.

    Broken XML is recovered as far as feedparser's lenient parser can. Relative links are
    resolved against ``base_url``. Dates are aware UTC; dates more than a day ahead of ``now``
    are set to ``now``. This is CPU-bound (about half a millisecond per entry): run it in a
    worker thread from async code.
    """
    now = now or datetime.now(UTC)
    text = decode_document(body, content_type)
    if _is_html_page(text):
        return _not_a_feed(text, base_url)
    if looks_like_json_feed(text):
        return _from_json_feed(text, base_url, max_entries, now)
    bounded = _keep_first_tags(_keep_first_entries(_without_doctype(text), max_entries))
    prepared = _prepare_for_feedparser(bounded)
    try:
        parsed = feedparser.parse(
            prepared,
            # No content-location: feedparser would resolve Atom ids against it, and an id must
            # not change when the feed's address does. Links are resolved below instead.
            response_headers={"content-type": "application/xml; charset=utf-8"},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception:  # feedparser's fallbacks have their own bugs; a broken feed is no feed
        return _not_a_feed(text, base_url)
    if not parsed.get("version") and not parsed.get("entries"):
        return _not_a_feed(text, base_url)
    feed = parsed.get("feed", {})
    feed_title = html_to_text(feed.get("title"), 300) or None
    entries = _entries(parsed.get("entries", [])[:max_entries], base_url, feed_title, now)
    return ParsedFeed(
        title=feed_title,
        entries=entries,
        ttl_seconds=_ttl_seconds(feed.get("ttl")),
        is_feed=True,
        alternate_feeds=[],
    )


def _from_json_feed(text: str, base_url: str, max_entries: int, now: datetime) -> ParsedFeed:
    title, items = parse_json_feed(text, max_entries)
    feed_title = html_to_text(title, 300) or None
    return ParsedFeed(
        title=feed_title,
        entries=_entries(items, base_url, feed_title, now),
        ttl_seconds=None,
        is_feed=True,
        alternate_feeds=[],
    )


def _is_html_page(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_START.match(head)) and not _FEED_ROOT.search(head)


def _not_a_feed(text: str, base_url: str) -> ParsedFeed:
    return ParsedFeed(
        title=None,
        entries=[],
        ttl_seconds=None,
        is_feed=False,
        alternate_feeds=discover_feed_links(text, base_url) if "<" in text[:4096] else [],
    )


def _without_doctype(text: str) -> str:
    start = text[:4096].upper().find("<!DOCTYPE")
    if start < 0:
        return text
    match = _DOCTYPE.match(text, start)
    return text[:start] + text[match.end() :] if match else text


def _keep_first_tags(text: str) -> str:
    """Cut the document before its ``_MAX_TAGS + 1``-th tag: feedparser costs 25-60 us a tag,
    so one entry of 400,000 empty elements took 20 s however few entries there were."""
    if text.count("<") <= _MAX_TAGS:
        return text
    for index, match in enumerate(_ANY_TAG.finditer(text)):
        if index == _MAX_TAGS:
            return text[: match.start()] + _closing_tags(text)
    return text


def _keep_first_entries(text: str, max_entries: int) -> str:
    """Cut the document before entry number ``max_entries + 1`` and close it again.

    feedparser has no entry limit and costs ~0.5 ms per entry, so a 10,000-entry feed would
    take seconds; cutting first bounds the work. A wrong guess at the closing tags only
    sends feedparser to its lenient parser.
    """
    for index, match in enumerate(_ENTRY_TAG.finditer(text)):
        if index == max_entries:
            return text[: match.start()] + _closing_tags(text)
    return text


def _closing_tags(text: str) -> str:
    for match in _ROOT_TAG.finditer(text[:4096]):
        root = match.group(1)
        if root.lower().endswith("rss"):
            return "</channel></rss>"
        return f"</{root}>"
    return ""


def _prepare_for_feedparser(text: str) -> bytes:
    # The text is already decoded; make the prolog agree so feedparser doesn't decode again.
    return _XML_ENCODING.sub(r"\1utf-8\2", text, count=1).encode("utf-8")


def _entries(
    raw_entries: list[Any], base_url: str, feed_title: str | None, now: datetime
) -> list[FeedEntry]:
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_entries):
        url = _absolute_link(_web_string(raw.get("link")), base_url)
        title = html_to_text(raw.get("title"), MAX_TITLE)
        summary = html_to_text(_summary_html(raw), MAX_SUMMARY)
        if not title:
            title = shorten(summary, 120)
        guid = _stable_guid(_web_string(raw.get("id")), url, title, summary)
        if guid in seen:
            # Some feeds reuse one GUID for many items; keep every item distinct but stable.
            guid = _bounded_id(f"{guid}|{url}") if url else f"{guid}#{position}"
            if guid in seen:
                guid = f"{guid}#{position}"
        seen.add(guid)
        entries.append(
            FeedEntry(
                guid=guid,
                url=url,
                title=title,
                summary=summary,
                published=_published(raw, now),
                source_name=_source_name(raw) or feed_title,
            )
        )
    return entries


def _web_string(value: Any) -> Any:
    return web_text(value) if isinstance(value, str) else value


def _summary_html(raw: Any) -> str:
    summary = raw.get("summary")
    if summary:
        return str(summary)
    for content in raw.get("content") or []:
        value = content.get("value") if hasattr(content, "get") else None
        if value:
            return str(value)
    return ""


def _absolute_link(link: Any, base_url: str) -> str | None:
    if not isinstance(link, str) or not link.strip() or len(link) > _MAX_URL:
        return None
    try:
        url = urljoin(base_url, link.strip())
    except ValueError:
        return None
    return url if url.lower().startswith(("http://", "https://")) else None


def _stable_guid(raw_id: Any, url: str | None, title: str, summary: str) -> str:
    if isinstance(raw_id, str) and raw_id.strip():
        return _bounded_id(raw_id.strip())
    if url:
        return _bounded_id(url)
    return "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()


def _bounded_id(value: str) -> str:
    if len(value) <= _MAX_GUID:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", errors="replace")).hexdigest()


def _published(raw: Any, now: datetime) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get skips feedparser's deprecated key aliasing (and its warning).
        parsed = dict.get(raw, key)
        if isinstance(parsed, time.struct_time):
            try:
                when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (OverflowError, ValueError, OSError):
                continue
            return now if when > now + _FUTURE_SLACK else when
    return None


def _source_name(raw: Any) -> str | None:
    source = raw.get("source")
    name = source.get("title") if hasattr(source, "get") else None
    name = name or raw.get("news_source")  # Bing's <News:Source>
    return (html_to_text(name, 200) or None) if isinstance(name, str) else None


def _ttl_seconds(ttl: Any) -> float | None:
    try:
        minutes = float(str(ttl).strip())
    except (TypeError, ValueError):
        return None
    if not 0 < minutes * 60 <= _MAX_TTL_SECONDS:
        return None
    return minutes * 60
