"""Place names fold like every other word the bot compares."""

from bot.timezones.folding import fold_place


def test_letters_without_a_decomposition_fold_too() -> None:
    # "ł" and "ø" are letters of their own, not "l" and "o" with an accent.
    assert fold_place("Łódź") == fold_place("Lodz") == "lodz"
    assert fold_place("Tromsø") == "tromso"


def test_punctuation_separators_and_saints() -> None:
    assert fold_place("Saint John's") == fold_place("St. Johns") == "st johns"
    assert fold_place("sao_paulo") == fold_place("São Paulo") == "sao paulo"
