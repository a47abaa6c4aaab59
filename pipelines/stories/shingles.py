"""Chinese-aware shingles of an article body, and their MinHash signature and LSH band keys.

- **Text**: NFKC (full-width letters and digits folded), lower-cased, then everything that is not
  a letter or digit removed — punctuation, whitespace and symbols (``·`` ``“`` ``，``). What is left
  is mostly Chinese characters, so word boundaries are irrelevant: a shingle is a run of
  :data:`SHINGLE_CHARS` consecutive characters.
- **Shingle hashes**: a 64-bit polynomial hash of each run of characters, mixed (splitmix64), computed
  with numpy for the whole text at once; an article is the *set* of its shingle hashes (a sorted,
  unique ``uint64`` array), so exact overlaps are one ``intersect1d``.
- **Signature**: the MinHash of that set (:data:`NUM_PERM` permutations, fixed seed and scheme, so
  every process computes the same signature): datasketch 2's ``affine64`` scheme, computed here in
  numpy (:func:`signature`; ``tests/test_stories.py`` checks it against datasketch value for value).
- **Band keys**: the signature cut into :data:`BANDS` bands of :data:`ROWS` values; each band with
  its band number is hashed to a 48-bit integer. Two articles share a key when they agree on a whole
  band: the classic LSH banding, with the keys stored in the database (``story_bands``).

Changing any of these constants changes the keys: bump :data:`SCHEME` so stored keys are rebuilt
(``cnr-news reprocess --stories``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

SHINGLE_CHARS = 5
NUM_PERM = 96
BANDS = 32
ROWS = NUM_PERM // BANDS  # 3: P(candidate) = 1 - (1 - J^3)^32: J=0.5 → 0.986, J=0.2 → 0.23, J=0.05 → 0.004
MINHASH_SEED = 20
MINHASH_SCHEME = "affine64"
SCHEME = 1  # version of (shingles, signature, bands) above; stored in articles.story_scheme
BAND_KEY_BITS = 48

# everything but letters and digits (after NFKC): punctuation, whitespace, symbols
NON_WORD_RE = re.compile(r"[\W_]+")

_U64 = np.uint64
_MASK48 = _U64((1 << BAND_KEY_BITS) - 1)
_POLY = _U64(0x100000001B3)  # the FNV-64 prime, as the base of the polynomial hash
_BAND_SALT = _U64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros(0, dtype=np.uint64)


def normalize(text: str) -> str:
    """NFKC, lower case, no punctuation, whitespace or symbols: the text shingles are cut from."""
    return NON_WORD_RE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (uint64 arithmetic wraps, as intended)."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


def shingle_hashes(text: str, k: int = SHINGLE_CHARS) -> np.ndarray:
    """The set of ``k``-character shingles of ``normalize(text)`` as sorted unique 64-bit hashes.

    A text shorter than ``k`` characters (after normalisation) is one shingle, an empty one none.
    """
    norm = normalize(text)
    if not norm:
        return _EMPTY
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < k:
        k = len(cps)
    n = len(cps) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _POLY + cps[j : j + n]
        return np.unique(_mix(h))


# MurmurHash3's 64-bit finaliser (shifts and multipliers): the pre-mix of the affine64 scheme.
_FMIX_SHIFT = _U64(33)
_FMIX_MUL = (_U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53))
_EMPTY_VALUE = _U64((1 << 64) - 1)  # a permutation's value before any shingle: the largest uint64
_SIGNATURE_ROWS = 8192  # shingles per block of the (shingles x permutations) products


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` of the NUM_PERM affine maps ``h -> a * h + b`` (mod 2**64, ``a`` odd) drawn from
    ``RandomState(MINHASH_SEED)`` as datasketch 2 draws them for ``scheme="affine64"``: all the ``a``
    first (an odd number below 2**64), then all the ``b``. Drawn once per process."""
    gen = np.random.RandomState(MINHASH_SEED)
    a = gen.randint(0, 1 << 63, NUM_PERM, dtype=np.uint64) * _U64(2) + _U64(1)
    b = gen.randint(0, 1 << 64, NUM_PERM, dtype=np.uint64)
    return a, b


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser, a bijection on 64-bit values (uint64 arithmetic wraps, as intended)."""
    x = x ^ (x >> _FMIX_SHIFT)
    x = x * _FMIX_MUL[0]
    x = x ^ (x >> _FMIX_SHIFT)
    x = x * _FMIX_MUL[1]
    return x ^ (x >> _FMIX_SHIFT)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (``NUM_PERM`` values) of a shingle-hash set: for each permutation the least
    ``a * fmix64(h) + b`` over the set (all ``2**64 - 1`` for an empty set). The values of datasketch's
    ``MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine64", hashfunc=int)`` without
    importing it (datasketch imports scipy: ~60 MB in every process that stores articles)."""
    a, b = _permutations()
    out = np.full(NUM_PERM, _EMPTY_VALUE, dtype=np.uint64)
    with np.errstate(over="ignore"):
        mixed = _fmix64(np.asarray(hashes, dtype=np.uint64)).reshape(-1, 1)
        for k in range(0, len(mixed), _SIGNATURE_ROWS):  # 100,000 shingles: ~13 MB of temporaries, not ~150
            np.minimum(out, (mixed[k : k + _SIGNATURE_ROWS] * a + b).min(axis=0), out=out)
    return out


def band_keys(sig: np.ndarray) -> list[int]:
    """One 48-bit key per band: the band's ``ROWS`` values and its number, hashed."""
    rows = sig[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        h = np.arange(1, BANDS + 1, dtype=np.uint64) * _BAND_SALT
        for j in range(ROWS):
            h = _mix(h ^ rows[:, j])
    return [int(v) for v in (h & _MASK48)]


def overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Shingles two sets share (exact)."""
    if not len(a) or not len(b):
        return 0
    return int(np.intersect1d(a, b, assume_unique=True).size)
