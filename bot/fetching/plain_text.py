"""Turn the HTML-ish strings feeds put in titles and summaries into plain text."""

from __future__ import annotations

import html
import re

import lxml.etree
import lxml.html

from bot.fetching.web_text import web_text

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
_SPACE = re.compile(r"\s+")
# C0/C1 controls, zero-width characters and bidi embeddings/overrides/isolates: invisible in
# a title and a known way to make one text display as another. LRM/RLM stay (RTL headlines).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff"
                        r"\u202a-\u202e\u2066-\u2069]")  # fmt: skip
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "svg", "math")
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table blockquote section article "
    "header footer figure figcaption pre hr dd dt".split()
)
_MAX_INPUT = 200_000
_MAX_PASSES = 3  # double- and triple-escaped markup is common in feeds; more is an attack


def html_to_text(value: str | None, max_chars: int) -> str:
    """Plain text: tags and their script/style contents removed, entities decoded, whitespace
    collapsed, invisible characters dropped, at most ``max_chars`` characters (cut at a word
    boundary with an ellipsis). Text that merely contains "<" (like "x < y") is left alone."""
    if not value:
        return ""
    text = web_text(value[:_MAX_INPUT])
    for _ in range(_MAX_PASSES):
        if _TAG.search(text):
            text = _strip_markup(text)
        elif "&" in text:
            text = html.unescape(text)
        else:
            break
    text = _SPACE.sub(" ", _INVISIBLE.sub("", web_text(text))).strip()
    return shorten(text, max_chars)


def shorten(text: str, max_chars: int) -> str:
    """``text`` if it fits, else cut at the last word boundary with a trailing ellipsis."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    if space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def _strip_markup(fragment: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _TAG.sub(" ", fragment)
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = " " + (element.tail or "")
    return lxml.etree.tostring(root, method="text", encoding="unicode", with_tail=False)
