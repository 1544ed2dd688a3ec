"""What a fetched page becomes: its article text, or the feed's own summary when the page holds
no article (a teaser page whose standfirst sits over a line or two of body)."""

from bot.articles.process import process_page

TITLE = "Harbour strike ends with a pay deal"
DEK = "A week-long walkout that stopped the country's largest port ends with a pay deal."
SECOND = "Night-shift pay rises by a tenth, and the port authority drops its claim for damages."
FEED_SUMMARY = "Dockworkers accept the port's offer after a week on strike."


def page(body: str) -> bytes:
    return (
        f"<html><head><title>{TITLE}</title></head><body><article><header><h1>{TITLE}</h1>"
        f"<p class='standfirst'>{DEK}</p><p class='standfirst'>{SECOND}</p></header>"
        f"<div class='entry'>{body}</div></article></body></html>"
    ).encode()


def test_a_standfirst_over_a_teaser_line_falls_back_to_the_feed_summary():
    processed = process_page(
        page("<p>Subscribers can read the whole story on our app.</p>"),
        "https://news.example/strike",
        "text/html; charset=utf-8",
        TITLE,
        FEED_SUMMARY,
    )
    assert processed.text_from == "feed"
    assert processed.text == FEED_SUMMARY


def test_a_standfirst_over_an_article_opens_the_stored_text():
    body = "".join(
        f"<p>Day {day}: the union and the port authority met again, and both sides said the "
        "talks had moved forward on pay and on the night shifts at the container terminal.</p>"
        for day in range(1, 5)
    )
    processed = process_page(
        page(body), "https://news.example/strike", "text/html; charset=utf-8", TITLE, ""
    )
    assert processed.text_from == "page"
    assert processed.text.startswith(f"{DEK}\n\n{SECOND}\n\nDay 1:")
