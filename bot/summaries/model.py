"""A small trained model of which sentences belong in a news summary, shipped as its weights.

Logistic regression over three features of a sentence (see `sentence_features`), fitted on
public CNN/DailyMail articles (`bench/summaries.py --fit`, which also cross-validates it: fit on
one half of the dev set, scored on the other, both ways). The label is whether the sentence is
in the best set of ≤ 3 sentences within 400 characters by ROUGE-1 against the human highlights.
Only features that held on both halves are in: sentence length, digits, "!"/"?" endings,
opening pronouns, position bins and similarity to the lead were tried and dropped
(bench/README.md)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FEATURES = ("lead prior 1/(i+1)", "centrality", "speech")


@dataclass(frozen=True)
class SentenceModel:
    """Weights of `FEATURES` (on raw feature values), a bias, how much each pair of chosen
    sentences costs per unit of their cosine, and the cosine to an earlier sentence at which a
    sentence counts as a repeat and is dropped (both chosen with the weights, on the same half)."""

    weights: tuple[float, ...]
    bias: float
    redundancy_weight: float
    repeat_similarity: float = 0.8

    def probability(self, features: Sequence[float]) -> float:
        """How likely the sentence is one a human summary draws on, in (0, 1)."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


# Fitted on all 50 articles of summaries-dev by `bench/summaries.py --fit` (bot/text stemmer,
# its inflections option; lone letters and negated auxiliaries are not terms).
DEFAULT_MODEL = SentenceModel(
    weights=(2.02360, 10.95264, -0.49008),
    bias=-3.96743,
    redundancy_weight=0.5,
    repeat_similarity=0.6,
)


def plateau_choice(scores: Sequence[float], radius: int = 1) -> int:
    """Index of the grid point whose score averaged with its neighbours (`radius` each side,
    fewer at the ends) is highest, ties to the higher own score: on a noisy surface the centre
    of a good plateau carries over to new articles better than a lone peak."""
    if not scores:
        raise ValueError("no scores to choose from")

    def smoothed(k: int) -> float:
        window = scores[max(0, k - radius) : k + radius + 1]
        return sum(window) / len(window)

    return max(range(len(scores)), key=lambda k: (smoothed(k), scores[k]))


def fit_logistic(
    rows: Sequence[Sequence[float]], labels: Sequence[float], l2: float = 1.0, steps: int = 3000
) -> tuple[tuple[float, ...], float]:
    """Weights and bias of an L2-regularised logistic regression by gradient descent on
    standardised features, returned for the raw features. Deterministic."""
    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-9
    xs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(xs.shape[1])
    penalty = np.r_[np.full(xs.shape[1] - 1, l2), 0.0] / len(y)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xs @ w)))
        w -= 0.5 * (xs.T @ (p - y) / len(y) + penalty * w)
    raw = w[:-1] / scale
    bias = float(w[-1] - raw @ mean)
    return tuple(float(v) for v in raw), bias
