"""Guess a text's language when its page does not declare one: py3langid's naive Bayes model
over byte n-grams (97 languages, shipped inside the package, nothing downloaded at run time).

Chosen by bench/language.py over the stop-word and script rules it replaced, which knew no
Urdu, Persian or Bengali and called every Arabic-script text Arabic or nothing.
"""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# The head of an article says its language; reading more costs time and changes nothing.
SAMPLE_CHARS = 2000
# Below this many letters a guess is a coin toss ("OK", a name, a number).
MIN_LETTERS = 12
# Probability (normalised over the model's languages) below which we say we do not know.
MIN_CONFIDENCE = 0.5
# The model's regional varieties, as the 2-letter code a `lang:` filter names.
_MACROLANGUAGE = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "hbo": "he"}


@cache
def _identifier() -> LanguageIdentifier:
    # Loading the model takes a few hundred milliseconds: once, on first use.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """A lower-case 2-letter code (ISO 639-1) for the text's language, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    code = _MACROLANGUAGE.get(code, code)
    return code if confidence >= MIN_CONFIDENCE and len(code) == 2 else None
