"""Which searches run for which topics, and how a topic reads to a search engine."""

from urllib.parse import parse_qs, urlsplit

from bot.matching import parse_query
from bot.sources.search_plan import (
    SearchConfig,
    SearchProviders,
    SearchWant,
    engine_query,
    plan_searches,
    wants_of,
)

ALL = SearchProviders(
    google="https://news.google.com", bing="https://www.bing.com", gdelt="https://api.gdelt"
)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_a_topic_reads_the_same_to_the_search_engines():
    query = parse_query('"climate summit" OR COP30 Türkiye -crypto site:dawn.com -site:x.com')
    assert engine_query(query, site_operator="site:") == (
        '("climate summit" OR COP30) Türkiye -crypto site:dawn.com -site:x.com'
    )
    assert engine_query(query, site_operator="domain:").endswith("domain:dawn.com -domain:x.com")
    two_sites = parse_query("Istanbul site:dawn.com site:tolonews.com")
    assert engine_query(two_sites, site_operator="site:") == (
        "Istanbul (site:dawn.com OR site:tolonews.com)"
    )


def test_each_provider_gets_the_chat_locale_and_a_topic_lang_overrides_it():
    feeds = plan_searches(
        [SearchWant("Istanbul talks", "en", "PK"), SearchWant("Bundestag lang:de", "en", "PK")],
        ALL,
    )
    assert [f.kind for f in feeds] == ["google", "bing", "gdelt"] * 2
    google, bing, gdelt = feeds[:3]
    assert query_of(google.url)["ceid"] == "PK:en" and query_of(google.url)["gl"] == "PK"
    assert query_of(bing.url)["mkt"] == "en-PK"
    assert query_of(gdelt.url)["query"] == "Istanbul talks sourcelang:english"
    assert google.title == "Google News: Istanbul talks"
    german = query_of(feeds[3].url)
    assert german["q"] == "Bundestag when:7d" and german["ceid"] == "PK:de"


def test_switched_off_providers_and_broken_topics_plan_nothing():
    only_bing = SearchProviders(bing="http://127.0.0.1:9/")
    feeds = plan_searches(
        [SearchWant("Istanbul", "en", "US"), SearchWant("-x", "en", "US")], only_bing
    )
    assert [(f.kind, f.url.split("?")[0]) for f in feeds] == [
        ("bing", "http://127.0.0.1:9/news/search")
    ]
    assert plan_searches([SearchWant("Istanbul", "en", "US")], SearchProviders()) == []


def test_wants_bound_the_topics_and_fill_in_the_default_locale():
    rows = [
        ("istanbul talks", "Istanbul talks", None, None, 5),
        ("istanbul talks", "istanbul  talks", "de", "DE", 2),
        ("ecb rates", "ECB rates", "en", None, 1),
        ("cop30", "COP30", None, None, 1),
        ("istanbul talks", "Istanbul talks", "en", "GB", 1),
    ]
    config = SearchConfig(SearchProviders(bing="b"), language="en", region="US", max_topics=2)
    assert wants_of(rows, config) == [
        SearchWant("Istanbul talks", "en", "US", own_region=False),
        SearchWant("istanbul  talks", "de", "DE"),
        SearchWant("ECB rates", "en", "US", own_region=False),
        SearchWant("Istanbul talks", "en", "GB"),
    ]


def test_an_urdu_chat_searches_in_urdu_in_pakistan():
    """A chat that chose Urdu (or a topic with lang:ur) and no region gets Pakistan's Urdu
    edition of Google News and Urdu from Bing; a region the chat chose stays."""
    rows = [
        ("عمران خان", "عمران خان", "ur", None, 3),
        ("istanbul talks", "Istanbul talks", None, None, 2),
        ("غزة", "غزة", "ar", "AE", 1),
        ("کراچی", "کراچی lang:ur", None, None, 1),
    ]
    config = SearchConfig(ALL, language="en", region="US")
    wants = wants_of(rows, config)
    assert [(w.language, w.region, w.own_region) for w in wants] == [
        ("ur", "PK", False),
        ("en", "US", False),
        ("ar", "AE", True),
        ("en", "US", False),
    ]
    feeds = plan_searches(wants, ALL)
    google = [query_of(f.url) for f in feeds if f.kind == "google"]
    assert [(g["hl"], g["gl"], g["ceid"]) for g in google] == [
        ("ur", "PK", "PK:ur"),
        ("en-US", "US", "US:en"),
        ("ar", "AE", "AE:ar"),
        ("ur", "PK", "PK:ur"),
    ]
    bing = [query_of(f.url) for f in feeds if f.kind == "bing"]
    assert (bing[0]["setlang"], bing[0]["cc"]) == ("ur", "PK")
    assert bing[1]["mkt"] == "en-US"
    assert (bing[3]["setlang"], bing[3]["cc"]) == ("ur", "PK")
    assert "sourcelang:urdu" in [query_of(f.url) for f in feeds if f.kind == "gdelt"][0]["query"]


def test_a_chat_the_bot_speaks_urdu_in_searches_in_urdu_unless_it_chose_otherwise():
    """The sixth column is the chat's interface language: it sets the search language of a
    chat that chose none; English chats keep the operator's default, as before."""
    rows = [
        ("kabul", "Kabul", None, None, 3, "ur"),
        ("kabul", "Kabul", "de", None, 2, "ur"),
        ("kabul", "Kabul", None, None, 1, "en"),
        ("kabul", "Kabul", None, "GB", 1, "ar"),
    ]
    config = SearchConfig(ALL, language="en", region="US")
    assert [(w.language, w.region) for w in wants_of(rows, config)] == [
        ("ur", "PK"),
        ("de", "DE"),
        ("en", "US"),
        ("ar", "GB"),
    ]
