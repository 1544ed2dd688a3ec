"""Rules compiled into a fixed-width table of token ids, so an article is checked against every
candidate rule in a few vectorised passes instead of one Python step per rule.

Each row holds up to 4 required tokens, 3 groups of up to 4 alternatives and one excluded
token. A rule with more than that is written in loosely (its least common required tokens,
some groups, one token per alternative, one exclusion): the row then lets through every article
the rule matches and some it does not, and `confirmed` checks those rows in full. Rules with
phrases of three words or more are confirmed the same way.

A table keeps its rules as arrays only, plus the few `Rule`s that `confirmed` needs: 300,000
topics took over 400 MB as Rule and Query objects, and take about 20 MB as arrays. So the next
table is built from this one's arrays and the rules added since. Rows never change once built;
the topics of a row may (`add_topic`, `remove_topic`), as topics come and go.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np

from bot.matching.document import TokenizedDocument
from bot.matching.rules import ALWAYS_PRESENT, Rule

REQUIRED_WIDTH = 4
GROUP_WIDTH = 4
GROUPS = 3
_ROW_WIDTH = REQUIRED_WIDTH + GROUPS * GROUP_WIDTH  # 16 bytes of presence: two 64-bit words
_NEVER_PRESENT = "\0never"  # no article's keys hold it: pads columns that must not match
_UNKNOWN = 2  # the id of every article key that no rule uses: nothing is filed under it
_SPECIAL = {ALWAYS_PRESENT: 0, _NEVER_PRESENT: 1, "\0unknown": _UNKNOWN}

# A row's presence bytes read as two integers: (4 required, group 1), (group 2, group 3).
_LOW_BYTES = np.array([0xFF] * 4 + [0] * 4, dtype=np.uint8).view(np.uint64)[0]
_LOW_ALL_SET = np.array([1] * 4 + [0] * 4, dtype=np.uint8).view(np.uint64)[0]
_HIGH_BYTES = np.array([0] * 4 + [0xFF] * 4, dtype=np.uint8).view(np.uint64)[0]

# How a row that is met is confirmed.
_ROW_DECIDES, _CHECK_PHRASES, _CHECK_ALL = 0, 1, 2

_NONE = np.zeros(0, dtype=np.int64)


def _row(rule: Rule) -> tuple[list[str], str, int]:
    """The rule's row of 16 tokens, the token that vetoes it, and how a met row is confirmed."""
    required = list(rule.required[:REQUIRED_WIDTH])  # least common first
    required += [ALWAYS_PRESENT] * (REQUIRED_WIDTH - len(required))
    fitting = sorted((group for group in rule.groups if len(group) <= GROUP_WIDTH), key=len)
    row = list(required)
    for group in fitting[:GROUPS]:
        alternatives = [bag[0] for bag in group]
        row += alternatives + [_NEVER_PRESENT] * (GROUP_WIDTH - len(alternatives))
    row += [ALWAYS_PRESENT] * (_ROW_WIDTH - len(row))  # no group here: always met
    veto = rule.excluded[0] if rule.excluded else _NEVER_PRESENT
    exact = (
        len(rule.excluded) <= 1
        and len(rule.required) <= REQUIRED_WIDTH
        and len(rule.groups) == len(fitting) <= GROUPS
        and all(len(bag) == 1 for group in rule.groups for bag in group)
    )
    if not exact:
        return row, veto, _CHECK_ALL
    return row, veto, _CHECK_PHRASES if rule.needs_exact_check else _ROW_DECIDES


def _csr(keys: np.ndarray, values: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, values sorted by key): key k's values are values[starts[k]:starts[k + 1]]."""
    starts = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n_keys), out=starts[1:])
    return starts, values[np.argsort(keys, kind="stable")]


