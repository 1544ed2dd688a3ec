"""The second opinion: when the quick pass keeps a small share of the page's prose, the article
is looked for again (small synthetic pages of the two ways a first pick loses an article)."""

import lxml.html
import pytest

from bot.extraction import extract_article
from bot.extraction.main_text import MAX_READMITTED_ITEMS, readmit_headings, readmit_lists
from bot.extraction.page_cleaning import prose_chars

URL = "https://news.example/2026/12/harbour-plan"
_SUBJECTS = ("The council", "The harbour master", "Residents", "The contractor", "The mayor")
_VERBS = ("said on Monday that", "warned that", "argued that", "confirmed that", "expected that")
_CLAUSES = (
    "the new quay would cost more than the budget allowed",
    "work on the breakwater would start after the summer season",
    "traffic through the old town would double during the works",
    "the fish market would move to a temporary hall near the ferry terminal",
    "a public hearing on the noise from the pile drivers was still needed",
)


def _paragraph(number: int) -> str:
    """A distinct paragraph of two sentences; `number` is written into it so each can be found."""
    first = f"{_SUBJECTS[number % 5]} {_VERBS[(number // 5) % 5]} {_CLAUSES[number % 5]}"
    second = f"{_SUBJECTS[(number + 2) % 5]} {_VERBS[number % 5]} {_CLAUSES[(number + 3) % 5]}"
    return f"Point {number}: {first}, and {second.lower()}."


def _split_body_page() -> str:
    """An article body cut into three sibling blocks of one class, ads between them (5 + 6 + 5
    paragraphs), the way page builders insert ad slots mid-article."""
    blocks = []
    for numbers in (range(0, 5), range(5, 11), range(11, 16)):
        paragraphs = "".join(f"<p>{_paragraph(n)}</p>" for n in numbers)
        blocks.append(f'<div class="body__container article__body">{paragraphs}</div>')
        blocks.append('<div class="ad__slot"><span>Advertisement</span></div>')
    return f"""<html><head><title>Harbour plan will cost more</title></head><body>
<header><a href="/">Home</a> <a href="/news">News</a></header>
<main><article><h1>Harbour plan will cost more</h1><div class="grid">{"".join(blocks)}</div>
</article></main><footer>Example News</footer></body></html>"""


NOTICE = (
    "This copy is for your personal, non-commercial use only. To order presentation-ready copies "
    "for distribution to your colleagues, clients or customers visit our reprints page.",
    "For non-personal use or to order multiple copies, please contact our reprints desk. Copies "
    "may not be shared, resold or posted on other sites without our written permission.",
    "Subscribers can read every story on the website and in the app, and share five articles a "
    "month with friends; read our terms of use and our privacy notice for the details.",
)


def _boxed_notice_page() -> str:
    """A reprint notice (longer than the quick pass's "too short" mark) in the container named
    like an article body; the article itself in a plainer container after it."""
    notice = "".join(f"<p>{line}</p>" for line in NOTICE)
    story = "".join(f"<p>{_paragraph(n)}</p>" for n in range(16))
    return f"""<html><head><title>Harbour plan will cost more</title></head><body>
<header><a href="/">Home</a></header>
<div class="article-wrap"><h1>Harbour plan will cost more</h1>
<div class="article__body">{notice}</div><div class="story">{story}</div></div>
<footer>Example News</footer></body></html>"""


def test_a_boxed_notice_named_like_the_body_does_not_replace_the_article():
    article = extract_article(_boxed_notice_page(), URL)

    assert article is not None
    for number in range(16):
        assert f"Point {number}:" in article.text


def test_prose_counts_sentences_not_menus_or_teaser_links():
    tree = lxml.html.fromstring(
        "<div><p>Short label</p>"
        f"<p><a href='/a'>{_paragraph(1)}</a></p>"
        f"<p>{_paragraph(2)}</p></div>"
    )

    assert prose_chars(tree) == len(_paragraph(2))


def test_an_article_left_inside_unclosed_page_chrome_is_kept():
    # The menu's <nav> is never closed, so the parser puts the whole article inside it.
    story = "".join(f"<p>{_paragraph(n)}</p>" for n in range(8))
    page = (
        "<html><head><title>Harbour plan</title></head><body><nav><a href='/'>Home</a> "
        f"<a href='/news'>News</a><div class='entry'><h1>Harbour plan</h1>{story}</div>"
        "</body></html>"
    )

    article = extract_article(page, URL)

    assert article is not None
    for number in range(8):
        assert f"Point {number}:" in article.text


