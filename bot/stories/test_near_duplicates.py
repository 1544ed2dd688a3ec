import json

from bot.stories import is_near_duplicate, near_duplicate_key
from bot.stories.near_duplicates import MAX_KEY_DISTANCE, key_distance, keys_match
from tests.fixtures.corpora import SHARED_TESTDATA

ARTICLES = json.loads((SHARED_TESTDATA / "articles.json").read_text("utf-8"))
ORIGINAL = ARTICLES["chile_quake_ap"]
COPY = ARTICLES["chile_quake_wire_copy"]
REWRITE = ARTICLES["chile_quake_reuters"]


def _key(article: dict) -> int:
    return near_duplicate_key(article["title"], article["text"])


def test_wire_copy_with_another_headline_and_a_correction_line_is_a_near_duplicate() -> None:
    assert is_near_duplicate(ORIGINAL["text"], COPY["text"])
    assert keys_match(_key(ORIGINAL), _key(COPY))


def test_another_outlet_rewriting_the_same_event_is_not_a_duplicate() -> None:
    assert not is_near_duplicate(ORIGINAL["text"], REWRITE["text"])
    assert not keys_match(_key(ORIGINAL), _key(REWRITE))
    assert key_distance(_key(ORIGINAL), _key(REWRITE)) > 2 * MAX_KEY_DISTANCE


def test_copy_with_a_trimmed_tail_is_still_contained_in_the_original() -> None:
    sentences = ORIGINAL["text"].split(". ")
    trimmed = ". ".join(sentences[:3]) + "."
    assert is_near_duplicate(trimmed, ORIGINAL["text"])


def test_case_diacritics_and_typography_do_not_hide_a_copy() -> None:
    shouted = ORIGINAL["text"].upper().replace("Á", "A").replace("’", "'").replace("—", "-")
    assert is_near_duplicate(shouted, ORIGINAL["text"])
    assert key_distance(near_duplicate_key("", shouted), _key(ORIGINAL)) <= 2


def test_keys_are_stable_signed_64_bit_ints() -> None:
    # Keys are stored in the database: a change here would hide every earlier copy.
    assert _key(ORIGINAL) == 2751592654852206923
    title_only = "Strong earthquake shakes northern Chile, buildings damaged in Antofagasta"
    assert near_duplicate_key(title_only, "") == 1010736681187902342
    assert all(-(2**63) <= _key(a) < 2**63 for a in ARTICLES["background"])


def test_empty_text_is_nobodys_duplicate() -> None:
    assert not is_near_duplicate("", ORIGINAL["text"])
    assert not is_near_duplicate("", "")
