"""Matching one article against many topics at once.

Topics that mean the same share a rule (`rules.py`). Rules live in one of two places:
- the table (`rule_arrays.py`), compiled arrays filed under each rule's least common token and
  checked for one article in a few vectorised passes;
- the loose index, a dict from token to rules, for rules added since the table was built. Loose
  rules are checked one by one, so there are few: once enough rules have come or gone, the
  next match rebuilds the table.

Once in the table, a topic costs a few array entries and no Python object: the matcher keeps
no query (the caller has the text, for `explain`), and no dict keyed by every topic.
"""

from dataclasses import dataclass
from itertools import chain

import numpy as np

from bot.matching.document import Document, tokenize
from bot.matching.evaluation import found_terms, matches_tokenized
from bot.matching.query import Query
from bot.matching.rule_arrays import RuleTable
from bot.matching.rules import Rule, meaning

# Rebuild the table once more than this many rules (or this share of its size) wait outside it;
# changed topics of rules in the table cost less, so four times as many may pile up.
_REBUILD_AFTER = 256
_REBUILD_SHARE = 8


@dataclass(frozen=True)
class MatchExplanation:
    """Why a topic matched an article: its words and phrases found there, spelled as typed."""

    topic_id: int
    matched_terms: list[str]


class TopicMatcher:
    """Compiled matcher over many topics: inverted index (term -> topics needing it), not a loop
    over topics. `match` and `explain` agree with `matches` for every topic."""

    def __init__(self) -> None:
        self._table = RuleTable()
        # Rules added since the table was built, by meaning.
        self._waiting: dict[str, Rule] = {}
        # Topics added since the table was built: to a waiting rule, or to the table's row
        # (by position) when one means the same. Older topics are found in the table.
        self._recent: dict[int, Rule | int] = {}
        # Token -> waiting rules filed under it. Built by the first match that needs it, so
        # that loading many topics at once files none of them.
        self._loose: dict[str, dict[Rule, None]] | None = None
        self._count = 0
        self._changed = 0  # topics added to or removed from rows since the table was built

    def __len__(self) -> int:
        return self._count

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._recent or self._table.position_of(topic_id) is not None

    def add(self, topic_id: int, query: Query) -> None:
        """Start matching `query` as `topic_id`, replacing whatever that id matched before."""
        self.remove(topic_id)
        self._count += 1
        key = meaning(query)
        rule = self._waiting.get(key)
        if rule is None:
            rule = Rule(query, key)
            position = self._table.position_of_rule(rule)
            if position is not None:
                self._table.add_topic(position, topic_id)
                self._recent[topic_id] = position
                self._changed += 1
                return
            self._waiting[key] = rule
            if self._loose is not None:
                self._file_loose(rule)
        rule.add_topic(topic_id)
        self._recent[topic_id] = rule

    def remove(self, topic_id: int) -> None:
        """Stop matching `topic_id`; unknown ids are ignored."""
        place = self._recent.pop(topic_id, None)
        if place is None:
            place = self._table.position_of(topic_id)
            if place is None:
                return
        self._count -= 1
        if isinstance(place, Rule):
            if place.discard_topic(topic_id):
                del self._waiting[place.key]
                if self._loose is not None:
                    self._unfile_loose(place)
        else:
            self._table.remove_topic(place, topic_id)
            self._changed += 1

    def compact(self) -> None:
        """Compile every topic into a new table now. `match` does this by itself once enough
        topics have come or gone; call it after adding many topics at once."""
        self._table = RuleTable(list(self._waiting.values()), self._table)
        self._waiting, self._recent, self._loose = {}, {}, None
        self._changed = 0

    def match(self, doc: Document) -> list[int]:
        """Ids of the topics that match `doc`, in ascending order.

        When many topics have changed since the last build, this first rebuilds the table
        (about a second of CPU per 100,000 topics): run it off the event loop, or call
        `compact` at a quiet moment."""
        if self._table_is_stale():
            self.compact()
        if self._loose is None:
            self._loose = {}
            for rule in self._waiting.values():
                self._file_loose(rule)
        article = tokenize(doc)
        met, unsure = self._table.matching(article.keys)
        if unsure.size:
            met = np.concatenate([met, self._table.confirmed(unsure, article)])
        loose: set[Rule] = set()
        for key in article.keys & self._loose.keys():
            loose.update(rule for rule in self._loose[key] if rule.accepts(article))
        found = self._table.topic_ids(met)
        if loose:
            more = np.fromiter(chain.from_iterable(rule.topic_ids() for rule in loose), np.int64)
            found = np.concatenate([found, more])
        return np.sort(found).tolist()

    def explain(self, topic_id: int, doc: Document, query: Query) -> MatchExplanation | None:
        """The words and phrases of `query`, topic `topic_id` as stored, found in `doc`; None
        when the topic does not match it (or is unknown). A site:-only topic matches with no
        terms listed. The caller passes the query: keeping one per topic cost ~150 MB at
        300,000 topics, for an answer people ask for now and then."""
        if topic_id not in self:
            return None
        article = tokenize(doc)
        if not matches_tokenized(query, article):
            return None
        return MatchExplanation(topic_id, found_terms(query, article))

    def _table_is_stale(self) -> bool:
        """Whether rebuilding the table now costs less than matching around it."""
        limit = max(_REBUILD_AFTER, len(self._table) // _REBUILD_SHARE)
        return len(self._waiting) > limit or self._changed > 4 * limit

    def _file_loose(self, rule: Rule) -> None:
        assert self._loose is not None
        for key in rule.index_keys:
            self._loose.setdefault(key, {})[rule] = None

    def _unfile_loose(self, rule: Rule) -> None:
        assert self._loose is not None
        for key in rule.index_keys:
            bucket = self._loose[key]
            del bucket[rule]
            if not bucket:
                del self._loose[key]