def _gather(starts: np.ndarray, values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Every value filed under any of `keys`, concatenated."""
    first = starts[keys]
    lengths = starts[keys + 1] - first
    total = int(lengths.sum())
    if total == 0:
        return _NONE
    shift = first - (np.cumsum(lengths) - lengths)
    return values[np.arange(total) + np.repeat(shift, lengths)]


class _Parts:
    """A table's contents before they become its arrays: rows of token ids, vetoes, checks,
    (rule, key token) pairs, (rule, topic) pairs, and the rules `confirmed` needs."""

    def __init__(self) -> None:
        self.token_ids = dict(_SPECIAL)
        self.rows: list[np.ndarray] = []
        self.vetoes: list[np.ndarray] = []
        self.checks: list[np.ndarray] = []
        self.key_rules: list[np.ndarray] = []
        self.key_tokens: list[np.ndarray] = []
        self.topic_rules: list[np.ndarray] = []
        self.topic_ids: list[np.ndarray] = []
        self.rules: dict[int, Rule] = {}
        self.count = 0

    def ids(self, tokens: list[str]) -> list[int]:
        token_ids = self.token_ids
        return [token_ids.setdefault(token, len(token_ids)) for token in tokens]

    def carry(self, table: RuleTable) -> None:
        """The rows of `table` whose rules still have topics, as they were compiled."""
        counts = np.diff(table._topics[0])
        for position, topics in table._now.items():
            counts[position] = len(topics)
        alive = np.flatnonzero(counts)
        moved = np.full(len(table), -1, dtype=np.int64)  # old position -> new
        moved[alive] = np.arange(self.count, self.count + len(alive))
        key_starts, key_rules = table._by_key
        key_tokens = np.repeat(np.arange(len(key_starts) - 1), np.diff(key_starts))
        kept = moved[key_rules] >= 0
        # Token ids start afresh, so tokens of rules gone for good leave the vocabulary.
        rows, vetoes = table._rows[alive], table._veto[alive]
        used = np.unique(np.concatenate([rows.ravel(), vetoes, key_tokens[kept]]))
        tokens = sorted(table._token_ids, key=table._token_ids.__getitem__)
        renamed = np.zeros(len(tokens), dtype=np.int32)  # token ids: int32 halves the peak
        renamed[used] = self.ids([tokens[i] for i in used.tolist()])
        self.rows.append(renamed[rows])
        self.vetoes.append(renamed[vetoes])
        self.checks.append(table._checks[alive])
        self.key_rules.append(moved[key_rules[kept]])
        self.key_tokens.append(renamed[key_tokens[kept]])
        same = alive[~table._changed[alive]]
        self.topic_ids.append(_gather(*table._topics, same))
        self.topic_rules.append(np.repeat(moved[same], counts[same]))
        for position, topics in table._now.items():
            if topics:
                self.topic_ids.append(np.fromiter(topics, dtype=np.int64, count=len(topics)))
                self.topic_rules.append(np.full(len(topics), moved[position]))
        for position, rule in table._rules.items():
            if moved[position] >= 0:
                self.rules[int(moved[position])] = rule
        self.count += len(alive)

    def add(self, rules: Sequence[Rule]) -> None:
        """New rules, with their topics."""
        rows: list[int] = []
        vetoes: list[int] = []
        checks: list[int] = []
        key_rules: list[int] = []
        key_tokens: list[int] = []
        topic_rules: list[int] = []
        topic_ids: list[int] = []
        for position, rule in enumerate(rules, start=self.count):
            row, veto, check = _row(rule)
            rows += self.ids(row)
            vetoes += self.ids([veto])
            checks.append(check)
            if check != _ROW_DECIDES:
                self.rules[position] = rule
            keys = self.ids(list(rule.index_keys))
            key_tokens += keys
            key_rules += [position] * len(keys)
            topics = rule.topic_ids()
            topic_ids += topics
            topic_rules += [position] * len(topics)
        self.rows.append(np.asarray(rows, dtype=np.int32).reshape(len(rules), _ROW_WIDTH))
        for parts, values in (
            (self.vetoes, vetoes),
            (self.checks, checks),
            (self.key_rules, key_rules),
            (self.key_tokens, key_tokens),
            (self.topic_rules, topic_rules),
            (self.topic_ids, topic_ids),
        ):
            parts.append(np.asarray(values, dtype=np.int64))
        self.count += len(rules)


class RuleTable:
    """Rules as rows of 16 token ids (required, then three groups of alternatives), filed under
    the tokens in their `index_keys`, with a token that vetoes each and their topic ids.

    Built from `rules` (which then need no longer be kept) and the rows of `previous` whose
    rules still have topics."""

    def __init__(self, rules: Sequence[Rule] = (), previous: RuleTable | None = None) -> None:
        parts = _Parts()
        if previous is not None:
            parts.carry(previous)
        parts.add(rules)
        n = parts.count
        rows = np.concatenate(parts.rows).reshape(n, _ROW_WIDTH)
        key_rules, key_tokens = np.concatenate(parts.key_rules), np.concatenate(parts.key_tokens)
        topic_rules, topic_ids = np.concatenate(parts.topic_rules), np.concatenate(parts.topic_ids)
        # Rules filed under the same token sit together, so an article reads whole runs of rows.
        first_key = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(first_key, key_rules, key_tokens)
        order = np.argsort(first_key, kind="stable")
        moved = np.empty(n, dtype=np.int64)
        moved[order] = np.arange(n)
        key_rules, topic_rules = moved[key_rules], moved[topic_rules]
        self._rules = {int(moved[position]): rule for position, rule in parts.rules.items()}

        token_ids = self._token_ids = parts.token_ids
        # Half the bytes to read per row while token ids fit in 16 bits.
        width = np.int16 if len(token_ids) < 2**15 else np.int32
        self._rows = rows[order].astype(width)
        # Rows list required tokens least common first, and the first is mostly the key a rule
        # is filed under: the second alone turns most candidates away, for a fraction of a row.
        self._second = np.ascontiguousarray(self._rows[:, 1])
        self._checks = np.concatenate(parts.checks)[order].astype(np.int8)
        self._veto = np.concatenate(parts.vetoes)[order].astype(width)
        self._many_keys = np.bincount(key_rules, minlength=n) > 1
        self._by_key = _csr(key_tokens, key_rules, len(token_ids))
        self._topics = _csr(topic_rules, topic_ids, n)
        # Topic id -> row, for the topics each row had when built: sorted ids, their rows.
        by_id = np.argsort(topic_ids, kind="stable")
        self._topic_index = topic_ids[by_id], topic_rules[by_id].astype(np.int32)
        # Rows whose topics changed since, with their topics now.
        self._changed = np.zeros(n, dtype=bool)
        self._now: dict[int, set[int]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def position_of(self, topic_id: object) -> int | None:
        """The row holding `topic_id`, if it held it when built and still does."""
        ids, rows = self._topic_index
        try:
            # Any object may be asked about: numpy raises TypeError for what cannot be an id.
            at = int(np.searchsorted(ids, topic_id))  # type: ignore[call-overload]  # see above
        except (TypeError, OverflowError):  # not an id that could be here
            return None
        if at == len(ids) or ids[at] != topic_id:
            return None
        position = int(rows[at])
        if self._changed[position] and topic_id not in self._now[position]:
            return None
        return position

    def position_of_rule(self, rule: Rule) -> int | None:
        """A row that means the same as `rule`, so that its topics may join that row."""
        token_ids = self._token_ids
        key = token_ids.get(rule.index_keys[0])
        if key is None:
            return None
        starts, values = self._by_key
        candidates = values[starts[key] : starts[key + 1]]
        row, veto, check = _row(rule)
        if check != _ROW_DECIDES:  # the row is not the whole rule: compare meanings
            rules = self._rules
            for position in candidates.tolist():
                if position in rules and rules[position].key == rule.key:
                    return position
            return None
        wanted = [token_ids.get(token) for token in [*row, veto]]
        if None in wanted:
            return None
        same = (
            (self._rows[candidates] == wanted[:-1]).all(axis=1)
            & (self._veto[candidates] == wanted[-1])
            & (self._checks[candidates] == _ROW_DECIDES)
        )
        found = candidates[same]
        return int(found[0]) if found.size else None

    def add_topic(self, position: int, topic_id: int) -> None:
        self._topics_now(position).add(topic_id)

    def remove_topic(self, position: int, topic_id: int) -> None:
        self._topics_now(position).discard(topic_id)

    def _topics_now(self, position: int) -> set[int]:
        if not self._changed[position]:
            starts, values = self._topics
            self._now[position] = set(values[starts[position] : starts[position + 1]].tolist())
            self._changed[position] = True
        return self._now[position]

    def matching(self, keys: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        """(positions of the rules an article with `keys` meets, positions of the rows it meets
        whose rules still need `confirmed`). Each position appears once."""
        token_ids = self._token_ids
        present = np.fromiter(
            map(token_ids.get, keys, repeat(_UNKNOWN)), dtype=np.int64, count=len(keys)
        )
        present = np.append(present, 0)  # ALWAYS_PRESENT
        candidates = _gather(*self._by_key, present)
        if not candidates.size:
            return _NONE, _NONE
        has = np.zeros(len(token_ids), dtype=bool)
        has[present] = True
        candidates = candidates[has[self._second[candidates]]]
        presence = has[self._rows[candidates]].view(np.uint64)
        first, second = presence[:, 0], presence[:, 1]
        met = (
            ((first & _LOW_BYTES) == _LOW_ALL_SET)
            & ((first & _HIGH_BYTES) != 0)
            & ((second & _LOW_BYTES) != 0)
            & ((second & _HIGH_BYTES) != 0)
        )
        found = candidates[met]
        found = found[~has[self._veto[found]]]
        several = self._many_keys[found]
        if several.any():  # filed under several alternatives, more than one present
            once = np.fromiter(set(found[several].tolist()), dtype=np.int64)
            found = np.concatenate([found[~several], once])
        unsure = self._checks[found] != _ROW_DECIDES
        return found[~unsure], found[unsure]

    def confirmed(self, positions: np.ndarray, doc: TokenizedDocument) -> np.ndarray:
        """Those of `positions` (rows met by `doc`) whose rules really match."""
        rules, checks = self._rules, self._checks
        kept = [
            position
            for position in positions.tolist()
            if (
                rules[position].accepts(doc)
                if checks[position] == _CHECK_ALL
                else rules[position].phrases_hold(doc)
            )
        ]
        return np.asarray(kept, dtype=np.int64)

    def topic_ids(self, positions: np.ndarray) -> np.ndarray:
        """The topic ids of the rules at `positions`, as they are now."""
        changed = self._changed[positions]
        ids = _gather(*self._topics, positions[~changed])
        if changed.any():
            now = self._now
            more = chain.from_iterable(now[p] for p in positions[changed].tolist())
            ids = np.concatenate([ids, np.fromiter(more, dtype=np.int64)])
        return ids
