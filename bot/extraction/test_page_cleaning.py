import pytest

from bot.extraction import extract_article
from bot.extraction.article import parse_html
from bot.extraction.page_cleaning import drop_invisible, prune_page_furniture, truncate_page_text

PROSE = (
    "The regulator said on Tuesday that the publisher had set advertising cookies before "
    "visitors agreed, and ordered it to change its consent banner within three months. "
)


def text_after_pruning(body: str) -> str:
    tree = parse_html(f"<html><body>{body}</body></html>")
    assert tree is not None
    return " ".join(prune_page_furniture(tree).text_content().split())


def test_newsletter_box_and_hover_card_are_removed_but_the_sentence_survives():
    text = text_after_pruning(
        "<article><p>Talks resumed in <span class='rollover-people'><a href='/p/1'>Istanbul</a>"
        "<span class='rollover-people-block'>Latest: Ceasefire holds | Trade deal signed</span>"
        "</span> on Friday, officials said.</p>"
        f"<p>{PROSE}</p></article>"
        "<div class='Newsletter-container'><h3>Morning Briefing</h3>"
        "<p>The day's big stories in your inbox.</p></div>"
    )
    assert "Talks resumed in Istanbul on Friday, officials said." in text
    assert "Ceasefire holds" not in text
    assert "Morning Briefing" not in text


@pytest.mark.parametrize(
    "wrapper_class",
    [
        "post-4711 post type-post tag-cookies tag-gdpr category-privacy",  # WordPress topic tags
        "cmp-text",  # Adobe Experience Manager names every component cmp-*
        "article-body responsive",
    ],
)
def test_content_wrappers_with_topic_or_component_classes_are_kept(wrapper_class: str):
    body = "".join(f"<div class='{wrapper_class}'><p>{PROSE}</p></div>" for _ in range(4))
    sidebar = "<div class='sidebar'>" + "<p>Unrelated sidebar text to pad the page.</p>" * 30
    text = text_after_pruning(body + sidebar + "</div>")
    assert text.count("ordered it to change its consent banner") == 4


def test_cookie_container_holding_most_of_the_page_is_kept():
    text = text_after_pruning(f"<div class='cookies-not-set'><p>{PROSE * 5}</p></div>")
    assert "ordered it to change its consent banner" in text


def test_one_link_teasers_go_and_prose_with_links_stays():
    text = text_after_pruning(
        "<p>Read more: <a href='/a'>Second round of Pakistan-Afghan talks ends in Istanbul</a></p>"
        "<p><a href='/b'>China furious at Macron for Hong Kong protest jibe</a> [INSIGHT]</p>"
        "<ul><li><a href='/c'>Moon Rush: Private Lunar Lander Plans</a></li></ul>"
        "<p>The minister told <a href='/d'>reporters in Ankara</a> that a fourth round of talks "
        "was likely before the end of the month.</p>"
        "<p><a href='/e'>Buy now</a></p>"
    )
    assert "Second round" not in text
    assert "China furious" not in text
    assert "Moon Rush" not in text
    assert "The minister told reporters in Ankara that a fourth round" in text
    assert "Buy now" in text  # too short to judge: left to the line filter


def test_truncate_page_text_cuts_in_reading_order():
    paragraphs = "".join(f"<p>paragraph {i:05d} {'x' * 80}</p>" for i in range(2000))
    tree = parse_html(f"<html><body><article>{paragraphs}</article><p>after</p></body></html>")
    assert tree is not None
    text = truncate_page_text(tree, 10_000).text_content()
    assert 10_000 <= len(text) <= 10_200
    assert "paragraph 00000" in text
    assert "paragraph 00150" not in text
    assert "after" not in text


def test_article_about_cookies_on_a_tagged_wordpress_page_is_extracted():
    page = (
        "<html><head><title>Regulator fines publisher</title></head><body>"
        "<div id='cookie-law-info-bar'>We use cookies. <a href='#'>Accept All</a></div>"
        "<div class='post-9 post tag-cookies tag-consent'><div class='entry-content'>"
        + "".join(f"<p>{PROSE}Paragraph {i} adds detail.</p>" for i in range(6))
        + "</div></div></body></html>"
    )
    article = extract_article(page.encode(), "https://news.example/fine")
    assert article is not None
    assert article.text.count("ordered it to change its consent banner") == 6
    assert "Accept All" not in article.text


STORY = (
    "The bakery on the corner reopened on Monday after a year of repairs, and the queue reached "
    "the end of the street before the doors opened at seven. "
)


