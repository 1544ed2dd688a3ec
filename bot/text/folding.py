"""Folding and splitting text into words, one set of rules for every part of the bot that
compares words (topics and articles, stories, summaries, place names).

Folding removes case, compatibility forms (NFKC) and, for Latin letters only, diacritics
("Türkiye" -> "turkiye", "Straße" -> "strasse"). In Arabic script it makes one letter of the
variants Urdu, Persian and Arabic writers mix (ي/ی/ى, ك/ک, ه/ہ/ۃ/ة, the alef forms) and drops
the vowel marks and tatweel. Decimal digits of every script become ASCII digits. Other scripts
are only case-folded: stripping marks there would change words (Japanese dakuten, Devanagari
vowel signs).
"""

import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")

# Latin letters that do not decompose into a base letter plus accent.
_LATIN_SPECIAL = {
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
    # Russian writers drop the diaeresis of ё more often than not.
    "ё": "е",
}

# Arabic-script letters that writers use for one another: the keyboard (Arabic, Persian or
# Urdu layout) decides which one a text holds, not the word. Each maps to the Urdu form.
_ARABIC_LETTERS = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # alef maksura
    "ې": "ی",
    "ك": "ک",  # Arabic kaf
    "ه": "ہ",  # Arabic heh
    "ة": "ہ",  # teh marbuta
    "ۃ": "ہ",  # teh marbuta goal
    "ە": "ہ",
    "ۂ": "ہ",  # heh goal with hamza: the hamza is a mark
    "ۀ": "ہ",  # Persian heh with yeh above
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ی",
    "ۓ": "ے",
}
# Vowel marks (harakat), Quranic annotation signs, superscript alef, and the tatweel that only
# stretches a word: none of them tells two words apart in news text.
_ARABIC_DROPPED = frozenset(
    chr(c)
    for c in (
        *range(0x0610, 0x061B),
        0x0640,
        *range(0x064B, 0x0660),
        0x0670,
        *range(0x06D6, 0x06DD),
        *range(0x06DF, 0x06E5),
        0x06E7,
        0x06E8,
        *range(0x06EA, 0x06EE),
        *range(0x08D3, 0x0900),
    )
)
# For text whose case still matters to its reader (a tokenizer that looks at capitals first).
_ARABIC_TABLE = str.maketrans({**_ARABIC_LETTERS, **dict.fromkeys(_ARABIC_DROPPED, "")})
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")


