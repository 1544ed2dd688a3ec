"""Find the article's own paragraphs in a parsed page and drop the furniture around them."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import deque
from copy import deepcopy

import lxml.html
from lxml.etree import XPath, _Element
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from bot.extraction.marks import mark_lead_in, unmarked
from bot.extraction.page_cleaning import (
    MIN_PROSE_BLOCK_CHARS,
    drop_invisible,
    has_words,
    prose_chars,
    prune_page_furniture,
    truncate_page_text,
)
from bot.extraction.precise_pass import extract_body
from bot.extraction.standfirst import MIN_STANDFIRST_CHARS, find_standfirst, headline_above

_BOLD = {"#b", "#strong"}
# Below this the quick pass probably missed the article (teaser grid, odd markup): worth the
# slower cascade that cross-checks with readability and jusText.
SHORT_TEXT_CHARS = 500
# ... unless it holds this share of the page's prose: then it is a short article, and the cascade
# finds the same text (on every half of both dev sets 0.2 to 0.4 change nothing, 0.15 loses).
SHORT_PROSE_SHARE = 0.25
# The quick pass takes the first container that looks like an article body. When the body is
# split into sibling blocks, or a boxed notice wears the article's class, that container holds
# a small share of the page's prose. Below the first share, look for the kept block's
# look-alike siblings (cheap, and precise: only blocks of the same kind join); below the
# second, also ask the cascade that cross-checks with readability's scorer and jusText (it
# reads the whole page, and on pages where the article is short it takes in "related" teasers).
SIBLING_PROSE_SHARE = 0.8
THOROUGH_PROSE_SHARE = 0.2
# A second opinion replaces the quick pass only when it holds this much more prose.
MIN_PROSE_GAIN = 1.3
# How far above the paragraph the quick pass kept to look for the container that repeats.
MAX_SIBLING_LEVELS = 4
# Text beyond this is not looked at: twice the longest text we keep, and a bound on the time a
# runaway page can take (the extraction's cost grows with the page).
MAX_PAGE_TEXT_CHARS = 300_000
# Block elements whose text begins with $opening (XPath runs in C: no Python per element).
# Text nodes opening with a character (their own text only: cheap, unlike a block's text).
_TEXTS_OPENING_WITH = XPath(".//text()[starts-with(normalize-space(.), $first)]")
_OPENING_BLOCK_TAGS = {"p", "div", "li", "td", "blockquote", "section", "article"}
_FIRST_WORD = re.compile(r"\W*\w+")
_BLOCKS_OPENING_WITH = XPath(
    ".//*[self::p or self::div or self::li or self::td or self::blockquote or self::section"
    " or self::article][starts-with(normalize-space(.), $opening)]"
)

# schema.org microdata of replies: properties that hold them, types that they are.
_REPLY_PROPERTIES = {"comment", "suggestedanswer", "acceptedanswer"}
_REPLY_TYPES = {"comment", "answer"}

# Lines that may open the text above the headline (a kicker, the headline itself).
MAX_LINES_ABOVE_HEADLINE = 2
# In-body section headings worth putting back (h1 is the title; h5/h6 are mostly widget labels).
_SECTION_HEADINGS = ("h2", "h3", "h4")
# A heading longer than this is a teaser's title or a styled paragraph.
MAX_HEADING_CHARS = 150
# A longer list after an announcing paragraph is an index or a directory, not the story's.
MAX_READMITTED_ITEMS = 200
# A kept line's list marker: trafilatura renders the items of a list it kept as "- item".
_LIST_MARKER = re.compile(r"^(?:[-•]|\d{1,3}[.)])\s+")
# Paragraphs and headings in page order (an XPath union is returned in document order).
_TEXT_BLOCKS = XPath(".//p|.//h2|.//h3|.//h4")
_BLOCK_TAGS = {"p", "h2", "h3", "h4"}
# Punctuation that closes a bold lead-in written without a space after it: "<b>Q</b>: …".
_GLUED_PUNCTUATION = re.compile(r"[^\w\s]+(?=\s|$)")

logging.getLogger("trafilatura").setLevel(logging.ERROR)


def extract_paragraphs(tree: HtmlElement, url: str | None = None) -> list[str]:
    """The article body's paragraphs, with its section headings put back between them, as the
    page has them (furniture containers pruned, but boilerplate lines not yet filtered); []
    when the page has no article.

    Prunes ``tree`` in place: read anything else from it first.
    """
    paragraphs = _chosen_paragraphs(tree, url)
    if len(paragraphs) < 2:
        return paragraphs
    return readmit_lists(tree, readmit_headings(tree, paragraphs))


def extract_standfirst(
    tree: HtmlElement,
    paragraphs: list[str],
    title: str | None,
    document_title: str | None = None,
) -> list[str]:
    """The standfirst above the body ``extract_paragraphs`` found in ``tree`` (see
    bot.extraction.standfirst); [] when the page has none. ``title`` is the headline the page
    declares, ``document_title`` its <title> ("Headline | Site")."""
    # One line, as the standfirst's text is read: a line break in either is a space.
    kept = " ".join(unmarked("\n".join(paragraphs)).split())
    for paragraph in paragraphs[: MAX_LINES_ABOVE_HEADLINE + 1]:
        body_start = _first_block_holding(tree, paragraph)
        if _may_sit_above_headline(paragraph, title) and (
            body_start is None or not headline_above(body_start, title, document_title)
        ):
            continue  # a kicker above the headline, or the headline itself: look further
        if body_start is None:
            return []
        return find_standfirst(body_start, kept, title, document_title)
    return []


def _may_sit_above_headline(paragraph: str, title: str | None) -> bool:
    line = _plain(paragraph)
    return len(line) < MIN_STANDFIRST_CHARS or bool(title and line == " ".join(title.split()))


def _first_block_holding(tree: HtmlElement, paragraph: str) -> HtmlElement | None:
    """The first block (in page order: the outermost) whose text begins like ``paragraph``; a
    teaser further down may repeat it (``_element_holding`` takes the last, nested deepest).
    Found from the text nodes that open like it, so that only their blocks' text is built,
    not every block's on the page."""
    opening = " ".join(unmarked(paragraph).split())[:60]
    if not opening:
        return None
    # By its first word (a link may end at it: "<a>Dockworkers</a>' union"), or, when no text
    # node opens with that, its first character (one may stop inside it: "<b>Dock</b>s").
    first_word = _FIRST_WORD.match(opening)
    for first in (first_word.group() if first_word else opening[0], opening[0]):
        found = _first_block_from_texts(tree, opening, first)
        if found is not None or first == opening[0]:
            return found
    return None


