"""The default feed catalogue is usable as shipped."""

from urllib.parse import urlsplit

from bot.fetching import canonical_url
from bot.sources.catalog import DEFAULT_FEEDS


def test_default_feeds_are_distinct_https_feeds_covering_the_example_region():
    urls = [feed.url for feed in DEFAULT_FEEDS]
    assert len(set(urls)) == len(urls) >= 15
    assert all(urlsplit(url).scheme == "https" and canonical_url(url) == url for url in urls)
    regions = {feed.region for feed in DEFAULT_FEEDS}
    assert {"world", "PK", "AF", "TR"} <= regions
    assert all(feed.name and len(feed.language) == 2 for feed in DEFAULT_FEEDS)
