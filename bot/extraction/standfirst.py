"""The standfirst: the short summary an editor sets between the headline and the body.

trafilatura takes the body and leaves it out (it sits outside the body's container, often in
the page's <header>). Readers count it as the article's text; some article schemas
(schema.org's articleBody) do not, so it is kept apart and put before the body by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml.etree import XPath
from lxml.html import HtmlElement

from bot.extraction.page_cleaning import has_words

# A standfirst is a sentence or two: shorter is a byline or a label, longer is body text.
MIN_STANDFIRST_CHARS = 60
MAX_STANDFIRST_CHARS = 600
MAX_STANDFIRST_BLOCKS = 2
MAX_LINK_SHARE = 0.2
# Prose is mostly letters; a dateline ("Erstellt am 01.01.23 um 08:35") or a price list is not.
MIN_LETTER_SHARE = 0.75
# A standfirst sits right under the headline: when the body does not begin within this many
# elements after it, what lies between is a teaser grid or a sidebar, not a standfirst.
MAX_ELEMENTS_BETWEEN = 300
# The headline names the article: it and the page's title share at least this share of the
# words of the longer of the two ("Headline | Site" and "Headline" do; "Site" does not).
MIN_HEADLINE_TITLE_SHARE = 0.5
# A standfirst is a paragraph, not a subtree: a candidate with more elements than this is a
# container (and reading it again for each block inside it would cost the page's size squared).
MAX_STANDFIRST_ELEMENTS = 60
_FOLLOWING = XPath(f"following::*[position() <= {MAX_ELEMENTS_BETWEEN}]")
_H1_BEFORE = XPath("preceding::h1[1]")
# Without such an <h1>, the last heading before the body that reads as the page's title.
_HEADINGS_BEFORE = XPath(
    "preceding::*[self::h1 or self::h2 or self::h3 or self::h4][position() <= 10]"
)
_TEXT_TAGS = {"p", "div", "span", "strong", "b", "em", "h2", "h3", "section"}
# Inside these, text is a caption, a link, a form, a list or table cell, a quote or a label.
_NOT_STANDFIRST_TAGS = {
    "figure", "figcaption", "a", "form", "button", "label", "address", "time", "li", "ul",
    "ol", "table", "blockquote", "select", "option",
}  # fmt: skip
# Parts of class/id names (split at - and _, case ignored) of what sits between a headline and
# its body but is no summary: pictures and captions, players, bylines, share bars, comments,
# promotions.
_NOT_STANDFIRST_NAMES = frozenset(
    {
        "caption", "credit", "credits", "photo", "image", "img", "picture", "media", "video",
        "player", "gallery", "comment", "comments", "byline", "author", "share", "social",
        "copyright", "related", "promo", "ad", "ads", "advert", "advertisement", "sponsored",
        "donation", "donate", "cta", "newsletter", "subscribe", "signup", "date", "meta",
    }
)  # fmt: skip
# How many of its boxes above it are read for such names (a comment's text sits two below it).
MAX_NAMED_BOX_LEVELS = 2
_NAME_PARTS = re.compile(r"[-_\s]+")
_PICTURES = ("img", "picture", "video", "iframe")
# Children that break a line: their text is not glued to the text beside them.
_LINE_BREAKING = {
    "br", "p", "div", "li", "section", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd",
    "dt", "pre", "ul", "ol", "table", "tr", "td", "header", "article",
}  # fmt: skip
_WORD = re.compile(r"\w+")


def find_standfirst(
    body_start: HtmlElement, kept_text: str, title: str | None, document_title: str | None = None
) -> list[str]:
    """The standfirst's blocks (at most two) between the page's headline and ``body_start``,
    the element holding the body's first paragraph; [] when there is none. ``kept_text`` is
    the body's text on one line: nothing already in it comes back."""
    headline = _headline(body_start, title, document_title)
    if headline is None:
        return []
    around = set(body_start.iterancestors())  # the body's containers, shared with the headline
    found: list[str] = []
    holds_picture: dict[HtmlElement, bool] = {}
    for element in _FOLLOWING(headline):
        if element is body_start:
            return found
        if element in around or not isinstance(element.tag, str):
            continue
        if len(found) >= MAX_STANDFIRST_BLOCKS or element.tag not in _TEXT_TAGS:
            continue
        if not _holds_text(element) or _too_many_elements(element):
            continue
        if not _may_be_standfirst(element, around, holds_picture):
            continue
        text = _text_within(element, MAX_STANDFIRST_CHARS)
        if len(text) >= MIN_STANDFIRST_CHARS and text in kept_text:
            return []  # the body has begun: nothing after this is above it
        if _reads_as_standfirst(element, text, title) and not any(
            text in earlier or earlier in text for earlier in found
        ):
            found.append(text)  # a block inside it holds part of it: "in earlier" above
    return []  # the body does not follow closely: what was found sits elsewhere


