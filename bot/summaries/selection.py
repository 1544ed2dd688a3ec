"""Pick the few sentences that tell an article's story, within a character budget."""

import itertools
import math
import re
from collections.abc import Callable, Sequence

from bot.summaries.candidates import news_sentences
from bot.summaries.model import DEFAULT_MODEL, SentenceModel
from bot.summaries.terms import Vector, add_vectors, content_terms, cosine, tfidf_vectors

# How a sentence earns its place: a small logistic regression (bot/summaries/model.py) over
# - position: news puts the story first, so sentence i has a prior of 1 / (i + 1);
# - centrality: TF-IDF cosine to the rest of the article (averaged with the cosine to the title),
#   so a sentence that shares the article's key words can outrank an early aside;
# - speech: quotes and first/second-person lines ("I feel blessed") colour a story rather than
#   tell it;
# and each pair of chosen sentences costs the model's redundancy weight times their cosine.
# A sentence as similar to an earlier one as the model's repeat_similarity (a caption restating
# the text, a quote repeated in a pull-out, a later paragraph retelling the lead) says nothing
# new and is dropped before scoring.
# A sentence whose content words are at least this share the headline's restates it; the
# briefing prints the headline right above the summary, so it is dropped. (Reasoned, not
# tuned: the dev set has no headlines. Three of four words old = at most one new in four.)
HEADLINE_COVERAGE = 0.75
# Only the best-scored sentences are tried in combination; this bounds the search (≤ 92 sets
# for three sentences) while leaving room to swap a long sentence for a shorter one that fits.
SHORTLIST = 8
# Beyond this many sentences, exhaustive search grows too fast; choose greedily instead.
MAX_EXHAUSTIVE = 4

_SPEECH = re.compile(
    # double quotes; an opening single quote (not 's/'t/...); a closing one after punctuation
    # or a letter other than the s of a plural possessive ("scientists' pockets")
    r"``|''|[\"“”«»]|(?:^|\s)['‘](?!(?:s|t|d|m|ll|re|ve)\b)\w"
    r"|(?:\w[.,!?]|[^\W\d_sS])['’](?:\s|$)"
    # first and second person; "US" in capitals is the country
    r"|\b(?:[Ii]|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|[Yy]our|me|us)\b"
)
ELLIPSIS = "…"
# A sentence opening with a word that points back ("This neutrality…", "They said…") needs the
# sentence before it; as the second of two it would follow the wrong one.
_POINTS_BACK = re.compile(
    r"^(?:this|that|these|those|it|its|he|she|his|her|they|their|such)\b", re.I
)
# A sentence that introduces a list ("…Tour 2020 dates:") promises what a summary never shows.
_INTRODUCES_LIST = re.compile(r"[:：][\s\"'”’)\]]*$")


def summarise(
    text: str,
    title: str | None = None,
    *,
    max_sentences: int = 3,
    max_chars: int = 400,
    model: SentenceModel = DEFAULT_MODEL,
) -> str:
    """Up to `max_sentences` sentences of the article (fewer if the text is short or the best
    ones do not fit), joined in article order, at most `max_chars` characters long.

    Never includes a dateline (the prefix is trimmed, the sentence kept), byline, photo caption,
    "Read more"/"Click here" link text, cookie/consent or comment-form text, a share prompt, or
    a sentence that introduces a list (ends with ':') unless the text has nothing else, nor a
    sentence that repeats the title (unless every sentence does).
    If even the best single sentence is too long it is cut at a word boundary and ends with "…".
    Returns "" for text without sentences. Pure and deterministic."""
    if max_sentences < 1 or max_chars < 1:
        return ""
    sentences, vectors, title_vector = scoring_inputs(text, title, model.repeat_similarity)
    if not sentences:
        return ""
    scores = salience(sentences, vectors, title_vector, model)
    chosen = choose_within_budget(
        sentences, scores, vectors, max_sentences, max_chars, model.redundancy_weight
    )
    if not chosen:
        plain = [i for i in range(len(sentences)) if not introduces_list(sentences[i])]
        best = max(plain or range(len(sentences)), key=lambda i: (scores[i], -i))
        return cut_at_word(sentences[best], max_chars)
    return " ".join(sentences[i] for i in chosen)


