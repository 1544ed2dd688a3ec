"""The compiled matcher: same answers as matches() for every topic, and explanations."""

import json
import random
from pathlib import Path

import pytest

from bot.matching import Document, Query, QueryError, TopicMatcher, matches, parse_query

TESTDATA = Path(__file__).parent / "testdata"

# Words that collide on purpose: inflections, spellings, common words, other scripts.
VOCABULARY = (
    "talks talk Talked Türkiye Turkiye ECB ecb rates rate crypto climate summit COP30 Pakistan "
    "Afghanistan U.S. us the of in Fed bitcoin Москва ёлка 東京 東京都 Straße strasse news new "
    "al-Qaeda al Qaeda"
).split()
HOSTS = ["", "https://dawn.com/a", "https://www.dawn.com/b", "https://epaper.dawn.com/c",
         "https://notdawn.com/d", "https://bbc.co.uk/e", "http://[broken"]  # fmt: skip
LANGUAGES = [None, "en", "en-GB", "de", "ru"]


def random_topic(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 4)):
        shape = rng.random()
        word = rng.choice(VOCABULARY)
        if shape < 0.45:
            pieces.append(word)
        elif shape < 0.6:
            pieces.append(f'"{" ".join(rng.choices(VOCABULARY, k=rng.randint(2, 3)))}"')
        elif shape < 0.75:
            alternatives = [rng.choice(VOCABULARY) for _ in range(rng.randint(2, 5))]
            if rng.random() < 0.3:
                alternatives[0] = f'"{alternatives[0]} {rng.choice(VOCABULARY)}"'
            pieces.append(" OR ".join(alternatives))
        elif shape < 0.85:
            pieces.append(
                f"-{word}" if rng.random() < 0.7 else f'-"{word} {rng.choice(VOCABULARY)}"'
            )
        elif shape < 0.93:
            pieces.append(rng.choice(["site:dawn.com", "-site:epaper.dawn.com", "site:co.uk"]))
        else:
            pieces.append(rng.choice(["lang:en", "lang:de", "lang:ru"]))
    return " ".join(pieces)


def random_document(rng: random.Random) -> Document:
    return Document(
        title=" ".join(rng.choices(VOCABULARY, k=rng.randint(0, 6))),
        text=" ".join(rng.choices(VOCABULARY, k=rng.randint(0, 30))),
        url=rng.choice(HOSTS),
        language=rng.choice(LANGUAGES),
    )


def random_topics(rng: random.Random, count: int) -> dict[int, Query]:
    topics: dict[int, Query] = {}
    while len(topics) < count:
        try:
            topics[rng.randrange(10**9)] = parse_query(random_topic(rng))
        except QueryError:
            continue
    return topics


def expected(topics: dict, doc: Document) -> list[int]:
    return sorted(topic_id for topic_id, query in topics.items() if matches(query, doc))


@pytest.mark.parametrize("seed", range(4))
def test_compiled_matcher_agrees_with_matches(seed: int) -> None:
    rng = random.Random(seed)
    topics = random_topics(rng, 250)
    docs = [random_document(rng) for _ in range(50)]
    matcher = TopicMatcher()
    for topic_id, query in topics.items():
        matcher.add(topic_id, query)
    answers = [expected(topics, doc) for doc in docs]
    # Newly added topics are matched outside the compiled table, then inside it.
    assert [matcher.match(doc) for doc in docs] == answers
    matcher.compact()
    assert [matcher.match(doc) for doc in docs] == answers
    # Topics come and go after compiling: removed, replaced, added again under a new id.
    for topic_id in rng.sample(sorted(topics), 150):
        query = topics.pop(topic_id)
        matcher.remove(topic_id)
        if rng.random() < 0.5:
            topics[topic_id + 1] = query
            matcher.add(topic_id + 1, query)
    for topic_id, query in random_topics(rng, 60).items():
        topics[topic_id] = query
        matcher.add(topic_id, query)
    for doc in docs:
        assert matcher.match(doc) == expected(topics, doc)
    # The next table is built from this one's rows and the rules added since.
    matcher.compact()
    assert len(matcher) == len(topics) and all(topic_id in matcher for topic_id in topics)
    for doc in docs:
        assert matcher.match(doc) == expected(topics, doc)


