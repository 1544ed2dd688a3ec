"""How much each term says about an article, and how rare each term is among recent articles."""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from bot.stories.tokens import tagged_terms

# Untrusted text: the lead carries the event; the rest of a very long page adds little.
MAX_TEXT_CHARS = 10_000
MAX_TITLE_CHARS = 500
# When something happened is half of which event it was.
_DATE_TERMS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may"
    " june july august september october november december".split()
)
_YEAR = re.compile(r"(?:19|20)\d\d")

TaggedTerms = Sequence[tuple[str, bool]]


@lru_cache(maxsize=1 << 16)
def is_date_term(term: str) -> bool:
    """Whether `term` names a weekday, a month or a year (1900-2099)."""
    return term in _DATE_TERMS or _YEAR.fullmatch(term) is not None


def tag_article(title: str, text: str) -> tuple[TaggedTerms, TaggedTerms]:
    """The tagged terms (see tokens.tagged_terms) of an article's title and of its text, each
    cut to a bounded length first."""
    return tagged_terms(title[:MAX_TITLE_CHARS]), tagged_terms(text[:MAX_TEXT_CHARS])


def article_term_weights(
    title_terms: TaggedTerms,
    text_terms: TaggedTerms,
    *,
    title_weight: float = 1.0,
    name_weight: float = 1.0,
    name_pair_weight: float = 0.0,
    date_weight: float = 1.0,
    lead_weight: float = 1.0,
    lead_terms: int = 0,
) -> dict[str, float]:
    """Sub-linear term counts of an article: each occurrence counts 1, times `name_weight` if
    it looks like a name or number, times `date_weight` for weekdays, months and years, times
    `title_weight` in the title and `lead_weight` in the first `lead_terms` terms of the text;
    two adjacent name terms also count as a pair term ("tara reid") with `name_pair_weight`.
    A term's weight is 1 + log(total) if total >= 1, else total."""
    counts: dict[str, float] = {}
    previous_name: str | None = None
    for position, (term, named) in enumerate(text_terms):
        emphasis = lead_weight if position < lead_terms else 1.0
        weight = emphasis * (name_weight if named else 1.0)
        if is_date_term(term):
            weight *= date_weight
        counts[term] = counts.get(term, 0.0) + weight
        if named and previous_name is not None and name_pair_weight > 0:
            pair = f"{previous_name} {term}"
            counts[pair] = counts.get(pair, 0.0) + emphasis * name_pair_weight
        previous_name = term if named else None
    for term, named in title_terms:
        weight = title_weight * (name_weight if named else 1.0)
        if is_date_term(term):
            weight *= date_weight
        counts[term] = counts.get(term, 0.0) + weight
    return {t: (1.0 + math.log(c)) if c >= 1.0 else c for t, c in counts.items()}


class DocumentFrequencies:
    """Counts, for each term, how many articles contain it, with old counts fading: every
    `half_life` articles all counts halve (and terms whose count falls below one are
    forgotten), so rarity follows the recent news and memory stays bounded.

    A prior (`background`: term -> share of articles holding it in general text) counts as
    `background_documents` articles more, which never fade: a fresh index has seen too few
    articles to tell "officials" from a ship's name, and its early joins stay. The online
    counts (at most about twice `half_life` articles) outweigh it as they grow."""

    def __init__(
        self,
        half_life: int = 20_000,
        *,
        background: Mapping[str, float] | None = None,
        background_documents: float = 0.0,
    ) -> None:
        self._df: dict[str, float] = {}
        self._half_life = half_life
        self._since_halving = 0
        self.documents = 0.0
        self._background = background or {}
        self._background_documents = background_documents if background else 0.0

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
        weighs the most and a term in every article still weighs 1 (N and df include the
        prior's articles)."""
        prior = self._background_documents
        df = self._df.get(term, 0.0) + prior * self._background.get(term, 0.0)
        return math.log((self.documents + prior + 1.0) / (df + 1.0)) + 1.0

    def tf_idf(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Each term's count times its idf (one pass; the hot path of every article)."""
        get, log, prior = self._df.get, math.log, self._background_documents
        top = self.documents + prior + 1.0
        if prior:
            share = self._background.get
            return {
                t: c * (log(top / (get(t, 0.0) + prior * share(t, 0.0) + 1.0)) + 1.0)
                for t, c in counts.items()
            }
        return {t: c * (log(top / (get(t, 0.0) + 1.0)) + 1.0) for t, c in counts.items()}

    def __len__(self) -> int:
        return len(self._df)
