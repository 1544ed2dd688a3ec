from pathlib import Path

import pytest

from bot.extraction import extract_article, is_consent_wall, looks_like_boilerplate
from bot.extraction.boilerplate import is_dateline, remove_boilerplate

TESTDATA = Path(__file__).parent / "testdata"


@pytest.mark.parametrize(
    "line",
    [
        "This website uses cookies to improve your experience. We'll assume you're ok with this.",
        "We use cookies on our website to give you the most relevant experience. By clicking "
        "“Accept All”, you consent to the use of ALL the cookies.",
        "Privacy Overview",
        "Cookie Policy",
        "Accept All",
        "Manage preferences",
        "We and our partners store and/or access information on a device, such as cookies.",
        "Leave a Reply",
        "Leave a Reply Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Notify me of follow-up comments by email.",
        "This site uses Akismet to reduce spam.",
        "2 comments",
        "Subscribe to our newsletter",
        "Sign up for our daily newsletter to get the best stories in your inbox.",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Follow @NewsDeals on Twitter to keep up with the latest deals.",
        "Related posts",
        "Related: Second round of talks ends in Istanbul",
        "You may also like",
        "Lesen Sie auch die folgenden Beiträge:",
        "Weitere Artikel zum Thema",
        "Zum Weiterlesen:",
        "Noticias relacionadas",
        "Keine Kommentare",
        "Kommentare insgesamt: 4",
        "Keine Kommentare (Kommentare erscheinen erst nach der Freigabe)",
        "Titelbild: Max Muster",
        "Foto: dpa",
        "Image credit: NASA/JPL",
        "Inhaltsverzeichnis",
        "To view the full story, please subscribe to The Harbour Times.",
        "If you're seeing this message but you're already a subscriber, you can log in.",
        "For the latest stories download the Harbour News apps for iOS and Android.",
        "Anzeige",
        "*Werbung. Dieser Beitrag enthält Werbung für eine Hafenrundfahrt.",
        "Anzeige, enthält Affiliate Links",
        "Tags:",
        "Listen:\xa0http://po.st/TP_615",
        "[button link=”http://example.com/submit/” type=”big”] Send us YOUR review[/button]",
        # Arabic and Urdu comment sections (tests/newssite/pages: a real Arabic page has both)
        "نرحب بالنقاش، ولذلك يتم مراجعة التعليقات قبل نشرها. ننصحك بمراجعة إرشادات الاستخدام.",
        "الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.",
        "التعليقات المنشورة لا تعبر بالضرورة عن رأي الصحيفة",
        "نوٹ: ادارے کا لکھاری کی رائے سے متفق ہونا ضروری نہیں ہے۔",
    ],
)
def test_furniture_lines_are_boilerplate(line: str):
    assert looks_like_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Democrats said they would not accept all of the terms proposed by the White House, "
        "and talks are expected to continue into next week as both sides weigh their options.",
        "Millions of users follow the president on Twitter, where he announced the decision.",
        "The minister will join the discussion on border security when the talks resume in "
        "Istanbul on Monday, officials said, adding that no agenda had been published.",
        "Girl Scouts sold more than 200 million boxes of cookies last year, the group said.",
        "Users could share on Facebook and Instagram until the ban took effect in March.",
        "The regulator fined the company for setting tracking cookies without consent. " * 12,
        "Comments from the minister drew criticism from opposition lawmakers.",
        "Zwei Kommentare des Ministers sorgten in Berlin für Kritik.",
        "Lesen Sie auch, was der Minister am Montag in Berlin dazu sagte.",
        "Weitere Artikel zum Thema Wohnen will der Verlag im Frühjahr drucken.",
        "Photo: the minister at the harbour on Monday, before the vote.",
        "Contents of the report were leaked to reporters on Monday.",
        "Werbung für Tabak ist in Deutschland seit 2021 weiter eingeschränkt worden.",
        "Subscriptions to the full story archive fell by a third, the publisher said on Monday, "
        "after the paper raised its prices for the second time this year and cut the weekly "
        "magazine it had sent to subscribers since 1998. " * 5,
        "Users complained that accepting cookies was easier than rejecting them, the regulator "
        "found, and the publisher's cookie policy was changed in March.",
        'The opposition leader said he would "accept" the result if the count was fair.',
        "Pakistan’s Focus on Security and Evidence",
        "وقال المتحدث إن التعليقات التي أدلى بها الوزير لا تعبر عن موقف الحكومة الرسمي.",
        "حکومت نے کہا کہ وہ ادارے کی رپورٹ کا جائزہ لے گی اور اپوزیشن سے بات کرے گی۔",
    ],
)
def test_news_prose_is_not_boilerplate(line: str):
    assert not looks_like_boilerplate(line)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Updated at 1:23 p.m.", True),
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", True),
        ("November 20, 2019", True),
        ("19/11/2019 14:05", True),
        ("$139.00", False),
        ("2019 was a record year for the port.", False),
        ("November 20, 2019: Talks resume in Istanbul", False),
        ("5 of 10", False),
        ("On the 3rd", False),
    ],
)
def test_datelines(line: str, expected: bool):
    assert is_dateline(line) is expected


