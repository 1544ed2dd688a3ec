"""One spelling for a place name: "São Paulo", "sao_paulo" and "SAO PAULO" fold alike."""

from __future__ import annotations

import re

from bot.text.folding import fold

_DROPPED = re.compile(r"[.'’ʼ`]")  # "St. John's", "Xi'an", "D.C." close up
_SEPARATORS = re.compile(r"[\s_\-/–—]+")
_SAINT = re.compile(r"\b(saint|sankt)\b")


def fold_place(text: str) -> str:
    """Folded like every word the bot compares (bot.text), "_" and "-" as spaces, "Saint" as
    "st"; "" for nothing usable."""
    plain = _DROPPED.sub("", fold(text))
    plain = _SAINT.sub("st", plain)
    return " ".join(_SEPARATORS.sub(" ", plain).split())
