"""Benchmark: 1,000 articles against 100,000 topics with TopicMatcher, against a naive loop.

Topics are drawn (seeded) from the vocabulary of the article titles in stories-dev, in the
shapes people write: plain words, phrases, OR groups, exclusions, site: and lang:. The naive
loop calls matches(query, doc) for every topic on a subsample of articles and is extrapolated;
on that subsample the compiled matcher must give exactly the same topics. Times are CPU seconds
of this process (pinned to one core), since wall-clock time on a shared machine measures the
neighbours; the wall time of the compiled run is printed too.

    .venv/bin/python bench/matching.py [--data DIR] [--topics N] [--articles N] [--naive-articles N]
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bot.matching import (  # noqa: E402
    Document,
    Query,
    QueryError,
    TopicMatcher,
    matches,
    parse_query,
)

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "stories-dev"
OUTLETS = ["dawn.com", "reuters.com", "bbc.co.uk", "news.yahoo.com", "apnews.com", "spiegel.de"]
LANGUAGES = ["en", "en", "en", "de", "fr"]
# Words nobody subscribes to; the rest of the title vocabulary is fair game.
SKIP = set(
    """the a an and or of to in on at for from by with as is are was were be been has have had
    it its this that not no but after over new says said say will would could more than up out
    about into who what when how his her their they he she we you i""".split()
)


def load_articles(data: Path) -> list[dict]:
    with open(data / "docs.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def title_words(title: str) -> list[str]:
    words = [w.strip("'\"`.,;:!?()") for w in title.split()]
    return [w for w in words if len(w) > 2 and w.isalpha() and w.lower() not in SKIP]


def random_topic(rng: random.Random, titles: list[list[str]], vocabulary: list[str]) -> str:
    """One topic text in one of the shapes people write."""
    words = rng.choice(titles)
    shape = rng.random()
    start = rng.randrange(max(1, len(words) - 1))
    phrase = f'"{" ".join(words[start : start + 2])}"'
    if shape < 0.43:
        picked = rng.sample(words, min(len(words), rng.choice([1, 2, 2, 3])))
    elif shape < 0.58:
        picked = rng.sample(vocabulary, 2)
    elif shape < 0.68:
        picked = [phrase] + rng.sample(vocabulary, 1)
    elif shape < 0.78:
        picked = [f"{rng.choice(words)} OR {rng.choice(vocabulary)}", rng.choice(words)]
    elif shape < 0.80:  # two OR groups, one with a phrase: checked outside the compiled table
        picked = [f"{phrase} OR {rng.choice(vocabulary)}", f"{rng.choice(words)} OR {words[0]}"]
    elif shape < 0.90:
        picked = rng.sample(words, min(len(words), 2)) + [f"-{rng.choice(vocabulary)}"]
    elif shape < 0.95:
        picked = [f"site:{rng.choice(OUTLETS)}", rng.choice(words)]
    else:
        picked = [f"lang:{rng.choice(LANGUAGES)}", rng.choice(words)]
    return " ".join(picked)


def make_topics(rng: random.Random, articles: list[dict], count: int) -> list[Query]:
    titles = [words for words in (title_words(a["title"]) for a in articles) if len(words) >= 2]
    vocabulary = sorted({w for words in titles for w in words})
    topics: list[Query] = []
    while len(topics) < count:
        try:
            topics.append(parse_query(random_topic(rng, titles, vocabulary)))
        except QueryError:
            continue  # e.g. a word drawn both to want and to exclude
    return topics


def make_documents(rng: random.Random, articles: list[dict], count: int) -> list[Document]:
    return [
        Document(
            title=article["title"],
            text=article["text"],
            url=f"https://www.{rng.choice(OUTLETS)}/news/{i}",
            language=rng.choice(LANGUAGES),
        )
        for i, article in enumerate(rng.choices(articles, k=count))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--topics", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--naive-articles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20241127)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the target is for one core

    rng = random.Random(args.seed)
    articles = load_articles(args.data)
    started = time.process_time()
    topics = make_topics(rng, articles, args.topics)
    parse_seconds = time.process_time() - started
    documents = make_documents(rng, articles, args.articles)
    print(
        f"{len(topics):,} topics parsed in {parse_seconds:.2f} s of CPU; "
        f"{len(documents):,} articles"
    )

    started = time.process_time()
    matcher = TopicMatcher()
    for topic_id, query in enumerate(topics):
        matcher.add(topic_id, query)
    matcher.compact()
    print(f"index built in {time.process_time() - started:.2f} s of CPU")

    started, started_wall = time.process_time(), time.perf_counter()
    compiled = [matcher.match(doc) for doc in documents]
    compiled_seconds = time.process_time() - started
    compiled_wall = time.perf_counter() - started_wall
    pairs = sum(map(len, compiled))
    print(
        f"compiled: {compiled_seconds:.3f} s of CPU ({compiled_wall:.3f} s wall) "
        f"for {len(documents):,} x {len(topics):,} "
        f"({compiled_seconds / len(documents) * 1000:.2f} ms an article); "
        f"{pairs:,} matches, {pairs / len(documents):.1f} an article"
    )

    sample = documents[: args.naive_articles]
    started = time.process_time()
    naive = [[i for i, query in enumerate(topics) if matches(query, doc)] for doc in sample]
    naive_seconds = time.process_time() - started
    estimate = naive_seconds / len(sample) * len(documents)
    agreeing = sum(a == b for a, b in zip(naive, compiled, strict=False))
    agreement = agreeing / len(sample)
    print(
        f"naive loop: {naive_seconds:.2f} s for {len(sample)} articles, "
        f"about {estimate:.1f} s for {len(documents):,}; speedup {estimate / compiled_seconds:.0f}x"
    )
    print(f"agreement on the {len(sample)} sampled articles: {agreeing}/{len(sample)}")
    print(
        json.dumps(
            {
                "seconds_1000x100k": round(compiled_seconds, 3),
                "wall_seconds": round(compiled_wall, 3),
                "naive_seconds_estimate": round(estimate, 1),
                "speedup": round(estimate / compiled_seconds, 1),
                "agreement": agreement,
            }
        )
    )


if __name__ == "__main__":
    main()
