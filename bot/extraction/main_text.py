"""Find the article's own paragraphs in a parsed page and drop the furniture around them."""

from __future__ import annotations

import logging

import trafilatura
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from bot.extraction.page_cleaning import drop_invisible, prune_page_furniture, truncate_page_text

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
        )
        if document is None or document.body is None:
            return []
        text = xmltotxt(document.body, include_formatting=False)
    except Exception:  # third-party code fed hostile markup: no article, not a crash
        logging.getLogger(__name__).debug("trafilatura failed on %s", url, exc_info=True)
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def _char_count(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)
