"""Split article text into sentences without breaking on abbreviations, decimals or quotes."""

import re
import unicodedata
from dataclasses import dataclass

# Words that end with a period but do not end a sentence. Compared lower-cased without the dot.
_TITLES = frozenset(
    "mr mrs ms mx dr prof sr jr st rev fr gen lt col maj capt cpt sgt cpl adm cmdr gov sen rep "
    "pres supt insp det hon messrs mme mlle".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_OTHER = frozenset(
    "no nos vs v inc ltd co corp bros dept est approx fig vol pp ft mt mts ave blvd rd "
    "ca cf al univ assn govt".split()
)
# AP-style state abbreviations in datelines ("ST. JOSEPH, Mich. (AP) —"); matched with their
# capital so that "fell ill." still ends a sentence.
_STATES = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont "
    "Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo".split()
)
# After these a capitalised word may still continue the sentence ("the U.S. Senate"), so a
# break needs a word that typically opens a sentence.
_SENTENCE_OPENERS = frozenset(
    "the a an he she it they we i you his her their its our this that these those there "
    "but and so yet in on at for if when while after before as however meanwhile".split()
)
_MAX_TEXT_CHARS = 200_000

# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
# Tokenised text puts a space before a closing '' quote, so allow that one form.
_END = re.compile(
    r"(?P<end>\.{3}|…|[.!?]+)(?P<close>(?:[\"”’'»)\]]+|\s+''|\s+['’”](?=\s|$))*)(?=\s)"
)
# Chinese and Japanese end sentences with full-width marks and no space after them; Urdu,
# Arabic and Persian with their own full stop, question mark and semicolon, with or without a
# space (the Arabic comma "،" does not end one).
_SCRIPT_END = re.compile(r"[。！？]+[」』）〕】”’]*|[۔؟؛]+[\"”’'»)\]]*")
_LIST_MARKER = re.compile(r"^\s*(?:[•●▪◦‣∙*·–—-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_DOTTED_ABBREVIATION = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?$")
_BLANK_RUN = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000]+")


@dataclass(frozen=True)
class Sentence:
    """A sentence with where it came from: its line (paragraph) and whether that line was a list
    item or looked like a heading (no closing punctuation)."""

    text: str
    paragraph: int
    list_item: bool
    heading: bool


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text` in order, whitespace-normalised, none empty.

    Lines are never joined; within a line a sentence ends at ., !, ?, an ellipsis, Chinese and
    Japanese 。！？ or Urdu and Arabic ۔ ؟ ؛ (with any closing quotes) unless the word before is
    an abbreviation (Mr., Jan. 5, U.S. Senate, J. K. Rowling), the dot is part of a number
    (3.5), or a quoted question/exclamation runs on into a lower-case word (“Why?” she asked)."""
    return [s.text for s in segment(text)]


def segment(text: str) -> list[Sentence]:
    """Like `split_sentences`, keeping each sentence's paragraph and line kind."""
    text = unicodedata.normalize("NFKC", text[:_MAX_TEXT_CHARS])
    out: list[Sentence] = []
    for number, raw_line in enumerate(text.splitlines()):
        line = _BLANK_RUN.sub(" ", raw_line).strip()
        if not line:
            continue
        marker = _LIST_MARKER.match(line)
        list_item = marker is not None and len(line) > marker.end()
        if marker is not None and list_item:
            line = line[marker.end() :]
        for piece in _split_line(line):
            heading = not _ends_like_sentence(piece)
            out.append(Sentence(piece, number, list_item, heading))
    return out


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for end in _SCRIPT_END.finditer(line):
        _split_western(line[start : end.end()], pieces)
        start = end.end()
    _split_western(line[start:], pieces)
    return pieces


def _split_western(text: str, pieces: list[str]) -> None:
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match):
            _append_piece(pieces, text[start : match.end()])
            start = match.end()
    _append_piece(pieces, text[start:])


def _append_piece(pieces: list[str], piece: str) -> None:
    piece = piece.strip()
    if not piece:
        return
    if pieces and not any(ch.isalnum() for ch in piece):
        pieces[-1] = f"{pieces[-1]} {piece}"  # a stray closing quote belongs to the sentence
    else:
        pieces.append(piece)


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    end, closed = match.group("end"), bool(match.group("close"))
    after = line[match.end() :].lstrip()
    if not after:
        return False
    next_word = after.split(" ", 1)[0]
    next_bare = next_word.strip("\"“”‘’'`([«")
    before = line[: match.start()]
    prev_word = before.rsplit(" ", 1)[-1] if before and not before.endswith(" ") else ""

    if end in ("...", "…"):
        # An ellipsis mid-sentence ("and then... nothing") is common; only break before a capital.
        return next_bare[:1].isupper()
    if end == ".":
        return _period_ends_sentence(prev_word, next_bare, closed=closed)
    if closed and next_bare[:1].islower():
        # “Why?” she asked. — the quote closes but the sentence goes on.
        return False
    return True


def _period_ends_sentence(prev_word: str, next_word: str, *, closed: bool) -> bool:
    if closed:
        return True  # "... to the U.S." — a closing quote/bracket after the dot ends it
    bare = prev_word.lstrip("\"“”‘’'`([«").lower()
    if not bare:
        return True  # tokenised text: " ." stands alone
    if bare in _TITLES or bare in _OTHER or bare in ("e.g", "i.e") or _hyphenated_title(bare):
        return False
    if _DOTTED_ABBREVIATION.match(bare) or prev_word.lstrip("\"“”‘’'`([«") in _STATES:
        # U.S., a.m., Mich. — end a sentence only before a capitalised typical opener.
        return next_word.lower() in _SENTENCE_OPENERS and next_word[:1].isupper()
    if bare in _MONTHS:
        return not next_word[:1].isdigit()
    if len(bare) == 1 and bare.isalpha():
        return False  # an initial: "J. K. Rowling"
    return True


def _hyphenated_title(word: str) -> bool:
    # "then-Gov. Rick Perry", "ex-Sen. Smith": a title behind "then-"/"ex-" keeps its dot; other
    # compounds may end a sentence ("the next-gen.").
    prefix, _, title = word.rpartition("-")
    return prefix in ("then", "ex") and title in _TITLES


def _ends_like_sentence(piece: str) -> bool:
    return bool(re.search(r"[.!?…:;。！？۔؟؛][\"”’'»)\]」』）\s]*$", piece))
