"""Subscription lists in and out as OPML."""

from pathlib import Path

from bot.fetching import parse_opml, render_opml

TESTDATA = Path(__file__).parent / "testdata"


def test_nested_outlines_are_read_and_junk_is_skipped():
    feeds = parse_opml((TESTDATA / "subscriptions.opml").read_bytes())
    assert feeds == [
        ("BBC News - World", "https://feeds.bbci.co.uk/news/world/rss.xml"),
        ("Al Jazeera – English", "https://www.aljazeera.com/xml/rss/all.xml"),
        ("Dawn", "https://www.dawn.com/feeds/home"),
        ("Leaky", "https://leaky.example/feed"),
        ("TOLOnews", "https://tolonews.com/rss.xml"),
    ]


def test_external_entities_are_never_expanded():
    feeds = parse_opml((TESTDATA / "subscriptions.opml").read_bytes())
    assert all("root:" not in (title or "") for title, _ in feeds)


def test_round_trip_keeps_titles_and_urls_even_with_awkward_characters():
    feeds = [
        ("BBC News – World", "https://feeds.bbci.co.uk/news/world/rss.xml"),
        ('Quotes "and" <angles> & ampersands', "https://x.example/rss?a=1&b=2"),
        ("Line\nbreak\tand control\x0b char", "https://y.example/feed"),
        ("دان", "https://www.dawn.com/feeds/home"),
    ]
    text = render_opml(feeds, title="My <news>")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    back = parse_opml(text.encode("utf-8"))
    assert [url for _, url in back] == [url for _, url in feeds]
    assert back[1][0] == 'Quotes "and" <angles> & ampersands'
    assert back[2][0] == "Line break and control char"
    assert back[3][0] == "دان"


def test_garbage_is_an_empty_list():
    assert parse_opml(b"") == []
    assert parse_opml(b"\x00\xff not xml at all") == []
    assert parse_opml(b"<html><body>nope</body></html>") == []
