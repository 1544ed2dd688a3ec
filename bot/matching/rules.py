"""Topics reduced to rules over the set of tokens in an article, the form the matcher indexes.

A rule holds when all `required` tokens are present, each of its `groups` has one alternative
(a bag of tokens, all present), no `excluded` token is present, and, for rules with phrases,
the exact check agrees. site: and lang: become tokens too: `article_keys` adds pseudo-tokens for
the article's host, the domains above it, and its language. Topics that mean the same share one
rule, whatever their spelling or word order.
"""

from bot.matching.document import TokenizedDocument
from bot.matching.domains import host_suffixes
from bot.matching.evaluation import matches_tokenized
from bot.matching.query import Query, Term

# Tokens of article text never contain "\0", so these cannot collide with words.
_SITE = "\0site:"
_LANG = "\0lang:"

# Every tokenized article holds the empty token (it separates title from text).
ALWAYS_PRESENT = ""

# Words so common that filing a rule under them would make it a candidate for most articles.
_COMMON = frozenset(
    """a an the and or of to in on at for from by with as is are was were be been has have had
    it its this that not no but after over new says said say will would could more than up out
    about into who what when how his her their they he she we you i""".split()
)

Bag = frozenset[str]


def article_keys(doc: TokenizedDocument) -> frozenset[str]:
    """The article's tokens plus pseudo-tokens for its host, every domain above it, and its
    language."""
    extra = [_SITE + domain for domain in host_suffixes(doc.host)]
    if doc.language:
        extra.append(_LANG + doc.language)
    return doc.vocabulary.union(extra)


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
        clauses = [tuple(frozenset(term.tokens) for term in clause) for clause in query.clauses]
        if query.sites:
            clauses.append(tuple(frozenset({_SITE + site}) for site in query.sites))
        if query.languages:
            clauses.append(tuple(frozenset({_LANG + code}) for code in query.languages))
        required: set[str] = set()
        for clause in clauses:
            if len(clause) == 1:
                required |= clause[0]
        # A query built by hand with no clause at all matches every article, as in `matches`.
        self.required: frozenset[str] = frozenset(required or {ALWAYS_PRESENT})
        self.groups: tuple[tuple[Bag, ...], ...] = tuple(c for c in clauses if len(c) > 1)
        excluded = {term.tokens[0] for term in query.excluded if len(term.tokens) == 1}
        # A phrase cannot veto on its own: its words may all appear, apart.
        self.excluded: frozenset[str] = frozenset(
            excluded | {_SITE + site for site in query.excluded_sites}
        )
        self._phrases = tuple(
            clause[0].tokens
            for clause in query.clauses
            if len(clause) == 1 and len(clause[0].tokens) > 1
        )
        self._excluded_phrases = tuple(
            term.tokens for term in query.excluded if len(term.tokens) > 1
        )
        self._phrase_in_group = any(
            len(term.tokens) > 1 for clause in query.clauses if len(clause) > 1 for term in clause
        )
        self.needs_exact_check = bool(
            self._phrases or self._excluded_phrases or self._phrase_in_group
        )
        self.index_keys = self._choose_index_keys()

    def accepts(self, doc: TokenizedDocument, keys: frozenset[str]) -> bool:
        """Whether the rule matches `doc`, whose `article_keys` are `keys`."""
        if not self.required <= keys or not self.excluded.isdisjoint(keys):
            return False
        if not all(any(bag <= keys for bag in group) for group in self.groups):
            return False
        return not self.needs_exact_check or self.phrases_hold(doc)

    def phrases_hold(self, doc: TokenizedDocument) -> bool:
        """The exact check that a rule met by bags of tokens still needs: its phrases appear
        as phrases, and its excluded phrases do not."""
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
            return (min(self.required, key=_rank),)
        if not self.groups:
            return (ALWAYS_PRESENT,)
        options = [sorted({min(bag, key=_rank) for bag in group}) for group in self.groups]
        return tuple(min(options, key=lambda keys: (len(keys), [_rank(key) for key in keys])))


def _rank(token: str) -> tuple[bool, bool, int, str]:
    """Lower is a better token to file under: a word before a filter, uncommon, then long."""
    return (token.startswith("\0"), token in _COMMON, -len(token), token)