def test_remove_boilerplate_keeps_prose_and_drops_the_repeated_headline():
    paragraphs = [
        "Talks resume in Istanbul",
        "November 7, 2025",
        "The third round of talks opened on Friday.",
        "Share on Facebook",
        "Officials said the sides exchanged evidence.",
        "Leave a Reply",
    ]
    assert remove_boilerplate(paragraphs, "Talks resume in Istanbul") == [
        "The third round of talks opened on Friday.",
        "Officials said the sides exchanged evidence.",
    ]


def test_consent_host_is_a_wall_whatever_the_text():
    assert is_consent_wall("https://consent.google.com/m?continue=https://news.google.com", "")
    assert is_consent_wall("https://guce.yahoo.com/consent?brandType=nonEu", "Some text")
    assert not is_consent_wall("https://news.example/consent-laws-explained", "")


def test_cookie_interstitial_text_is_a_wall():
    text = (
        "Before you continue to Example News\n\n"
        "We use cookies and data to deliver and maintain our services and measure audience "
        "engagement.\n\n"
        'If you choose to "Accept all", we and our partners will also use cookies and data to '
        "show personalised content and ads.\n\n"
        "Accept all\n\nReject all\n\nManage preferences"
    )
    assert is_consent_wall("https://news.example/story", text)


def test_article_about_cookies_is_not_a_wall():
    article = (
        "The data protection authority fined the publisher on Tuesday, saying its website set "
        "advertising cookies before visitors had given consent.\n\n"
        "The regulator said the banner made rejecting all cookies harder than accepting them, "
        "which breaches European privacy rules. The publisher said it would appeal.\n\n"
        "Consumer groups welcomed the decision. They have filed complaints against dozens of "
        "news sites over the past two years, arguing that consent obtained through confusing "
        "designs is not freely given.\n\n"
        "The fine, the largest the authority has imposed on a media company, amounts to two "
        "percent of annual revenue. The company has three months to change its banner."
    )
    assert not is_consent_wall("https://news.example/fine", article)


def test_consent_wall_fixture_text_is_a_wall():
    from bot.extraction.article import parse_html

    tree = parse_html((TESTDATA / "consent-wall.html").read_text(encoding="utf-8"))
    assert tree is not None
    text = "\n\n".join(p.text_content() for p in tree.iter("p", "h1"))
    assert is_consent_wall("https://news.example/story", text)


def test_furniture_lines_are_read_through_no_break_spaces_and_table_cells():
    paragraphs = [
        "The third round of talks opened on Friday.",
        "For the latest stories download the\xa0Harbour News apps\xa0for iOS and Android.",
        "| \xa0\xa0Weitere\xa0Artikel\xa0zum\xa0Thema |",
        "| Kommentare insgesamt: 0 |  |",
        "| Hafen | Talks resume in Istanbul |",
    ]
    assert remove_boilerplate(paragraphs) == [
        "The third round of talks opened on Friday.",
        "| Hafen | Talks resume in Istanbul |",
    ]


def test_a_furniture_label_laid_out_in_a_table_is_dropped_from_the_article():
    body = "".join(
        f"<p>Paragraph {n} of the port story: the harbour master said the ferries run on"
        " time again after a week of storms, and the quay is open to traffic.</p>"
        for n in range(6)
    )
    html = (
        "<html><head><title>Ferries run again</title></head><body><article>"
        f"<h1>Ferries run again</h1>{body}"
        "<table><tr><td>&nbsp;&nbsp;Weitere&nbsp;Artikel&nbsp;zum&nbsp;Thema</td></tr>"
        "<tr><td>Kommentare insgesamt: 0</td><td></td></tr></table>"
        "</article></body></html>"
    )
    article = extract_article(html, "https://harbour.example/ferries")
    assert article is not None
    assert "Paragraph 5 of the port story" in article.text
    assert "Weitere" not in article.text and "Kommentare" not in article.text


def test_a_reference_the_text_points_to_is_kept_and_a_bare_url_line_is_not():
    paragraphs = [
        "Free software guarantees four freedoms [1], and the foundation's lawyers explain "
        "them in detail on their site [2].",
        "[1] https://www.gnu.org/philosophy/free-sw.html",
        "[2] https://fsfe.org/freesoftware/",
        "[3] https://example.org/an-unreferenced-address",
        "https://example.org/share?u=story",
    ]
    assert remove_boilerplate(paragraphs) == paragraphs[:3]


def test_a_reference_counts_only_when_a_kept_line_points_to_it():
    # A marker in a line that goes (a share bar) points to nothing; one in bold prose does,
    # and a kept reference line's own marker does for a repeat of it further down.
    paragraphs = [
        "Share on Facebook [4]",
        "The port authority published the figures **[5]** on Monday.",
        "[4] https://example.org/share-link",
        "[5] https://port.example/figures-2026",
        "[5] https://port.example/figures-2026-annex",
    ]
    assert remove_boilerplate(paragraphs) == [paragraphs[1], *paragraphs[3:]]