def test_text_after_an_empty_element_is_kept():
    # trafilatura drops an element holding no text together with the text after it: an icon
    # before a line, a stray <meta>'s wrapper in a table cell, an empty anchor.
    article = extract_article(
        "<html><body><article>"
        f"<p>{STORY * 2}</p>"
        "<table><tr><td><strong>Aroma</strong></td>"
        "<td><div><meta charset='utf-8'></div><div><meta charset='utf-8'></div>"
        "Red berries, citrus, sweet</td></tr>"
        "<tr><td><strong>Origin</strong></td><td>Sidamo, Ethiopia</td></tr></table>"
        "<p><i class='icon-clock'></i>Baking time 35 minutes at 180 degrees.</p>"
        f"<p>{STORY * 3}</p>"
        "<p><a id='note-1'></a>The bakery was founded in 1978 and<strong> </strong>employs "
        "about forty people, most of them from the neighbourhood.</p>"
        f"<p>{STORY * 2}</p>"
        "</article></body></html>"
    )
    assert article is not None
    text = " ".join(article.text.split())
    assert "Red berries, citrus, sweet" in text
    assert "Baking time 35 minutes" in text
    assert "The bakery was founded in 1978 and employs" in text


@pytest.mark.parametrize(
    ("body", "words"),
    [
        # A run of empty elements before a long text (the text moves once, not once for each;
        # the work on pages like these is measured by bench/extraction_hostile.py).
        ("<div>" + "<i></i>" * 2_000 + "word " * 20_000 + "</div>", 20_000),
        # A big block before many short texts after empty elements.
        ("<div><div>" + "word " * 40_000 + "</div>" + "<i></i>word " * 2_000 + "</div>", 42_000),
    ],
)
def test_many_empty_elements_before_text_go_and_every_word_stays(body: str, words: int):
    tree = parse_html(f"<html><body><h1>Title</h1>{body}<p>{STORY}</p></body></html>")
    assert tree is not None
    drop_invisible(tree)
    assert tree.find(".//i") is None
    assert " ".join(tree.itertext()).split().count("word") == words


def test_text_after_nested_empty_elements_is_kept_word_by_word():
    # Inline elements nested deep around empty ones, each with text after it: the innermost
    # holds no word and goes, every text after one stays in its place (the work on such a
    # page, 250 deep around 100,000 empty elements, is measured by
    # bench/extraction_hostile.py). A comment's text is not a word.
    tree = parse_html(
        "<html><body><h1>Title</h1><div>"
        + "".join(f"<span>w{n} " for n in range(3))
        + "<span><!-- note --><i></i><b> </b></span>after "
        + "".join(f"</span>t{n} " for n in range(3))
        + f"</div><p>{STORY}</p></body></html>"
    )
    assert tree is not None
    div = drop_invisible(tree).find("body/div")
    assert div is not None
    assert div.find(".//i") is None and div.find(".//b") is None
    assert " ".join(div.text_content().split()) == "w0 w1 w2 after t0 t1 t2"
    assert len(div.findall(".//span")) == 3


def test_an_empty_block_between_two_sentences_leaves_a_space():
    article = extract_article(
        "<html><body><article><h1>Stadium delayed</h1>"
        f"<p>{STORY * 2}</p><p>{STORY * 2}</p>"
        "<ul><li>The committee meets in January to vote on the plan<div></div>Construction "
        "could begin in spring</li><li>The club pays for the roof</li></ul>"
        f"<p>{STORY * 2}</p>"
        "</article></body></html>"
    )
    assert article is not None
    assert "to vote on the plan Construction could begin" in article.text


def test_an_empty_inline_element_within_a_word_leaves_no_space():
    tree = parse_html("<html><body><ul><li>Ham<span></span>burg</li></ul></body></html>")
    assert tree is not None
    assert drop_invisible(tree).text_content() == "Hamburg"


def test_a_list_in_a_table_cell_is_kept():
    article = extract_article(
        "<html><body><article>"
        f"<p>{STORY * 2}</p>"
        "<table><tr><th>Setting</th><th>Options</th></tr>"
        "<tr><td>Oven</td><td><ul><li>Top and bottom heat</li><li>Fan</li></ul></td></tr>"
        "<tr><td>Tray</td><td>Middle shelf</td></tr>"
        "<tr><td>Camera</td><td><ul><li>Default</li><li>Custom"
        "<ul><li>Height (0-20)</li><li>Zoom (0-20)</li></ul></li></ul></td></tr></table>"
        f"<p>{STORY * 3}</p>"
        "</article></body></html>"
    )
    assert article is not None
    # The row runs the items together: they stay apart as a list would keep them.
    assert "| Oven | Top and bottom heat; Fan |" in article.text
    assert "| Camera | Default; Custom: Height (0-20); Zoom (0-20) |" in article.text