def choose_within_budget(
    sentences: Sequence[str],
    scores: Sequence[float],
    vectors: Sequence[Vector],
    max_sentences: int,
    max_chars: int,
    redundancy_weight: float = DEFAULT_MODEL.redundancy_weight,
) -> list[int]:
    """Indices (ascending) of at most `max_sentences` sentences whose joined length fits
    `max_chars`, maximising total score minus `redundancy_weight` × pairwise cosine; [] if no
    sentence fits."""
    size = SHORTLIST if max_sentences <= MAX_EXHAUSTIVE else max(SHORTLIST, 2 * max_sentences)
    eligible = [i for i in range(len(sentences)) if not introduces_list(sentences[i])]
    shortlist = sorted(eligible, key=lambda i: (-scores[i], i))[:size]
    shortlist = [i for i in shortlist if len(sentences[i]) <= max_chars]
    overlap = {
        (a, b): cosine(vectors[a], vectors[b]) for a, b in itertools.combinations(shortlist, 2)
    }

    def value(combo: Sequence[int]) -> float:
        redundancy = sum(
            overlap.get((a, b), overlap.get((b, a), 0.0))
            for a, b in itertools.combinations(combo, 2)
        )
        return sum(scores[i] for i in combo) - redundancy_weight * redundancy

    if max_sentences > MAX_EXHAUSTIVE:
        return _choose_greedily(sentences, shortlist, value, max_sentences, max_chars)
    best: tuple[float, list[int]] = (float("-inf"), [])
    for size in range(1, min(max_sentences, len(shortlist)) + 1):
        for combo in itertools.combinations(sorted(shortlist), size):
            if _joined_length(sentences, combo) <= max_chars and value(combo) > best[0]:
                best = (value(combo), list(combo))
    if len(best[1]) == 1 and max_sentences >= 2:
        first = best[1][0]
        return _add_second(
            sentences, scores, vectors, eligible, first, max_chars, redundancy_weight
        )
    return best[1]


def _add_second(
    sentences: Sequence[str],
    scores: Sequence[float],
    vectors: Sequence[Vector],
    eligible: Sequence[int],
    first: int,
    max_chars: int,
    redundancy_weight: float,
) -> list[int]:
    # A summary promises two or three sentences: when a long lead leaves room only for sentences
    # outside the shortlist (or ones the redundancy cost turned down), the best of those that
    # fits still goes in beside it. (On the bench no summary has one sentence, so ROUGE is the
    # same; filling a third sentence the same way cost 0.5 a half and was dropped.) One that
    # points back to a sentence left out comes only if nothing else fits.
    room = [
        i
        for i in eligible
        if i != first and _joined_length(sentences, sorted([first, i])) <= max_chars
    ]
    if not room:
        return [first]
    second = max(
        room,
        key=lambda i: (
            i == first + 1 or not _POINTS_BACK.match(sentences[i]),
            scores[i] - redundancy_weight * cosine(vectors[first], vectors[i]),
            -i,
        ),
    )
    return sorted([first, second])


def introduces_list(sentence: str) -> bool:
    """Whether the sentence ends with a colon: what follows it (a list) is not in a summary."""
    return bool(_INTRODUCES_LIST.search(sentence))


