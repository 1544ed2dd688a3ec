"""Key-less news search: the URLs we ask for and what we make of the answers."""

import base64
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bot.fetching import Fetcher, FetchPolicy, parse_feed
from bot.sources.search_feeds import (
    bing_news_url,
    decode_google_news_link,
    gdelt_url,
    google_news_url,
    news_region,
    parse_gdelt,
    search_language,
    strip_publisher_suffix,
    unwrap_bing_link,
)

TESTDATA = Path(__file__).parent / "testdata"
NOW = datetime(2025, 11, 7, 12, 0, tzinfo=UTC)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_google_news_url_asks_for_the_last_week_with_consistent_locale():
    url = google_news_url('"Pakistan Afghanistan" talks')
    assert url.startswith("https://news.google.com/rss/search?")
    assert query_of(url) == {
        "q": '"Pakistan Afghanistan" talks when:7d',
        "hl": "en-US",
        "gl": "US",
        "ceid": "US:en",
    }
    german = query_of(google_news_url("Istanbul Gespräche", lang="de", region="DE"))
    assert (german["hl"], german["gl"], german["ceid"]) == ("de", "DE", "DE:de")


def test_google_news_url_keeps_a_time_operator_the_user_gave():
    assert query_of(google_news_url("talks when:1d"))["q"] == "talks when:1d"
    assert query_of(google_news_url("talks after:2025-11-01"))["q"] == "talks after:2025-11-01"


def test_google_news_url_in_the_languages_the_bot_speaks():
    """Each interface language's search reads its home edition, hl, gl and ceid agreeing."""
    expected = {
        "ur": ("ur", "PK", "PK:ur"),
        "ar": ("ar", "EG", "EG:ar"),
        "fa": ("fa", "IR", "IR:fa"),
        "tr": ("tr", "TR", "TR:tr"),
        "es": ("es", "ES", "ES:es"),
        "en": ("en-US", "US", "US:en"),
    }
    for language, (hl, gl, ceid) in expected.items():
        region = news_region(language, None, "en", "US")
        query = query_of(google_news_url("عمران خان", lang=language, region=region))
        assert (query["hl"], query["gl"], query["ceid"]) == (hl, gl, ceid), language
        assert query["q"] == "عمران خان when:7d"


def test_news_region_follows_the_chat_then_the_operator_then_the_language():
    assert news_region("ur", None, "en", "US") == "PK"
    assert news_region("ur", "gb", "en", "US") == "GB"  # a region the chat chose wins
    assert news_region("en", None, "en", "GB") == "GB"  # English stays as the operator set it
    assert news_region("ur", None, "ur", "AE") == "AE"  # so does the operator's own language
    assert news_region("sw", None, "en", "US") == "US"  # no home known: the operator's


def test_search_language_is_the_chats_choice_then_its_interface_then_the_operators():
    assert search_language("de", "ur", "en") == "de"
    assert search_language(None, "ur", "en") == "ur"
    assert search_language(None, "ur-PK", "en") == "ur"
    assert search_language(None, "en", "tr") == "tr"  # English chats follow the operator
    assert search_language(None, None, "EN") == "en"


def test_bing_news_url():
    url = bing_news_url("Istanbul dialogue & Kabul", lang="en", region="GB")
    assert url.startswith("https://www.bing.com/news/search?")
    assert query_of(url) == {"q": "Istanbul dialogue & Kabul", "format": "rss", "mkt": "en-GB"}
    assert query_of(bing_news_url("Kabul"))["mkt"] == "en-US"
    assert query_of(bing_news_url("Kabul", lang="en", region="PK"))["mkt"] == "en-PK"
    assert query_of(bing_news_url("Kabul", lang="tr", region="TR"))["mkt"] == "tr-TR"


def test_bing_news_url_names_language_and_country_where_bing_has_no_market():
    urdu = query_of(bing_news_url("عمران خان", lang="ur", region="PK"))
    assert urdu == {"q": "عمران خان", "format": "rss", "setlang": "ur", "cc": "PK"}
    arabic = query_of(bing_news_url("غزة", lang="ar", region="EG"))
    assert (arabic["setlang"], arabic["cc"]) == ("ar", "EG") and "mkt" not in arabic


def test_gdelt_url_wraps_or_and_names_the_language():
    query = query_of(gdelt_url("Pakistan OR Afghanistan talks", lang="en", timespan="12h"))
    assert query["query"] == "(Pakistan OR Afghanistan talks) sourcelang:english"
    assert query["mode"] == "ArtList" and query["format"] == "json"
    assert query["timespan"] == "12h" and query["sort"] == "DateDesc"
    assert query_of(gdelt_url("Istanbul"))["query"] == "Istanbul"


def test_unwrap_bing_link():
    tracker = (
        "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=69&url="
        "https%3a%2f%2fwww.dawn.com%2fnews%2f1953214%2fistanbul-dialogue&c=139&mkt=en-us"
    )
    assert unwrap_bing_link(tracker) == "https://www.dawn.com/news/1953214/istanbul-dialogue"
    hostile = "http://www.bing.com/news/apiclick.aspx?url=javascript%3aalert(1)"
    assert unwrap_bing_link(hostile) == hostile
    elsewhere = "https://example.com/share?url=https%3a%2f%2fevil.example%2f"
    assert unwrap_bing_link(elsewhere) == elsewhere