def _first_block_from_texts(tree: HtmlElement, opening: str, first: str) -> HtmlElement | None:
    for node in _TEXTS_OPENING_WITH(tree, first=first):
        start = " ".join(node.split())
        if not (opening.startswith(start) or start.startswith(opening)):
            continue
        element = node.getparent()
        if element is not None and node.is_tail:
            element = element.getparent()  # a tail is its element's parent's text
        while element is not None and element.tag not in _OPENING_BLOCK_TAGS:
            element = element.getparent()
        if element is None or not " ".join(element.text_content().split()).startswith(opening):
            continue
        # The blocks holding it open the same way while no text comes before it in them.
        found = element
        for holder in element.iterancestors():
            if has_words(holder.text) or any(
                has_words(sibling.tail) or _holds_words(sibling)
                for sibling in element.itersiblings(preceding=True)
            ):
                break
            if holder.tag in _OPENING_BLOCK_TAGS:
                found = holder
            element = holder
        return found
    return None


def _holds_words(element: HtmlElement) -> bool:
    return any(not piece.isspace() for piece in element.itertext() if piece)


def _chosen_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    drop_invisible(tree)
    page_text = len(tree.text_content())  # the whole page's text, built once for both steps
    if page_text > MAX_PAGE_TEXT_CHARS:
        truncate_page_text(tree, MAX_PAGE_TEXT_CHARS)
        page_text = len(tree.text_content())
    prune_page_furniture(tree, page_text)
    # An upper bound of the page's prose, cheap (in C): most pages stop at it.
    page_text = len(tree.text_content())
    paragraphs = _trafilatura_paragraphs(tree, url, fast=True)
    chosen = _char_count(paragraphs)
    if chosen < SHORT_TEXT_CHARS:
        # A short text that holds a fair share of the page's prose is a short article: the
        # cascade (the slowest pass, several times the quick one) would find the same.
        page_prose = prose_chars(tree)
        if chosen and _paragraph_prose(paragraphs) >= SHORT_PROSE_SHARE * page_prose:
            return paragraphs
        thorough = _trafilatura_paragraphs(tree, url, fast=False)
        # The cascade reads the page's other posts too: a reply marked as such by the page's
        # own schema.org markup is not the page's text, however long it is.
        if _char_count(thorough) > chosen and not (chosen and _marked_reply(tree, thorough)):
            paragraphs = thorough
            kept = _paragraph_prose(paragraphs)
            if kept and kept < SIBLING_PROSE_SHARE * page_prose:
                merged = _sibling_blocks_paragraphs(tree, url, paragraphs, fast=False)
                if _paragraph_prose(merged) >= MIN_PROSE_GAIN * kept:
                    paragraphs = merged
        return paragraphs
    kept = _paragraph_prose(paragraphs)
    if kept >= SIBLING_PROSE_SHARE * page_text:
        return paragraphs
    page_prose = prose_chars(tree)
    if kept < SIBLING_PROSE_SHARE * page_prose:
        merged = _sibling_blocks_paragraphs(tree, url, paragraphs)
        if _paragraph_prose(merged) >= MIN_PROSE_GAIN * kept:
            paragraphs, kept = merged, _paragraph_prose(merged)
    if kept < THOROUGH_PROSE_SHARE * page_prose:
        # Balanced, not precision-first: on such a page the precise passes have already
        # missed most of the prose, and the cascade's precision mode keeps missing it.
        thorough = _trafilatura_paragraphs(tree, url, fast=False, precise=False)
        if _paragraph_prose(thorough) >= MIN_PROSE_GAIN * kept:
            paragraphs = thorough
    return paragraphs