def test_an_article_left_inside_an_unclosed_aside_is_read():
    # A sidebar's <aside> is never closed: the article ends up inside it. Keeping the <aside>
    # is not enough, trafilatura discards <aside> elements itself.
    story = "".join(f"<p>{_paragraph(n)}</p>" for n in range(8))
    page = (
        "<html><head><title>Harbour plan</title></head><body><div class='main'>"
        "<aside class='sidebar'><div><a href='/'>Home</a></div>"
        f"<article><h1>Harbour plan</h1><div class='text'>{story}</div></article>"
        "</body></html>"
    )

    article = extract_article(page, URL)

    assert article is not None
    for number in range(8):
        assert f"Point {number}:" in article.text


def test_menus_in_nav_and_footer_still_go():
    story = "".join(f"<p>{_paragraph(n)}</p>" for n in range(8))
    menu = "".join(
        f"<li><a href='/s{n}'>Section number {n} of the site</a></li>" for n in range(60)
    )
    page = (
        f"<html><body><nav><ul>{menu}</ul></nav><article><h1>Harbour plan</h1>{story}</article>"
        f"<footer><ul>{menu}</ul><p>Example News, 1 Quay Street, Harbourtown</p></footer>"
        "</body></html>"
    )

    article = extract_article(page, URL)

    assert article is not None
    assert "Section number" not in article.text
    assert "Quay Street" not in article.text


@pytest.mark.parametrize("control", ["\x0b", "&#11;", "&#x0B;", "&#31"])
def test_a_control_character_in_the_text_does_not_lose_the_page(control: str):
    story = "".join(f"<p>{_paragraph(n)}</p>" for n in range(8))
    # a vertical tab from a CMS, written raw or as a character reference
    odd = f"<p>The <b>quay</b> will be 300{control}metres long.</p>"

    article = extract_article(f"<html><body><article>{story}{odd}</article></body></html>", URL)

    assert article is not None
    assert "Point 7:" in article.text


def _sectioned_page(heading_tag: str = "h2") -> str:
    """An article in markup that names no article body (no <article>, <main> or "content"
    class, as page builders write it): trafilatura's quick pass then falls back to collecting
    the page's <p> elements, and the section headings are lost."""
    body = []
    for section, title in enumerate(("Why the quay costs more", "Fazit")):
        body.append(f"<{heading_tag}>{title}</{heading_tag}>" if section else "")
        body.extend(f"<p>{_paragraph(n)}</p>" for n in range(section * 4, section * 4 + 4))
    return f"""<html><head><title>Harbour plan will cost more</title></head><body>
<div class="wrap"><h1>Harbour plan will cost more</h1><div class="text-block"><span class="x">
{"".join(body)}</span></div></div>
<div class="sidebar"><h2>Most read</h2><p><a href="/a">Another story</a></p></div>
</body></html>"""


def test_a_heading_between_kept_paragraphs_comes_back_in_place() -> None:
    article = extract_article(_sectioned_page().encode(), URL)
    assert article is not None
    lines = article.text.split("\n\n")
    assert "Fazit" in lines
    # in its place: after the first section's last paragraph, before the second's first
    assert lines.index("Fazit") == lines.index(_paragraph(3)) + 1


def test_headings_outside_the_article_stay_out() -> None:
    article = extract_article(_sectioned_page().encode(), URL)
    assert article is not None
    assert "Most read" not in article.text
    assert "Harbour plan will cost more" not in article.text.split("\n\n")[1:]


def _readmitted(body: str, kept: list[str]) -> list[str]:
    """readmit_headings on a page whose quick pass kept ``kept``."""
    return readmit_headings(lxml.html.fromstring(f"<html><body>{body}</body></html>"), kept)


def test_a_heading_beside_the_article_but_in_a_widget_stays_out() -> None:
    p = [_paragraph(n) for n in range(4)]
    body = (
        f'<div class="text"><p>{p[0]}</p><h2>Fazit</h2><p>{p[1]}</p></div>'
        '<div class="widget"><h3>Related</h3><ul><li>Another story</li></ul></div>'
        f'<div class="text"><p>{p[2]}</p><p>{p[3]}</p></div>'
    )
    lines = _readmitted(body, p)
    assert lines == [p[0], "Fazit", p[1], p[2], p[3]]  # the article's heading, not the widget's


def test_a_heading_that_is_mostly_a_link_stays_out() -> None:
    p = [_paragraph(n) for n in range(3)]
    body = (
        f'<div class="text"><p>{p[0]}</p><h2>Fazit</h2><p>{p[1]}</p>'
        f'<h3><a href="/more">Read the whole report</a> here</h3><p>{p[2]}</p></div>'
    )
    assert _readmitted(body, p) == [p[0], "Fazit", p[1], p[2]]


