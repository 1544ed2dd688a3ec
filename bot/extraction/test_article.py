from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.extraction import ExtractedArticle, extract_article
from bot.extraction.article import MAX_TEXT_CHARS

TESTDATA = Path(__file__).parent / "testdata"
SEED_PAGE = Path(__file__).parents[2] / "tests" / "newssite" / "pages" / "istanbul-talks.html"
SEED_URL = "https://tassawarnews.example/?p=48213"


@pytest.fixture(scope="module")
def seed_article() -> ExtractedArticle:
    article = extract_article(SEED_PAGE.read_bytes(), SEED_URL, "text/html; charset=UTF-8")
    assert article is not None
    return article


@pytest.mark.parametrize("phrase", ["Istanbul", "third round", "Türkiye", "evidence"])
def test_seed_article_text_tells_the_story(seed_article: ExtractedArticle, phrase: str):
    assert phrase in seed_article.text


@pytest.mark.parametrize(
    "furniture",
    [
        "Leave a Reply",
        "Your email address",
        "Privacy Overview",
        "cookies",
        "Accept All",
        "Subscribe to our newsletter",
        "Related posts",
        "Share on Facebook",
        "Most read",
        "Gold prices climb",
        "All rights reserved",
    ],
)
def test_seed_article_text_has_no_page_furniture(seed_article: ExtractedArticle, furniture: str):
    assert furniture.lower() not in seed_article.text.lower()


def test_seed_article_metadata(seed_article: ExtractedArticle):
    assert seed_article.canonical_url == (
        "https://tassawarnews.example/2025/11/07/"
        "pakistan-afghan-interim-government-continue-dialogue-in-istanbul/"
    )
    assert seed_article.published == datetime(2025, 11, 7, 4, 15, tzinfo=UTC)
    assert seed_article.title == (
        "Pakistan and Afghan Interim Government Continue Dialogue in Istanbul"
    )
    assert seed_article.author == "Tassawar News Desk"
    assert seed_article.site_name == "Tassawar News"
    assert seed_article.language == "en"


def test_seed_article_text_is_paragraphs_without_the_headline(seed_article: ExtractedArticle):
    paragraphs = seed_article.text.split("\n\n")
    assert paragraphs[0].startswith("Islamabad (Tassawar News): The recent commencement")
    assert paragraphs[-1].endswith("subsequently emerge on the ground.")
    assert "Pakistan’s Focus on Security and Evidence" in paragraphs
    assert all(p.strip() == p and p for p in paragraphs)


def test_metadata_from_json_ld_graph_and_relative_canonical():
    body = (TESTDATA / "jsonld-metadata.html").read_bytes()
    article = extract_article(body, "https://gazeta.example/noticias/2024/05/chuva?utm_source=rss")
    assert article is not None
    assert (
        article.canonical_url
        == "https://gazeta.example/noticias/2024/05/chuva-forte-alaga-avenidas"
    )
    assert article.published == datetime(2024, 5, 3, 21, 40, tzinfo=UTC)
    assert article.author == "Ana Souza, Bruno Lima"
    assert article.title == "Chuva forte alaga avenidas em Porto Alegre"
    assert article.site_name == "Gazeta do Sul"
    assert article.language == "pt"  # no <html lang>: detected from the text
    assert "moradores ilhados em pelo menos três bairros" in article.text
    assert "newsletter" not in article.text


def test_consent_wall_page_gives_no_article():
    body = (TESTDATA / "consent-wall.html").read_bytes()
    assert extract_article(body, "https://news.example/2024/05/story.html") is None


def test_page_served_from_a_consent_host_gives_no_article():
    body = SEED_PAGE.read_bytes()
    assert extract_article(body, "https://consent.yahoo.com/v2/collectConsent?sessionId=3") is None


def test_pdf_body_gives_no_article():
    pdf = (TESTDATA / "report.pdf").read_bytes()
    assert extract_article(pdf, "https://news.example/report") is None
    assert extract_article(pdf, "https://news.example/report", "application/octet-stream") is None


def test_image_content_type_gives_no_article_even_with_html_looking_bytes():
    assert extract_article(SEED_PAGE.read_bytes(), SEED_URL, "image/png") is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n\t ",
        b"\x00" * 100,
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"<html><head><title>Nothing here</title></head><body></body></html>",
        b"<?xml version='1.0' encoding='utf-8'?><rss><channel></channel></rss>",
        b"<<<<>>>>&&&&;;;;" * 200,
        "",
    ],
)
def test_empty_or_garbage_input_gives_none_without_raising(body: bytes | str):
    assert extract_article(body, "https://news.example/x") is None


