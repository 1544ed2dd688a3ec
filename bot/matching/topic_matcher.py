"""Matching one article against many topics at once.

Topics that mean the same share a rule (`rules.py`). Rules live in one of two places:
- the table (`rule_arrays.py`), compiled arrays filed under each rule's least common token and
  checked for one article in a few vectorised passes;
- the loose index, a dict from token to rules, for rules added since the table was built. Loose
  rules are checked one by one, so there are few: once enough rules have come or gone, the
  next match rebuilds the table.
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
        self._queries: dict[int, Query] = {}
        self._rule_of: dict[int, Rule] = {}
        self._rules: dict[str, Rule] = {}
        self._table = RuleTable([])
        self._positions: dict[Rule, int] = {}  # where each rule sits in the table
        self._loose: dict[str, dict[Rule, None]] = {}
        self._waiting = 0  # rules added since the table was built
        self._changed = 0  # table rules whose topics changed since it was built

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._queries

    def add(self, topic_id: int, query: Query) -> None:
        """Start matching `query` as `topic_id`, replacing whatever that id matched before."""
        self.remove(topic_id)
        key = meaning(query)
        rule = self._rules.get(key)
        if rule is None:
            rule = self._rules[key] = Rule(query)
            self._file_loose(rule)
            self._waiting += 1
        else:
            self._note_change(rule)
        rule.topic_ids.add(topic_id)
        self._rule_of[topic_id] = rule
        self._queries[topic_id] = query

    def remove(self, topic_id: int) -> None:
        """Stop matching `topic_id`; unknown ids are ignored."""
        if self._queries.pop(topic_id, None) is None:
            return
        rule = self._rule_of.pop(topic_id)
        rule.topic_ids.discard(topic_id)
        self._note_change(rule)
        if not rule.topic_ids:
            del self._rules[meaning(rule.query)]
            if rule not in self._positions:
                self._unfile_loose(rule)
                self._waiting -= 1

    def compact(self) -> None:
        """Compile every topic into a new table now. `match` does this by itself once enough
        topics have come or gone; call it after adding many topics at once."""
        self._table = RuleTable(list(self._rules.values()))
        self._positions = {rule: position for position, rule in enumerate(self._table.rules)}
        self._loose = {}
        self._waiting = self._changed = 0

    def match(self, doc: Document) -> list[int]:
        """Ids of the topics that match `doc`, in ascending order.

        When many topics have changed since the last build, this first rebuilds the table
        (about a second of CPU per 100,000 topics): run it off the event loop, or call
        `compact` at a quiet moment."""
        if self._table_is_stale():
            self.compact()
        article = tokenize(doc)
        met, unsure = self._table.matching(article.keys)
        if unsure.size:
            met = np.concatenate([met, self._table.confirmed(unsure, article)])
        loose: set[Rule] = set()
        for key in article.keys & self._loose.keys():
            loose.update(rule for rule in self._loose[key] if rule.accepts(article))
        found = self._table.topic_ids(met)
        if loose:
            more = np.fromiter(chain.from_iterable(rule.topic_ids for rule in loose), np.int64)
            found = np.concatenate([found, more])
        return np.sort(found).tolist()

    def explain(self, topic_id: int, doc: Document) -> MatchExplanation | None:
        """The words and phrases of topic `topic_id` found in `doc`, or None when the topic does
        not match it (or is unknown). A site:-only topic matches with no terms listed."""
        query = self._queries.get(topic_id)
        if query is None:
            return None
        article = tokenize(doc)
        if not matches_tokenized(query, article):
            return None
        return MatchExplanation(topic_id, found_terms(query, article))

    def _table_is_stale(self) -> bool:
        """Whether rebuilding the table now costs less than matching around it."""
        limit = max(_REBUILD_AFTER, len(self._table) // _REBUILD_SHARE)
        return self._waiting > limit or self._changed > 4 * limit

    def _note_change(self, rule: Rule) -> None:
        position = self._positions.get(rule)
        if position is not None:
            self._table.topics_changed(position)
            self._changed += 1

    def _file_loose(self, rule: Rule) -> None:
        for key in rule.index_keys:
            self._loose.setdefault(key, {})[rule] = None

    def _unfile_loose(self, rule: Rule) -> None:
        for key in rule.index_keys:
            bucket = self._loose[key]
            del bucket[rule]
            if not bucket:
                del self._loose[key]
