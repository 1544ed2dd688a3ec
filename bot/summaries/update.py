"""What a newer article adds to a story the reader has already seen."""

from collections.abc import Sequence

from bot.summaries.candidates import news_sentences
from bot.summaries.selection import cut_at_word, summarise
from bot.summaries.terms import content_terms

# A sentence counts as news when at least this share of its content words appear in none of the
# earlier articles; below it, the sentence mostly restates what the reader knows.
MIN_NOVELTY = 0.5


def summarise_update(
    new_text: str, earlier_texts: Sequence[str], *, max_sentences: int = 2, max_chars: int = 300
) -> str:
    """The sentences of `new_text` least covered by `earlier_texts` (share of their content words
    found in the earlier texts), at most `max_sentences` and `max_chars`, in article order.

    Returns "" when no sentence is at least MIN_NOVELTY new, i.e. the article adds nothing. With
    no earlier texts everything is new, so this is the article's summary. Pure and
    deterministic; the same boilerplate as in `summarise` never appears."""
    if not earlier_texts:
        return summarise(new_text, max_sentences=max_sentences, max_chars=max_chars)
    if max_sentences < 1 or max_chars < 1:
        return ""
    known = {term for text in earlier_texts for term in content_terms(text)}
    ranked: list[tuple[float, int]] = []
    sentences = news_sentences(new_text)
    for index, sentence in enumerate(sentences):
        terms = content_terms(sentence)
        if not terms:
            continue
        novelty = sum(term not in known for term in terms) / len(terms)
        if novelty >= MIN_NOVELTY:
            ranked.append((novelty, index))
    ranked.sort(key=lambda pair: (-pair[0], pair[1]))
    chosen: list[int] = []
    used = 0
    for _, index in ranked:
        if len(chosen) == max_sentences:
            break
        extra = len(sentences[index]) + (1 if chosen else 0)
        if used + extra <= max_chars:
            chosen.append(index)
            used += extra
    if not chosen and ranked:
        return cut_at_word(sentences[ranked[0][1]], max_chars)
    return " ".join(sentences[i] for i in sorted(chosen))
