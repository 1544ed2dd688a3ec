"""Near-duplicates: the same wire copy published by several outlets, maybe under another
headline or with a line trimmed. Compared by overlapping word triples (shingles), and
indexed by a 64-bit SimHash of them."""

import hashlib
import re
from functools import lru_cache

import numpy as np

from bot.stories.tokens import fold

_WORD = re.compile(r"[^\W_]+")
_MAX_TEXT_CHARS = 50_000
_SHINGLE_WORDS = 3
_KEY_BITS = 64
_MASK = (1 << _KEY_BITS) - 1
# Keys of copies differ in at most this many bits; four 16-bit bands then guarantee a shared band.
MAX_KEY_DISTANCE = 3
_BANDS = 4
_BAND_BITS = _KEY_BITS // _BANDS
# Fewer shingles than this and two unrelated snippets can look alike.
_MIN_SHINGLES = 4
_MIN_RESEMBLANCE = 0.5
_MIN_CONTAINMENT = 0.9
_MIN_CONTAINED_SHINGLES = 30


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    # blake2b rather than hash(): keys are stored, so they must not change between runs.
    return int.from_bytes(hashlib.blake2b(fold(word).encode(), digest_size=8).digest(), "little")


def _rotate(x: np.ndarray, bits: int) -> np.ndarray:
    return (x << np.uint64(bits)) | (x >> np.uint64(_KEY_BITS - bits))


def _mix(x: np.ndarray) -> np.ndarray:
    # splitmix64's finaliser: every input bit flips about half of the output bits.
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _shingles(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the text's word triples (of all its words if fewer)."""
    words = _WORD.findall(text[:_MAX_TEXT_CHARS])
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(hashes) < _SHINGLE_WORDS:
        combined = np.bitwise_xor.reduce(hashes) if len(hashes) else None
        return np.empty(0, np.uint64) if combined is None else _mix(np.array([combined]))
    triples = hashes[:-2] ^ _rotate(hashes[1:-1], 21) ^ _rotate(hashes[2:], 42)
    return np.unique(_mix(triples))


def _simhash(shingles: np.ndarray) -> int:
    if len(shingles) == 0:
        return 0
    bits = np.unpackbits(shingles.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(shingles)
    return int.from_bytes(np.packbits(majority, bitorder="little").tobytes(), "little")


def near_duplicate_key(title: str, text: str) -> int:
    """64-bit SimHash of the article's word triples, as a signed int that fits a BIGINT column.
    Copies of one text (another headline, a trimmed line) get keys at most a few bits apart;
    the title is used only when there is no text."""
    shingles = _shingles(text)
    key = _simhash(shingles if len(shingles) else _shingles(title))
    return key - (1 << _KEY_BITS) if key >= 1 << (_KEY_BITS - 1) else key


def key_distance(a: int, b: int) -> int:
    """Number of differing bits between two near_duplicate_key values."""
    return ((a ^ b) & _MASK).bit_count()


def is_near_duplicate(a_text: str, b_text: str) -> bool:
    """True if the two texts are copies of one another: at least half of their word triples are
    shared, or nearly all of the shorter one (30+ triples) is inside the longer one."""
    a, b = set(_shingles(a_text).tolist()), set(_shingles(b_text).tolist())
    if not a or not b:
        return False
    shared = len(a & b)
    if shared / len(a | b) >= _MIN_RESEMBLANCE:
        return True
    smaller = min(len(a), len(b))
    return smaller >= _MIN_CONTAINED_SHINGLES and shared / smaller >= _MIN_CONTAINMENT


class DuplicateIndex:
    """Finds a stored article whose key is within MAX_KEY_DISTANCE bits of a new one, looking
    only at articles sharing one of four 16-bit bands of the key."""

    def __init__(self) -> None:
        self._bands: list[dict[int, list[int]]] = [{} for _ in range(_BANDS)]
        self._keys: dict[int, int] = {}

    @staticmethod
    def usable(text: str) -> bool:
        """Whether `text` is long enough for its key to mean anything."""
        return len(_WORD.findall(text[:2_000])) >= _MIN_SHINGLES + _SHINGLE_WORDS - 1

    @staticmethod
    def _band_values(key: int) -> list[int]:
        key &= _MASK
        return [(key >> (i * _BAND_BITS)) & ((1 << _BAND_BITS) - 1) for i in range(_BANDS)]

    def find(self, key: int) -> int | None:
        """The closest stored article within MAX_KEY_DISTANCE bits (earliest on ties), or None."""
        best, best_distance = None, MAX_KEY_DISTANCE + 1
        for band, value in zip(self._bands, self._band_values(key), strict=True):
            for doc_id in band.get(value, ()):
                distance = key_distance(key, self._keys[doc_id])
                if distance < best_distance:
                    best, best_distance = doc_id, distance
        return best

    def add(self, doc_id: int, key: int) -> None:
        """Index `doc_id` under `key`."""
        self._keys[doc_id] = key
        for band, value in zip(self._bands, self._band_values(key), strict=True):
            band.setdefault(value, []).append(doc_id)

    def remove(self, doc_id: int, key: int) -> None:
        """Forget `doc_id`, indexed earlier under `key`."""
        self._keys.pop(doc_id, None)
        for band, value in zip(self._bands, self._band_values(key), strict=True):
            bucket = band.get(value)
            if bucket is not None and doc_id in bucket:
                bucket.remove(doc_id)
                if not bucket:
                    del band[value]

    def __len__(self) -> int:
        return len(self._keys)
