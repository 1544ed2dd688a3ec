"""Reputable world and regional news feeds the bot can poll without any account or key.

Chosen from the research notes (shared/research/news-sources-and-reading.md §2): feeds seen
working in public projects, with regional outlets for Pakistan, Afghanistan and Turkey.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceInfo:
    """A feed in the catalogue. ``language`` is ISO 639-1; ``region`` is "world", "asia" or
    the ISO 3166 code of the country the outlet covers."""

    name: str
    url: str
    language: str
    region: str


DEFAULT_FEEDS: list[SourceInfo] = [
    SourceInfo("BBC News – World", "https://feeds.bbci.co.uk/news/world/rss.xml", "en", "world"),
    SourceInfo("BBC News – Asia", "https://feeds.bbci.co.uk/news/world/asia/rss.xml", "en", "asia"),
    SourceInfo("Al Jazeera English", "https://www.aljazeera.com/xml/rss/all.xml", "en", "world"),
    SourceInfo("The Guardian – World", "https://www.theguardian.com/world/rss", "en", "world"),
    SourceInfo(
        "The Guardian – Pakistan", "https://www.theguardian.com/world/pakistan/rss", "en", "PK"
    ),
    SourceInfo("NPR – World", "https://feeds.npr.org/1004/rss.xml", "en", "world"),
    SourceInfo("DW – World", "https://rss.dw.com/xml/rss-en-world", "en", "world"),
    SourceInfo("France 24 – English", "https://www.france24.com/en/rss", "en", "world"),
    SourceInfo("UN News", "https://news.un.org/feed/subscribe/en/news/all/rss.xml", "en", "world"),
    SourceInfo("Sky News – World", "https://feeds.skynews.com/feeds/rss/world.xml", "en", "world"),
    SourceInfo(
        "The New York Times – World",
        "https://rss.nytimes.com/services/xml/rss/nyt/World.xml",
        "en",
        "world",
    ),
    SourceInfo("Dawn", "https://www.dawn.com/feeds/home", "en", "PK"),
    SourceInfo(
        "The Express Tribune – Pakistan", "https://tribune.com.pk/feed/pakistan", "en", "PK"
    ),
    SourceInfo("TOLOnews", "https://tolonews.com/rss.xml", "en", "AF"),
    SourceInfo("Pajhwok Afghan News", "https://pajhwok.com/en/feed/", "en", "AF"),
    SourceInfo("Khaama Press", "https://www.khaama.com/feed/", "en", "AF"),
    SourceInfo(
        "Anadolu Agency – World", "https://www.aa.com.tr/en/rss/default?cat=world", "en", "TR"
    ),
]
