"""Folding and tokenising text, so that a topic finds every spelling of its words.

Both sides go through the same functions: the words of a topic and the words of an article.
Folding removes case, compatibility forms (NFKC) and, for Latin letters only, diacritics
("Türkiye" -> "turkiye", "Straße" -> "strasse"). Other scripts are only case-folded: stripping
marks there would change words (Japanese dakuten, Devanagari vowel signs).
"""

import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from bot.matching.demonyms import DEMONYMS

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

# Plural and third-person forms we would otherwise turn into a different word.
_NOT_INFLECTED = frozenset(
    {"news", "series", "species", "means", "always", "perhaps", "sometimes", "towards", "whereas"}
)


def _is_combining_accent(ch: str) -> bool:
    return "\u0300" <= ch <= "\u036f"


def _is_variation_selector(ch: str) -> bool:
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def _fold_char(ch: str) -> str:
    """One character folded: case-folded, and for Latin letters stripped of accents."""
    if _is_combining_accent(ch):
        return ""  # an accent left loose after NFKC: its letter was folded on its own
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


class _Memo(dict[K, str]):
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
_FOLD_TABLE = _Memo(lambda codepoint: _fold_char(chr(codepoint)), limit=1_200_000)
_TERM_TABLE = _Memo(lambda codepoint: _term_char(chr(codepoint)), limit=1_200_000)


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


def stem(token: str) -> str:
    """The form shared by a folded English-like word and its plural or third person.

    Light on purpose: only -s/-es/-ies endings, so "talks" and "talk" meet but "rating" and
    "rate" stay apart. Words that are not plain ASCII letters are returned unchanged.
    """
    return STEMS[token]


def _stem_word(token: str) -> str:
    stemmed = _strip_inflection(token)
    return _COUNTRY_OF.get(stemmed, stemmed)


def _strip_inflection(token: str) -> str:
    if len(token) < 4 or not token.isascii() or not token.isalpha() or token in _NOT_INFLECTED:
        return token
    if token.endswith("ies"):
        token = token[:-3] + "i"
    elif token.endswith(("sses", "xes", "ches", "shes")):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if token.endswith("y"):
        return token[:-1] + "i"  # "country" meets "countries"
    if token.endswith("ie"):
        return token[:-1]  # "movie" meets "movies"
    return token


# Both sides of the table in stemmed form: "German" must meet "Germany", which stems to "germani".
_COUNTRY_OF = {
    _strip_inflection(adjective): _strip_inflection(country)
    for adjective, country in DEMONYMS.items()
}

# stem() for many words at once: map(STEMS.__getitem__, words).
STEMS = _Memo(_stem_word, limit=200_000)


def terms(text: str) -> list[str]:
    """Folded, lightly stemmed tokens of `text`, in order: terms("Talks in Türkiye") ==
    ["talk", "in", "turkiye"]. Punctuation and emoji are dropped; Chinese and Japanese
    characters are one token each."""
    return list(map(STEMS.__getitem__, split_words(text)))
