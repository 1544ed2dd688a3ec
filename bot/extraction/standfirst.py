"""The standfirst: the short summary an editor sets between the headline and the body.

trafilatura takes the body and leaves it out (it sits outside the body's container, often in
the page's <header>). Readers count it as the article's text; some article schemas
(schema.org's articleBody) do not, so it is kept apart and put before the body by the caller.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

# A standfirst is a sentence or two: shorter is a byline or a label, longer is body text.
MIN_STANDFIRST_CHARS = 60
MAX_STANDFIRST_CHARS = 600
MAX_STANDFIRST_BLOCKS = 2
MAX_LINK_SHARE = 0.2
# Prose is mostly letters; a dateline ("Erstellt am 01.01.23 um 08:35") or a price list is not.
MIN_LETTER_SHARE = 0.75
# Elements looked at after the headline: a standfirst sits right under it; a teaser grid or a
# sidebar between headline and body holds more than this.
MAX_ELEMENTS_BETWEEN = 300
_FOLLOWING = XPath(f"following::*[position() <= {MAX_ELEMENTS_BETWEEN}]")
_HEADLINE_BEFORE = XPath("preceding::h1[1]")
# Without an <h1>, the nearest heading before the body that reads as the page's title.
_HEADINGS_BEFORE = XPath("preceding::*[self::h2 or self::h3 or self::h4][position() <= 10]")
_TEXT_TAGS = {"p", "div", "span", "strong", "b", "em", "h2", "h3", "section"}
# Inside these, text is a caption, a link, a form, a list or table cell, a quote or chrome.
_NOT_STANDFIRST_TAGS = {
    "figure", "figcaption", "a", "form", "aside", "nav", "button", "label", "address",
    "time", "li", "ul", "ol", "table", "blockquote", "footer", "select", "option",
}  # fmt: skip
# Parts of class/id names (split at - and _, case ignored) of what sits between a headline and
# its body but is no summary: pictures and captions, players, bylines, share bars, comments,
# promotions.
_NOT_STANDFIRST_NAMES = frozenset(
    {
        "caption", "credit", "credits", "photo", "image", "img", "picture", "media", "video",
        "player", "gallery", "comment", "comments", "byline", "author", "share", "social",
        "copyright", "related", "promo", "ad", "ads", "advert", "advertisement", "sponsored",
    }
)  # fmt: skip
_NAME_PARTS = re.compile(r"[-_]+")
# Class names that describe what a post holds ("has-post-video", "tag-photo"), not the box.
_DESCRIBING_PREFIXES = ("has-", "tag-", "tags-", "category-", "author-", "post-", "format-")
_PICTURES = ("img", "picture", "video", "iframe", "svg")


def find_standfirst(body_start: HtmlElement, kept_text: str, title: str | None) -> list[str]:
    """The standfirst's blocks (one or two) between the page's headline and ``body_start``,
    the element holding the body's first paragraph; [] when there is none. ``kept_text`` is
    the body's text, so that nothing already in it comes back."""
    headline = _headline(body_start, title)
    if headline is None:
        return []
    around = set(body_start.iterancestors())
    found: list[str] = []
    taken: list[HtmlElement] = []
    for element in _FOLLOWING(headline):
        if element is body_start:
            break
        if element in around or not isinstance(element.tag, str):
            continue
        if element.tag not in _TEXT_TAGS or not _holds_text(element):
            continue
        if any(block in taken for block in element.iterancestors()):
            continue
        if not _may_be_standfirst(element):
            continue
        text = _text_within(element, MAX_STANDFIRST_CHARS)
        if _reads_as_standfirst(element, text, kept_text, title):
            found.append(text)
            taken.append(element)
            if len(found) >= MAX_STANDFIRST_BLOCKS:
                break
    return found


def _headline(body_start: HtmlElement, title: str | None) -> HtmlElement | None:
    headline = _HEADLINE_BEFORE(body_start)
    if headline:
        return headline[0]
    if not title:
        return None
    wanted = " ".join(title.split()).casefold()
    for heading in _HEADINGS_BEFORE(body_start):  # nearest first
        if " ".join(heading.text_content().split()).casefold() == wanted:
            return heading
    return None


def _may_be_standfirst(element: HtmlElement) -> bool:
    if element.tag in _NOT_STANDFIRST_TAGS:
        return False
    if any(ancestor.tag in _NOT_STANDFIRST_TAGS for ancestor in element.iterancestors()):
        return False
    parent = element.getparent()
    if parent is not None and any(child.tag in _PICTURES for child in parent):
        return False  # shares its box with a picture or a player: a caption
    return not (_names_no_standfirst(element) or _names_no_standfirst(parent))


def _reads_as_standfirst(
    element: HtmlElement, text: str, kept_text: str, title: str | None
) -> bool:
    if not MIN_STANDFIRST_CHARS <= len(text) <= MAX_STANDFIRST_CHARS or text in kept_text:
        return False
    if text.endswith(":"):
        return False  # it introduces what follows (a list, a box)
    if title and (text in title or title in text):
        return False
    if _letter_share(text) < MIN_LETTER_SHARE or next(element.iter("time"), None) is not None:
        return False
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return links <= MAX_LINK_SHARE * len(text)


def _names_no_standfirst(element: HtmlElement | None) -> bool:
    if element is None:
        return False
    for name in f"{element.get('class') or ''} {element.get('id') or ''}".lower().split():
        if name.startswith(_DESCRIBING_PREFIXES):
            continue
        if any(part in _NOT_STANDFIRST_NAMES for part in _NAME_PARTS.split(name)):
            return True
    return False


def _text_within(element: HtmlElement, limit: int) -> str:
    """The element's text, whitespace collapsed; read only until it is past ``limit`` (a
    container high in the page holds all of it)."""
    pieces: list[str] = []
    size = 0
    for piece in element.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > 2 * limit + 200:
            break
    return " ".join("".join(pieces).split())


def _letter_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) / len(visible) if visible else 0.0


def _holds_text(element: HtmlElement) -> bool:
    """Text of its own, not only inside children: the innermost block that holds it."""
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)
