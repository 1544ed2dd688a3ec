"""Follow-up updates: does the first line of an update state the development?

Usage: .venv/bin/python bench/updates.py [--data DIR]

Hand-labelled pairs (bench/data/update_pairs.json): what the reader was already sent, a later
report of the same story, and snippets of the later report's sentences that state what is new.
The update's first line (its first sentence) is right when it contains one of the snippets; an
empty update counts as wrong. Ours (bot.summaries.summarise_update) and today's method before
this change (the share of a sentence's content words not in the earlier texts, at least 0.5,
best first; frozen copy below) run on the same pairs in the same run. Ends with one JSON line.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bot.summaries import split_sentences, summarise_update  # noqa: E402
from bot.summaries.candidates import news_sentences  # noqa: E402
from bot.summaries.terms import content_terms  # noqa: E402

PAIRS = Path(__file__).parent / "data" / "update_pairs.json"
SITE = REPO_ROOT / "bot" / "stories" / "testdata" / "articles.json"
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "stories-dev"


def baseline_update(new_text: str, earlier_texts: Sequence[str], max_chars: int = 300) -> str:
    """Today's method before this change: the sentences whose content words are at least half
    new, most novel first (the first of them leads the update)."""
    known = {term for text in earlier_texts for term in content_terms(text)}
    ranked = []
    for index, sentence in enumerate(news_sentences(new_text)):
        terms = content_terms(sentence)
        if terms:
            novelty = sum(term not in known for term in terms) / len(terms)
            if novelty >= 0.5:
                ranked.append((-novelty, index, sentence))
    return " ".join(s for _, _, s in sorted(ranked)[:2])[:max_chars]


def first_line(update: str) -> str:
    sentences = split_sentences(update)
    return sentences[0] if sentences else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    site = json.loads(SITE.read_text("utf-8"))
    dev_path = args.data / "docs.jsonl"
    dev = {d["id"]: d for d in map(json.loads, dev_path.open(encoding="utf-8"))}

    def text_of(key: str) -> str:
        return (site.get(key) or dev[key])["text"]

    pairs = json.loads(PAIRS.read_text("utf-8"))["pairs"]
    right = {"ours": 0, "baseline": 0}
    by_source: dict[str, list[int]] = {}
    for pair in pairs:
        earlier = [text_of(k) for k in pair["earlier"]]
        later = text_of(pair["later"])
        marks = []
        for name, method in (("ours", summarise_update), ("baseline", baseline_update)):
            line = first_line(method(later, earlier))
            hit = any(snippet.lower() in line.lower() for snippet in pair["development"])
            right[name] += hit
            marks.append("✓" if hit else "✗")
            if name == "ours":
                by_source.setdefault(pair["source"], []).append(hit)
                shown = line[:110]
        print(f"{pair['later']:<32} ours {marks[0]} baseline {marks[1]}   {shown}")
    n = len(pairs)
    for source, hits in by_source.items():
        print(f"ours on {source}: {sum(hits)}/{len(hits)}")
    ours, baseline = right["ours"], right["baseline"]
    print(f"first line states the development: ours {ours}/{n}, baseline {baseline}/{n}")
    print(
        json.dumps(
            {
                "pairs": n,
                "accuracy": round(right["ours"] / n, 3),
                "baseline_accuracy": round(right["baseline"] / n, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
