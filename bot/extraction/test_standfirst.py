"""The standfirst above an article's body: kept, first, once; what else sits between a
headline and its body (captions, bylines, datelines, quotes, comments, teasers) is not it."""

import pytest

from bot.extraction import extract_article
from bot.extraction.article import MAX_TEXT_CHARS, parse_html
from bot.extraction.main_text import extract_standfirst

URL = "https://news.example/2026/12/06/harbour-strike"
TITLE = "Harbour strike ends with a pay deal"
SENTENCES = [
    "Dockworkers walked out on Monday after talks on night-shift pay broke down.",
    "Ships queued outside the harbour as cranes stood still along the quay.",
    "Exporters said perishable cargo was spoiling in containers on the docks.",
    "The city council urged both sides to accept mediation by the labour court.",
    "Union leaders said the strike would last until a written offer was made.",
]
BODY = "".join(
    f"<p>{sentence} The union and the port authority met again on day {day} of the strike, "
    f"and both sides said the talks had moved forward on pay and on night shifts.</p>"
    for day, sentence in enumerate(SENTENCES, start=1)
)
DEK = "A week-long walkout that stopped the country's largest port ends with a pay deal."
SECOND = "Night-shift pay rises by a tenth, and the port authority drops its claim for damages."


def page(between: str, headline: str = f"<h1>{TITLE}</h1>", after: str = "") -> str:
    return (
        f'<html><head><title>{TITLE}</title><meta property="og:title" content="{TITLE}"></head>'
        "<body>"
        f"<article><header>{headline}{between}</header><div class='entry'>{BODY}</div>"
        f"</article>{after}</body></html>"
    )


def standfirst_of(html: str) -> str | None:
    article = extract_article(html, URL)
    assert article is not None
    assert article.body.startswith(SENTENCES[0])  # the body itself is untouched
    return article.standfirst


def test_the_standfirst_opens_the_text_and_the_body_stays_apart():
    article = extract_article(page(f'<p class="standfirst">{DEK}</p>'), URL)
    assert article is not None
    assert article.standfirst == DEK
    assert article.text.startswith(DEK + "\n\n" + SENTENCES[0])
    assert article.body.startswith(SENTENCES[0]) and DEK not in article.body
    assert article.text.count(DEK) == 1


def test_two_blocks_at_most_each_once():
    third = "The ferries to the islands, which kept sailing, will add evening crossings again."
    between = f"<p>{DEK}</p><div class='dek'>{DEK}</div><p>{SECOND}</p><p>{third}</p>"
    assert standfirst_of(page(between)) == f"{DEK}\n\n{SECOND}"


