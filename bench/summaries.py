"""ROUGE of bot.summaries.summarise against CNN/DailyMail highlights, split in halves, with Lead-3.

Usage: .venv/bin/python bench/summaries.py [--data DIR] [--max-sentences N] [--max-chars N] [--fit]

Each article is fed as plain text (its sentences joined by spaces), so sentence splitting is part
of what is measured. Prints ROUGE-1/2/L F1 (rouge-score, Porter stemming on), on all articles and
on each half (first / second half of the file), for:
  ours            summarise(text, max_sentences, max_chars) — the bot's configuration, with the
                  shipped sentence model (bot/summaries/model.py, fitted on all articles);
  ours, relaxed   the same with a larger character budget, to show what the limit costs;
  ours, CV        the sentence model fitted (and its redundancy weight chosen) on one half and
                  scored on the other, both ways — the figure to expect on unseen news;
  lead-3          the first three sentences as given (the published baseline);
  lead-3 @budget  as many of the first three as fit the same character budget;
  lead-3 cut      the first three sentences cut at a word to the same budget (with "…");
  centroid        the three sentences most similar to the article (TF-IDF), no position prior;
then speed (docs per CPU-second, ratio against Lead-3 splitting the same text) and a paired
bootstrap against the better Lead-3 at the budget, and ends with one JSON line of the headline
figures.
--fit prints the sentence model fitted on all articles, for bot/summaries/model.py.
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from rouge_score import rouge_scorer  # noqa: E402

from bot.summaries import split_sentences, summarise  # noqa: E402
from bot.summaries.model import DEFAULT_MODEL, SentenceModel, fit_logistic  # noqa: E402
from bot.summaries.selection import (  # noqa: E402
    cut_at_word,
    scoring_inputs,
    sentence_features,
)
from bot.summaries.terms import content_terms, cosine, tfidf_vectors  # noqa: E402


def _default_data() -> Path:
    """`shared/data/summaries-dev` beside the repository or beside any folder above it (a clone
    in a work-tree folder finds the same data as the main checkout)."""
    for folder in REPO_ROOT.parents:
        candidate = folder / "shared" / "data" / "summaries-dev"
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "data" / "summaries-dev"


DEFAULT_DATA = _default_data()
METRICS = ("rouge1", "rouge2", "rougeL")
RELAXED_CHARS = (500, 100_000)
BOOTSTRAP_ROUNDS = 2000
# Redundancy weights and repeat thresholds tried when fitting; the pair scoring best on the
# fitting half is kept (the model is refitted for each threshold: it changes the sentences).
REDUNDANCY_GRID = (0.0, 0.25, 0.5, 1.0)
REPEAT_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)

Doc = dict
Summariser = Callable[[Doc], str]


def main() -> None:
    args = _parse_args()
    docs = [json.loads(line) for line in (args.data / "docs.jsonl").open(encoding="utf-8")]
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    half = len(docs) // 2
    halves = (list(range(half)), list(range(half, len(docs))))
    if args.fit:
        model = _fit(docs, range(len(docs)), scorer, args)
        print(f"fitted on all {len(docs)} articles:")
        weights = ", ".join(f"{w:.5f}" for w in model.weights)
        print(f"DEFAULT_MODEL = SentenceModel(\n    weights=({weights}),")
        print(f"    bias={model.bias:.5f},\n    redundancy_weight={model.redundancy_weight},")
        print(f"    repeat_similarity={model.repeat_similarity},\n)")
        return

    def ours_with(max_chars: int, model: SentenceModel | None = None) -> Summariser:
        chosen = model or DEFAULT_MODEL  # summarise's own default
        return lambda d: summarise(
            _text(d), max_sentences=args.max_sentences, max_chars=max_chars, model=chosen
        )

    lead_at = f"lead-3 @{args.max_chars}"
    lead_cut = f"lead-3 cut {args.max_chars}"
    systems: dict[str, Summariser] = {
        "ours": ours_with(args.max_chars),
        **{f"ours, max_chars={c}": ours_with(c) for c in RELAXED_CHARS},
        "lead-3": lambda d: " ".join(d["sentences"][:3]),
        lead_at: lambda d: _lead_within(d["sentences"], args.max_chars),
        lead_cut: lambda d: cut_at_word(" ".join(d["sentences"][:3]), args.max_chars),
        "centroid": _centroid_3,
    }
    print(f"{len(docs)} articles from {args.data}; halves: 1–{half} / {half + 1}–{len(docs)}")
    print(f"ours = summarise(text, max_sentences={args.max_sentences}, max_chars={args.max_chars})")
    print(
        f"{'system':<24} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'chars':>6} {'sents':>6}"
        f" {'R-1 h1':>7} {'R-1 h2':>7}"
    )
    per_doc: dict[str, list[dict[str, float]]] = {}
    for name, system in systems.items():
        outputs = [system(d) for d in docs]
        per_doc[name] = [_score(scorer, d, out) for d, out in zip(docs, outputs, strict=True)]
        _print_row(name, per_doc[name], outputs, halves)

    # Cross-validation: the model fitted on one half writes the other half's summaries.
    cv_scores: list[dict[str, float]] = [{} for _ in docs]
    cv_outputs = [""] * len(docs)
    cv_models = []
    for fit_half, test_half in (halves, halves[::-1]):
        model = _fit(docs, fit_half, scorer, args)
        cv_models.append(model)
        system = ours_with(args.max_chars, model)
        for i in test_half:
            cv_outputs[i] = system(docs[i])
            cv_scores[i] = _score(scorer, docs[i], cv_outputs[i])
    per_doc["ours, CV"] = cv_scores
    _print_row("ours, CV (other half)", cv_scores, cv_outputs, halves)
    for k, model in enumerate(cv_models, 1):
        print(
            f"  model fitted on half {k}: weights {[round(w, 3) for w in model.weights]},"
            f" bias {model.bias:.3f}, redundancy {model.redundancy_weight},"
            f" repeat similarity {model.repeat_similarity}"
        )

    ours_speed, lead_speed = _docs_per_second(
        [systems["ours"], lambda d: " ".join(split_sentences(_text(d))[:3])], docs
    )
    print(
        f"speed: ours {ours_speed:.0f} docs/CPU-s, lead-3 (splitting the same text) "
        f"{lead_speed:.0f} docs/CPU-s, ratio {ours_speed / lead_speed:.3f}"
    )

    def r1(name: str, idx: Sequence[int]) -> float:
        return round(100 * statistics.mean(per_doc[name][i]["rouge1"] for i in idx), 2)

    every = range(len(docs))
    best_lead = max((lead_at, lead_cut), key=lambda name: r1(name, every))
    wins = _bootstrap_wins(
        [s["rouge1"] for s in per_doc["ours"]], [s["rouge1"] for s in per_doc[best_lead]]
    )
    cv_wins = _bootstrap_wins(
        [s["rouge1"] for s in per_doc["ours, CV"]], [s["rouge1"] for s in per_doc[best_lead]]
    )
    print(
        f"paired bootstrap against {best_lead}: ours ahead in {100 * wins:.1f}%, "
        f"ours CV in {100 * cv_wins:.1f}% of {BOOTSTRAP_ROUNDS} resamples"
    )

    relaxed = max(RELAXED_CHARS)
    print(
        json.dumps(
            {
                **{m: round(_mean(per_doc["ours"], m), 2) for m in METRICS},
                "rouge1_half1": r1("ours", halves[0]),
                "rouge1_half2": r1("ours", halves[1]),
                "cv_rouge1": r1("ours, CV", every),
                "cv_rouge1_half1": r1("ours, CV", halves[0]),
                "cv_rouge1_half2": r1("ours, CV", halves[1]),
                "lead3_rouge1": r1("lead-3", every),
                "lead3_budget_rouge1": r1(best_lead, every),
                "lead3_budget_rouge1_half1": r1(best_lead, halves[0]),
                "lead3_budget_rouge1_half2": r1(best_lead, halves[1]),
                "cv_margin_vs_lead3_budget": round(r1("ours, CV", every) - r1(best_lead, every), 2),
                "max_chars": args.max_chars,
                "max_sentences": args.max_sentences,
                "rouge1_unlimited_chars": r1(f"ours, max_chars={relaxed}", every),
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
    parser.add_argument("--fit", action="store_true", help="print the model fitted on all docs")
    return parser.parse_args()


def _print_row(
    name: str,
    rows: list[dict[str, float]],
    outputs: list[str],
    halves: tuple[list[int], list[int]],
) -> None:
    mean = {m: _mean(rows, m) for m in METRICS}
    chars = statistics.mean(len(o) for o in outputs)
    sents = statistics.mean(len(split_sentences(o)) for o in outputs)
    h1, h2 = (_mean([rows[i] for i in h], "rouge1") for h in halves)
    print(
        f"{name:<24} {mean['rouge1']:6.2f} {mean['rouge2']:6.2f} {mean['rougeL']:6.2f}"
        f" {chars:6.0f} {sents:6.2f} {h1:7.2f} {h2:7.2f}"
    )


def _fit(
    docs: list[Doc],
    indices: Sequence[int],
    scorer: rouge_scorer.RougeScorer,
    args: argparse.Namespace,
) -> SentenceModel:
    """The sentence model fitted on `indices`: for each repeat threshold, logistic regression on
    each candidate sentence's features, labelled by membership of the ROUGE-1 oracle summary;
    then the threshold and redundancy weight that score best on the same articles."""
    best: tuple[float, SentenceModel] | None = None
    for repeat in REPEAT_GRID:
        rows: list[tuple[float, ...]] = []
        labels: list[float] = []
        for i in indices:
            sentences, vectors, title_vector = scoring_inputs(_text(docs[i]), None, repeat)
            oracle = _oracle(docs[i], sentences, scorer, args.max_sentences, args.max_chars)
            rows.extend(sentence_features(sentences, vectors, title_vector))
            labels.extend(1.0 if k in oracle else 0.0 for k in range(len(sentences)))
        weights, bias = fit_logistic(rows, labels)
        for redundancy in REDUNDANCY_GRID:
            model = SentenceModel(weights, bias, redundancy, repeat)
            score = statistics.mean(
                _score(
                    scorer,
                    docs[i],
                    summarise(
                        _text(docs[i]),
                        max_sentences=args.max_sentences,
                        max_chars=args.max_chars,
                        model=model,
                    ),
                )["rouge1"]
                for i in indices
            )
            if best is None or score > best[0]:
                best = (score, model)
    assert best is not None
    return best[1]


def _oracle(
    doc: Doc,
    sentences: Sequence[str],
    scorer: rouge_scorer.RougeScorer,
    max_sentences: int,
    max_chars: int,
) -> set[int]:
    """Greedy ROUGE-1 oracle: add the sentence that raises F1 most while it fits the budget."""
    reference = " ".join(doc["reference"])
    chosen: list[int] = []
    best = 0.0
    for _ in range(max_sentences):
        pick = None
        for k in range(len(sentences)):
            if k in chosen:
                continue
            text = " ".join(sentences[j] for j in sorted([*chosen, k]))
            if len(text) > max_chars:
                continue
            f1 = scorer.score(reference, text)["rouge1"].fmeasure
            if f1 > best:
                best, pick = f1, k
        if pick is None:
            break
        chosen.append(pick)
    return set(chosen)


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


def _docs_per_second(systems: list[Summariser], docs: list[Doc], repeats: int = 5) -> list[float]:
    """Best-of-`repeats` throughput per CPU-second of this process (one core: wall-clock time on
    a shared machine measures the neighbours), timed in alternation so that a busy machine
    slows all of them alike and the ratio stays meaningful."""
    best = [float("inf")] * len(systems)
    for _ in range(repeats):
        for k, system in enumerate(systems):
            start = time.process_time()
            for doc in docs:
                system(doc)
            best[k] = min(best[k], time.process_time() - start)
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
