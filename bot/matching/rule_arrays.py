"""Rules compiled into a fixed-width table of token ids, so an article is checked against every
candidate rule in a few vectorised passes instead of one Python step per rule.

Each row holds up to 4 required tokens, 3 groups of up to 4 alternatives and one excluded
token. A rule with more than that is written in loosely (its least common required tokens,
some groups, one token per alternative, one exclusion): the row then lets through every article
the rule matches and some it does not, and `confirmed` checks those rows in full. Rules with
phrases of three words or more are confirmed the same way.

A table never changes once built: TopicMatcher builds a new one when enough rules have come and
gone, and meanwhile tells it which rules' topics changed (`topics_changed`).
"""

from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np

from bot.matching.document import TokenizedDocument
from bot.matching.rules import ALWAYS_PRESENT, Rule, rank

REQUIRED_WIDTH = 4
GROUP_WIDTH = 4
GROUPS = 3
_ROW_WIDTH = REQUIRED_WIDTH + GROUPS * GROUP_WIDTH  # 16 bytes of presence: two 64-bit words
_NEVER_PRESENT = "\0never"  # no article's keys hold it: pads columns that must not match
_UNKNOWN = 2  # the id of every article key that no rule uses: nothing is filed under it

# A row's presence bytes read as two integers: (4 required, group 1), (group 2, group 3).
_LOW_BYTES = np.array([0xFF] * 4 + [0] * 4, dtype=np.uint8).view(np.uint64)[0]
_LOW_ALL_SET = np.array([1] * 4 + [0] * 4, dtype=np.uint8).view(np.uint64)[0]
_HIGH_BYTES = np.array([0] * 4 + [0xFF] * 4, dtype=np.uint8).view(np.uint64)[0]

# How a row that is met is confirmed.
_ROW_DECIDES, _CHECK_PHRASES, _CHECK_ALL = 0, 1, 2

_NONE = np.zeros(0, dtype=np.int64)


def _row(rule: Rule) -> tuple[list[str], str, int]:
    """The rule's row of 16 tokens, the token that vetoes it, and how a met row is confirmed."""
    required = sorted(rule.required, key=rank)[:REQUIRED_WIDTH]
    required += [ALWAYS_PRESENT] * (REQUIRED_WIDTH - len(required))
    fitting = sorted((group for group in rule.groups if len(group) <= GROUP_WIDTH), key=len)
    row = list(required)
    for group in fitting[:GROUPS]:
        alternatives = [min(bag, key=rank) for bag in group]
        row += alternatives + [_NEVER_PRESENT] * (GROUP_WIDTH - len(alternatives))
    row += [ALWAYS_PRESENT] * (_ROW_WIDTH - len(row))  # no group here: always met
    veto = min(rule.excluded, key=rank) if rule.excluded else _NEVER_PRESENT
    exact = (
        len(rule.excluded) <= 1
        and len(rule.required) <= REQUIRED_WIDTH
        and len(rule.groups) == len(fitting) <= GROUPS
        and all(len(bag) == 1 for group in rule.groups for bag in group)
    )
    if not exact:
        return row, veto, _CHECK_ALL
    return row, veto, _CHECK_PHRASES if rule.needs_exact_check else _ROW_DECIDES


def _csr(keys: list[int], values: list[int], n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, values sorted by key): key k's values are values[starts[k]:starts[k + 1]]."""
    key_array = np.asarray(keys, dtype=np.int64)
    starts = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(key_array, minlength=n_keys), out=starts[1:])
    order = np.argsort(key_array, kind="stable")
    return starts, np.asarray(values, dtype=np.int64)[order]


def _gather(starts: np.ndarray, values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Every value filed under any of `keys`, concatenated."""
    first = starts[keys]
    lengths = starts[keys + 1] - first
    total = int(lengths.sum())
    if total == 0:
        return _NONE
    shift = first - (np.cumsum(lengths) - lengths)
    return values[np.arange(total) + np.repeat(shift, lengths)]


class RuleTable:
    """Rules as rows of 16 token ids (required, then three groups of alternatives), filed under
    the tokens in their `index_keys`, with a token that vetoes each and their topic ids."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        # Rules filed under the same token sit together, so an article reads whole runs of rows.
        self.rules = sorted(rules, key=lambda rule: rule.index_keys)
        token_ids = {ALWAYS_PRESENT: 0, _NEVER_PRESENT: 1, "\0unknown": _UNKNOWN}

        def ids(tokens: list[str]) -> list[int]:
            return [token_ids.setdefault(token, len(token_ids)) for token in tokens]

        rows: list[list[int]] = []
        key_tokens: list[int] = []
        key_rules: list[int] = []
        vetoes: list[int] = []
        topic_rules: list[int] = []
        topic_ids: list[int] = []
        checks: list[int] = []
        for position, rule in enumerate(self.rules):
            row, veto, check = _row(rule)
            rows.append(ids(row))
            vetoes += ids([veto])
            checks.append(check)
            keys = ids(list(rule.index_keys))
            key_tokens += keys
            key_rules += [position] * len(keys)
            topic_ids += rule.topic_ids
            topic_rules += [position] * len(rule.topic_ids)
        self._token_ids = token_ids
        # Half the bytes to read per row while token ids fit in 16 bits.
        width = np.int16 if len(token_ids) < 2**15 else np.int32
        self._rows = np.asarray(rows, dtype=width).reshape(len(rows), _ROW_WIDTH)
        # Rows list required tokens least common first, and the first is mostly the key a rule
        # is filed under: the second alone turns most candidates away, for a fraction of a row.
        self._second = np.ascontiguousarray(self._rows[:, 1])
        self._checks = np.asarray(checks, dtype=np.int8)
        self._many_keys = np.bincount(np.asarray(key_rules, dtype=np.int64), minlength=len(rows))
        self._many_keys = self._many_keys > 1
        self._by_key = _csr(key_tokens, key_rules, len(token_ids))
        self._veto = np.asarray(vetoes, dtype=width)
        self._topics = _csr(topic_rules, topic_ids, len(rows))
        self._changed = np.zeros(len(rows), dtype=bool)

    def __len__(self) -> int:
        return len(self.rules)

    def topics_changed(self, position: int) -> None:
        """Note that rule `position` gained or lost topics since the table was built."""
        self._changed[position] = True

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
        rules, checks = self.rules, self._checks
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
            rules = self.rules
            now = chain.from_iterable(rules[p].topic_ids for p in positions[changed].tolist())
            ids = np.concatenate([ids, np.fromiter(now, dtype=np.int64)])
        return ids