def test_the_table_is_rebuilt_by_itself_once_many_topics_arrive() -> None:
    rng = random.Random(7)
    matcher = TopicMatcher()
    topics = random_topics(rng, 1_000)
    for topic_id, query in topics.items():
        matcher.add(topic_id, query)
        if topic_id % 97 == 0:
            matcher.match(random_document(rng))
    docs = [random_document(rng) for _ in range(20)]
    for doc in docs:
        assert matcher.match(doc) == expected(topics, doc)


def test_topics_that_mean_the_same_are_kept_apart_by_id() -> None:
    matcher = TopicMatcher()
    matcher.add(1, parse_query("Talks Türkiye"))
    matcher.add(2, parse_query("turkiye talk"))
    matcher.add(3, parse_query("Turkiye -talks"))
    doc = Document("Türkiye hosts talks", "")
    assert matcher.match(doc) == [1, 2]
    matcher.compact()
    matcher.remove(1)
    assert matcher.match(doc) == [2]
    matcher.add(2, parse_query("Turkiye -talks"))  # replaces what topic 2 matched
    assert matcher.match(doc) == []
    assert matcher.match(Document("Türkiye votes", "")) == [2, 3]
    assert len(matcher) == 2 and 1 not in matcher


def test_explain_lists_the_terms_found_as_typed() -> None:
    queries = {
        5: parse_query('"climate summit" OR COP30 Belem OR Brasília -crypto'),
        6: parse_query("site:apnews.com"),
        7: parse_query("Bundestag"),
    }
    matcher = TopicMatcher()
    for topic_id, query in queries.items():
        matcher.add(topic_id, query)
    lines = (TESTDATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (row,) = [row for row in map(json.loads, lines) if row["name"] == "climate-summit"]
    doc = Document(row["title"], row["text"], row["url"], row["language"])
    for _ in range(2):  # before the table is built, then from it
        explanation = matcher.explain(5, doc, queries[5])
        assert explanation is not None
        assert explanation.topic_id == 5
        assert explanation.matched_terms == ["climate summit", "COP30", "Belem"]
        site_only = matcher.explain(6, doc, queries[6])
        assert site_only is not None and site_only.matched_terms == []
        assert matcher.explain(7, doc, queries[7]) is None
        assert matcher.explain(404, doc, queries[5]) is None, "not a topic of this matcher"
        matcher.compact()


def test_topics_are_counted_and_found_wherever_their_rule_is() -> None:
    matcher = TopicMatcher()
    for topic_id, text in enumerate(["ECB rates", "rates ECB", '"a b c" OR d e', "Fed"]):
        matcher.add(topic_id, parse_query(text))
    matcher.compact()
    doc = Document("ECB rates: Fed waits", "")
    assert matcher.match(doc) == [0, 1, 3]
    matcher.remove(1)
    matcher.add(1, parse_query("ecb rate"))  # joins the row it left
    matcher.add(3, parse_query("Fed -waits"))  # leaves its row for a new rule
    matcher.add(7, parse_query("ECB RATES"))  # a new topic on an old row
    matcher.remove(2)
    matcher.remove(404)
    assert len(matcher) == 4 and 2 not in matcher and 404 not in matcher
    assert all(topic_id in matcher for topic_id in (0, 1, 3, 7))
    assert matcher.match(doc) == [0, 1, 7]
    for _ in range(2):  # the next tables are built from the rows of the last
        matcher.compact()
        assert len(matcher) == 4 and 2 not in matcher and 3 in matcher
        assert matcher.match(doc) == [0, 1, 7]
        assert matcher.match(Document("Fed", "")) == [3]
    for topic_id in (0, 1, 3, 7):
        matcher.remove(topic_id)
    matcher.compact()
    assert len(matcher) == 0 and matcher.match(doc) == []


def test_a_topic_needing_nothing_but_a_site_is_found_by_host() -> None:
    matcher = TopicMatcher()
    matcher.add(1, parse_query("site:dawn.com"))
    matcher.compact()
    assert matcher.match(Document("", "", "https://images.dawn.com/x")) == [1]
    assert matcher.match(Document("", "", "https://dawn.com.example/x")) == []
