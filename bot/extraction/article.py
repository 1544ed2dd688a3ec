"""Turn a fetched news page into clean article text plus what the page says about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from bot.extraction.boilerplate import is_consent_wall, remove_boilerplate
from bot.extraction.encoding import decode_html
from bot.extraction.main_text import extract_paragraphs, extract_standfirst
from bot.extraction.metadata import read_metadata
from bot.extraction.sniff import is_non_html
from bot.text.language import detect_language

# Pages beyond this are cut before parsing: no article needs more, and the cost is linear.
MAX_HTML_CHARS = 4_000_000
MAX_HTML_BYTES = 4 * MAX_HTML_CHARS  # room for four-byte UTF-8 before the character cut
MAX_TEXT_CHARS = 200_000
# Fewer letters than this is no article (punctuation soup, a lone button label).
MIN_TEXT_LETTERS = 10
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Control characters XML cannot hold: the parser lets them into the tree, lxml refuses them when
# trafilatura rebuilds the text, and the whole page was lost.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_CHAR_LIST = tuple(chr(code) for code in (*range(1, 9), 11, 12, *range(14, 32)))
# ... and the character references that the parser turns into them.
_CONTROL_REFERENCE = re.compile(
    r"&#(?:0*(?:[1-8]|1[124-9]|2\d|3[01])(?!\d)|[xX]0*(?:[1-8bBcCeEfF]|1[\da-fA-F])(?![\da-fA-F]))"
)
# HTML comments and processing instructions dropped at parse time: left in, they split
# paragraphs into pieces that the text extraction treats as separate blocks.
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
# lxml.html picks each element's class in a Python callback (form elements get their own
# classes), paid whenever any pass touches an element: ~4 % of an extraction. One class for
# all, chosen in C; trafilatura's copies of the tree inherit it.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


@dataclass(frozen=True)
class ExtractedArticle:
    """An article's readable text and metadata; ``text`` is paragraphs joined by blank lines:
    the standfirst's (when the page has one) and then the body's."""

    title: str | None
    text: str
    canonical_url: str | None
    published: datetime | None
    author: str | None
    language: str | None
    site_name: str | None
    image_url: str | None = None
    standfirst: str | None = None  # the first paragraphs of ``text``, set above the body

    @property
    def body(self) -> str:
        """``text`` without the standfirst: the article body alone."""
        head = f"{self.standfirst}\n\n" if self.standfirst else ""
        return self.text[len(head) :] if head and self.text.startswith(head) else self.text


def extract_article(
    html: str | bytes, url: str | None = None, content_type: str | None = None
) -> ExtractedArticle | None:
    """Extract the article from a page; None when there is no article text (empty page,
    non-HTML body such as a PDF or image, or a cookie/consent wall). Pure and CPU-bound;
    never raises on hostile input."""
    if isinstance(html, bytes):
        if is_non_html(html, content_type):
            return None
        html = decode_html(_cut_bytes(html, MAX_HTML_BYTES), content_type)
    elif content_type and is_non_html(b"", content_type):
        return None
    tree = parse_html(html)
    if tree is None:
        return None
    meta = read_metadata(tree, url)  # before extraction prunes the tree
    paragraphs = extract_paragraphs(tree, url)
    # The wall test reads the unfiltered text: filtering first would leave only its scraps.
    if not paragraphs or is_consent_wall(url, "\n\n".join(paragraphs)):
        return None
    body = _bounded_text(remove_boilerplate(paragraphs, meta.title))
    if sum(1 for ch in body[:1000] if ch.isalpha()) < MIN_TEXT_LETTERS:
        return None  # a standfirst over no body is a teaser, not an article
    # At most two short blocks (see bot.extraction.standfirst): the bound stays the body's.
    standfirst = "\n\n".join(
        remove_boilerplate(
            extract_standfirst(tree, paragraphs, meta.title, meta.document_title), meta.title
        )
    )
    text = f"{standfirst}\n\n{body}" if standfirst else body
    return ExtractedArticle(
        title=meta.title,
        text=text,
        canonical_url=meta.canonical_url,
        published=meta.published,
        author=meta.author,
        language=meta.language or detect_language(text),
        site_name=meta.site_name,
        image_url=meta.image_url,
        standfirst=standfirst or None,
    )


def _cut_bytes(body: bytes, limit: int) -> bytes:
    """At most ``limit`` bytes, not ending inside a UTF-8 sequence (which would read as a
    broken page and trip the windows-1252 fallback)."""
    if len(body) <= limit:
        return body
    end = limit
    while end > limit - 3 and 0x80 <= body[end] < 0xC0:
        end -= 1
    return body[:end]


def _bounded_text(paragraphs: list[str]) -> str:
    """Paragraphs joined by blank lines, cut at a paragraph end within MAX_TEXT_CHARS (inside
    the paragraph only when the first one alone is longer)."""
    kept: list[str] = []
    total = 0
    for paragraph in paragraphs:
        if total + len(paragraph) > MAX_TEXT_CHARS:
            if not kept:
                kept.append(paragraph[:MAX_TEXT_CHARS])
            break
        kept.append(paragraph)
        total += len(paragraph) + 2  # the blank line joining it to the next
    return "\n\n".join(kept)


def parse_html(html: str) -> HtmlElement | None:
    """Parse page text into an lxml tree, or None when there is nothing to parse."""
    html = _XML_DECLARATION.sub("", html[:MAX_HTML_CHARS], count=1).replace("\x00", "")
    if not html.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if not isinstance(tree, HtmlElement):
        return None
    # Rare, so looked for cheaply in the markup (a substring scan in C per character, and the
    # references): a hit in an attribute only costs the walk below.
    if any(char in html for char in _CONTROL_CHAR_LIST) or _CONTROL_REFERENCE.search(html):
        for element in tree.iter():
            if element.text:
                element.text = _CONTROL_CHARS.sub("", element.text)
            if element.tail:
                element.tail = _CONTROL_CHARS.sub("", element.tail)
    return tree
