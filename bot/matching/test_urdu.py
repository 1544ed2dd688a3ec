"""Topics in Urdu match Urdu articles however their letters were typed."""

import json
from pathlib import Path

import pytest

from bot.matching import Document, matches, parse_query

NEWS = json.loads(
    (Path(__file__).parent.parent / "text" / "testdata" / "urdu_news.json").read_text("utf-8")
)


def matching(topic: str) -> set[str]:
    query = parse_query(topic)
    return {
        name
        for name, article in NEWS.items()
        if matches(query, Document(article["title"], article["text"], language="ur"))
    }


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        # Typed on an Urdu keyboard; the article came from an Arabic one, with vowel marks.
        ("عمران خان", {"imran_khan_arabic_keyboard"}),
        ("عِمْران خان", {"imran_khan_arabic_keyboard"}),
        ("وزیر اعظم عمران خان", {"imran_khan_arabic_keyboard"}),
        ('"ہائی کورٹ"', {"imran_khan_arabic_keyboard"}),
        ("۱۴ نومبر", {"imran_khan_arabic_keyboard"}),
        ("14 نومبر", {"imran_khan_arabic_keyboard"}),
        # Both reports of the talks, whichever keyboard each outlet used.
        ("استنبول مذاکرات", {"talks_urdu_keyboard", "talks_arabic_keyboard"}),
        ("خواجہ آصف", {"talks_urdu_keyboard", "talks_arabic_keyboard"}),
        ("ترکیہ -کراچی", {"talks_urdu_keyboard", "talks_arabic_keyboard"}),
        ("کراچی بارش", {"karachi_rain"}),
        ("کراچی مذاکرات", set()),
    ],
)
def test_urdu_topics_match_urdu_articles(topic: str, expected: set[str]) -> None:
    assert matching(topic) == expected


def test_lang_ur_finds_urdu_articles() -> None:
    assert matching("lang:ur کراچی") == {"karachi_rain"}
