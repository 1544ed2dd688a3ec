"""Import and export subscription lists as OPML."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import lxml.etree

from bot.fetching.web_text import web_text

_MAX_OUTLINES = 5000
_MAX_URL = 4000
# Characters XML 1.0 cannot carry at all; a title with one would make the file unreadable.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _safe_parser() -> lxml.etree.XMLParser:
    # No DTDs, no entity expansion, no network: OPML files come from users and the web.
    return lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )


def parse_opml(body: bytes) -> list[tuple[str | None, str]]:
    """(title, feed URL) for every outline with an http(s) ``xmlUrl``, nested ones included,
    in document order, without duplicate URLs, at most 5000. Unreadable input gives []."""
    if not body:
        return []
    try:
        root = lxml.etree.fromstring(body, parser=_safe_parser())
    except (lxml.etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    found: dict[str, str | None] = {}
    for outline in root.iter("{*}outline"):
        attributes = {str(key).lower(): value for key, value in outline.attrib.items()}
        url = web_text(attributes.get("xmlurl") or "").strip()
        if not url.lower().startswith(("http://", "https://")) or len(url) > _MAX_URL:
            continue
        title = web_text(attributes.get("title") or attributes.get("text") or "").strip()
        found.setdefault(url, " ".join(title.split())[:300] or None)
        if len(found) >= _MAX_OUTLINES:
            break
    return list((title, url) for url, title in found.items())


def render_opml(feeds: list[tuple[str, str]], title: str = "newsbrief sources") -> str:
    """An OPML 2.0 document listing ``feeds`` as (title, URL) pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(_xml_text(title))}</title></head>",
        "  <body>",
    ]
    for feed_title, url in feeds:
        name = quoteattr(_xml_text(feed_title))
        lines.append(
            f'    <outline type="rss" text={name} title={name} xmlUrl={quoteattr(_xml_text(url))}/>'
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)
