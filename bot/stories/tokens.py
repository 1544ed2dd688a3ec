"""Words for matching articles: folded, stop words removed, lightly stemmed, with a hint of
which ones name something (people, places, numbers) because those tell two look-alike events
apart."""

import re
import sys
from functools import lru_cache

from bot.stories.stopwords import STOP_WORDS
from bot.text.folding import WORD, fold, unify_arabic
from bot.text.stemming import stem

# Decimal numbers stay whole ("6.1" magnitude, "1,200 dead"); everything else splits on
# punctuation, so "Reid's" gives "reid" + "s" (a stop word).
_PIECE = re.compile(rf"\d+(?:[.,]\d+)+|{WORD.pattern}|[.!?:;\n]")
_SENTENCE_ENDS = frozenset(".!?:;\n")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MAX_TOKEN_CHARS = 40
# A headline in Title Case capitalises every word, so capitals there say nothing.
_TITLE_CASE_SHARE = 0.6
_TITLE_CASE_WORDS = 40


@lru_cache(maxsize=1 << 16)
def _word_terms(word: str) -> tuple[tuple[str, ...], bool, bool, bool]:
    """The terms one raw word yields (CJK runs become character bigrams: no spaces there), and
    whether it is capitalised, all capitals, and contains a digit."""
    if _CJK.search(word):
        chars = [c for c in word if not c.isspace()]
        if len(chars) > 1:
            chars = [a + b for a, b in zip(chars, chars[1:], strict=False)]
        return tuple(chars), False, False, False
    folded = fold(word[:_MAX_TOKEN_CHARS])
    if folded in STOP_WORDS or (len(folded) == 1 and not folded.isdigit()):
        return (), False, False, False
    all_caps = len(word) > 1 and word.isupper()
    term = sys.intern(stem(folded))
    return (term,), word[0].isupper(), all_caps, _DIGIT.search(word) is not None


def _is_title_case(pieces: list[str]) -> bool:
    # Only a headline can be in Title Case; running text that starts with one is not.
    if len(pieces) > _TITLE_CASE_WORDS:
        return False
    long_words = [w for w in pieces if len(w) > 3 and w.isalpha()]
    if len(long_words) < 3:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised / len(long_words) >= _TITLE_CASE_SHARE


def tagged_terms(text: str) -> list[tuple[str, bool]]:
    """Terms of `text` in order, each with True if it looks like part of a name or a number:
    capitalised somewhere not first in its sentence, all capitals, or containing a digit (a
    name that starts one sentence is still a name if it appears mid-sentence elsewhere)."""
    pieces = _PIECE.findall(unify_arabic(text))
    title_case = _is_title_case(pieces)
    found: list[str] = []
    names: set[str] = set()
    sentence_start = True
    for piece in pieces:
        if piece in _SENTENCE_ENDS:
            sentence_start = True
            continue
        terms, capitalised, all_caps, has_digit = _word_terms(piece)
        if terms:
            found += terms
            if has_digit or (not title_case and (all_caps or (capitalised and not sentence_start))):
                names.update(terms)
        sentence_start = False
    return [(term, term in names) for term in found]


def tokenize(text: str) -> list[str]:
    """Terms of `text` for matching: folded and stemmed like every other comparison of words
    (bot.text), stop words dropped; CJK text becomes character bigrams."""
    return [term for piece in _PIECE.findall(unify_arabic(text)) for term in _word_terms(piece)[0]]
