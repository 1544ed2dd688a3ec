"""One folding for every comparison of words: Arabic-script variants, digits, Latin accents."""

import pytest

from bot.text.folding import fold, split_words, unify_arabic
from bot.text.stemming import stem


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("وزیر اعظم", "وزير اعظم"),  # Farsi/Urdu yeh and Arabic yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("کراچی", "كراچي"),  # keheh and Arabic kaf
        ("شہباز", "شهباز"),  # heh goal and Arabic heh
        ("ثالثۃ", "ثالثة"),  # teh marbuta goal and teh marbuta
        ("عِمْران", "عمران"),  # vowel marks
        ("عمـــران", "عمران"),  # tatweel
        ("أحمد إسلام آباد", "احمد اسلام اباد"),  # alef forms
        ("١٤ نومبر", "14 نومبر"),  # Arabic-Indic digits
        ("۲۰۲۶", "2026"),  # Eastern Arabic-Indic digits
        ("ﻋﻤﺮﺍﻥ", "عمران"),  # presentation forms, as old PDFs and some sites carry them
    ],
)
def test_arabic_script_variants_fold_alike(one: str, other: str) -> None:
    assert fold(one) == fold(other)
    assert split_words(one) == split_words(other)


def test_urdu_letters_that_are_different_words_stay_apart() -> None:
    # ے (bari ye) and ھ (do-chashmi he) make other words, not other spellings.
    assert fold("ہے") != fold("ہی")
    assert fold("پھل") != fold("پل")


def test_unify_arabic_keeps_case_and_other_scripts() -> None:
    assert unify_arabic("Imran Khan عِمـران خان") == "Imran Khan عمران خان"
    assert unify_arabic("ﻋﻤﺮﺍﻥ") == "عمران"
    assert unify_arabic("Türkiye") == "Türkiye"


def test_other_scripts_keep_their_marks_and_latin_loses_accents() -> None:
    assert fold("हिन्दी") == "हिन्दी"
    assert fold("Türkiye Łódź") == "turkiye lodz"


@pytest.mark.parametrize(
    ("one", "other"),
    [("talks", "talk"), ("countries", "country"), ("taxes", "tax"), ("movies", "movie")],
)
def test_the_stemmer_meets_plurals(one: str, other: str) -> None:
    assert stem(one) == stem(other)


@pytest.mark.parametrize(("one", "other"), [("news", "new"), ("rating", "rate")])
def test_the_stemmer_keeps_other_words_apart(one: str, other: str) -> None:
    assert stem(one) != stem(other)


@pytest.mark.parametrize(
    ("one", "other"), [("talking", "talks"), ("shelled", "shells"), ("reported", "reporting")]
)
def test_the_inflections_option_meets_ing_and_ed_forms(one: str, other: str) -> None:
    assert stem(one, inflections=True) == stem(other, inflections=True)
    assert stem(one) != stem(other)  # the default, which matching and stories use, stays light


@pytest.mark.parametrize("word", ["during", "sing", "seed", "news", "2019"])
def test_the_inflections_option_keeps_short_and_uninflected_words(word: str) -> None:
    assert stem(word, inflections=True) == stem(word)