def headline_above(
    body_start: HtmlElement, title: str | None, document_title: str | None = None
) -> bool:
    """Whether the page's headline comes before ``body_start``."""
    return _headline(body_start, title, document_title) is not None


def _headline(
    body_start: HtmlElement, title: str | None, document_title: str | None
) -> HtmlElement | None:
    h1 = _H1_BEFORE(body_start)
    # The <title> as written, when there is one: ``title`` may have been read off this <h1>.
    named = document_title or title
    if h1 and (not named or _names_title(h1[0], named)):
        return h1[0]
    if not title:
        return None
    wanted = " ".join(title.split()).casefold()
    matching = [
        heading
        for heading in _HEADINGS_BEFORE(body_start)  # document order: the last is the nearest
        if " ".join(heading.text_content().split()).casefold() == wanted
    ]
    return matching[-1] if matching else None


def _names_title(headline: HtmlElement, title: str) -> bool:
    words = set(_WORD.findall(headline.text_content().casefold()))
    titled = set(_WORD.findall(title.casefold()))
    return bool(words) and len(words & titled) >= MIN_HEADLINE_TITLE_SHARE * max(
        len(words), len(titled)
    )


def _too_many_elements(element: HtmlElement) -> bool:
    return next(islice(element.iter(), MAX_STANDFIRST_ELEMENTS, None), None) is not None


def _may_be_standfirst(
    element: HtmlElement, around: set[HtmlElement], holds_picture: dict[HtmlElement, bool]
) -> bool:
    # Its own boxes (the containers it does not share with the body) are no caption, link,
    # list or quote; the nearest ones name no caption, byline, comment or promotion (higher up,
    # a page's layout names are about the whole header: "header-with-img").
    box: HtmlElement | None = element
    level = 0
    while box is not None and box not in around:
        if box.tag in _NOT_STANDFIRST_TAGS:
            return False
        if level <= MAX_NAMED_BOX_LEVELS and _names_no_standfirst(box):
            return False
        box, level = box.getparent(), level + 1
    parent = element.getparent()
    return not (_has_picture(element, holds_picture) or _has_picture(parent, holds_picture))


def _has_picture(element: HtmlElement | None, memo: dict[HtmlElement, bool]) -> bool:
    """A picture or a player among its children: text beside it is a caption. Read once per
    element (a page can have a container of thousands of children)."""
    if element is None:
        return False
    if element not in memo:
        memo[element] = next(element.iterchildren(*_PICTURES), None) is not None
    return memo[element]


def _reads_as_standfirst(element: HtmlElement, text: str, title: str | None) -> bool:
    if not MIN_STANDFIRST_CHARS <= len(text) <= MAX_STANDFIRST_CHARS:
        return False
    if text.endswith(":"):
        return False  # it introduces what follows (a list, a box)
    if title and " ".join(title.split()) in text:
        return False  # the headline again, or a headline with a few words more
    if _letter_share(text) < MIN_LETTER_SHARE or next(element.iter("time"), None) is not None:
        return False
    links = sum(len(link.text_content()) for link in element.iter("a"))
    return links <= MAX_LINK_SHARE * len(text)


def _names_no_standfirst(element: HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return any(part in _NOT_STANDFIRST_NAMES for part in _NAME_PARTS.split(names))


def _text_within(element: HtmlElement, limit: int) -> str:
    """The element's text, whitespace collapsed, with a space where a line breaks (<br>, a
    block child) but not inside a word split by inline markup ("<b>Im</b>mediately"). The
    text gathered stops growing past ``limit`` (callers pass only small elements: see
    _too_many_elements)."""
    pieces: list[str] = []
    size = 0
    for piece in _pieces(element):
        pieces.append(piece)
        size += len(piece)
        if size > 2 * limit + 200:
            break
    return " ".join("".join(pieces).split())


def _pieces(element: HtmlElement) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in _LINE_BREAKING:
            yield " "
            yield from _pieces(child)
            yield " "
        else:
            yield from _pieces(child)
        if child.tail:
            yield child.tail


def _letter_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) / len(visible) if visible else 0.0


def _holds_text(element: HtmlElement) -> bool:
    """Text of its own, not only inside children: the innermost block that holds it."""
    return has_words(element.text) or any(has_words(child.tail) for child in element)
