"""Urdu and Arabic text: sentences end at ۔ ؟ ؛ (not at the Arabic comma), and a summary is
whole Urdu sentences."""

import json
from pathlib import Path

from bot.summaries import split_sentences, summarise
from bot.summaries.terms import content_terms

NEWS = json.loads(
    (Path(__file__).parent.parent / "text" / "testdata" / "urdu_news.json").read_text("utf-8")
)


def test_an_urdu_paragraph_splits_into_whole_sentences() -> None:
    text = (
        "کیا مذاکرات کامیاب ہوں گے؟ ترجمان نے کہا، امید ہے کہ ہاں! دونوں ملک امن چاہتے ہیں؛"
        " مگر اختلافات باقی ہیں۔مذاکرات ۲ دن جاری رہیں گے۔"
    )
    assert split_sentences(text) == [
        "کیا مذاکرات کامیاب ہوں گے؟",
        "ترجمان نے کہا، امید ہے کہ ہاں!",
        "دونوں ملک امن چاہتے ہیں؛",
        "مگر اختلافات باقی ہیں۔",
        "مذاکرات ۲ دن جاری رہیں گے۔",
    ]


def test_an_arabic_sentence_keeps_its_commas() -> None:
    text = "قالت الحكومة، يوم الثلاثاء، إنها لن تغير القانون. وأضاف الوزير أن المحادثات مستمرة."
    assert split_sentences(text) == [
        "قالت الحكومة، يوم الثلاثاء، إنها لن تغير القانون.",
        "وأضاف الوزير أن المحادثات مستمرة.",
    ]


def test_an_urdu_summary_is_two_or_three_whole_sentences() -> None:
    article = NEWS["talks_urdu_keyboard"]
    source = split_sentences(article["text"])
    summary = split_sentences(summarise(article["text"], article["title"]))
    assert 2 <= len(summary) <= 3
    assert all(sentence in source for sentence in summary)


def test_hindi_words_stay_whole_in_summary_terms() -> None:
    terms = content_terms("भारत और पाकिस्तान के बीच बातचीत")
    assert terms == ["भारत", "पाकिस्तान", "बीच", "बातचीत"]
