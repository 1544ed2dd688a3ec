"""ROUGE of bot.summaries.summarise against CNN/DailyMail highlights, with Lead-3 for scale.

Usage: .venv/bin/python bench/summaries.py [--data DIR] [--max-sentences N] [--max-chars N]

Each article is fed as plain text (its sentences joined by spaces), so sentence splitting is part
of what is measured. Prints ROUGE-1/2/L F1 (rouge-score, Porter stemming on) for:
  ours            summarise(text, max_sentences, max_chars) — the bot's configuration;
  ours, relaxed   the same with a larger character budget, to show what the limit costs;
  lead-3          the first three sentences as given (the published baseline);
  lead-3 @budget  as many of the first three as fit the same character budget;
  centroid        the three sentences most similar to the article (TF-IDF), no position prior;
then speed (docs/s, ratio against Lead-3 splitting the same text), a split-half check and a
paired bootstrap against Lead-3, and ends with one JSON line of the headline figures.
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from rouge_score import rouge_scorer  # noqa: E402

from bot.summaries import split_sentences, summarise  # noqa: E402
from bot.summaries.terms import content_terms, cosine, tfidf_vectors  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "summaries-dev"
METRICS = ("rouge1", "rouge2", "rougeL")
RELAXED_CHARS = (500, 100_000)
BOOTSTRAP_ROUNDS = 2000

Doc = dict
Summariser = Callable[[Doc], str]


def main() -> None:
    args = _parse_args()
    docs = [json.loads(line) for line in (args.data / "docs.jsonl").open(encoding="utf-8")]
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)

    def ours_with(max_chars: int) -> Summariser:
        return lambda d: summarise(_text(d), max_sentences=args.max_sentences, max_chars=max_chars)

    systems: dict[str, Summariser] = {
        "ours": ours_with(args.max_chars),
        **{f"ours, max_chars={c}": ours_with(c) for c in RELAXED_CHARS},
        "lead-3": lambda d: " ".join(d["sentences"][:3]),
        f"lead-3 @{args.max_chars}": lambda d: _lead_within(d["sentences"], args.max_chars),
        "centroid": _centroid_3,
    }
    print(f"{len(docs)} articles from {args.data}")
    print(f"ours = summarise(text, max_sentences={args.max_sentences}, max_chars={args.max_chars})")
    print(f"{'system':<24} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'chars':>6} {'sents':>6}")
    per_doc: dict[str, list[dict[str, float]]] = {}
    for name, system in systems.items():
        outputs = [system(d) for d in docs]
        per_doc[name] = [_score(scorer, d, out) for d, out in zip(docs, outputs, strict=True)]
        mean = {m: _mean(per_doc[name], m) for m in METRICS}
        chars = statistics.mean(len(o) for o in outputs)
        sents = statistics.mean(len(split_sentences(o)) for o in outputs)
        print(
            f"{name:<24} {mean['rouge1']:6.2f} {mean['rouge2']:6.2f} {mean['rougeL']:6.2f}"
            f" {chars:6.0f} {sents:6.2f}"
        )

    ours_speed, lead_speed = _docs_per_second(
        [systems["ours"], lambda d: " ".join(split_sentences(_text(d))[:3])], docs
    )
    print(
        f"speed: ours {ours_speed:.0f} docs/s, lead-3 (splitting the same text) "
        f"{lead_speed:.0f} docs/s, ratio {ours_speed / lead_speed:.3f}"
    )

    ours_r1 = [s["rouge1"] for s in per_doc["ours"]]
    lead_r1 = [s["rouge1"] for s in per_doc["lead-3"]]
    half = len(docs) // 2
    print(
        f"split-half ROUGE-1: ours {_pct(ours_r1[:half]):.2f} / {_pct(ours_r1[half:]):.2f}, "
        f"lead-3 {_pct(lead_r1[:half]):.2f} / {_pct(lead_r1[half:]):.2f}"
    )
    wins = _bootstrap_wins(ours_r1, lead_r1)
    print(
        f"paired bootstrap: ours beats lead-3 in {100 * wins:.1f}% of {BOOTSTRAP_ROUNDS} resamples"
    )

    headline = {m: round(_mean(per_doc["ours"], m), 2) for m in METRICS}
    relaxed = max(RELAXED_CHARS)
    print(
        json.dumps(
            {
                **headline,
                "lead3_rouge1": round(_mean(per_doc["lead-3"], "rouge1"), 2),
                "max_chars": args.max_chars,
                "max_sentences": args.max_sentences,
                "rouge1_unlimited_chars": round(
                    _mean(per_doc[f"ours, max_chars={relaxed}"], "rouge1"), 2
                ),
                "docs_per_s": round(ours_speed, 1),
                "speed_ratio_vs_lead3": round(ours_speed / lead_speed, 3),
            }
        )
    )


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--max-sentences", type=int, default=3)
    parser.add_argument("--max-chars", type=int, default=400)
    return parser.parse_args()


def _text(doc: Doc) -> str:
    return " ".join(doc["sentences"])


def _lead_within(sentences: list[str], max_chars: int) -> str:
    chosen: list[str] = []
    for sentence in sentences[:3]:
        if len(" ".join([*chosen, sentence])) > max_chars:
            break
        chosen.append(sentence)
    return " ".join(chosen) or sentences[0][:max_chars]


def _centroid_3(doc: Doc) -> str:
    sentences = doc["sentences"]
    vectors = tfidf_vectors([content_terms(s) for s in sentences])
    centre: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            centre[term] = centre.get(term, 0.0) + weight
    best = sorted(range(len(sentences)), key=lambda i: -cosine(vectors[i], centre))[:3]
    return " ".join(sentences[i] for i in sorted(best))


def _score(scorer: rouge_scorer.RougeScorer, doc: Doc, output: str) -> dict[str, float]:
    scores = scorer.score(" ".join(doc["reference"]), output)
    return {m: scores[m].fmeasure for m in METRICS}


def _mean(rows: list[dict[str, float]], metric: str) -> float:
    return 100 * statistics.mean(r[metric] for r in rows)


def _pct(values: list[float]) -> float:
    return 100 * statistics.mean(values)


def _docs_per_second(systems: list[Summariser], docs: list[Doc], repeats: int = 5) -> list[float]:
    """Best-of-`repeats` throughput per system, timed in alternation so that a busy machine
    slows all of them alike and the ratio stays meaningful."""
    best = [float("inf")] * len(systems)
    for _ in range(repeats):
        for k, system in enumerate(systems):
            start = time.perf_counter()
            for doc in docs:
                system(doc)
            best[k] = min(best[k], time.perf_counter() - start)
    return [len(docs) / seconds for seconds in best]


def _bootstrap_wins(ours: list[float], baseline: list[float]) -> float:
    rng = random.Random(0)
    n = len(ours)
    wins = 0
    for _ in range(BOOTSTRAP_ROUNDS):
        picks = [rng.randrange(n) for _ in range(n)]
        wins += sum(ours[i] - baseline[i] for i in picks) > 0
    return wins / BOOTSTRAP_ROUNDS


if __name__ == "__main__":
    main()
