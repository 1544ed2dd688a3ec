"""Everything the bot fetches from the web goes through here: one guarded client, feed parsing,
and address clean-up."""

from bot.fetching.address_guard import check_url
from bot.fetching.errors import (
    ConsentWall,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooCostly,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
)
from bot.fetching.feeds import (
    FeedEntry,
    ParsedFeed,
    discover_feed_links,
    parse_feed,
    parse_opml,
    render_opml,
)
from bot.fetching.fetcher import Fetcher, FetchPolicy, FetchResult
from bot.fetching.urls import canonical_url, wayback_url

__all__ = [
    "ConsentWall",
    "FeedEntry",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "FetchTimeout",
    "Fetcher",
    "HTTPStatusError",
    "ParsedFeed",
    "TooCostly",
    "TooLarge",
    "TooManyRedirects",
    "UnsafeURL",
    "canonical_url",
    "check_url",
    "discover_feed_links",
    "parse_feed",
    "parse_opml",
    "render_opml",
    "wayback_url",
]