@pytest.mark.parametrize("opening", [TITLE, "Harbour · Labour"], ids=["headline", "kicker"])
def test_the_headline_or_a_kicker_opening_the_text_does_not_hide_the_standfirst(opening: str):
    # The body's container can begin with the headline's line (or a kicker above it): the
    # standfirst is looked for above the next paragraph, under the headline.
    html = (
        f"<html><body><article><p class='kicker'>Harbour · Labour</p><h1>{TITLE}</h1>"
        f"<p class='standfirst'>{DEK}</p><div class='entry'>{BODY}</div></article></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    paragraphs = [opening, *(f"{sentence} The union" for sentence in SENTENCES)]
    assert extract_standfirst(tree, paragraphs, TITLE) == [DEK]


NOT_A_STANDFIRST = {
    "a caption beside its picture": (
        "<div><img src='/crane.jpg'><p>Cranes stand idle at the container terminal on the "
        "third day of the strike, seen from the harbour bridge.</p></div>"
    ),
    "a caption written after its picture": (
        "<div class='lead'><img src='/crane.jpg'>Cranes stand idle at the container terminal "
        "on the third day of the strike, seen from the harbour bridge.</div>"
    ),
    "a byline, however its class begins": (
        "<p class='post-byline'>Amna Rafiq, harbour and shipping correspondent for the regional "
        "news desk in the city</p>"
    ),
    "a reader's comment, named two boxes up": (
        "<div class='comment'><div class='comment_content'><div class='text'><p>I think the "
        "union got a far better deal than anyone expected, and the port will pay for it.</p>"
        "</div></div></div>"
    ),
    "a dateline with a time element": (
        "<p>Updated <time datetime='2026-12-06'>6 December 2026</time> with the union's "
        "statement and the port authority's reply to it</p>"
    ),
    "mostly figures": "<p>06.12.2026 09:12 | 07.12.2026 10:40 | 08.12.2026 11:05 | 2 min</p>",
    "a quote": (
        "<blockquote><p>We will not return to work until the night shifts are paid what they "
        "are worth, said the union's leader.</p></blockquote>"
    ),
    "a line announcing a list": (
        "<p>Here is what we know so far about the strike and about the deal that ended it:</p>"
    ),
    "the headline with a few words more": f"<p>{TITLE}, the union said in a statement today</p>",
    "a line that is mostly a link": (
        "<p>The union's statement and the port authority's reply, with <a href='/deal'>the "
        "full text of the agreement signed on Sunday night</a></p>"
    ),
    "an appeal in a box named for it": (
        "<div class='article-donation-cta'><p>Make your contribution now and help independent "
        "harbour journalism thrive next year. Donate today</p></div>"
    ),
    "a dateline in a box named for it": (
        "<div class='story-meta'>The Associated Press Published Monday, November 18, 2019 "
        "8:22AM EST</div>"
    ),
    "a label too short to summarise": "<p>Harbour news, in brief, for the busy reader</p>",
}


@pytest.mark.parametrize("between", NOT_A_STANDFIRST.values(), ids=NOT_A_STANDFIRST.keys())
def test_what_sits_between_headline_and_body_is_not_taken_for_a_standfirst(between: str):
    assert standfirst_of(page(between)) is None


def test_nothing_after_a_block_the_body_holds_is_taken_for_the_standfirst():
    # A preview box repeats a paragraph of the body: from there on, what follows the
    # headline is not above the body.
    preview = BODY.split("</p>")[2] + "</p>"
    promo = "<p>Support independent harbour journalism with a gift to our newsroom this winter</p>"
    between = f"<div class='widget'>{preview}</div>{promo}"
    assert standfirst_of(page(between)) is None


def test_without_a_headline_nothing_above_the_body_is_taken():
    assert standfirst_of(page(f"<p>{DEK}</p>", headline="")) is None


def test_a_page_titled_by_a_lesser_heading_keeps_its_standfirst():
    assert standfirst_of(page(f"<p>{DEK}</p>", headline=f"<h3>{TITLE}</h3>")) == DEK


def test_a_site_logo_in_the_h1_is_not_the_headline():
    headline = (
        "<h1 class='logo'>The Harbour Times</h1><p class='tagline'>Independent local news from "
        f"the harbour and the old town since 1921</p><h2>{TITLE}</h2>"
    )
    assert standfirst_of(page(f"<p>{DEK}</p>", headline=headline)) == DEK


def test_a_standfirst_with_a_line_break_that_the_body_repeats_is_not_added_again():
    # trafilatura breaks the body's line at <br>; the repeat above it is read as one line.
    repeated = f"<p>{DEK}<br>{SECOND}</p>"
    first, rest = BODY.split("</p>", 1)
    html = page(repeated).replace(BODY, f"{first}</p>{repeated}{rest}")
    article = extract_article(html, URL)
    assert article is not None
    assert article.standfirst is None
    assert article.text.count(SECOND) == 1


def test_a_line_break_inside_the_standfirst_does_not_glue_words():
    between = (
        "<p>The port reopens on Monday.<br>Ships will sail again after a week-long strike.</p>"
    )
    assert standfirst_of(page(between)) == (
        "The port reopens on Monday. Ships will sail again after a week-long strike."
    )


def test_a_block_of_many_elements_is_a_container_not_a_standfirst():
    between = f"<div>{DEK} " + "<b>x</b>" * 70 + "</div>"
    assert standfirst_of(page(between)) is None


def test_a_furniture_line_under_the_headline_is_not_a_standfirst():
    share = "Share this article on Facebook, Twitter and WhatsApp and tell your friends about it"
    assert standfirst_of(page(f"<p>{share}</p>")) is None


def test_a_body_far_below_its_headline_has_no_standfirst():
    grid = "".join(f"<div><span>Story {n}</span></div>" for n in range(200))
    assert standfirst_of(page(f"<p>{DEK}</p>{grid}")) is None


def test_a_teaser_repeating_the_first_paragraph_does_not_pull_the_body_into_the_standfirst():
    teaser = f"<div class='more'><p>{SENTENCES[0]} Read on.</p></div>"
    article = extract_article(page("", after=teaser), URL)
    assert article is not None
    assert article.standfirst is None
    assert article.text.count(SENTENCES[1]) == 1


def test_a_standfirst_the_body_repeats_is_not_added_again():
    first = SENTENCES[0] + " The union and the port authority met again on day 1 of the strike"
    assert standfirst_of(page(f"<p>{first}</p>")) is None


def test_a_standfirst_over_a_body_of_furniture_is_no_article():
    html = (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"<p>{DEK}</p><p>{SECOND}</p><div class='entry'><p>Share this article on Facebook</p>"
        "<p>Read more: https://news.example/2026/12/05/strike-day-five</p></div></article>"
        "</body></html>"
    )
    article = extract_article(html, URL)
    assert article is None or not article.standfirst


def test_a_standfirst_leaves_a_long_single_paragraph_body_whole():
    words = "The harbour master read the port's log aloud to the inquiry, line by line. "
    long_body = words * (MAX_TEXT_CHARS // len(words) + 10)
    html = (
        f"<html><head><title>{TITLE}</title></head><body><article><header><h1>{TITLE}</h1>"
        f"<p>{DEK}</p></header><div class='entry'><p>{SENTENCES[0]} {long_body}</p>"
        f"<p>{SENTENCES[1]}</p></div></article></body></html>"
    )
    article = extract_article(html, URL)
    assert article is not None
    assert article.standfirst == DEK
    # The body is bounded on its own: the standfirst does not push its one paragraph out.
    assert article.body.startswith(SENTENCES[0]) and len(article.body) == MAX_TEXT_CHARS
