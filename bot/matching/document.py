"""Articles as the matcher sees them: folded tokens, the pairs they form, host and language."""

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from bot.matching.domains import host_of
from bot.matching.folding import STEMS, split_words
from bot.matching.languages import language_code, suggested_code

# Article text comes from the web: past these sizes we stop reading.
MAX_TITLE_CHARS = 1_000
MAX_TEXT_CHARS = 100_000

# Joins two neighbouring tokens into one pair token; tokens never hold it.
PAIR = "\1"


@dataclass(frozen=True, slots=True)
class Document:
    """An article to match: `text` is its body or summary, `url` serves site:, `language` lang:."""

    title: str
    text: str
    url: str = ""
    language: str | None = None


class TokenizedDocument:
    """A Document's folded, stemmed tokens as a set (`vocabulary`), the set of neighbouring
    pairs (`pairs`, each "first" + PAIR + "second"), its host and its language code.

    The empty token stands between title and text, so no pair and no phrase spans the two.
    """

    __slots__ = ("vocabulary", "pairs", "host", "language", "_tokens", "_running")

    def __init__(self, doc: Document) -> None:
        stems = STEMS.__getitem__
        self._tokens = [
            *map(stems, split_words(doc.title[:MAX_TITLE_CHARS])),
            "",
            *map(stems, split_words(doc.text[:MAX_TEXT_CHARS])),
        ]
        self.vocabulary: frozenset[str] = frozenset(self._tokens)
        self.pairs: frozenset[str] = frozenset(map(PAIR.join, pairwise(self._tokens)))
        self.host = host_of(doc.url)
        raw = doc.language or ""
        self.language: str | None = language_code(raw) or suggested_code(raw)
        self._running: str | None = None

    def contains(self, tokens: tuple[str, ...]) -> bool:
        """Whether these tokens appear, next to each other in this order (within the title or
        within the text)."""
        if len(tokens) == 1:
            return tokens[0] in self.vocabulary
        if len(tokens) == 2:
            return PAIR.join(tokens) in self.pairs
        if not self.vocabulary.issuperset(tokens):
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
