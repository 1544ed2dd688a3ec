"""A topic naming a country finds headlines that use its adjective, and the other way round."""

from bot.matching import Document, matches, parse_query


def test_the_seed_topic_finds_the_seed_headline() -> None:
    query = parse_query("Pakistan Afghanistan talks")
    doc = Document(
        title="Pakistan and Afghan Interim Government Continue Dialogue in Istanbul",
        text="The third round of talks between Pakistan and the Afghan interim government.",
    )
    assert matches(query, doc)


def test_adjective_topics_find_country_names_and_plurals() -> None:
    doc = Document(title="Talks in Türkiye", text="Pakistanis and Afghans met in Turkey.")
    assert matches(parse_query("Pakistani Afghan Turkish"), doc)
    assert not matches(parse_query("Iranian talks"), doc)
