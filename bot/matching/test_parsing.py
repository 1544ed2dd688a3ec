"""Reading topics as people type them, and explaining the ones we can't read."""

from pathlib import Path

import pytest

from bot.matching import QueryError, parse_query

TESTDATA = Path(__file__).parent / "testdata"


def _malformed() -> list[tuple[str, str]]:
    lines = (TESTDATA / "malformed_queries.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    return [(typed, explained) for typed, explained in rows]


@pytest.mark.parametrize(("query", "expected"), _malformed())
def test_malformed_topics_are_explained_with_an_example(query: str, expected: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query)
    message = str(error.value)
    assert expected in message
    example = message.split("For example: ", 1)[1]
    parse_query(example)  # the example we offer must itself be a correct topic


def test_plain_words_are_all_required() -> None:
    query = parse_query("Pakistan Afghanistan talks")
    assert [[term.text for term in clause] for clause in query.clauses] == [
        ["Pakistan"],
        ["Afghanistan"],
        ["talks"],
    ]
    assert query.describe() == (
        'articles mentioning "pakistan", "afghanistan" and "talks" (any form)'
    )


def test_exclusions_are_described() -> None:
    query = parse_query("Pakistan Afghanistan talks -crypto")
    assert query.describe() == (
        'articles mentioning "pakistan", "afghanistan" and "talks" (any form), not "crypto"'
    )


def test_or_binds_tighter_than_the_spaces_between_words() -> None:
    query = parse_query("ECB OR Fed rates")
    assert [[term.text for term in clause] for clause in query.clauses] == [
        ["ECB", "Fed"],
        ["rates"],
    ]
    assert query.describe() == 'articles mentioning either "ecb" or "fed", and "rates" (any form)'
    assert parse_query("(ECB OR Fed) rates").clauses == query.clauses


def test_lower_case_or_is_an_ordinary_word() -> None:
    assert len(parse_query("ECB or Fed").clauses) == 3


def test_quoted_phrase_and_alternative() -> None:
    query = parse_query('"climate summit" OR COP30')
    (clause,) = query.clauses
    assert [(term.text, term.tokens, term.quoted) for term in clause] == [
        ("climate summit", ("climate", "summit"), True),
        ("COP30", ("cop30",), False),
    ]
    assert query.describe() == (
        'articles mentioning either the phrase "climate summit" or "cop30" (any form)'
    )


def test_phone_quotes_and_dashes_work_like_straight_ones() -> None:
    assert (
        parse_query("“climate summit” −crypto").clauses
        == parse_query('"climate summit" -crypto').clauses
    )
    assert parse_query("„Klimagipfel“ Belém").clauses[0][0].tokens == ("klimagipfel",)


def test_a_dash_between_words_is_punctuation() -> None:
    query = parse_query("Pakistan - Afghanistan")
    assert len(query.clauses) == 2
    assert not query.excluded


def test_site_and_lang_filters() -> None:
    query = parse_query("site:https://www.Dawn.com/news Istanbul lang:EN")
    assert query.sites == ("dawn.com",)
    assert query.languages == ("en",)
    assert (
        query.describe() == 'articles mentioning "istanbul" (any form), from dawn.com, in English'
    )
    assert parse_query("site:dawn.com").describe() == "all articles from dawn.com"
    assert parse_query("Istanbul -site:dailymail.co.uk").excluded_sites == ("dailymail.co.uk",)


def test_emoji_among_words_are_ignored() -> None:
    query = parse_query("🇹🇷 Türkiye 🚀 talks ❤️")
    assert [clause[0].tokens for clause in query.clauses] == [("turkiye",), ("talk",)]


def test_a_hyphenated_word_must_appear_as_written() -> None:
    (clause,) = parse_query("U.S.-led").clauses
    assert clause[0].tokens == ("us", "led")


def test_the_200_character_limit() -> None:
    long_words = " ".join(["a" * 49] * 3)
    parse_query(f"{long_words} {'b' * 50}")
    with pytest.raises(QueryError, match="201 characters; the limit is 200"):
        parse_query(f"{long_words} {'b' * 49} c")


def test_twenty_terms_are_allowed() -> None:
    assert len(parse_query(" ".join(f"w{i}" for i in range(20))).clauses) == 20
