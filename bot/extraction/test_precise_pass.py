"""trafilatura's precise passes run on our tree give what trafilatura's own call gives (real
trafilatura on varied pages), and leave our tree as it was."""

from pathlib import Path

import lxml.html
import pytest
import trafilatura
from lxml import etree
from trafilatura.xpaths import (
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
)

from bot.extraction import precise_pass
from bot.extraction.article import parse_html
from bot.extraction.precise_pass import extract_body
from bot.extraction.test_main_text import _boxed_notice_page, _paragraph, _split_body_page

URL = "https://news.example/2026/12/harbour-plan"
TESTDATA = Path(__file__).parent / "testdata"


def _story(numbers: range) -> str:
    return "".join(f"<p>{_paragraph(n)}</p>" for n in numbers)


def _page(body: str, head: str = "<title>Harbour plan</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# Pages that take trafilatura's passes down their different roads: comment sections of every
# kind it prunes (and look-alikes it keeps), appended articles, share buttons, lists, tables,
# bold lead-ins, short texts (the cascade's readability and jusText), forums, empty pages.
PAGES = {
    "article with comments": _page(
        f"<article><h1>Harbour plan</h1>{_story(range(6))}"
        # a <dl> is pruned only once converted into a list
        f"<dl class='comments'><dt>Reader</dt><dd>{_paragraph(19)}</dd></dl></article>"
        f"<div id='comments'><p>{_paragraph(20)}</p></div>"
        f"<section class='post-comments'><p>{_paragraph(21)}</p></section>"
        f"<ol class='comment-list'><li>{_paragraph(22)}</li></ol>"
        f"<ul id='dsq-comments'><li>{_paragraph(23)}</li></ul>"
        f"<div class='commentary'><p>{_paragraph(24)}</p></div>"
        f"<aside class='comments'><p>{_paragraph(25)}</p></aside>"
        f"<details id='comol'><p>{_paragraph(26)}</p></details>"
    ),
    "appended articles": _page(
        f"<div class='main'><h1>Harbour plan</h1>{_story(range(5))}</div>"
        f"<div class='infinite-scroll'><h2>Next story</h2>{_story(range(30, 34))}</div>"
        f"<section id='infinitescroll'><h1>Other story</h1>{_story(range(40, 42))}</section>"
        f"<div class='mvp-post-add-box'><h1>Third story</h1>{_story(range(50, 53))}</div>"
        "<div class='elementor-share-buttons'><a href='/s'>Share on every network</a></div>"
    ),
    "lists, tables and lead-ins": _page(
        f"<main><h1>Harbour plan</h1><p><b>In short:</b> {_paragraph(1)}</p>"
        f"<ol><li>{_paragraph(2)}</li><li><strong>Cost:</strong> {_paragraph(3)}</li></ol>"
        f"<ul><li>{_paragraph(4)}</li><li>{_paragraph(5)}</li></ul>"
        "<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2026</td><td>12 million</td></tr>"
        f"</table><figure><table><tr><td>{_paragraph(6)}</td></tr></table></figure>"
        f"<blockquote>{_paragraph(7)}</blockquote><h2>Next steps</h2>{_story(range(8, 12))}"
        "</main>"
    ),
    "short text among menus": _page(
        "<div class='menu'>"
        + "".join(f"<a href='/{n}'>Section {n}</a> " for n in range(30))
        + f"</div><div class='teaser'><p>{_paragraph(1)}</p></div>"
        + "".join(f"<div class='card'><a href='/s{n}'>{_paragraph(n)}</a></div>" for n in range(6))
    ),
    "text in divs, no paragraphs": _page(
        "<div id='content'>"
        + "".join(
            f"<div class='row'>{_paragraph(n)}<br>{_paragraph(n + 1)}</div>" for n in range(8)
        )
        + "</div>"
    ),
    "forum thread": _page(
        "<h1>Harbour plan</h1>"
        + "".join(f"<div class='comment'><p>{_paragraph(n)}</p></div>" for n in range(6)),
        head='<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>',
    ),
    "split body": _split_body_page(),
    "boxed notice": _boxed_notice_page(),
    "nothing but a title": _page("<h1>Harbour plan</h1>"),
    "one word": _page("<p>Harbour</p>"),
    **{path.name: path.read_bytes().decode("utf-8", "replace") for path in TESTDATA.glob("*.html")},
}


def _serialised(body: etree._Element | None) -> bytes | None:
    return None if body is None else etree.tostring(body, encoding="utf-8")


@pytest.mark.parametrize("fast", [True, False], ids=["quick pass", "cascade"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_body_is_trafilaturas_own(name: str, fast: bool):
    tree, theirs_tree = parse_html(PAGES[name]), parse_html(PAGES[name])
    assert tree is not None and theirs_tree is not None
    before = lxml.html.tostring(tree)

    ours = extract_body(tree, URL, fast=fast, precise=True)
    theirs = trafilatura.bare_extraction(
        theirs_tree,
        url=URL,
        fast=fast,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        output_format="xml",
    )

    assert not isinstance(theirs, dict)
    assert _serialised(ours) == _serialised(None if theirs is None else theirs.body)
    assert lxml.html.tostring(tree) == before  # our tree is not touched


def test_the_installed_trafilatura_takes_the_own_sequence():
    # If this fails after an upgrade, compare trafilatura's bare_extraction, trafilatura_sequence
    # and prune expressions with precise_pass.py's steps, then update _FOLLOWED_SOURCE (the
    # plain call runs meanwhile).
    assert precise_pass.OWN_SEQUENCE
    assert precise_pass._MIRRORED
    # A configured tree-size cap also sends every page to the plain call, which would make the
    # comparisons above compare trafilatura with itself.
    assert precise_pass._options(URL, fast=True, precise=True).max_tree_size is None


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_prunes_select_what_trafilaturas_expressions_select(name: str):
    tree = parse_html(PAGES[name])
    assert tree is not None

    appended, share_buttons, comments = precise_pass._raw_tree_prunes(tree)

    assert appended == RAW_TREE_PRUNE_XPATH[0](tree)
    assert share_buttons == RAW_TREE_PRUNE_XPATH[1](tree)
    assert comments == REMOVE_COMMENTS_AND_LISTS_XPATH[0](tree)
    assert precise_pass._comment_sections(tree) == REMOVE_COMMENTS_XPATH[0](tree)
