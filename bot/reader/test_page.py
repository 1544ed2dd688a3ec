"""The clean page: the article's words and structure, from untrusted text, and nothing else."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from bot.reader.page import CONTENT_SECURITY_POLICY, ReaderArticle, render_page

TESTDATA = Path(__file__).with_name("testdata")
WHEN = datetime(2025, 11, 7, 4, 15, tzinfo=UTC)


def article(**overrides: object) -> ReaderArticle:
    values: dict = {
        "title": "Pakistan and Afghan Interim Government Continue Dialogue in Istanbul",
        "text": (TESTDATA / "istanbul-extracted.txt").read_text(encoding="utf-8"),
        "url": "https://www.tassawarnews.example/2025/11/07/talks/?utm_source=rss&id=48213",
        "outlet": "Tassawar News",
        "published": WHEN,
        "language": "en-GB",
        "archive_url": "https://web.archive.org/web/20251107050000/https://tassawarnews.example/",
    }
    values.update(overrides)
    return ReaderArticle(**values)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements a browser's parser would create, with their attributes."""
    parser = _Elements()
    parser.feed(page)
    return parser.found


def tags(page: str) -> set[str]:
    return {tag for tag, _ in elements(page)}


def test_page_shows_source_date_reading_time_structure_and_links() -> None:
    page = render_page(article())
    assert '<p class="kicker">Tassawar News</p>' in page
    assert '<time datetime="2025-11-07T04:15:00+00:00">7 November 2025, 04:15 UTC</time>' in page
    assert "4 min read" in page
    assert page.count("<h2") == 4 and page.count("<ul") == 2 and page.count("<li>") == 6
    assert '<html lang="en-GB">' in page
    # The original without tracking parameters; both links leak no referrer.
    assert 'href="https://www.tassawarnews.example/2025/11/07/talks/?id=48213"' in page
    assert "utm_source" not in page
    assert "Read the original at tassawarnews.example" in page
    assert 'href="https://web.archive.org/web/20251107050000/' in page
    assert page.count('rel="noopener noreferrer nofollow"') == 2
    # Nothing on the page can load anything: only these tags, no src, no scripts, no styles
    # other than the one inline sheet the CSP names by hash.
    assert tags(page) <= {
        "html", "head", "meta", "title", "style", "body", "article", "header", "footer",
        "h1", "h2", "p", "ul", "li", "a", "time",
    }  # fmt: skip
    assert " src=" not in page and "<link" not in page and "@import" not in page
    assert page.count("<style>") == 1


def test_hostile_title_text_and_fields_are_only_text() -> None:
    hostile = (TESTDATA / "hostile.txt").read_text(encoding="utf-8")
    page = render_page(
        article(
            title='</title><script>alert(1)</script>"><img src=x>',
            text=hostile,
            url="javascript:alert(1)",
            outlet="<b onmouseover=alert(1)>Evil</b>",
            language='en" onload="alert(1)',
            archive_url="data:text/html,<script>alert(1)</script>",
        )
    )
    assert tags(page) <= tags(render_page(article()))  # no element a normal page lacks
    attributes = {name for _, attrs in elements(page) for name in attrs}
    assert not any(name.startswith("on") or name in ("src", "style") for name in attributes)
    assert "javascript:" not in page and "data:" not in page
    assert "Read the original" not in page and "Archived copy" not in page
    assert "<html>" in page  # a language that is not a language tag is left out
    body = html.unescape(page)
    assert "Talks <script>window.__pwned = 1</script> resume" in body
    assert "\u202e" not in page and "\x07" not in page


def test_untitled_textless_and_naive_dates() -> None:
    page = render_page(
        article(title="  ", text="", outlet=None, published=datetime(2025, 11, 7, 9, 15))
    )
    assert '<h1 dir="auto">Untitled</h1>' in page
    assert "(This article has no text.)" in page
    assert '<p class="kicker">tassawarnews.example</p>' in page  # the site stands in for it
    assert "7 November 2025, 09:15 UTC" in page  # stored times are UTC even when naive


def test_csp_forbids_everything_but_the_page_stylesheet() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    style = directives["style-src"]
    assert style.startswith("'sha256-") and "unsafe" not in style and " " not in style
    assert directives["base-uri"] == directives["form-action"] == "'none'"
    assert "allow-scripts" not in directives["sandbox"]
    assert "allow-same-origin" not in directives["sandbox"]


def test_the_page_reads_in_the_articles_direction_not_the_readers() -> None:
    urdu = render_page(
        article(title="استنبول میں مذاکرات", text="مذاکرات جاری ہیں۔", language="ur")
    )
    assert '<html lang="ur" dir="rtl">' in urdu
    persian = render_page(article(language="fa-IR"))
    assert '<html lang="fa-IR" dir="rtl">' in persian
    assert '<html lang="en-GB">' in render_page(article())  # left to right: the default


def test_the_pages_own_words_follow_the_article_when_the_bot_speaks_its_language() -> None:
    from bot.i18n import translator

    urdu = render_page(
        article(title="استنبول میں مذاکرات", text="مذاکرات جاری ہیں۔ " * 300, language="ur")
    )
    ur = translator("ur")
    assert ur.ngettext("{n} min read", "{n} min read", 4).format(n=4) in urdu
    assert "min read" not in urdu and "Read the original" not in urdu
    assert "نومبر" in urdu  # the date in Urdu too
    # A language the bot does not speak: English words, the article's own lang.
    german = render_page(article(language="de"))
    assert "4 min read" in german and '<html lang="de">' in german


def test_right_to_left_languages_make_a_right_to_left_page() -> None:
    """Direction comes from the article's language tag, whatever its region subtag."""
    for language in ("ur", "ur-PK", "ar", "fa-AF", "he", "ps", "ckb"):
        assert f'<html lang="{language}" dir="rtl">' in render_page(article(language=language))
    for language in ("en-GB", "tr", "es-419", "xx"):
        assert f'<html lang="{language}">' in render_page(article(language=language))
