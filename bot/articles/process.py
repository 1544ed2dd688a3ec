"""The CPU-heavy part of turning a page into an article; runs in a worker pool, off the loop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bot.extraction import extract_article, is_consent_wall
from bot.fetching.web_text import web_text
from bot.summaries import summarise
from bot.text.language import detect_language

MIN_ARTICLE_CHARS = 200
MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class ProcessedPage:
    text: str
    summary: str
    text_from: str  # "page" or "feed"
    canonical_url: str | None
    published: datetime | None
    language: str | None
    site_name: str | None
    title: str | None


def _same_site(a: str, b: str) -> bool:
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return bool(ha) and (ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha))


def process_page(
    body: bytes | None,
    final_url: str,
    content_type: str | None,
    feed_title: str,
    feed_summary: str,
) -> ProcessedPage:
    """Extract the article text, or fall back to the feed's own summary — never to boilerplate."""
    extracted = None
    if body:
        extracted = extract_article(body, final_url, content_type)
    if extracted and (
        # A standfirst over a line or two of body is a teaser page, not the article.
        len(extracted.body) < MIN_ARTICLE_CHARS or is_consent_wall(final_url, extracted.text)
    ):
        extracted = None
    if extracted is None:
        text = web_text(feed_summary).strip()
        return ProcessedPage(
            text=text,
            summary=summarise(text, feed_title) if text else "",
            text_from="feed",
            canonical_url=None,
            published=None,
            language=detect_language(f"{feed_title}\n{text}"),
            site_name=None,
            title=None,
        )
    text = web_text(extracted.text[:MAX_TEXT_CHARS])
    canonical = web_text(extracted.canonical_url) if extracted.canonical_url else None
    if canonical and not _same_site(canonical, final_url):
        canonical = None  # a page may not claim another site's URL
    return ProcessedPage(
        text=text,
        summary=summarise(text, extracted.title or feed_title),
        text_from="page",
        canonical_url=canonical,
        published=extracted.published,
        language=extracted.language,
        site_name=web_text(extracted.site_name) if extracted.site_name else None,
        title=web_text(extracted.title) if extracted.title else None,
    )
