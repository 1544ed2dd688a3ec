"""Near-duplicates: the same wire copy published by several outlets, maybe under another
headline or with a line trimmed. Compared by their shared triples of consecutive terms
(shingles), exactly or through a 64-bit MinHash signature of them."""

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from bot.stories.tokens import tokenize

_MAX_TEXT_CHARS = 50_000
_SHINGLE_TERMS = 3
_KEY_BITS = 64
_MASK = (1 << _KEY_BITS) - 1
# Keys of texts sharing a share J of their shingles differ in about 32 * (1 - J) bits; at most
# 12 means J of about 0.6 or more, and unrelated texts (32 +- 4 bits) are 5 sigma away.
MAX_KEY_DISTANCE = 12
# Below this many terms two unrelated snippets can share most of their shingles.
MIN_TERMS = 8
_MIN_RESEMBLANCE = 0.5
_MIN_CONTAINMENT = 0.9
_MIN_CONTAINED_SHINGLES = 30


@lru_cache(maxsize=1 << 16)
def _term_hash(term: str) -> int:
    # blake2b rather than hash(): keys are stored, so they must not change between runs.
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")


def _rotate(x: np.ndarray, bits: int) -> np.ndarray:
    return (x << np.uint64(bits)) | (x >> np.uint64(_KEY_BITS - bits))


def _mix(x: np.ndarray) -> np.ndarray:
    # splitmix64's finaliser: every input bit flips about half of the output bits.
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _shingles(terms: Sequence[str]) -> np.ndarray:
    """Distinct 64-bit hashes of the triples of consecutive terms (one hash of all the terms
    when there are fewer than three)."""
    hashes = np.fromiter((_term_hash(t) for t in terms), dtype=np.uint64, count=len(terms))
    if len(hashes) == 0:
        return hashes
    if len(hashes) < _SHINGLE_TERMS:
        return _mix(np.bitwise_xor.reduce(hashes, keepdims=True))
    triples = hashes[:-2] ^ _rotate(hashes[1:-1], 21) ^ _rotate(hashes[2:], 42)
    return np.unique(_mix(triples))


# 64 one-bit MinHashes: each odd multiplier puts the (already well mixed) shingle hashes in a
# pseudo-random order, and the lowest bit of the first shingle in that order is one bit of the
# key (b-bit MinHash, Li & König 2010).
_MULTIPLIERS = np.array(
    [
        int.from_bytes(hashlib.blake2b(f"minhash-{i}".encode(), digest_size=8).digest(), "little")
        | 1
        for i in range(_KEY_BITS)
    ],
    dtype=np.uint64,
)


def key_of_terms(terms: Sequence[str]) -> int:
    """near_duplicate_key of a text already tokenized (tokens.tokenize)."""
    shingles = _shingles(terms)
    if len(shingles) == 0:
        return 0
    order = shingles[:, None] * _MULTIPLIERS[None, :]
    first = shingles[(order ^ (order >> np.uint64(29))).argmin(axis=0)]
    bits = np.packbits((first & np.uint64(1)).astype(np.uint8), bitorder="little")
    key = int.from_bytes(bits.tobytes(), "little")
    return key - (1 << _KEY_BITS) if key >= 1 << (_KEY_BITS - 1) else key


def near_duplicate_key(title: str, text: str) -> int:
    """A 64-bit signature of the article's term triples (b-bit MinHash), as a signed int that
    fits a BIGINT column: copies (another headline, a trimmed line) differ in a few bits,
    unrelated texts in about 32 (see keys_match). The title counts only when there is no
    text."""
    return key_of_terms(tokenize(text[:_MAX_TEXT_CHARS]) or tokenize(title[:_MAX_TEXT_CHARS]))


def key_distance(a: int, b: int) -> int:
    """Number of differing bits between two near_duplicate_key values."""
    return ((a ^ b) & _MASK).bit_count()


def keys_match(a: int, b: int) -> bool:
    """Whether two keys are close enough to call their texts copies (MAX_KEY_DISTANCE)."""
    return key_distance(a, b) <= MAX_KEY_DISTANCE


def is_near_duplicate(a_text: str, b_text: str) -> bool:
    """True if the two texts are copies of one another: at least half of their term triples
    are shared, or nearly all of the shorter one (30+ triples) is inside the longer one."""
    a = set(_shingles(tokenize(a_text[:_MAX_TEXT_CHARS])).tolist())
    b = set(_shingles(tokenize(b_text[:_MAX_TEXT_CHARS])).tolist())
    if not a or not b:
        return False
    shared = len(a & b)
    if shared / len(a | b) >= _MIN_RESEMBLANCE:
        return True
    smaller = min(len(a), len(b))
    return smaller >= _MIN_CONTAINED_SHINGLES and shared / smaller >= _MIN_CONTAINMENT
