"""The default feed catalogue is usable as shipped."""

from urllib.parse import urlsplit

from bot.fetching import canonical_url
from bot.sources.catalog import DEFAULT_FEEDS, SourceInfo


def test_default_feeds_are_distinct_https_feeds_covering_the_example_region():
    urls = [feed.url for feed in DEFAULT_FEEDS]
    assert len(set(urls)) == len(urls) >= 15
    assert all(urlsplit(url).scheme == "https" and canonical_url(url) == url for url in urls)
    regions = {feed.region for feed in DEFAULT_FEEDS}
    assert {"world", "PK", "AF", "TR"} <= regions
    assert all(feed.name and len(feed.language) == 2 for feed in DEFAULT_FEEDS)


def test_every_interface_language_has_publishers_of_its_own():
    """An Urdu (or Arabic, Persian, Turkish, Spanish) chat's topics find articles written in
    its language among the built-in feeds, from more than one publisher."""
    wanted = {"en": 10, "ur": 4, "ar": 3, "fa": 3, "tr": 3, "es": 3}
    for language, at_least in wanted.items():
        feeds = feeds_in(language)
        assert len(feeds) >= at_least, language
        hosts = {urlsplit(feed.url).hostname for feed in feeds}
        assert len(hosts) >= min(at_least, 3), language
    assert feeds_in("ur")[0].name == "BBC Urdu"
    assert {feed.region for feed in feeds_in("ur")} == {"PK"}


def feeds_in(language: str) -> list[SourceInfo]:
    return [feed for feed in DEFAULT_FEEDS if feed.language == language]