@pytest.mark.parametrize(
    "body",
    [
        "<p>\ud800 lone surrogate and a NUL \x00 in text</p>",
        "<p>\ud800 lone surrogate</p>".encode("utf-8", "surrogatepass"),
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>Déjà vu</p></body></html>',
        "<html>" + "<div>" * 5000 + "<p>deep nesting</p>",
    ],
)
def test_malformed_input_does_not_raise(body: bytes | str):
    extract_article(body, "not a url at all")


def test_huge_page_is_extracted_with_bounded_text():
    paragraph = (
        "<p>Paragraph {} of the never-ending live blog, where reporters add one more update "
        "about the summit talks every few minutes.</p>\n"
    )
    html = (
        "<html><head><title>Live</title></head><body><article>"
        + "".join(paragraph.format(i) for i in range(45_000))
        + "</article></body></html>"
    )
    assert len(html) > 5_000_000
    article = extract_article(html.encode(), "https://news.example/live")
    assert article is not None
    assert len(article.text) <= MAX_TEXT_CHARS
    assert article.text.startswith("Paragraph 0 of the never-ending live blog")
    assert article.text.endswith("every few minutes.")  # cut between paragraphs, not inside


def test_oversized_body_cut_inside_a_character_still_reads_as_utf8(monkeypatch):
    from bot.extraction import article as article_module

    prose = "<p>“Quoted” words from the minister’s speech about the new border crossing.</p>"
    body = ("<html><body><article>" + prose * 40).encode("utf-8")
    cut = body.index("’".encode()) + 1  # inside the three bytes of the apostrophe
    monkeypatch.setattr(article_module, "MAX_HTML_BYTES", cut)
    article = extract_article(body)
    assert article is not None
    assert "“Quoted” words from the minister" in article.text
    assert "â€" not in article.text


def test_str_input_and_missing_url_are_accepted():
    article = extract_article(SEED_PAGE.read_text(encoding="utf-8"))
    assert article is not None
    assert "third round" in article.text
    # the canonical link is absolute already, so no page URL is needed to report it
    assert article.canonical_url is not None


def test_numbered_lists_and_bold_lead_ins_are_kept_in_the_text() -> None:
    sentence = "Officials spoke in the capital after a long cabinet meeting that went on late. "
    html = (
        "<html><body><article><h1>Stadium delayed</h1>"
        f"<p>{sentence * 4}</p>"
        "<ol><li><b>Safety:</b> The fire certificate has not been issued yet.</li>"
        "<li>The tram stop outside the east gate is unfinished.</li></ol>"
        f"<p><strong>Why it matters:</strong> {sentence * 2}</p>"
        f"<p>A <b>bold</b> word inside a paragraph is only emphasis. {sentence}</p>"
        "<ul><li>An item of a bulleted list.</li></ul>"
        "</article></body></html>"
    )
    article = extract_article(html, "https://news.example/stadium")
    assert article is not None
    lines = article.text.split("\n\n")
    assert "1. **Safety:** The fire certificate has not been issued yet." in lines
    assert "2. The tram stop outside the east gate is unfinished." in lines
    assert any(line.startswith("**Why it matters:** Officials spoke") for line in lines)
    assert any(line.startswith("A bold word inside") for line in lines)
    assert "- An item of a bulleted list." in lines


def _stadium_lines(*middle: str) -> list[str]:
    """The text's lines of a page whose article holds ``middle`` between paragraphs of prose."""
    sentence = "Officials spoke in the capital after a long cabinet meeting that went on late. "
    html = (
        "<html><body><article><h1>Stadium delayed</h1>"
        f"<p>{sentence * 4}</p>{''.join(middle)}<p>{sentence * 2}</p>"
        "</article></body></html>"
    )
    article = extract_article(html, "https://news.example/stadium")
    assert article is not None
    return article.text.split("\n\n")


def test_a_bold_lead_in_keeps_the_punctuation_written_against_it() -> None:
    lines = _stadium_lines(
        "<p><strong>Moderator</strong>: Anna Berg, chair of the building committee</p>",
        "<p><b>Im</b>mediately after the meeting the minister left. The hall emptied fast.</p>",
    )
    assert "**Moderator:** Anna Berg, chair of the building committee" in lines
    assert any(line.startswith("Immediately after the meeting") for line in lines)


def test_a_bold_lead_in_does_not_glue_the_words_around_later_bold_text() -> None:
    lines = _stadium_lines(
        "<p><b>Anna Berg</b> chairs the committee and speaks for <b>all twelve</b> members.</p>",
        "<p><b>Her deputy answers for </b><a href='/m'><b>the</b></a> budget.</p>",
    )
    assert "**Anna Berg** chairs the committee and speaks for all twelve members." in lines
    assert "**Her deputy answers for** the budget." in lines
