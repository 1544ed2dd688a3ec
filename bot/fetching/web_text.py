"""Text from the web made valid Unicode: the one clean-up every parser applies to what it reads.

A lone surrogate (JSON's "\\ud800", a stray numeric character reference) cannot be encoded, so
a database refuses the whole row; control characters are invisible and break XML exports.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls except tab, newline and carriage return, and the two noncharacters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def web_text(value: str) -> str:
    """``value`` as valid Unicode: lone surrogates become U+FFFD, control characters are
    dropped (tab and line breaks stay), and the result is in NFC."""
    text = _SURROGATE.sub("\ufffd", value)
    text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
