"""What a newer article adds to a story the reader has already seen."""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

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
# Background retold in the past perfect ("the union had said...") is what was already known.
BACKGROUND_FACTOR = 0.5
# An adverb may stand between ("had recently been fired", "had long said").
_PAST_PERFECT = re.compile(
    r"\bhad\s+(?:not\s+|never\s+|already\s+|\w+ly\s+|long\s+)?(?:been\s+)?\w+(?:ed|en|wn|id)\b"
)
# A sentence that describes how things are ("Indonesia sits on the Ring of Fire", "has long
# been", "is located") is background even when all its words are new; a development is an
# event. Present-tense states of places and long-standing facts, in English.
STATIVE_FACTOR = 0.5
_STATIVE = re.compile(
    r"\b(?:sits?|lies|lie|is\s+located|are\s+located|is\s+situated|is\s+home\s+to|"
    r"(?:has|have)\s+long\s+been|is\s+known\s+(?:as|for)|is\s+one\s+of|are\s+among|"
    r"is\s+among|is\s+prone|are\s+prone|is\s+common|are\s+common)\b"
)

# Clock times ("5:30 p.m.") and lone letters ("p", "m") are details of when, not news: their
# terms are no evidence of a development.
_CLOCK = re.compile(r"\b(\d{1,2})\s?[:.]\s?(\d{2})\b|\b(\d{1,2})\s*[ap]\.?\s?m\b")
# English states news in the present perfect ("police have identified", "the strike has
# ended"); a new term in such a sentence is more likely the event itself.
_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|just\s+|already\s+)?(?:been\s+)?"
    r"(?!long\b)[a-z]+(?:ed|en|wn|id|ne|ng|de|ht)\b"
)


def _clock_digits(sentence: str) -> set[str]:
    return {d.lstrip("0") or "0" for m in _CLOCK.finditer(sentence) for d in m.groups() if d}


def _evidence(term: str, clock: set[str], number_weight: float) -> float:
    """How much one new term says that something happened (see the constants above)."""
    if term[:1].isdigit():
        return 0.0 if term.lstrip("0") in clock or term in clock else number_weight
    return 0.0 if len(term) < 2 else 1.0


@dataclass(frozen=True)
class UpdateWeights:
    """The choices a benchmark may vary (bench/updates.py picks them on one half of its pairs
    and reports on the other); the defaults are what ships."""

    # News states the development first and background after it: each later sentence counts
    # a little less (weight 1 / (1 + position_decay * index)).
    position_decay: float = 0.3
    # The newer report's title names its news: each new term a sentence shares with the
    # title's new terms counts this much extra.
    title_weight: float = 0.0
    stative_factor: float = STATIVE_FACTOR
    # A sentence in the present perfect scores this many times more.
    event_factor: float = 2.0
    number_weight: float = 1.0


DEFAULT_WEIGHTS = UpdateWeights()


def development_scores(
    sentences: Sequence[str],
    known: set[str],
    *,
    title: str = "",
    weights: UpdateWeights = DEFAULT_WEIGHTS,
) -> list[float]:
    """How well each sentence states something new relative to the `known` content terms (see
    the constants above and UpdateWeights); 0.0 for a sentence with fewer than MIN_NEW_TERMS
    new terms. `title` is the newer report's own title (its new terms mark the news)."""
    title_new = set(content_terms(title)) - known
    scores: list[float] = []
    for index, sentence in enumerate(sentences):
        terms = content_terms(sentence)
        fresh = set(terms) - known
        clock = _clock_digits(sentence)
        new = sum(_evidence(t, clock, weights.number_weight) for t in fresh)
        if not terms or new < MIN_NEW_TERMS:
            scores.append(0.0)
            continue
        new += weights.title_weight * len(fresh & title_new)
        score = new / math.sqrt(len(set(terms))) / (1.0 + weights.position_decay * index)
        lowered = sentence.lower()
        if _PAST_PERFECT.search(lowered):
            score *= BACKGROUND_FACTOR
        if _STATIVE.search(lowered):
            score *= weights.stative_factor
        if _PRESENT_PERFECT.search(lowered):
            score *= weights.event_factor
        scores.append(score)
    return scores


def summarise_update(
    new_text: str,
    earlier_texts: Sequence[str],
    *,
    title: str = "",
    max_sentences: int = 2,
    max_chars: int = 300,
    weights: UpdateWeights = DEFAULT_WEIGHTS,
) -> str:
    """What `new_text` (titled `title`) adds to `earlier_texts` (everything the reader was
    sent: all earlier reports of the story, not only the first): the sentence that best states
    the development first (see development_scores), then the next best, at most
    `max_sentences` and `max_chars`.

    Returns "" when no sentence has new terms enough, i.e. the article adds nothing. With no
    earlier texts everything is new, so this is the article's summary. Pure and
    deterministic; the same boilerplate as in `summarise` never appears."""
    if not earlier_texts:
        return summarise(new_text, max_sentences=max_sentences, max_chars=max_chars)
    if max_sentences < 1 or max_chars < 1:
        return ""
    known = {term for text in earlier_texts for term in content_terms(text)}
    sentences = news_sentences(new_text)
    scores = development_scores(sentences, known, title=title, weights=weights)
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
