"""How much of each field from the web a briefing may show, and the cutting to that size.

Titles, summaries, outlet names, hosts and addresses come from strangers' feeds and pages with
no length of their own: a 4,000-character host once made every digest that matched it fail.
They are cut here, once, as the views a renderer reads are made (`ArticleView` and
`TimelineEntry` cut their fields on construction), so a renderer never meets an unbounded string.
Every `*_CHARS` bound is in UTF-16 units, as Telegram measures messages (an emoji counts twice),
so the bounds add up to what a message may hold whatever script or emoji the text is in.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 600
MAX_OUTLET_CHARS = 60
MAX_HOST_CHARS = 60  # a host stands in for the outlet when a feed names none
MAX_NOTE_CHARS = 300  # "Also: Dawn, Geo (3 reports) · 🏷 topic A, topic B"
MAX_TIMELINE_TITLE_CHARS = 120
MAX_HEADLINE_CHARS = 300  # a story's headline (an article's title)
MAX_UPDATE_CHARS = 400  # "what's new" in a story, summarised from its newest article
MAX_URL_TEXT_CHARS = 200  # an address shown as text (not as a link)
MAX_SOURCE_NAME_CHARS = 100  # a source's title as its feed gives it (or its address)
MAX_SOURCE_ERROR_CHARS = 200  # why a source stopped: often the site's own words
MAX_BUTTON_LABEL_CHARS = 40  # web or user text on a button
# A link's address is not shown, but it cannot be cut either: past this, the link is left out.
MAX_LINK_CHARS = 2048

_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str | None, limit: int) -> str:
    """Collapse whitespace, drop control and bidi-override characters, and cut to `limit`
    UTF-16 units at a word boundary (so an emoji counts twice, as Telegram counts it).

    Idempotent: cleaning a cleaned text with the same limit changes nothing.
    """
    text = _CONTROL.sub("", text or "")
    text = " ".join(text.split())
    if utf16_length(text) <= limit:
        return text
    cut = text[: units_fitting(text, limit - 1)]
    if " " in cut[len(cut) // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def units_fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return i
    return len(text)


def or_untitled(title: str) -> str:
    """The title, or "(untitled)" when nothing of it would show (blank, zero-width marks)."""
    invisible = ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp")
    shows = any(not ch.isspace() and unicodedata.category(ch) not in invisible for ch in title)
    return title if shows else "(untitled)"


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: how Telegram measures text (an emoji counts twice)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def host_of(url: str | None) -> str:
    """The address's host without "www.", shortened for display; "" when it has none."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the netloc
        return ""
    return clean_text(host.removeprefix("www."), MAX_HOST_CHARS)


def url_text(url: str | None) -> str:
    """An address shown as text, shortened."""
    return clean_text(url, MAX_URL_TEXT_CHARS)


def link_target(url: str | None) -> str | None:
    """The address as a link may carry it (spaces and control characters %-encoded: a NUL
    ends Telegram's parsing of the tag), or None when it is too long to link."""
    if not url:
        return None
    url = _UNSAFE_IN_URL.sub(lambda m: f"%{ord(m.group()):02X}", url)
    return url if len(url) <= MAX_LINK_CHARS else None


def bounded_outlet(outlet: str | None, url: str | None) -> str | None:
    """The outlet's name, else the host of the article's address, both shortened."""
    return clean_text(outlet, MAX_OUTLET_CHARS) or host_of(url) or None
