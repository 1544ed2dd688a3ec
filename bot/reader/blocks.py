"""The structure of an article's plain text: paragraphs, the headings between them, and lists.

The extractor hands over paragraphs separated by line breaks, with list items as "- item" lines,
numbered items as "1. item" lines, bold lead-ins marked (bot.extraction.marks) and headings as
short lines of their own. This recovers that structure for the reader page and Read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.extraction.marks import split_lead_in, unmarked

MAX_BLOCKS = 2000
MAX_HEADING_CHARS = 100
MAX_HEADING_WORDS = 14
# A heading introduces a real paragraph: the next block is clearly longer than it.
_MIN_FOLLOWING_CHARS = 80
_LIST_MARKER = re.compile(r"^[-•▪◦*]\s+(?=\S)")
# Sentence-like endings: a line ending so is a paragraph, a caption or a quote, not a heading.
_SENTENCE_END = tuple(".,;:!…\"”’'»)]-–—。！？۔؟")
# "By Jane Doe": a byline, not a heading ("By the numbers" is one).
_BYLINE = re.compile(r"^By(\s+[A-Z][\w.'’-]*){1,5}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")

Kind = Literal["p", "h2", "li"]


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str  # without its list marker or lead-in
    number: int | None = None  # a numbered list item's number
    lead: str = ""  # the bold lead-in before `text`

    @property
    def list_key(self) -> str:
        """Which list an item belongs to: consecutive items with one key are one list."""
        return "ol" if self.number is not None else "ul"


def text_blocks(text: str) -> list[Block]:
    """The article's blocks in order, at most MAX_BLOCKS. Every non-empty line of ``text``
    becomes exactly one block with its words unchanged (list markers dropped); lines are
    headings only when they look like one (short, no sentence ending, not first, followed by
    a longer paragraph or a list)."""
    lines = [" ".join(_CONTROL.sub("", line).split()) for line in text.splitlines()]
    lines = [line for line in lines if line][:MAX_BLOCKS]
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if marker := _LIST_MARKER.match(line):
            lead, rest = split_lead_in(line[marker.end() :])
            blocks.append(Block("li", rest, lead=lead))
        elif numbered := _NUMBERED.match(line):
            lead, rest = split_lead_in(line[numbered.end() :])
            blocks.append(Block("li", rest, number=int(numbered.group(1)), lead=lead))
        elif i > 0 and _looks_like_heading(line, lines[i + 1] if i + 1 < len(lines) else None):
            blocks.append(Block("h2", unmarked(line)))
        else:
            lead, rest = split_lead_in(line)
            blocks.append(Block("p", rest, lead=lead))
    return blocks


def _looks_like_heading(line: str, following: str | None) -> bool:
    if following is None or len(line) > MAX_HEADING_CHARS:
        return False
    if len(line.split()) > MAX_HEADING_WORDS or line.endswith(_SENTENCE_END):
        return False
    # A heading is one phrase: two sentences in a line make a caption or a paragraph.
    if ". " in line or _BYLINE.match(line):
        return False
    first = line[0]
    # Scripts without case (Arabic, Urdu, CJK) pass; in cased scripts a heading starts high.
    if first.islower() or not (first.isalnum() or first in "“\"‘'«¿¡"):
        return False
    if _LIST_MARKER.match(following) or _NUMBERED.match(following):
        return True
    return len(following) >= max(_MIN_FOLLOWING_CHARS, 2 * len(line))


def reading_minutes(text: str) -> int:
    """Minutes an unhurried reader needs: ~230 words a minute, ~500 characters a minute in
    scripts written without spaces (Chinese, Japanese); at least one."""
    spaceless = sum(1 for ch in text if _is_spaceless_script(ch))
    words = len(text.split())
    return max(1, round(words / 230 + spaceless / 500))


def _is_spaceless_script(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0x0E00 <= code <= 0x0E7F  # Thai
    )