def _mark_class() -> str:
    """The combining marks of Unicode as a regex character class body (ranges)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x20000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


# A word: letters and digits with the marks that belong to them. `[^\W_]+` alone cuts Hindi and
# Bengali words at every vowel sign ("हिन्दी" -> "ह", "न", "द"): Python's \w has no marks.
WORD = re.compile(rf"[^\W_]+(?:[{_mark_class()}]+[^\W_]*)*")


# Scripts written without spaces: each character is a token, so a topic word is a phrase of them.
_UNSPACED = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]"
)

# "U.S." and "u.k" become "us" and "uk", so they meet the undotted spellings.
_ACRONYM = re.compile(r"(?<![^\W_])[^\W\d_](?:\.[^\W\d_])+(?![^\W_])\.?")
_DOTTED_LETTERS = re.compile(r"[a-z](?:\.[a-z])+\.?")

# ASCII text, byte by byte: letters lower-cased, digits and dots kept, all else a space.
_ASCII_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57 or c == 46) else 32
    for c in range(256)
)

# Typographic punctuation that keeps otherwise plain English text off the fast ASCII path.
_TYPOGRAPHIC = str.maketrans(
    dict.fromkeys(
        "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\xa0\u2009\u200b\ufffd\xa3\u20ac\xae\xa9",
        " ",
    )
)


def _is_combining_accent(ch: str) -> bool:
    return "\u0300" <= ch <= "\u036f"


def _is_variation_selector(ch: str) -> bool:
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def _fold_char(ch: str) -> str:
    """One character folded: case-folded, for Latin letters stripped of accents, for Arabic
    script unified, a decimal digit as its ASCII digit."""
    if _is_combining_accent(ch) or ch in _ARABIC_DROPPED:
        return ""  # an accent left loose after NFKC: its letter was folded on its own
    if ch in _ARABIC_LETTERS:
        return _ARABIC_LETTERS[ch]
    if not ch.isascii() and unicodedata.category(ch) == "Nd":
        return str(unicodedata.decimal(ch))  # ۲۰۲۶ and ٢٠٢٦ are 2026
    out = []
    for c in ch.casefold():
        if _is_combining_accent(c):
            continue  # "İ".casefold() is "i" plus a combining dot
        if c in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[c])
            continue
        parts = unicodedata.normalize("NFD", c)
        if parts[0].isascii() or unicodedata.name(parts[0], "").startswith("LATIN"):
            out.append("".join(p for p in parts if not unicodedata.combining(p)))
        else:
            out.append(c)
    return "".join(out)


def _term_char(ch: str) -> str:
    """One character as the tokeniser sees it: folded, or a space where words break."""
    out = []
    for c in _fold_char(ch):
        category = unicodedata.category(c)
        if _UNSPACED.match(c):
            out.append(f" {c} ")
        elif c.isalnum() or (category in ("Mn", "Mc") and not _is_variation_selector(c)):
            out.append(c)
        elif category == "Cf" and c != "\u200b":
            continue  # soft hyphens and zero-width joiners sit inside words
        else:
            out.append(" ")
    return "".join(out)


class Memo(dict[K, str]):
    """Remembers `convert(key)` for keys seen before: a plain dict lookup after the first time,
    which str.translate and map() can use directly. Forgets everything past `limit` keys, since
    web text can hold endless junk words."""

    def __init__(self, convert: Callable[[K], str], limit: int) -> None:
        super().__init__()
        self._convert = convert
        self._limit = limit

    def __missing__(self, key: K) -> str:
        if len(self) >= self._limit:
            self.clear()
        value = self[key] = self._convert(key)
        return value


# Translate tables, by code point; there are only so many characters.
_FOLD_TABLE = Memo(lambda codepoint: _fold_char(chr(codepoint)), limit=1_200_000)
_TERM_TABLE = Memo(lambda codepoint: _term_char(chr(codepoint)), limit=1_200_000)


def fold(text: str) -> str:
    """Return `text` without case, compatibility forms or Latin diacritics.

    Everything else (spacing, punctuation, other scripts' letters) is kept, so the result can be
    shown or searched like the original: fold("Türkiye") == "turkiye", fold("Straße") == "strasse".
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)


def _join_acronym(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def _undotted(token: str) -> str:
    return token.replace(".", "" if _DOTTED_LETTERS.fullmatch(token) else " ")


def _split_ascii(text: str) -> list[str]:
    spaced = text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii")
    spaced = spaced.replace(". ", " ")  # most dots end a sentence
    # The few dots left sit in acronyms, domains, numbers: rewrite just those tokens.
    pieces, done, dot = [], 0, spaced.find(".")
    while dot != -1:
        start = spaced.rfind(" ", 0, dot) + 1
        end = spaced.find(" ", dot)
        end = len(spaced) if end == -1 else end
        pieces += (spaced[done:start], _undotted(spaced[start:end]))
        done, dot = end, spaced.find(".", end)
    if pieces:
        spaced = "".join(pieces) + spaced[done:]
    return spaced.split()


def split_words(text: str) -> list[str]:
    """Folded tokens of `text` in order, before stemming."""
    if text.isascii():
        return _split_ascii(text)
    plain = text.translate(_TYPOGRAPHIC)
    if plain.isascii():
        return _split_ascii(plain)
    normal = unicodedata.normalize("NFKC", plain)
    if "." in normal:
        normal = _ACRONYM.sub(_join_acronym, normal)
    words = normal.translate(_TERM_TABLE).split()
    # A mark left without its letter (its emoji or symbol became a space) is no word.
    return [word for word in words if word[0].isalnum()]


def unify_arabic(text: str) -> str:
    """`text` with its Arabic-script letter variants made one and vowel marks and tatweel
    dropped, nothing else changed (case stays): for tokenizers that read capitals first."""
    if text.isascii() or not _ARABIC_SCRIPT.search(text):
        return text
    return unicodedata.normalize("NFKC", text).translate(_ARABIC_TABLE)
