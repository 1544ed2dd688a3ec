"""How much each term says about an article, and how rare each term is among recent articles."""

import math
from collections.abc import Iterable

from bot.stories.tokens import tagged_terms

# Untrusted text: the lead carries the event; the rest of a very long page adds little.
MAX_TEXT_CHARS = 20_000
MAX_TITLE_CHARS = 500


def article_term_weights(
    title: str,
    text: str,
    *,
    title_weight: float,
    name_weight: float,
    lead_weight: float = 1.0,
    lead_terms: int = 0,
) -> dict[str, float]:
    """Sub-linear term counts of an article: each occurrence counts 1, times `name_weight` if
    it looks like a name or number, times `title_weight` in the title and `lead_weight` in the
    first `lead_terms` terms of the text; a term's weight is 1 + log(total) when total >= 1."""
    counts: dict[str, float] = {}
    for position, (term, named) in enumerate(tagged_terms(text[:MAX_TEXT_CHARS])):
        weight = name_weight if named else 1.0
        if position < lead_terms:
            weight *= lead_weight
        counts[term] = counts.get(term, 0.0) + weight
    for term, named in tagged_terms(title[:MAX_TITLE_CHARS]):
        weight = name_weight if named else 1.0
        counts[term] = counts.get(term, 0.0) + title_weight * weight
    return {t: (1.0 + math.log(c)) if c >= 1.0 else c for t, c in counts.items()}


class DocumentFrequencies:
    """Counts, for each term, how many articles contain it, with old counts fading: every
    `half_life` articles all counts halve (and terms whose count falls below one are
    forgotten), so rarity follows the recent news and memory stays bounded."""

    def __init__(self, half_life: int = 20_000) -> None:
        self._df: dict[str, float] = {}
        self._half_life = half_life
        self._since_halving = 0
        self.documents = 0.0

    def add(self, terms: Iterable[str]) -> None:
        """Count one more article containing each of `terms` (distinct)."""
        df = self._df
        for term in terms:
            df[term] = df.get(term, 0.0) + 1.0
        self.documents += 1.0
        self._since_halving += 1
        if self._since_halving >= self._half_life:
            self._halve()

    def _halve(self) -> None:
        self._df = {t: c / 2.0 for t, c in self._df.items() if c >= 2.0}
        self.documents /= 2.0
        self._since_halving = 0

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency: log((N + 1) / (df + 1)) + 1, so an unseen term
        weighs the most and a term in every article still weighs 1."""
        return math.log((self.documents + 1.0) / (self._df.get(term, 0.0) + 1.0)) + 1.0

    def __len__(self) -> int:
        return len(self._df)
