"""Topics reduced to rules over the set of keys of an article, the form the matcher indexes.

An article's keys (`TokenizedDocument.keys`) are its tokens, the pairs of neighbouring tokens,
and keys for its host, the domains above it, and its language. A rule holds when all
`required` keys are present, each of its `groups` has one alternative (a bag of keys, all
present), no `excluded` key is present, and, for rules with phrases of three words or more, the
exact check agrees. A two-word phrase is one pair key, so it needs no exact check. Topics that
mean the same share one rule, whatever their spelling or word order.
"""

from collections.abc import Collection, Iterable
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

# Keys in `rank` order, best first. Tuples, not frozensets: a rule holds a few keys, which a
# tuple stores in a quarter of the memory, and the matcher only iterates over them.
Bag = tuple[str, ...]


def _bag(tokens: tuple[str, ...]) -> Bag:
    """Keys an article must hold to contain these tokens as a phrase: the token itself, or the
    pairs of neighbours (enough for two words; for more, the exact check has the last word)."""
    if len(tokens) == 1:
        return tokens
    return _ranked(map(PAIR.join, pairwise(tokens)))


def _ranked(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(keys), key=rank))


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
    """One meaning (`key`), as conditions on an article's keys, and the topics that share it
    while it waits outside the table (a `RuleTable` keeps its rules' topics itself).

    The conditions come out in one order for one meaning, whatever the query's spelling or
    order: a table knows a rule it holds by its row alone, and drops the Rule."""

    __slots__ = (
        "key",
        "required",
        "groups",
        "excluded",
        "phrases",
        "excluded_phrases",
        "query",
        "topics",
    )

    def __init__(self, query: Query, key: str | None = None) -> None:
        self.key = meaning(query) if key is None else key
        # One topic as a bare int: most rules have one, and a set costs 216 bytes.
        self.topics: int | set[int] | None = None
        # Alternatives as token tuples, without repeats: "a OR a" is the clause "a".
        clauses = {tuple(sorted({term.tokens for term in clause})) for clause in query.clauses}
        single = sorted(clause[0] for clause in clauses if len(clause) == 1)
        several = sorted(clause for clause in clauses if len(clause) > 1)
        required = {part for tokens in single for part in _bag(tokens)}
        groups = [tuple(map(_bag, clause)) for clause in several]
        for filters in (map(site_key, query.sites), map(language_key, query.languages)):
            bags = sorted({(part,) for part in filters})
            if len(bags) == 1:
                required.add(bags[0][0])
            elif bags:
                groups.append(tuple(bags))
        # A query built by hand with no clause at all matches every article, as in `matches`.
        self.required: tuple[str, ...] = _ranked(required) or (ALWAYS_PRESENT,)
        self.groups: tuple[tuple[Bag, ...], ...] = tuple(groups)
        # Phrases of three words or more cannot veto on their own: their pairs may lie apart.
        excluded = {term.tokens for term in query.excluded}
        self.excluded: tuple[str, ...] = _ranked(
            {_bag(tokens)[0] for tokens in excluded if len(tokens) <= 2}
            | set(map(site_key, query.excluded_sites))
        )
        self.phrases = tuple(tokens for tokens in single if len(tokens) > 2)
        self.excluded_phrases = tuple(sorted(tokens for tokens in excluded if len(tokens) > 2))
        # Only an OR group with a long phrase needs the whole query read again; the rest of the
        # exact check is in the tuples above, and most rules keep no query at all.
        long_alternative = any(len(tokens) > 2 for clause in several for tokens in clause)
        self.query: Query | None = query if long_alternative else None

    @property
    def needs_exact_check(self) -> bool:
        return bool(self.phrases or self.excluded_phrases or self.query is not None)

    @property
    def index_keys(self) -> tuple[str, ...]:
        """Tokens to file the rule under; every article it matches holds one of them. That is
        its least common required token or, without one, one token per alternative of its
        smallest group."""
        if self.required != (ALWAYS_PRESENT,):
            return self.required[:1]
        if not self.groups:
            return (ALWAYS_PRESENT,)
        options: list[list[str]] = [sorted({bag[0] for bag in group}) for group in self.groups]
        fewest = min(options, key=lambda keys: (len(keys), [rank(key) for key in keys]))
        return tuple(fewest)

    def accepts(self, doc: TokenizedDocument) -> bool:
        """Whether the rule matches `doc`."""
        keys = doc.keys
        if not keys.issuperset(self.required) or not keys.isdisjoint(self.excluded):
            return False
        if not all(any(keys.issuperset(bag) for bag in group) for group in self.groups):
            return False
        return not self.needs_exact_check or self.phrases_hold(doc)

    def phrases_hold(self, doc: TokenizedDocument) -> bool:
        """The exact check that a rule met by bags of keys still needs: its phrases of three
        words or more appear as phrases, and such excluded phrases do not."""
        if self.query is not None:
            return matches_tokenized(self.query, doc)
        return all(doc.contains(phrase) for phrase in self.phrases) and not any(
            doc.contains(phrase) for phrase in self.excluded_phrases
        )

    def add_topic(self, topic_id: int) -> None:
        topics = self.topics
        if topics is None:
            self.topics = topic_id
        elif isinstance(topics, set):
            topics.add(topic_id)
        elif topics != topic_id:
            self.topics = {topics, topic_id}

    def discard_topic(self, topic_id: int) -> bool:
        """Drop `topic_id` if the rule has it; returns whether no topic is left."""
        topics = self.topics
        if isinstance(topics, set):
            topics.discard(topic_id)
            if not topics:
                self.topics = None
        elif topics == topic_id:
            self.topics = None
        return self.topics is None

    def topic_ids(self) -> Collection[int]:
        topics = self.topics
        if topics is None:
            return ()
        return topics if isinstance(topics, set) else (topics,)


def rank(key: str) -> tuple[bool, bool, int, str]:
    """Lower is a better key to file under: a word or pair before a filter, uncommon (a pair
    is common when both its words are), then long."""
    common = all(word in _COMMON for word in key.split(PAIR))
    return (key.startswith("\0"), common, -len(key), key)