@pytest.mark.parametrize(
    ("heading", "rendered"),
    [
        # trafilatura joins the spans without the line break between them
        (
            '<span>Irme Stetter-Karp</span>\n<span>"Reformstau lösen"</span>',
            'Irme Stetter-Karp"Reformstau lösen"',
        ),
        # and renders a list inside a heading as a numbered line
        ('<ol><li>"My fears have been realized"</li></ol>', '1. "My fears have been realized"'),
    ],
)
def test_a_heading_trafilatura_kept_in_its_own_rendering_does_not_come_back_twice(
    heading: str, rendered: str
) -> None:
    p = [_paragraph(n) for n in range(2)]
    body = f'<div class="text"><p>{p[0]}</p><h2>{heading}</h2><p>{p[1]}</p></div>'
    assert _readmitted(body, [p[0], rendered, p[1]]) == [p[0], rendered, p[1]]


def test_a_box_inside_the_article_does_not_lend_its_heading() -> None:
    p = [_paragraph(n) for n in range(3)]
    body = (
        f'<div class="text"><p>{p[0]}</p><div class="x"><h2>Fazit</h2></div><p>{p[1]}</p>'
        '<div class="sharing"><h3>Share this story</h3><a href="/f">Facebook</a>'
        f'<a href="/x">X</a></div><p>{p[2]}</p></div>'
    )
    # a heading in a wrapper of its own comes back; the share box's title does not
    assert _readmitted(body, p) == [p[0], "Fazit", p[1], p[2]]


_INTRO = (
    "Welcome back to the weekly harbour letter, written by the city desk for readers who follow "
    "the quay works. Thanks for reading, and send us your tips and questions, they shape what we "
    "look into next.",
    "Today: the quay, the fish market, the ferry terminal and the noise from the pile drivers, in "
    "three parts.",
)


def _short_intro_then_split_body_page() -> str:
    """A short intro in the container named like a post body (the quick pass stops there:
    under 500 characters), then the body in three sibling blocks of one class with ads between
    them: the cascade that follows a short text picks only the largest block."""
    blocks = []
    for numbers in (range(0, 6), range(6, 10), range(10, 13)):
        paragraphs = "".join(f"<p>{_paragraph(n)}</p>" for n in numbers)
        blocks.append(f'<div class="story-block"><div class="story-text">{paragraphs}</div></div>')
        blocks.append('<div class="ad__slot"><span>Advertisement</span></div>')
    intro = "".join(f"<p>{line}</p>" for line in _INTRO)
    return f"""<html><head><title>Harbour letter</title></head><body>
<header><a href="/">Home</a></header><div class="grid"><h1>Harbour letter</h1>
<div class="post-body">{intro}</div><div>{"".join(blocks)}</div></div>
<footer>Example News</footer></body></html>"""


@pytest.mark.parametrize(
    ("page", "points"),
    [
        # The quick pass kept the first of the sibling blocks.
        (_split_body_page, 16),
        # A short intro, then the cascade picked only the largest block.
        (_short_intro_then_split_body_page, 13),
    ],
    ids=["after the quick pass", "after the cascade"],
)
def test_an_article_split_into_sibling_blocks_is_kept_whole(page, points: int):
    article = extract_article(page(), URL)

    assert article is not None
    for number in range(points):
        assert f"Point {number}:" in article.text
    assert "Advertisement" not in article.text


_QUESTION = (
    "How does one know when to use the passive with werden rather than with sein in German?",
    "My grammar book gives the first form for a robbery, but the second one looks fine to me.",
    "Why did the authors not use the other auxiliary in that context, and is it simply wrong?",
)


def _qa_page() -> str:
    """A short question and longer answers, each answer marked as one by schema.org microdata
    (a Q&A site's markup); the question's body is the first container named like a post body."""
    answers = []
    for number, count in ((1, 4), (2, 2), (3, 2)):
        paragraphs = "".join(f"<p>{_paragraph(number * 10 + k)}</p>" for k in range(count))
        answers.append(
            f'<div id="answer-{number}" class="answer" itemprop="suggestedAnswer" itemscope'
            f' itemtype="https://schema.org/Answer"><div class="answercell">'
            f'<div class="s-prose js-post-body">{paragraphs}</div></div></div>'
        )
    question = "".join(f"<p>{line}</p>" for line in _QUESTION)
    return f"""<html><head><title>When to use werden versus sein</title></head><body>
<div id="content"><h1>When to use werden versus sein</h1>
<div id="mainbar" itemscope itemtype="https://schema.org/QAPage">
<div id="question" itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
<div class="postcell"><div class="s-prose js-post-body">{question}</div></div></div>
<div id="answers">{"".join(answers)}</div></div></div></body></html>"""


def test_an_answer_marked_by_microdata_does_not_replace_a_short_question():
    article = extract_article(_qa_page(), "https://qa.example/questions/1/werden")

    assert article is not None
    assert article.text.startswith(_QUESTION[0])
    assert _QUESTION[2] in article.text
    assert "Point 10:" not in article.text


