"""Reputable world and regional news feeds the bot can poll without any account or key.

Chosen from the research notes (shared/research/news-sources-and-reading.md §2): feeds seen
working in public projects, with regional outlets for Pakistan, Afghanistan and Turkey. Each
language the bot speaks besides English has public-service and established publishers of its own
(Urdu first: many readers follow Pakistani news in Urdu), so topics written in that language find
articles in it.
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
    # Urdu
    SourceInfo("BBC Urdu", "https://feeds.bbci.co.uk/urdu/rss.xml", "ur", "PK"),
    SourceInfo("Independent Urdu", "https://www.independenturdu.com/rss.xml", "ur", "PK"),
    SourceInfo("Express News (Urdu)", "https://www.express.pk/feed/", "ur", "PK"),
    SourceInfo("DW Urdu", "https://rss.dw.com/rdf/rss-urd-all", "ur", "PK"),
    # Arabic
    SourceInfo("BBC Arabic", "https://feeds.bbci.co.uk/arabic/rss.xml", "ar", "world"),
    SourceInfo("DW Arabic", "https://rss.dw.com/xml/rss-ar-all", "ar", "world"),
    SourceInfo("France 24 Arabic", "https://www.france24.com/ar/rss", "ar", "world"),
    SourceInfo(
        "UN News Arabic", "https://news.un.org/feed/subscribe/ar/news/all/rss.xml", "ar", "world"
    ),
    # Persian
    SourceInfo("BBC Persian", "https://feeds.bbci.co.uk/persian/rss.xml", "fa", "IR"),
    SourceInfo("DW Persian", "https://rss.dw.com/xml/rss-fa-all", "fa", "IR"),
    SourceInfo("Independent Persian", "https://www.independentpersian.com/rss.xml", "fa", "IR"),
    # Turkish
    SourceInfo("BBC Türkçe", "https://feeds.bbci.co.uk/turkce/rss.xml", "tr", "TR"),
    SourceInfo(
        "Anadolu Ajansı – Güncel", "https://www.aa.com.tr/tr/rss/default?cat=guncel", "tr", "TR"
    ),
    SourceInfo("DW Türkçe", "https://rss.dw.com/xml/rss-tur-all", "tr", "TR"),
    # Spanish
    SourceInfo("BBC News Mundo", "https://feeds.bbci.co.uk/mundo/rss.xml", "es", "world"),
    SourceInfo("DW Español", "https://rss.dw.com/xml/rss-es-all", "es", "world"),
    SourceInfo("France 24 Español", "https://www.france24.com/es/rss", "es", "world"),
    SourceInfo(
        "Noticias ONU", "https://news.un.org/feed/subscribe/es/news/all/rss.xml", "es", "world"
    ),
]
