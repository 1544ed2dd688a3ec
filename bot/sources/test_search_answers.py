"""Search engines' answers become plain feed entries that lead to the publisher."""

from datetime import UTC, datetime
from pathlib import Path

from bot.sources.search_answers import read_answer

TESTDATA = Path(__file__).parent / "testdata"
NOW = datetime(2025, 11, 7, 12, 0, tzinfo=UTC)
RSS = "application/rss+xml; charset=utf-8"


def test_google_answers_lose_the_publisher_suffix_and_the_repeated_headline():
    body = (TESTDATA / "google-news-search.xml").read_bytes()
    answer = read_answer("google", body, "https://news.google.com/rss/search?q=x", RSS, now=NOW)
    assert answer.is_feed
    first = answer.entries[0]
    assert first.title == "Pakistan, Afghanistan resume talks in Istanbul as ceasefire holds"
    assert first.source_name == "Dawn"
    assert first.summary == ""
    assert first.url.startswith("https://news.google.com/rss/articles/")  # opaque: kept


def test_bing_answers_link_to_the_publisher_and_keep_their_snippets():
    body = (TESTDATA / "bing-news-search.xml").read_bytes()
    answer = read_answer("bing", body, "https://www.bing.com/news/search?q=x", RSS, now=NOW)
    first = answer.entries[0]
    assert first.url == (
        "https://www.dawn.com/news/1953214/pakistan-afghanistan-agree-to-continue-istanbul-dialogue"
    )
    assert first.summary.startswith("ISLAMABAD: Pakistan and the Afghan Taliban")
    assert first.source_name == "Dawn"


def test_gdelt_answers_and_gdelt_errors():
    body = (TESTDATA / "gdelt-artlist.json").read_bytes()
    answer = read_answer("gdelt", body, "https://api.gdeltproject.org/x", "application/json")
    assert answer.is_feed and len(answer.entries) == 3
    error = (TESTDATA / "gdelt-error.html").read_bytes()
    assert not read_answer("gdelt", error, "https://api.gdeltproject.org/x", "text/html").is_feed


def test_a_page_is_not_a_feed_but_names_its_feeds():
    page = (
        b"<!doctype html><html><head><title>Dawn</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/feeds/home"></head>'
        b"<body><p>News</p></body></html>"
    )
    answer = read_answer("feed", page, "https://www.dawn.com/", "text/html")
    assert not answer.is_feed
    assert answer.alternate_feeds == ("https://www.dawn.com/feeds/home",)
