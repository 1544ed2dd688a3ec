"""Content words of a sentence, reduced to a comparable form, and TF-IDF vectors over them."""

import math
import re
from collections import Counter
from collections.abc import Sequence

from bot.text.folding import WORD, fold
from bot.text.stemming import stem
from bot.text.stopwords import FUNCTION_WORDS

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_STOPWORDS = (
    frozenset(
        """a an the and or but if of to in on at by for with from as is are was were be been being
    have has had do does did it its this that these those he she they we i you his her their our
    my your him them us me who whom which what when where why how not no so than then there here
    also just only very can could would should will may might must said says say about after
    before over into out up down more most some any all such one two new s t d ll re ve""".split()
    )
    | FUNCTION_WORDS
)

# What is left of a negated auxiliary once the apostrophe splits it ("didn't" -> "didn", "t").
_NEGATED = frozenset(
    "didn doesn don isn wasn weren aren hasn haven hadn couldn wouldn shouldn mustn needn".split()
)

Vector = dict[str, float]


def content_terms(sentence: str, *, fragments: bool = True) -> list[str]:
    """Folded words of the sentence without stop words, stemmed so that "talks" and "talk"
    compare equal (bot.text). With `fragments=False` also without the pieces an apostrophe or a
    dot leaves behind (a lone Latin letter: the "n" of a tokenised "n't", "m" of "I'm", "u" of
    "U.S.", an initial; a negated auxiliary: "didn"), which make unrelated sentences look alike.
    Deterministic; empty for punctuation only."""
    terms: list[str] = []
    for word in WORD.findall(fold(sentence)):
        if not word.isascii() and _CJK.search(word):
            # Chinese and Japanese do not separate words; character pairs stand in for them.
            terms.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        elif word not in _STOPWORDS and (fragments or not _is_fragment(word)):
            terms.append(stem(word, inflections=True))
    return terms


def _is_fragment(word: str) -> bool:
    return (len(word) == 1 and word.isascii() and word.isalpha()) or word in _NEGATED


def tfidf_vectors(documents: Sequence[Sequence[str]]) -> list[Vector]:
    """One TF-IDF vector per term list, with IDF taken over the lists themselves (the sentences
    of one article), so words the article repeats everywhere weigh little."""
    n = len(documents)
    df = Counter(term for terms in documents for term in set(terms))
    idf = {term: math.log((n + 1) / (count + 0.5)) for term, count in df.items()}
    return [{t: c * idf[t] for t, c in Counter(terms).items()} for terms in documents]


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two sparse vectors; 0.0 if either is empty."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def add_vectors(vectors: Sequence[Vector]) -> Vector:
    """The sum of sparse vectors."""
    total: dict[str, float] = {}
    for vector in vectors:
        for t, v in vector.items():
            total[t] = total.get(t, 0.0) + v
    return total
