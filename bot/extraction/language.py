"""Guess an article's language from its text when the page does not declare one."""

from __future__ import annotations

import re
from collections import Counter

SAMPLE_CHARS = 5000
MIN_STOPWORD_HITS = 5

# Scripts that name their language well enough; Cyrillic needs letter evidence, Arabic and
# Latin word evidence.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana: before Han, which Japanese shares
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("hy", re.compile(r"[\u0530-\u058f]")),
    ("ka", re.compile(r"[\u10a0-\u10ff]")),
)
_STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in {
        "en": "the and of to in is that for it with was on as be by at this are from have has"
        " not but they his her which were their would been said",
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch"
        " es an werden aus er hat dass sie nach wird bei",
        "fr": "le la les et des est une un du en que qui dans pour pas sur au avec il sont"
        " ce ne se par plus été aux cette",
        "es": "el la los las y de que en un una es por con para del se no al lo como más"
        " pero sus le ha fue este son",
        "pt": "o a os as e de que em um uma é do da dos das para com não no na por se mais"
        " ao foi como seu sua são pelo pela",
        "it": "il lo la gli le e di che è un una per con non del della dei nel si da al"
        " sono anche come più ha alla degli",
        "nl": "de het een en van is dat in op te zijn met voor niet aan er om ook als door"
        " bij maar wordt naar heeft werd",
        "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada"
        " karena oleh sudah mereka atau bisa saat",
        "tr": "ve bir bu da de için ile olarak çok daha gibi ama olan en ne kadar sonra"
        " değil her ancak göre",
        "pl": "i w nie na się z że do jest to jak po co ale od za przez są tak być jego"
        " już może dla",
        "sv": "och i att det som en på är av för med till den har de inte om ett var jag"
        " men sig från",
        "ar": "في من على أن إلى عن مع هذا التي الذي كان ما لا هذه أو بين بعد كما قد",
    }.items()
}
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_ONLY = re.compile(
    r"[іїєґІЇЄҐ]|\b(?:що|це|як|його|був|була|були|або|вже|він|вона|вони|від)\b"
)
_RUSSIAN_ONLY = re.compile(r"[ыэъЫЭЪ]|\b(?:что|это|как|его|был|была|были|или|уже|он|она|они|от)\b")


def detect_language(text: str) -> str | None:
    """A lower-case 2-letter code for the text's language, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return None
    letters = sum(1 for ch in sample if ch.isalpha())
    for code, script in _SCRIPTS:
        if len(script.findall(sample)) >= max(5, letters // 10):
            return code
    cyrillic = _cyrillic_language(sample)
    if cyrillic:
        return cyrillic
    hits: Counter[str] = Counter()
    for word in _WORD.findall(sample.lower()):
        for code, stopwords in _STOPWORDS.items():
            if word in stopwords:
                hits[code] += 1
    if not hits:
        return None
    (best, count), *rest = hits.most_common(2) + [("", 0)]
    runner_up = rest[0][1]
    return best if count >= MIN_STOPWORD_HITS and count > 1.2 * runner_up else None


def _cyrillic_language(sample: str) -> str | None:
    """Russian or Ukrainian from the letters and words only one of them uses; None otherwise."""
    letters = sum(1 for ch in sample if ch.isalpha())
    if len(_CYRILLIC.findall(sample)) < max(5, letters // 2):
        return None
    ukrainian, russian = len(_UKRAINIAN_ONLY.findall(sample)), len(_RUSSIAN_ONLY.findall(sample))
    if ukrainian > russian:
        return "uk"
    return "ru" if russian else None
