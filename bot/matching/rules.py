"""Topics reduced to rules over the set of keys of an article, the form the matcher indexes.

An article's keys (`TokenizedDocument.keys`) are its tokens, the pairs of neighbouring tokens,
and keys for its host, the domains above it, and its language. A rule holds when all
`required` keys are present, each of its `groups` has one alternative (a bag of keys, all
present), no `excluded` key is present, and, for rules with phrases of three words or more, the
exact check agrees. A two-word phrase is one pair key, so it needs no exact check. Topics that
mean the same share one rule, whatever their spelling or word order.
"""

from itertools import pairwise

from bot.matching.document import PAIR, TokenizedDocument, language_key, site_key
from bot.matching.evaluation import matches_tokenized
from bot.matching.query import Query, Term

# Every tokenized article holds the empty token (it separates title from text).
ALWAYS_PRESENT = ""

# Words so common that filing a rule under them would make it a candidate for most articles.
_COMMON = frozenset(
    """a an the and or of to in on at for from by with as is are was were be been has have had
    it its this that not no but after over new says said say will would could more than up out
    about into who what when how his her their they he she we you i""".split()
)

Bag = frozenset[str]


def _bag(tokens: tuple[str, ...]) -> Bag:
    """Keys an article must hold to contain these tokens as a phrase: the token itself, or the
    pairs of neighbours (enough for two words; for more, the exact check has the last word)."""
    if len(tokens) == 1:
        return frozenset(tokens)
    return frozenset(map(PAIR.join, pairwise(tokens)))


def meaning(query: Query) -> str:
    """What decides a match, without spelling or order: equal for topics that mean the same.

    A string, not nested sets: a matcher holds one per rule, and strings cost the garbage
    collector nothing. Tokens never hold spaces or control characters, so these separators are
    safe.
    """

    def listed(terms: tuple[Term, ...]) -> str:
        return "\1".join(sorted({" ".join(term.tokens) for term in terms}))

    parts = (
        "\2".join(sorted({listed(clause) for clause in query.clauses})),
        listed(query.excluded),
        " ".join(sorted(set(query.sites))),
        " ".join(sorted(set(query.excluded_sites))),
        " ".join(sorted(set(query.languages))),
    )
    return "\3".join(parts)


class Rule:
    """One meaning, shared by the topics in `topic_ids`, as conditions on an article's tokens."""

    __slots__ = (
        "query",
        "required",
        "groups",
        "excluded",
        "needs_exact_check",
        "_phrases",
        "_excluded_phrases",
        "_phrase_in_group",
        "index_keys",
        "topic_ids",
    )

    def __init__(self, query: Query) -> None:
        self.query = query
        self.topic_ids: set[int] = set()
        clauses = [tuple(_bag(term.tokens) for term in clause) for clause in query.clauses]
        if query.sites:
            clauses.append(tuple(frozenset({site_key(site)}) for site in query.sites))
        if query.languages:
            clauses.append(tuple(frozenset({language_key(code)}) for code in query.languages))
        required: set[str] = set()
        for clause in clauses:
            if len(clause) == 1:
                required |= clause[0]
        # A query built by hand with no clause at all matches every article, as in `matches`.
        self.required: frozenset[str] = frozenset(required or {ALWAYS_PRESENT})
        self.groups: tuple[tuple[Bag, ...], ...] = tuple(c for c in clauses if len(c) > 1)
        # Phrases of three words or more cannot veto on their own: their pairs may lie apart.
        excluded = {_bag(term.tokens) for term in query.excluded if len(term.tokens) <= 2}
        self.excluded: frozenset[str] = frozenset().union(
            *excluded, map(site_key, query.excluded_sites)
        )
        self._phrases = tuple(
            clause[0].tokens
            for clause in query.clauses
            if len(clause) == 1 and len(clause[0].tokens) > 2
        )
        self._excluded_phrases = tuple(
            term.tokens for term in query.excluded if len(term.tokens) > 2
        )
        self._phrase_in_group = any(
            len(term.tokens) > 2 for clause in query.clauses if len(clause) > 1 for term in clause
        )
        self.needs_exact_check = bool(
            self._phrases or self._excluded_phrases or self._phrase_in_group
        )
        self.index_keys = self._choose_index_keys()

    def accepts(self, doc: TokenizedDocument) -> bool:
        """Whether the rule matches `doc`."""
        keys = doc.keys
        if not self.required <= keys or not self.excluded.isdisjoint(keys):
            return False
        if not all(any(bag <= keys for bag in group) for group in self.groups):
            return False
        return not self.needs_exact_check or self.phrases_hold(doc)

    def phrases_hold(self, doc: TokenizedDocument) -> bool:
        """The exact check that a rule met by bags of keys still needs: its phrases of three
        words or more appear as phrases, and such excluded phrases do not."""
        if self._phrase_in_group:
            return matches_tokenized(self.query, doc)
        return all(doc.contains(phrase) for phrase in self._phrases) and not any(
            doc.contains(phrase) for phrase in self._excluded_phrases
        )

    def _choose_index_keys(self) -> tuple[str, ...]:
        """Tokens to file the rule under; every article it matches holds one of them. That is
        its least common required token or, without one, one token per alternative of its
        smallest group."""
        if self.required != {ALWAYS_PRESENT}:
            return (min(self.required, key=rank),)
        if not self.groups:
            return (ALWAYS_PRESENT,)
        options = [sorted({min(bag, key=rank) for bag in group}) for group in self.groups]
        return tuple(min(options, key=lambda keys: (len(keys), [rank(key) for key in keys])))


def rank(key: str) -> tuple[bool, bool, int, str]:
    """Lower is a better key to file under: a word or pair before a filter, uncommon (a pair
    is common when both its words are), then long."""
    common = all(word in _COMMON for word in key.split(PAIR))
    return (key.startswith("\0"), common, -len(key), key)
