"""What a topic matches, on real-world articles: operators, folding, site: and lang:."""

import json
from pathlib import Path

import pytest

from bot.matching import Document, matches, parse_query

TESTDATA = Path(__file__).parent / "testdata"


def _articles() -> dict[str, Document]:
    lines = (TESTDATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return {
        row["name"]: Document(row["title"], row["text"], row["url"], row["language"])
        for row in rows
    }


ARTICLES = _articles()


def matching(topic: str) -> set[str]:
    """Names of the test articles the topic matches."""
    query = parse_query(topic)
    return {name for name, doc in ARTICLES.items() if matches(query, doc)}


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        # Words: all of them, anywhere in title and text, in any form and spelling.
        ("Pakistan Afghanistan talks", {"turkiye-typographic"}),
        ("Turkiye", {"turkiye-typographic", "nfd-soft-hyphen"}),
        ("TÜRKİYE talk", {"turkiye-typographic", "nfd-soft-hyphen"}),
        ("Afghanistan", {"turkiye-typographic", "nfd-soft-hyphen"}),
        ("ecb rates", {"ecb-rates-crypto", "ecb-rates-plain"}),
        ("US surgeon", {"ecbplus-34_7ecb"}),
        ("Strasse Bundestag", {"german-bundestag"}),
        ("москва ёлка", {"russian-yo"}),
        ("Starship", {"emoji-title"}),
        # Phrases: consecutive, in order.
        ('"climate summit"', {"climate-summit"}),
        ('"summit climate"', set()),
        ('"surgeon general"', {"ecbplus-34_7ecb"}),
        ("東京", {"japanese"}),
        ("都知事", {"japanese"}),
        # OR, binding tighter than the implicit AND.
        ('"climate summit" OR COP30', {"climate-summit"}),
        ("ECB OR Fed mortgages", {"ecb-rates-plain"}),
        ("bitcoin OR mortgages ECB", {"ecb-rates-crypto", "ecb-rates-plain"}),
        # Exclusions.
        ("ECB rates -crypto", {"ecb-rates-plain"}),
        ('ECB -"European Central Bank"', {"ecb-rates-plain"}),
        ('ECB -"Central European"', {"ecb-rates-crypto", "ecb-rates-plain"}),
    ],
)
def test_operators_and_folding(topic: str, expected: set[str]) -> None:
    assert matching(topic) == expected


def test_a_phrase_does_not_run_from_the_title_into_the_text() -> None:
    doc = Document(title="Talks end in Doha", text="Summit opens tomorrow")
    assert matches(parse_query('"Doha summit"'), doc) is False
    assert matches(parse_query("Doha summit"), doc) is True


def test_site_matches_the_domain_and_its_subdomains_only() -> None:
    assert matching("site:dawn.com Istanbul") == {"turkiye-typographic"}
    assert matching("site:dawn.com") == {"turkiye-typographic", "nfd-soft-hyphen"}
    assert matching("Istanbul -site:dawn.com") == {"lookalike-hosts", "lookalike-hosts-2"}
    assert matching("site:co.uk ECB") == {"ecb-rates-plain"}
    assert matching("site:ft.com site:bbc.co.uk ECB") == {"ecb-rates-crypto", "ecb-rates-plain"}


def test_lang_needs_the_article_to_be_known_in_that_language() -> None:
    assert matching("lang:de Bundestag") == {"german-bundestag"}
    assert matching("lang:en ECB") == {"ecb-rates-crypto"}  # the BBC one has no language
    assert matching("lang:pt COP30") == {"climate-summit"}  # tagged pt-BR
    assert matching("lang:en Starship") == {"emoji-title"}  # tagged "english"
    assert matching("lang:en lang:de Haushalt OR rates") == {"ecb-rates-crypto", "german-bundestag"}
