"""Articles as the matcher sees them: a set of keys (folded tokens, the pairs they form, host and
language), from which every topic's conditions are read."""

from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

from bot.matching.domains import host_of, host_suffixes
from bot.matching.languages import language_code, suggested_code
from bot.matching.terms import TERMS
from bot.text.folding import split_words

# Article text comes from the web: past these sizes we stop reading.
MAX_TITLE_CHARS = 1_000
MAX_TEXT_CHARS = 100_000

# Joins two neighbouring tokens into one pair key; tokens never hold it.
PAIR = "\1"


def site_key(domain: str) -> str:
    """The key of an article whose host is `domain` or one of its subdomains."""
    return "\0site:" + domain  # tokens never hold "\0"


def language_key(code: str) -> str:
    """The key of an article written in language `code`."""
    return "\0lang:" + code


@dataclass(frozen=True, slots=True)
class Document:
    """An article to match: `text` is its body or summary, `url` serves site:, `language` lang:."""

    title: str
    text: str
    url: str = ""
    language: str | None = None


class TokenizedDocument:
    """A Document's `keys`: its folded, stemmed tokens, each pair of neighbouring tokens
    ("first" + PAIR + "second"), and `site_key` for its host and every domain above it and
    `language_key` for its language; also its host and language code.

    The empty token stands between title and text, so no pair and no phrase spans the two.
    """

    __slots__ = ("keys", "host", "language", "_tokens", "_running")

    def __init__(self, doc: Document) -> None:
        stems = TERMS.__getitem__
        self._tokens = [
            *map(stems, split_words(doc.title[:MAX_TITLE_CHARS])),
            "",
            *map(stems, split_words(doc.text[:MAX_TEXT_CHARS])),
        ]
        self.host = host_of(doc.url)
        raw = doc.language or ""
        self.language: str | None = language_code(raw) or suggested_code(raw)
        filters = [site_key(domain) for domain in host_suffixes(self.host)]
        if self.language:
            filters.append(language_key(self.language))
        self.keys: frozenset[str] = frozenset(
            chain(self._tokens, map(PAIR.join, pairwise(self._tokens)), filters)
        )
        self._running: str | None = None

    def contains(self, tokens: tuple[str, ...]) -> bool:
        """Whether these tokens appear, next to each other in this order (within the title or
        within the text)."""
        if len(tokens) == 1:
            return tokens[0] in self.keys
        if len(tokens) == 2:
            return PAIR.join(tokens) in self.keys
        if not self.keys.issuperset(tokens):
            return False
        return f" {' '.join(tokens)} " in self._running_text()

    def _running_text(self) -> str:
        """All tokens in order, space-separated, with the empty token between title and text:
        tokens never hold spaces, so a phrase is found exactly as a substring."""
        if self._running is None:
            self._running = f" {' '.join(self._tokens)} "
        return self._running


@lru_cache(maxsize=256)
def tokenize(doc: Document) -> TokenizedDocument:
    """The tokenized form of `doc`; recent documents are remembered, since one article is
    usually checked against many topics in a row."""
    return TokenizedDocument(doc)
