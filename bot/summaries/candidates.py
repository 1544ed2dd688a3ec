"""The sentences of an article that a summary may quote, cleaned of datelines and captions."""

import re
from collections import Counter

from bot.extraction.marks import unmarked
from bot.summaries.boilerplate import (
    is_boilerplate,
    is_photo_credit,
    strip_dateline,
    strip_photo_asides,
)
from bot.summaries.sentences import segment

# Articles longer than this many sentences add cost but no summary material.
MAX_SENTENCES = 300
# Shorter sentences are usually fragments ("And then?") that read badly out of context.
MIN_WORDS = 6

# A credited line this short is a caption; a longer one is article text that swallowed a credit
# (text without line breaks), where only the credit itself goes.
CAPTION_SENTENCES = 3

# "Walking together: the mayor of Calais..." or "EXCLUSIVE: ..." — a short label before a colon
# that captions and kickers carry; a quotation after the colon is speech, so it stays.
_LABEL = re.compile(r"^(?:[^\W_]+[ '’-]*){1,4}\s?:\s+(?=[^'\"‘“`])")
_WORD = re.compile(r"[^\W_]+")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def news_sentences(text: str, title: str | None = None) -> list[str]:
    """The article's sentences in order, without boilerplate (see `is_boilerplate`), captions,
    headings, list items, repeats (of the title or an earlier sentence) or fragments under
    MIN_WORDS words; datelines, photo asides and caption labels are trimmed off. If that leaves
    nothing, the non-boilerplate sentences of any length are returned instead, so a short text
    still yields something."""
    text = unmarked(text)  # a bold lead-in's words, without its mark
    strict: list[str] = []
    loose: list[str] = []
    seen = {_key(title)} if title else set()
    last_paragraph = -1
    sentences = segment(text)[:MAX_SENTENCES]
    per_line = Counter(s.paragraph for s in sentences)
    captions = {
        s.paragraph
        for s in sentences
        if per_line[s.paragraph] <= CAPTION_SENTENCES and is_photo_credit(s.text)
    }
    for sentence in sentences:
        if sentence.paragraph in captions:
            continue
        cleaned = sentence.text
        if sentence.paragraph != last_paragraph:
            cleaned = strip_dateline(cleaned)
            last_paragraph = sentence.paragraph
        cleaned = strip_photo_asides(cleaned)
        key = _key(cleaned)
        if is_boilerplate(cleaned) or key in seen:
            continue
        seen.add(key)
        loose.append(cleaned)
        if sentence.heading or sentence.list_item:
            continue
        unlabelled = _LABEL.sub("", cleaned, count=1)
        if _word_count(unlabelled) >= MIN_WORDS:
            cleaned = unlabelled
        if _word_count(cleaned) >= MIN_WORDS:
            strict.append(cleaned)
    return strict or loose


def _word_count(text: str) -> int:
    # Chinese and Japanese words average about two characters.
    return len(_WORD.findall(text)) + len(_CJK_CHAR.findall(text)) // 2


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))