def test_strip_publisher_suffix():
    assert strip_publisher_suffix("Talks resume in Istanbul - Dawn", "Dawn") == (
        "Talks resume in Istanbul"
    )
    assert strip_publisher_suffix(
        "Afghan Taliban, Pakistan - what's at stake? - Al Jazeera", "Al Jazeera"
    ) == ("Afghan Taliban, Pakistan - what's at stake?")
    assert strip_publisher_suffix("Ceasefire holds - for now", None) == "Ceasefire holds - for now"
    assert strip_publisher_suffix("Ceasefire holds - for now", "Dawn") == (
        "Ceasefire holds - for now"
    )
    assert strip_publisher_suffix("Dawn", "Dawn") == "Dawn"


def test_parse_gdelt_tolerates_bad_escapes_and_junk_records():
    body = (TESTDATA / "gdelt-artlist.json").read_bytes()
    entries = parse_gdelt(body, "application/json; charset=utf-8", now=NOW)
    assert [e.url for e in entries] == [
        "https://www.dawn.com/news/1953214/pakistan-afghanistan-agree-to-continue-istanbul-dialogue",
        "https://tolonews.com/afghanistan-195432",
        "https://www.aa.com.tr/en/asia-pacific/turkiye-hosts-talks/3712345",
    ]
    dawn, tolo, aa = entries
    assert dawn.title == "Pakistan, Afghanistan agree to continue Istanbul dialogue"
    assert tolo.title.startswith('IEA: Talks With Pakistan in Istanbul "Constructive"')
    assert aa.title == "Türkiye hosts (new) round of talks"
    assert dawn.published == datetime(2025, 11, 7, 5, 15, tzinfo=UTC)
    assert aa.published == NOW  # GDELT claimed to see it in 2099
    assert dawn.source_name == "dawn.com"


def test_parse_gdelt_error_answers_are_empty():
    error = (TESTDATA / "gdelt-error.html").read_bytes()
    assert parse_gdelt(error, "text/html; charset=utf-8") == []
    assert parse_gdelt(error, None) == []
    assert parse_gdelt(b"{}", "application/json") == []
    assert parse_gdelt(b'{"articles": "nope"}', "application/json") == []
    assert parse_gdelt(b'{"articles": [', "application/json") == []


def _legacy_google_link(publisher_url: str) -> str:
    payload = publisher_url.encode()
    raw = b"\x08\x13\x22" + bytes([len(payload)]) + payload + b"\xd2\x01\x00"
    token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"https://news.google.com/rss/articles/{token}?oc=5"


def test_old_google_news_links_decode_to_the_publisher_and_new_ones_are_kept():
    publisher = "https://www.dawn.com/news/1953214/istanbul-dialogue"
    assert decode_google_news_link(_legacy_google_link(publisher)) == publisher
    opaque = "https://news.google.com/rss/articles/CBMiXkFVX3lxTE4tR2dkX3p0?oc=5"
    assert decode_google_news_link(opaque) == opaque
    assert decode_google_news_link("https://www.dawn.com/x") == "https://www.dawn.com/x"
    assert decode_google_news_link("https://news.google.com/rss/articles/%%%") == (
        "https://news.google.com/rss/articles/%%%"
    )


async def test_google_and_bing_searches_end_to_end_against_a_local_site(news_site):
    news_site.add(
        "/rss/search",
        (TESTDATA / "google-news-search.xml").read_bytes(),
        content_type="application/rss+xml; charset=utf-8",
    )
    news_site.add(
        "/news/search",
        (TESTDATA / "bing-news-search.xml").read_bytes(),
        content_type="application/rss+xml; charset=utf-8",
    )
    topic = "Pakistan Afghanistan talks"
    async with Fetcher(FetchPolicy(allow_private=True)) as fetcher:
        google = await fetcher.fetch(google_news_url(topic, base_url=news_site.base_url))
        bing = await fetcher.fetch(bing_news_url(topic, base_url=news_site.base_url))
    assert news_site.requests[0].query.endswith("ceid=US:en")
    google_entries = parse_feed(google.body, google.url, google.content_type, now=NOW).entries
    assert [strip_publisher_suffix(e.title, e.source_name) for e in google_entries] == [
        "Pakistan, Afghanistan resume talks in Istanbul as ceasefire holds",
        "Turkey, Qatar mediate second round of Pak-Afghan dialogue",
        "Afghan Taliban, Pakistan - what's at stake in the Istanbul talks?",
    ]
    assert [e.source_name for e in google_entries] == ["Dawn", "Anadolu Ajansı", "Al Jazeera"]
    bing_entries = parse_feed(bing.body, bing.url, bing.content_type, now=NOW).entries
    assert [unwrap_bing_link(e.url) for e in bing_entries][:2] == [
        "https://www.dawn.com/news/1953214/pakistan-afghanistan-agree-to-continue-istanbul-dialogue",
        "https://www.msn.com/en-us/news/world/ceasefire-holds/ar-AA1PqR2x",
    ]
    assert unwrap_bing_link(bing_entries[2].url).startswith("http://www.bing.com/")
    assert len({e.guid for e in bing_entries}) == 3  # Bing sends no <guid>: links stand in
