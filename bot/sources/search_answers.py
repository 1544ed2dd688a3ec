"""What a source's answer holds, whatever kind of source it is: a feed, or a news search.

Search answers are turned into ordinary feed entries: Bing's click-tracker links become the
publisher's URL, "Headline - Publisher" titles lose the publisher, Google links that carry the
publisher's URL are decoded (no request), and Google's descriptions, which only repeat
headlines, are dropped. Pure and CPU-bound: the poller runs it in the worker pool.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.fetching import FeedEntry, parse_feed
from bot.sources.search_feeds import (
    decode_google_news_link,
    parse_gdelt,
    strip_publisher_suffix,
    unwrap_bing_link,
)

# What a request for a feed accepts: polling and a feed a person sends ask alike.
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)

SEARCH_KINDS = frozenset({"google", "bing", "gdelt"})


@dataclass(frozen=True)
class SourceAnswer:
    """The entries of one answer. ``is_feed`` is False when the answer was not what this kind
    of source sends (an HTML page instead of RSS, an error text instead of JSON)."""

    is_feed: bool
    entries: list[FeedEntry]
    title: str | None = None
    ttl_seconds: float | None = None
    alternate_feeds: tuple[str, ...] = ()  # feeds a page names, when the answer was a page


def read_answer(
    kind: str,
    body: bytes,
    url: str,
    content_type: str | None,
    *,
    now: datetime | None = None,
    max_entries: int = 500,
) -> SourceAnswer:
    """Entries of an answer from a source of ``kind`` (feed, google, bing or gdelt); never
    raises."""
    if kind == "gdelt":
        entries = parse_gdelt(body, content_type, now=now)
        looks_right = body[:64].lstrip().startswith(b"{")
        return SourceAnswer(is_feed=looks_right, entries=entries[:max_entries])
    feed = parse_feed(body, url, content_type, max_entries=max_entries, now=now)
    entries = feed.entries
    if kind == "google":
        entries = [_from_google(entry) for entry in entries]
    elif kind == "bing":
        entries = [_from_bing(entry) for entry in entries]
    return SourceAnswer(
        feed.is_feed, entries, feed.title, feed.ttl_seconds, tuple(feed.alternate_feeds)
    )


def _from_google(entry: FeedEntry) -> FeedEntry:
    title = strip_publisher_suffix(entry.title, entry.source_name)
    url = decode_google_news_link(entry.url) if entry.url else None
    # Google's description is the headline again, or a list of other outlets' headlines:
    # no summary is more honest than that.
    return replace(entry, title=title, url=url, summary="")


def _from_bing(entry: FeedEntry) -> FeedEntry:
    title = strip_publisher_suffix(entry.title, entry.source_name)
    url = unwrap_bing_link(entry.url) if entry.url else None
    return replace(entry, title=title, url=url)
