from bot.stories import tokenize
from bot.stories.tokens import tagged_terms


def test_case_diacritics_possessives_and_plurals_fold_together() -> None:
    assert tokenize("Zürich's QUAKES") == tokenize("zurich quake")
    assert tokenize("São Paulo") == ["sao", "paulo"]
    assert tokenize("countries, species and virus") == ["country", "species", "virus"]


def test_stop_words_and_wire_agency_credits_are_dropped() -> None:
    assert tokenize("SANTIAGO, Chile (AP) — It was the first of the quakes") == [
        "santiago",
        "chile",
        "first",
        "quake",
    ]


def test_decimal_numbers_stay_whole() -> None:
    assert "7.1" in tokenize("a magnitude 7.1 quake")
    assert "1,200" in tokenize("killing 1,200 people")


def test_names_are_marked_even_where_they_start_a_sentence() -> None:
    tagged = dict(tagged_terms("Reid checked into rehab. A publicist for Tara Reid said so."))
    assert tagged["reid"] and tagged["tara"]
    assert not tagged["rehab"] and not tagged["publicist"]


def test_a_title_case_headline_does_not_make_every_word_a_name() -> None:
    tagged = dict(tagged_terms("Strong Earthquake Shakes Northern Chile In 2026"))
    assert not tagged["earthquake"]
    assert tagged["2026"]


def test_cjk_text_becomes_character_pairs() -> None:
    assert tokenize("東京で地震") == ["東京", "京で", "で地", "地震"]
