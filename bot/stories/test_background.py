import json

from bot.stories import ClusteringSettings, StoryClusterer
from bot.stories.background import background_shares
from bot.stories.term_weights import DocumentFrequencies
from bot.stories.tokens import tokenize
from tests.fixtures.corpora import SHARED_TESTDATA

ARTICLES = json.loads((SHARED_TESTDATA / "articles.json").read_text("utf-8"))


def _term(word: str) -> str:
    (term,) = tokenize(word)
    return term


def test_the_prior_knows_common_words_of_many_languages_from_rare_ones() -> None:
    shares = background_shares()
    for common, rare in [
        ("government", "kathmandu"),
        ("gobierno", "kathmandu"),  # Spanish
        ("حکومت", "kathmandu"),  # Urdu
        ("hükümet", "kathmandu"),  # Turkish (folded like articles are)
    ]:
        assert shares[_term(common)] > 0.01 > shares.get(_term(rare), 0.0)


def test_before_any_article_a_common_word_weighs_less_than_a_name() -> None:
    counts = DocumentFrequencies(background=background_shares(), background_documents=20_000)
    assert counts.idf(_term("officials")) < counts.idf(_term("Sukanya")) - 2.0
    plain = DocumentFrequencies()
    assert plain.idf(_term("officials")) == plain.idf(_term("Sukanya"))


def test_the_feed_own_counts_still_move_rarity() -> None:
    counts = DocumentFrequencies(background=background_shares(), background_documents=1_000)
    before = counts.idf(_term("Sukanya"))
    for _ in range(500):
        counts.add([_term("Sukanya")])
    assert counts.idf(_term("Sukanya")) < before - 1.0
    weights = counts.tf_idf({_term("Sukanya"): 1.0, _term("kathmandu"): 1.0})
    assert weights[_term("Sukanya")] < weights[_term("kathmandu")]


def _feed(clusterer: StoryClusterer, names: list[str]) -> list[int]:
    return [
        clusterer.add(ARTICLES[n]["id"], ARTICLES[n]["title"], ARTICLES[n]["text"]).story_id
        for n in names
    ]


def test_a_fresh_index_keeps_a_look_alike_event_apart() -> None:
    # Six articles in: the online counts alone cannot yet tell "pirates", "navy" and "ship"
    # from the ship's and the port's names, and the second hijacking joined the first.
    names = [
        "chile_quake_ap",
        "chile_quake_reuters",
        "indonesia_quake",
        "indonesia_quake_second_outlet",
        "pirates_mysore",
        "pirates_mysore_second_outlet",
        "pirates_sukanya",
    ]
    stories = _feed(StoryClusterer(), names)
    assert stories[0] == stories[1] and stories[2] == stories[3] and stories[4] == stories[5]
    assert stories[6] not in stories[:6]
    without = _feed(StoryClusterer(settings=ClusteringSettings(background_documents=0)), names)
    assert without[6] == without[4]  # what happened without the prior