def cut_at_word(sentence: str, max_chars: int) -> str:
    """The sentence if it fits in `max_chars`, else its longest word-boundary prefix that fits
    with a trailing "…" (a hard cut only when the first word alone is too long)."""
    if len(sentence) <= max_chars:
        return sentence
    room = max_chars - len(ELLIPSIS)
    if room <= 0:
        return ELLIPSIS[:max_chars]
    head = sentence[: room + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head[:room]
    cut = cut[:room].rstrip(" ,;:-–—([{\"'“‘")
    return f"{cut}{ELLIPSIS}"


def scoring_inputs(
    text: str,
    title: str | None = None,
    repeat_similarity: float = DEFAULT_MODEL.repeat_similarity,
) -> tuple[list[str], list[Vector], Vector | None]:
    """The sentences a summary may use (news sentences without near-repeats of each other, i.e.
    a cosine ≥ `repeat_similarity` to an earlier one, nor restatements of the title unless all
    are), their TF-IDF vectors and the title's, with IDF over the article's sentences."""
    sentences = news_sentences(text, title)
    if not sentences:
        return [], [], None
    # Similarity, so without word fragments: a shared "n't" or initial is no shared content.
    terms = [content_terms(s, fragments=False) for s in sentences]
    title_terms = content_terms(title, fragments=False) if title else []
    if title_terms:
        # The title's rare words count most: weigh them with the article's own IDF.
        *vectors, title_vector = tfidf_vectors([*terms, title_terms])
    else:
        vectors, title_vector = tfidf_vectors(terms), {}
    keep = _drop_repeats(vectors, repeat_similarity)
    if title_terms:
        fresh = [i for i in keep if not restates(terms[i], title_terms)]
        keep = fresh or keep
    return [sentences[i] for i in keep], [vectors[i] for i in keep], title_vector or None


def restates(terms: Sequence[str], title_terms: Sequence[str]) -> bool:
    """Whether at least HEADLINE_COVERAGE of the sentence's distinct content terms are the
    title's (a sentence without content terms restates nothing)."""
    words = set(terms)
    return bool(words) and len(words & set(title_terms)) >= HEADLINE_COVERAGE * len(words)


def sentence_features(
    sentences: Sequence[str], vectors: Sequence[Vector], title_vector: Vector | None = None
) -> list[tuple[float, float, float]]:
    """The model's features of each sentence, in the order of `model.FEATURES`."""
    total = add_vectors(vectors)
    total_sq = sum(v * v for v in total.values())
    rows = []
    for i, (sentence, vector) in enumerate(zip(sentences, vectors, strict=True)):
        centrality = _cosine_to_rest(vector, total, total_sq)
        if title_vector:
            centrality = (centrality + cosine(vector, title_vector)) / 2
        speech = 1.0 if _SPEECH.search(sentence) else 0.0
        rows.append((1 / (i + 1), centrality, speech))
    return rows


def salience(
    sentences: Sequence[str],
    vectors: Sequence[Vector],
    title_vector: Vector | None = None,
    model: SentenceModel = DEFAULT_MODEL,
) -> list[float]:
    """One score per sentence: the model's probability that a human summary draws on it."""
    return [model.probability(f) for f in sentence_features(sentences, vectors, title_vector)]


def _drop_repeats(vectors: Sequence[Vector], threshold: float) -> list[int]:
    # Dot products through an index of the kept sentences' terms: long articles stay linear-ish.
    kept: list[int] = []
    norms = [math.sqrt(sum(v * v for v in vector.values())) for vector in vectors]
    postings: dict[str, list[int]] = {}
    for i, vector in enumerate(vectors):
        dots: dict[int, float] = {}
        for term, weight in vector.items():
            for j in postings.get(term, ()):
                dots[j] = dots.get(j, 0.0) + weight * vectors[j][term]
        if any(dot >= threshold * norms[i] * norms[j] > 0 for j, dot in dots.items()):
            continue
        kept.append(i)
        for term in vector:
            postings.setdefault(term, []).append(i)
    return kept


def _cosine_to_rest(vector: Vector, total: Vector, total_sq: float) -> float:
    # cos(v, total − v) without building total − v for every sentence.
    dot_total = sum(v * total[t] for t, v in vector.items())
    self_sq = sum(v * v for v in vector.values())
    rest_sq = total_sq - 2 * dot_total + self_sq
    if self_sq <= 0 or rest_sq <= 1e-12:
        return 0.0
    return (dot_total - self_sq) / math.sqrt(self_sq * rest_sq)


def _choose_greedily(
    sentences: Sequence[str],
    shortlist: Sequence[int],
    value: Callable[[Sequence[int]], float],
    max_sentences: int,
    max_chars: int,
) -> list[int]:
    chosen: list[int] = []
    while len(chosen) < max_sentences:
        options = [
            i
            for i in shortlist
            if i not in chosen and _joined_length(sentences, [*chosen, i]) <= max_chars
        ]
        if not options:
            break
        chosen.append(max(options, key=lambda i: (value([*chosen, i]), -i)))
    return sorted(chosen)


def _joined_length(sentences: Sequence[str], indices: Sequence[int]) -> int:
    return sum(len(sentences[i]) for i in indices) + max(0, len(indices) - 1)
