"""Real Urdu and Arabic news pages, from the page to the clean page: the article is kept and
the chrome dropped, the summary is whole sentences, and the clean page reads right to left
because the article does (tests/newssite/pages/README.md says where each page comes from)."""

from __future__ import annotations

import re

from bot.extraction import extract_article
from bot.reader.page import ReaderArticle, render_page
from bot.summaries.selection import summarise
from tests.fixtures.harness import running_bot, settings_for
from tests.newssite.server import PAGES
from tests.test_reader_browser import chromium

URDU_PAGE = "ur-bbc-urdu-messi-2019.html"
URDU_URL = "https://www.bbc.com/urdu/articles/cx621klkm1ro"
ARABIC_PAGE = "ar-cnn-arabic-syria-2013.html"
ARABIC_URL = "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"
# Urdu and Arabic sentence ends (full stop, question mark) and the Latin ones they share.
SENTENCE_END = re.compile(r"(?<=[۔؟!?.])\s+")
CHAT = 4242
FIRST_WORD_AND_BOX = """h => {
  const range = document.createRange();
  range.setStart(h.firstChild, 4);
  range.setEnd(h.firstChild, 7);
  const word = range.getClientRects()[0], box = h.getBoundingClientRect();
  return [{left: word.left, right: word.right}, {left: box.left, right: box.right}];
}"""


def extracted(filename: str, url: str):  # type: ignore[no-untyped-def]
    article = extract_article((PAGES / filename).read_bytes(), url, "text/html; charset=utf-8")
    assert article is not None
    return article


def test_urdu_page_keeps_the_article_and_drops_the_chrome():
    article = extracted(URDU_PAGE, URDU_URL)
    assert article.language == "ur"
    assert article.title == "600 گول! میسی کو روکنا مشکل ہی نہیں ’نا ممکن‘"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 22  # every paragraph of the report, nothing else
    assert paragraphs[0].startswith("1989 میں کلئیوینڈ کویلیئرز اور شکاگو بلز")
    assert paragraphs[-1].startswith("اور جیسا کہ ذلاٹان ابرہیمووچ نے میسی کے بارے میں")
    chrome = [
        "مواد پر جائیں",  # skip link
        "فن فنکار",  # section navigation
        "تصویر کا",  # image credit and caption labels
        "اسی بارے میں",  # related block: heading...
        "مِٹھی میں ہندوؤں کی محرم",  # ...and a teaser's summary, itself a whole sentence
        "دُلدُل",  # most read
        "اعتماد",  # footer
        "ذمہ دار نہیں",
    ]
    assert [text for text in chrome if text in article.text] == []


def test_arabic_page_keeps_the_article_and_drops_the_chrome():
    """The page's own test suite marked its article text by hand: ours is exactly that."""
    article = extracted(ARABIC_PAGE, ARABIC_URL)
    expected = (PAGES / "ar-cnn-arabic-syria-2013.expected.txt").read_text(encoding="utf-8")
    assert article.text == expected.strip()
    assert article.language == "ar"
    assert article.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    for chrome in ("ترحب شبكة CNN بالنقاش", "الآراء الواردة أدناه", "القبض على شاب", "Rights"):
        assert chrome not in article.text


def test_urdu_summary_is_two_or_three_whole_urdu_sentences():
    article = extracted(URDU_PAGE, URDU_URL)
    summary = summarise(article.text, article.title)
    sentences = SENTENCE_END.split(summary.strip())
    assert 2 <= len(sentences) <= 3, sentences
    for sentence in sentences:
        assert sentence.endswith(("۔", "؟")), sentence  # whole, not cut
        assert sentence in article.text  # the article's own words
        assert re.search(r"[\u0600-\u06ff]", sentence)


def test_arabic_summary_quotes_only_the_article():
    article = extracted(ARABIC_PAGE, ARABIC_URL)
    summary = summarise(article.text, article.title)
    sentences = [s for s in SENTENCE_END.split(summary.strip()) if s]
    assert sentences and all(sentence in article.text for sentence in sentences), sentences


def test_clean_page_direction_follows_the_article_not_the_reader():
    for filename, url, lang in ((URDU_PAGE, URDU_URL, "ur"), (ARABIC_PAGE, ARABIC_URL, "ar")):
        article = extracted(filename, url)
        page = render_page(
            ReaderArticle(
                article.title or "",
                article.text,
                url,
                article.site_name,
                article.published,
                language=article.language,
            )
        )
        assert f'<html lang="{lang}" dir="rtl">' in page
    english = ReaderArticle("Talks resume", "The talks resumed.", URDU_URL, None, None, "en")
    head = render_page(english).split("<body>")[0]
    assert '<html lang="en">' in head and 'dir="rtl"' not in head


async def test_urdu_clean_page_renders_right_to_left_in_chromium(
    tg, site, clock, sqlite_url, tmp_path
):
    """An Urdu report followed by a topic in Urdu: its Clean page link opens, in the real
    browser, as a right-to-left page in Urdu."""
    page_url = site.add_page("/urdu/articles/cx621klkm1ro", URDU_PAGE)
    feed = site.add_feed(
        "/urdu/feed/",
        [{"title": "600 گول! میسی کو روکنا مشکل ہی نہیں ’نا ممکن‘", "link": page_url}],
        title="BBC News اردو",
    )
    settings = settings_for(
        tg, sqlite_url, [feed], NEWSBRIEF_WAYBACK_API_URL="", NEWSBRIEF_READER_PUBLIC=True
    )
    async with running_bot(tg, site, settings, clock) as bot, chromium(tmp_path / "p") as ctx:
        await bot.poll_now()
        await bot.say(CHAT, "/subscribe میسی")
        (preview,) = await tg.wait_for(CHAT, lambda m: any("/r/" in x for x in m.links()))
        clean = next(link for link in preview.links() if "/r/" in link)
        browser = await ctx.new_page()
        response = await browser.goto(clean, wait_until="load")
        assert response is not None and response.status == 200
        assert await browser.evaluate("document.documentElement.lang") == "ur"
        assert await browser.evaluate("getComputedStyle(document.body).direction") == "rtl"
        heading = browser.locator("h1")
        assert await heading.inner_text() == "600 گول! میسی کو روکنا مشکل ہی نہیں ’نا ممکن‘"
        # Right to left for real: the heading's first Urdu word ("گول", after "600 ") is laid
        # out in the right half of the heading, where a left-to-right page would never put it.
        word, box = await heading.evaluate(FIRST_WORD_AND_BOX)
        assert word["left"] > (box["left"] + box["right"]) / 2, (word, box)
        await browser.close()
