"""Folding and tokenising: every spelling of a word meets the others."""

import unicodedata

import pytest

from bot.matching import fold, terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Türkiye", "turkiye"),
        ("TÜRKIYE", "turkiye"),
        (unicodedata.normalize("NFD", "Türkiye"), "turkiye"),
        ("İstanbul", "istanbul"),
        ("Straße", "strasse"),
        ("Øresund Łódź", "oresund lodz"),
        ("ECB", "ecb"),
        ("Ｅｃｂ", "ecb"),  # full-width letters, as some keyboards type them
        ("Москва", "москва"),
        ("Ёлка", "елка"),
        ("東京", "東京"),
    ],
)
def test_fold_removes_case_width_and_latin_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_marks_that_are_part_of_other_scripts() -> None:
    # Stripping these would change the word: Japanese dakuten, Devanagari vowel signs.
    assert fold("ガス") == "ガス"
    assert fold("हिन्दी") == "हिन्दी"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("talk", "talks"),
        ("rate", "rates"),
        ("country", "countries"),
        ("movie", "movies"),
        ("tax", "taxes"),
        ("church", "churches"),
        ("Turkiye", "Türkiye"),
        ("ECB", "ecb"),
        ("US", "U.S."),
        ("UK", "u.k"),
        ("German", "Germany"),
        ("Germans", "Germany"),
        ("Turkey", "Türkiye"),
        ("Pakistanis", "Pakistan"),
        ("Italian", "Italy"),
    ],
)
def test_inflections_and_spellings_meet(one: str, other: str) -> None:
    assert terms(one) == terms(other)


@pytest.mark.parametrize(("one", "other"), [("news", "new"), ("rating", "rate"), ("us", "u")])
def test_different_words_stay_apart(one: str, other: str) -> None:
    assert terms(one) != terms(other)


def test_terms_drop_punctuation_emoji_and_invisible_characters() -> None:
    assert terms("🚀 Af\u00adghan\u00adistan’s “talks” — resume… 🔥") == [
        "afghanistan",
        "s",
        "talk",
        "resume",
    ]


def test_terms_split_dotted_names_but_join_acronyms() -> None:
    assert terms("dawn.com reports 3.5% in the U.S. e.on") == [
        "dawn",
        "com",
        "report",
        "3",
        "5",
        "in",
        "the",
        "us",
        "e",
        "on",
    ]


def test_the_same_words_tokenise_alike_with_or_without_typographic_punctuation() -> None:
    assert terms("Türkiye’s — talks") == terms("Turkiye's - talks")
    assert terms("It’s “over”") == terms('It\'s "over"')


def test_chinese_and_japanese_characters_are_one_token_each() -> None:
    assert terms("東京都知事") == ["東", "京", "都", "知", "事"]


def test_hangul_and_cyrillic_words_stay_whole() -> None:
    assert terms("서울 시장") == ["서울", "시장"]
    assert terms("Красная площадь") == ["красная", "площадь"]