def readmit_headings(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the page's section headings put back where they sit between two
    kept paragraphs of the same container. When no container names an article body,
    trafilatura's quick pass falls back to the page's <p> elements and loses in-body headings
    ("Fazit", "10 Tipps für …"); between two paragraphs of the article, beside them in the
    markup, a heading is the article's."""
    wanted = {_plain(line) for line in paragraphs}
    # Most pages have no heading to put back: find that out before matching every paragraph.
    # A heading can come back only beside a kept block (see _beside), i.e. with a kept block
    # among the children of its parent or grandparent.
    holds_kept: dict[_Element, bool] = {}  # each container's children read once
    if not any(
        0 < len(text := " ".join(heading.text_content().split())) <= MAX_HEADING_CHARS
        and text not in wanted
        and _kept_block_beside(heading, wanted, holds_kept)
        for heading in tree.iter(*_SECTION_HEADINGS)
    ):
        return paragraphs
    blocks = _TEXT_BLOCKS(tree)
    texts = [" ".join(block.text_content().split()) for block in blocks]
    positions: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        positions.setdefault(text, []).append(position)
    # Each kept line's block, matched in page order (lines without one, e.g. tables, skip).
    anchors: list[tuple[int, int]] = []  # (line index, block index)
    at = 0
    for index, kept in enumerate(paragraphs):
        found = positions.get(_plain(kept), [])
        later = bisect_left(found, at)
        if later < len(found):
            anchors.append((index, found[later]))
            at = found[later] + 1
    if not anchors:
        return paragraphs
    inserts: dict[int, list[str]] = {}
    for (previous, before), (line, after) in zip(anchors, anchors[1:], strict=False):
        # Lines kept between the two that match no block: trafilatura's rendering of part of
        # a heading (a drop cap split off, say), which must not come back twice.
        unmatched = [
            "".join(_plain(between).split()) for between in paragraphs[previous + 1 : line]
        ]
        for position in range(before + 1, after):
            block, text = blocks[position], texts[position]
            if (
                block.tag in _SECTION_HEADINGS
                and 0 < len(text) <= MAX_HEADING_CHARS
                and text not in wanted
                and not any(
                    part and (part in squashed or squashed in part)
                    for squashed in ["".join(text.split())]
                    for part in unmatched
                )
                and _beside(block, blocks[before], blocks[after])
                and _link_chars(block) <= len(text) / 2
            ):
                inserts.setdefault(line, []).append(text)
                wanted.add(text)
    if not inserts:
        return paragraphs
    result: list[str] = []
    for index, kept in enumerate(paragraphs):
        result.extend(inserts.get(index, ()))
        result.append(kept)
    return result


def readmit_lists(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the lists put back that a kept paragraph announces ("… two
    questions:") and a kept paragraph follows, siblings of both in the markup. The quick pass's
    fallback to the page's <p> elements loses them with the headings. Announced by the text
    and closed by it, such a list is the article's; lists merely between kept paragraphs are
    not (teasers, a recipe card's lists inside a story), so they stay out."""
    # Each kept line's indices in ``paragraphs``, in page order: the same announcing line
    # ("You will need:" in two recipes) is taken once for each list it announces, in turn.
    wanted: dict[str, deque[int]] | None = None
    kept_items: set[str] = set()  # the kept lines, each also without its list marker
    kept_text = ""
    inserts: dict[int, list[str]] = {}
    for listing in tree.iter("ul", "ol"):
        before, after = listing.getprevious(), listing.getnext()
        if (
            before is None
            or after is None
            or before.tag != "p"
            or after.tag not in _BLOCK_TAGS
            or has_words(before.tail)
            or has_words(listing.tail)
        ):
            continue
        announcing = " ".join(before.text_content().split())
        if not announcing.endswith(":"):
            continue
        if wanted is None:
            wanted = {}
            for index, line in enumerate(paragraphs):
                wanted.setdefault(_plain(line), deque()).append(index)
            kept_items = set(wanted) | {_LIST_MARKER.sub("", line, count=1) for line in wanted}
            kept_text = "\n".join(wanted)
        indices = wanted.get(announcing)
        if not indices:
            continue
        # This announcing paragraph is the next of its kept lines, whether or not its list
        # comes back: the next list it announces goes under the line after it.
        line_index = indices.popleft() if len(indices) > 1 else indices[0]
        if line_index in inserts or " ".join(after.text_content().split()) not in wanted:
            continue
        elements = listing.findall("li")
        if not elements or len(elements) > MAX_READMITTED_ITEMS:
            continue
        items = [" ".join(item.text_content().split()) for item in elements]
        if not all(items):
            continue
        text = " ".join(items)
        # Kept already: an item as a line of its own, or the whole list run into one. An
        # item's words within a kept sentence ("Hamburg") do not make it kept.
        if (
            _link_chars(listing) > len(text) / 2
            or not kept_items.isdisjoint(items)
            or text in kept_text
        ):
            continue
        ordered = listing.tag == "ol"
        inserts[line_index] = [
            f"{number}. {item}" if ordered else f"- {item}"
            for number, item in enumerate(items, start=1)
        ]
    if not inserts:
        return paragraphs
    result: list[str] = []
    for index, kept in enumerate(paragraphs):
        result.append(kept)
        result.extend(inserts.get(index, ()))
    return result


def _plain(line: str) -> str:
    return " ".join(unmarked(line).split())


def _beside(heading: HtmlElement, *neighbours: HtmlElement) -> bool:
    """The heading sits in a kept neighbour's container, or in a wrapper of its own there. A
    box inside the article (related links, share buttons, a dialog) is not its wrapper: the
    box holds more than its heading."""
    parent = heading.getparent()
    if parent is None:
        return False
    if any(neighbour.getparent() is parent for neighbour in neighbours):
        return True
    wrapper = parent.getparent()
    return (
        wrapper is not None
        and any(neighbour.getparent() is wrapper for neighbour in neighbours)
        and " ".join(parent.text_content().split()) == " ".join(heading.text_content().split())
    )


def _kept_block_beside(
    heading: HtmlElement, wanted: set[str], holds_kept: dict[_Element, bool]
) -> bool:
    parent = heading.getparent()
    holders = [] if parent is None else [parent, parent.getparent()]
    for holder in holders:
        if holder is None:
            continue
        if holder not in holds_kept:
            holds_kept[holder] = any(
                child.tag in _BLOCK_TAGS and " ".join(child.text_content().split()) in wanted
                for child in holder
            )
        if holds_kept[holder]:
            return True
    return False


def _link_chars(block: HtmlElement) -> int:
    return sum(len(link.text_content()) for link in block.iter("a"))


def _paragraph_prose(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs if len(p) >= MIN_PROSE_BLOCK_CHARS)


def _sibling_blocks_paragraphs(
    tree: HtmlElement, url: str | None, paragraphs: list[str], fast: bool = True
) -> list[str]:
    """The article when its body is cut into sibling blocks of one kind (same tag and class,
    ad slots between them) and the quick pass kept only the first: every such block, in page
    order, read as one body. [] when the kept text sits in no repeated block."""
    kept = _paragraph_prose(paragraphs)
    anchor = _element_holding(tree, max(paragraphs, key=len))
    if anchor is None:
        return []
    block = anchor
    for _ in range(MAX_SIBLING_LEVELS):
        parent = block.getparent()
        if parent is None:
            return []
        signature = (block.tag, block.get("class"))
        if signature[1]:
            twins = [child for child in parent if (child.tag, child.get("class")) == signature]
            # Only worth a pass when the twins hold the prose the kept text lacks.
            if len(twins) > 1 and sum(map(prose_chars, twins)) >= MIN_PROSE_GAIN * kept:
                return _trafilatura_paragraphs(_one_body(twins), url, fast=fast)
        block = parent
    return []


def _marked_reply(tree: HtmlElement, paragraphs: list[str]) -> bool:
    """The longest of ``paragraphs`` sits in a comment or an answer, as the page's schema.org
    microdata marks them (a Q&A page's answers, a blog's comments)."""
    anchor = _element_holding(tree, max(paragraphs, key=len))
    if anchor is None:
        return False
    for element in (anchor, *anchor.iterancestors()):
        properties = (element.get("itemprop") or "").lower().split()
        types = (element.get("itemtype") or "").lower().split()  # URLs, ".../Answer"
        if any(name in _REPLY_PROPERTIES for name in properties) or any(
            kind.rstrip("/").rsplit("/", 1)[-1] in _REPLY_TYPES for kind in types
        ):
            return True
    return False


def _element_holding(tree: HtmlElement, paragraph: str) -> HtmlElement | None:
    """The innermost block element whose text begins like ``paragraph`` (lead-in marks off)."""
    opening = " ".join(unmarked(paragraph).split())[:60]
    found = _BLOCKS_OPENING_WITH(tree, opening=opening)
    return found[-1] if found else None  # in document order, the last one is nested deepest


def _one_body(blocks: list[HtmlElement]) -> HtmlElement:
    """A page whose one <article> holds copies of ``blocks``' contents, so that the quick pass
    reads them as a single body instead of stopping at the first block."""
    page = lxml.html.document_fromstring("<html><body><article></article></body></html>")
    article = page.find(".//article")
    for block in blocks:
        holder = lxml.html.Element("div")
        holder.text = block.text
        for child in block:
            holder.append(deepcopy(child))
        article.append(holder)
    return page


def _trafilatura_paragraphs(
    tree: HtmlElement, url: str | None, fast: bool, precise: bool = True
) -> list[str]:
    try:
        body = extract_body(tree, url, fast=fast, precise=precise)
        if body is None:
            return []
        keep_structure(body)
        text = xmltotxt(body, include_formatting=False)
    except Exception:  # third-party code fed hostile markup: no article, not a crash
        logging.getLogger(__name__).debug("trafilatura failed on %s", url, exc_info=True)
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def keep_structure(body: _Element) -> None:
    """Mark what plain text would lose, in trafilatura's XML before it becomes text: numbered
    list items get their "1. " (as the page shows them), a paragraph's or item's opening bold
    phrase becomes a lead-in mark (see bot.extraction.marks)."""
    for ordered in body.iter("list"):
        if ordered.get("rend") != "ol":
            continue
        items = [child for child in ordered if child.tag == "item"]
        for number, item in enumerate(items, start=1):
            item.text = f"{number}. {item.text or ''}"
            item.set("rend", "numbered")  # read below
        ordered.tag = "div"  # its items are written as "1. item" lines, not "- 1. item"
        for item in items:
            item.tag = "p"
    for block in list(body.iter("p", "item")):
        first = block[0] if len(block) else None
        opening = block.text or ""
        if first is None or first.tag != "hi" or first.get("rend") not in _BOLD:
            continue
        numbered = block.get("rend") == "numbered"
        if opening.strip() and not (numbered and re.fullmatch(r"\d{1,3}\. ", opening)):
            continue
        lead = "".join(first.itertext())
        rest = (first.tail or "").lstrip()
        if not rest and len(block) == 1:
            continue  # a bold paragraph, not a lead-in
        if rest and rest == first.tail:
            # Nothing between the bold phrase and what follows: punctuation closing it
            # ("<b>Moderator</b>: …") is the lead-in's; glued to a word, it is no lead-in.
            glued = _GLUED_PUNCTUATION.match(rest)
            if glued is None:
                continue
            lead, rest = lead + glued.group(), rest[glued.end() :].lstrip()
        marked = mark_lead_in(lead, rest)
        if len(block) > 1 and (lead + (first.tail or ""))[-1:].isspace():
            marked += " "  # "… vor allem auf <b>Grundreinigung</b>": the space before it stays
        block.text = (block.text or "") + marked
        block.remove(first)  # its tail went into `marked`


def _char_count(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)
