"""The standfirst above an article's body: kept, first, once; captions, bylines and datelines
between headline and body are not mistaken for it."""

from bot.extraction import extract_article

URL = "https://news.example/2026/12/06/harbour-strike"
BODY = "".join(
    f"<p>{sentence} The union and the port authority met again on day {day} of the strike, "
    f"and both sides said the talks had moved forward on pay and on night shifts.</p>"
    for day, sentence in enumerate(
        [
            "Dockworkers walked out on Monday after talks on night-shift pay broke down.",
            "Ships queued outside the harbour as cranes stood still along the quay.",
            "Exporters said perishable cargo was spoiling in containers on the docks.",
            "The city council urged both sides to accept mediation by the labour court.",
            "Union leaders said the strike would last until a written offer was made.",
        ],
        start=1,
    )
)
DEK = "A week-long walkout that stopped the country's largest port ends with a pay deal."


def page(between: str, headline: str = "<h1>Harbour strike ends with a pay deal</h1>") -> str:
    return (
        "<html><head><title>Harbour strike ends with a pay deal</title></head><body>"
        f"<article><header>{headline}{between}</header><div class='entry'>{BODY}</div>"
        "</article></body></html>"
    )


def test_the_standfirst_opens_the_text_and_the_body_stays_apart():
    article = extract_article(page(f'<p class="standfirst">{DEK}</p>'), URL)
    assert article is not None
    assert article.standfirst == DEK
    assert article.text.startswith(DEK + "\n\n")
    assert article.body.startswith("Dockworkers walked out on Monday")
    assert DEK not in article.body
    assert article.text.count(DEK) == 1


def test_a_standfirst_the_body_repeats_is_not_added_again():
    first = "Dockworkers walked out on Monday after talks on night-shift pay broke down."
    article = extract_article(page(f"<p>{first}</p>"), URL)
    assert article is not None
    assert article.standfirst is None
    assert article.text.count(first) == 1


def test_captions_bylines_datelines_and_teasers_are_not_a_standfirst():
    between = (
        "<figure><img src='/crane.jpg'><figcaption>Cranes stand idle at the container "
        "terminal on the third day of the strike, seen from the harbour bridge.</figcaption>"
        "</figure>"
        "<div class='article-byline'>By Amna Rafiq, harbour and shipping correspondent for "
        "the regional desk</div>"
        "<span>Erstellt am 01.12.26 um 08:35, geändert am 06.12.26 um 09:12 Uhr (MEZ)</span>"
        "<p><a href='/other'>Read more: how the port's night shifts became the sticking "
        "point of the talks this year</a></p>"
    )
    article = extract_article(page(between), URL)
    assert article is not None
    assert article.standfirst is None
    assert article.text.startswith("Dockworkers walked out on Monday")


def test_without_a_headline_nothing_above_the_body_is_taken():
    article = extract_article(page(f"<p>{DEK}</p>", headline=""), URL)
    assert article is not None
    assert article.standfirst is None
    assert DEK not in article.text


def test_a_page_titled_by_a_lesser_heading_keeps_its_standfirst():
    headline = "<h3>Harbour strike ends with a pay deal</h3>"
    article = extract_article(page(f"<p>{DEK}</p>", headline=headline), URL)
    assert article is not None
    assert article.standfirst == DEK
