"""One spelling for a place name: "São Paulo", "sao_paulo" and "SAO PAULO" fold alike."""

from __future__ import annotations

import re
import unicodedata

_DROPPED = re.compile(r"[.'’ʼ`]")  # "St. John's", "Xi'an", "D.C." close up
_SEPARATORS = re.compile(r"[\s_\-/–—]+")
_SAINT = re.compile(r"\b(saint|sankt)\b")


def fold_place(text: str) -> str:
    """Lower case, no accents, "_" and "-" as spaces, "Saint" as "st"; "" for nothing usable."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = _DROPPED.sub("", plain)
    plain = _SAINT.sub("st", plain)
    return " ".join(_SEPARATORS.sub(" ", plain).split())
