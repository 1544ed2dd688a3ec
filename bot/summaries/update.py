"""What a newer article adds to a story the reader has already seen."""

import math
import re
from collections.abc import Sequence

from bot.summaries.candidates import news_sentences
from bot.summaries.selection import cut_at_word, summarise
from bot.summaries.terms import content_terms

# A development shows in words and figures the reader was not sent (the deal, the 12 percent,
# "ended"), while the names it is about are mostly known already. So a sentence scores by how
# many new terms it has (a figure counts twice), over the square root of its length, not by
# the share of new ones: a lead full of known names still states the news.
NUMBER_WEIGHT = 2.0
# A sentence with fewer new terms than this (a figure counting twice) adds nothing.
MIN_NEW_TERMS = 2.0
# News states the development first and background after it: each later sentence counts a
# little less (weight 1 / (1 + POSITION_DECAY * index)).
POSITION_DECAY = 0.1
# Background retold in the past perfect ("the union had said...") is what was already known.
BACKGROUND_FACTOR = 0.5
_PAST_PERFECT = re.compile(
    r"\bhad\s+(?:not\s+|never\s+|already\s+)?(?:been\s+)?\w+(?:ed|en|wn|id)\b"
)


def development_scores(sentences: Sequence[str], known: set[str]) -> list[float]:
    """How well each sentence states something new relative to the `known` content terms (see
    the constants above); 0.0 for a sentence with fewer than MIN_NEW_TERMS new terms."""
    scores: list[float] = []
    for index, sentence in enumerate(sentences):
        terms = content_terms(sentence)
        new = sum(NUMBER_WEIGHT if t[:1].isdigit() else 1.0 for t in set(terms) - known)
        if not terms or new < MIN_NEW_TERMS:
            scores.append(0.0)
            continue
        score = new / math.sqrt(len(set(terms))) / (1.0 + POSITION_DECAY * index)
        if _PAST_PERFECT.search(sentence.lower()):
            score *= BACKGROUND_FACTOR
        scores.append(score)
    return scores


def summarise_update(
    new_text: str, earlier_texts: Sequence[str], *, max_sentences: int = 2, max_chars: int = 300
) -> str:
    """What `new_text` adds to `earlier_texts`: the sentence that best states the development
    first (see development_scores), then the next best, at most `max_sentences` and
    `max_chars`.

    Returns "" when no sentence has new terms enough, i.e. the article adds nothing. With no
    earlier texts everything is new, so this is the article's summary. Pure and
    deterministic; the same boilerplate as in `summarise` never appears."""
    if not earlier_texts:
        return summarise(new_text, max_sentences=max_sentences, max_chars=max_chars)
    if max_sentences < 1 or max_chars < 1:
        return ""
    known = {term for text in earlier_texts for term in content_terms(text)}
    sentences = news_sentences(new_text)
    scores = development_scores(sentences, known)
    ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    used = 0
    for index in ranked:
        if len(chosen) == max_sentences:
            break
        extra = len(sentences[index]) + (1 if chosen else 0)
        if used + extra <= max_chars:
            chosen.append(index)
            used += extra
    if not chosen and ranked:
        return cut_at_word(sentences[ranked[0]], max_chars)
    # The development leads (the reader sees it first); what else is new follows.
    return " ".join(sentences[i] for i in chosen)


def update_heading(new_title: str, headline: str, earlier_texts: Sequence[str]) -> str:
    """The heading of an update: the newer article's title when it names something the reader
    was not sent (the deal, not the strike again), else the story's headline."""
    known = {t for text in (headline, *earlier_texts) for t in content_terms(text)}
    new = set(content_terms(new_title)) - known
    return new_title.strip() if new_title.strip() and new else headline
