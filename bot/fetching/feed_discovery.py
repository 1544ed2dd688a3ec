"""Find the feeds an HTML page advertises with <link rel="alternate">."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.etree
import lxml.html

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "text/xml",
        "application/xml",
    }
)
_MAX_HTML = 1_000_000
_MAX_LINKS = 20


def discover_feed_links(html: str | bytes, base_url: str) -> list[str]:
    """Absolute http(s) URLs of the page's advertised feeds, in page order, without duplicates.

    Comment feeds (WordPress adds one per post) come after the site's main feeds.
    """
    if not html:
        return []
    try:
        root = lxml.html.document_fromstring(html[:_MAX_HTML])
    except (lxml.etree.ParserError, ValueError):
        return []
    base = _document_base(root, base_url)
    main: list[str] = []
    comments: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href or len(href) > 4000:
            continue
        url = urljoin(base, href)
        if not url.startswith(("http://", "https://")):
            continue
        title = (link.get("title") or "").lower()
        (comments if "comment" in title else main).append(url)
    return list(dict.fromkeys(main + comments))[:_MAX_LINKS]


def _document_base(root: lxml.html.HtmlElement, base_url: str) -> str:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            joined = urljoin(base_url, href)
            if joined.startswith(("http://", "https://")):
                return joined
    return base_url