def _page_with_list(announcement: str, items: list[str], tag: str = "ol") -> str:
    """A builder's page (no article container) with a list after the fourth paragraph."""
    listing = f"<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>"
    body = [f"<p>{_paragraph(n)}</p>" for n in range(8)]
    body.insert(4, f"<p>{announcement}</p>{listing}")
    return f"""<html><head><title>Harbour plan will cost more</title></head><body>
<div class="wrap"><h1>Harbour plan will cost more</h1><div class="text-block"><span class="x">
{"".join(body)}</span></div></div></body></html>"""


QUESTIONS = [
    "Who pays for the longer breakwater once the budget is spent?",
    "How long will the fish market stay in the temporary hall?",
]


def test_a_list_announced_by_a_kept_paragraph_comes_back_in_place() -> None:
    announcement = "Before the vote, the council has to answer two questions:"
    article = extract_article(_page_with_list(announcement, QUESTIONS).encode(), URL)
    assert article is not None
    lines = article.text.split("\n\n")
    assert lines.index(f"1. {QUESTIONS[0]}") == lines.index(announcement) + 1
    assert lines.index(f"2. {QUESTIONS[1]}") == lines.index(announcement) + 2
    assert lines.index(_paragraph(4)) == lines.index(announcement) + 3


def test_a_list_not_announced_by_the_text_stays_out() -> None:
    announcement = "Before the vote, the council has to answer two more questions."
    article = extract_article(_page_with_list(announcement, QUESTIONS, "ul").encode(), URL)
    assert article is not None
    assert QUESTIONS[0] not in article.text


def _lists_readmitted(body: str, kept: list[str]) -> list[str]:
    """readmit_lists on a page whose extraction kept ``kept``."""
    return readmit_lists(lxml.html.fromstring(f"<html><body>{body}</body></html>"), kept)


def test_a_list_whose_item_the_prose_mentions_comes_back() -> None:
    p = [_paragraph(n) for n in range(3)]
    announcement = "The tour stops in two cities, Hamburg among them:"
    body = (
        f"<p>{p[0]}</p><p>{announcement}</p><ul><li>Hamburg</li><li>Bremen</li></ul>"
        f"<p>{p[1]}</p><p>{p[2]}</p>"
    )
    lines = _lists_readmitted(body, [p[0], announcement, p[1], p[2]])
    assert lines == [p[0], announcement, "- Hamburg", "- Bremen", p[1], p[2]]
    # Kept already, as its own lines or run into one: not put back twice.
    for kept in (["- Hamburg", "- Bremen"], ["Hamburg Bremen"]):
        lines = [p[0], announcement, *kept, p[1], p[2]]
        assert _lists_readmitted(body, lines) == lines


def test_each_list_comes_back_under_its_own_announcing_line() -> None:
    # Two recipes, each announcing its list with the same words: the onions stay with the
    # soup and the tomatoes with the salad.
    lines = [
        "The first recipe is a soup for cold evenings, quick to make.",
        "You will need:",
        "Cook it slowly for an hour and serve it hot with bread.",
        "The second recipe is a salad for the summer, and it takes no cooking.",
        "You will need:",
        "Mix it all and season it just before you serve it.",
    ]
    body = "".join(f"<p>{line}</p>" for line in lines[:2])
    body += "<ul><li>two onions</li><li>a litre of stock</li></ul>"
    body += "".join(f"<p>{line}</p>" for line in lines[2:5])
    body += "<ul><li>three tomatoes</li><li>a cucumber</li></ul>"
    body += f"<p>{lines[5]}</p>"
    assert _lists_readmitted(body, lines) == [
        *lines[:2],
        "- two onions",
        "- a litre of stock",
        *lines[2:5],
        "- three tomatoes",
        "- a cucumber",
        lines[5],
    ]


def test_a_directory_after_an_announcing_paragraph_stays_out() -> None:
    # A list this long is an index, not the story's (and each of its items would be looked
    # up: bench/extraction_hostile.py measures such a page).
    kept = [f"{_paragraph(n)} ({n})" for n in range(6)]
    announcement = "The towns that took part:"
    items = "".join(f"<li>Town {n}</li>" for n in range(MAX_READMITTED_ITEMS + 1))
    body = "".join(f"<p>{line}</p>" for line in kept[:3])
    body += f"<p>{announcement}</p><ul>{items}</ul>"
    body += "".join(f"<p>{line}</p>" for line in kept[3:])
    tree = lxml.html.fromstring(f"<html><body>{body}</body></html>")
    lines = [*kept[:3], announcement, *kept[3:]]
    assert readmit_lists(tree, lines) == lines
