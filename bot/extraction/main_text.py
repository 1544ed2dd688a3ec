"""Find the article's own paragraphs in a parsed page and drop the furniture around them."""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from bot.extraction.marks import mark_lead_in
from bot.extraction.page_cleaning import drop_invisible, prune_page_furniture, truncate_page_text

_BOLD = {"#b", "#strong"}
# Below this the quick pass probably missed the article (teaser grid, odd markup): worth the
# slower cascade that cross-checks with readability and jusText.
SHORT_TEXT_CHARS = 500
# Text beyond this is not looked at: twice the longest text we keep, and a bound on the time a
# runaway page can take (the extraction's cost grows with the page).
MAX_PAGE_TEXT_CHARS = 300_000

# trafilatura logs every page it gives up on at WARNING; for a news bot that is routine.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def extract_paragraphs(tree: HtmlElement, url: str | None = None) -> list[str]:
    """The article body's paragraphs as the page has them (furniture containers pruned, but
    boilerplate lines not yet filtered); [] when the page has no article.

    Prunes ``tree`` in place: read anything else from it first.
    """
    drop_invisible(tree)
    truncate_page_text(tree, MAX_PAGE_TEXT_CHARS)
    prune_page_furniture(tree)
    paragraphs = _trafilatura_paragraphs(tree, url, fast=True)
    if _char_count(paragraphs) < SHORT_TEXT_CHARS:
        thorough = _trafilatura_paragraphs(tree, url, fast=False)
        if _char_count(thorough) > _char_count(paragraphs):
            paragraphs = thorough
    return paragraphs


def _trafilatura_paragraphs(tree: HtmlElement, url: str | None, fast: bool) -> list[str]:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_formatting=True,  # keeps <hi>, for the bold lead-ins
        )
        if document is None or document.body is None:
            return []
        keep_structure(document.body)
        text = xmltotxt(document.body, include_formatting=False)
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
        marked = mark_lead_in(lead, rest)
        block.text = (block.text or "") + marked
        block.remove(first)  # its tail went into `marked`


def _char_count(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)
