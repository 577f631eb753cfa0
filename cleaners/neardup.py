"""Exact and near-duplicate text: fingerprints, MinHash signatures, banded LSH.

Shared by the crawler's duplicate pipeline (`crawler.neardup` re-exports this module) and
`cleaners dedup` (`cleaners.dedup`, which keeps the LSH buckets on disk for corpora of
millions of records). Pure functions of the text: no Scrapy, no I/O.

Tokens are CJK-aware: one per CJK character (Chinese has no spaces), one per run of other
letters and digits. Before that the text is NFKC-normalised, lower-cased and Chinese is
folded to simplified characters (opencc's character table, shipped as data by
opencc-python-reimplemented), so a page and its traditional-character copy share their
shingles.

Hand-written rather than datasketch: benchmarks/corpus.py measures both on the same
records, and this one-permutation MinHash over blake2b is the faster in pure Python (see
the figures in README.md), with state that is plain sets, dicts and tuples of ints (pickles,
compares, survives a restart). Every hash is blake2b, never Python's salted `hash()`, so a
signature computed today matches one saved yesterday.

MinHash, in its one-permutation form: each body becomes the set of its token shingles
(64-bit blake2b hashes); the hash space is cut into `bands * rows` bins by `hash % bins`,
and the signature keeps each bin's smallest value (an empty bin takes its next full
neighbour's, offset by the distance, so equal patterns still agree). One pass over the
shingles instead of one per hash function: some fifty times faster in Python, and the share
of equal positions in two signatures still estimates the Jaccard similarity of the two
sets. Banded LSH finds the candidates without comparing every pair: two bodies that agree
on all `rows` values of any band share a bucket.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from w3lib.url import canonicalize_url

__all__ = [
    "FORMAT",
    "DuplicateIndex",
    "MinHasher",
    "fingerprint",
    "fold_chinese",
    "jaccard",
    "shingles",
    "tokens",
]

FORMAT = 3  # bump when the pickled layout or the signature changes; older state is refused
# 3: Chinese folded to simplified before shingling


# A CJK ideograph (unified, extension A, compatibility), kana or hangul syllable: one token each.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
# One CJK character, or a run of other letters and digits (a Latin word, "H200", "910B").
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


@lru_cache(maxsize=1)
def _simplified() -> dict[int, str]:
    """Traditional to simplified, character by character (the first of opencc's choices)."""
    table = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    mapping: dict[int, str] = {}
    for line in table.read_text("utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets.split():
            mapping[ord(source)] = targets.split()[0]
    return mapping


def fold_chinese(text: str) -> str:
    """Traditional Chinese characters as their simplified forms; other text unchanged.

    >>> fold_chinese("臺灣電動車銷量 EV")
    '台湾电动车销量 EV'
    """
    return text.translate(_simplified())


def tokens(text: str) -> list[str]:
    """Normalised tokens: one per CJK character (folded to simplified), one per word.

    >>> tokens("英偉達H20晶片 sells to China.")
    ['英', '伟', '达', 'h20', '晶', '片', 'sells', 'to', 'china']
    """
    return _TOKEN.findall(fold_chinese(unicodedata.normalize("NFKC", text).lower()))


def fingerprint(text: str) -> str:
    """A stable digest of the tokens: spacing, punctuation, case and script variant do not
    tell two bodies apart (same in every process and Python version).

    >>> fingerprint("Chips,  exported!") == fingerprint("chips exported")
    True
    """
    joined = " ".join(tokens(text))
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str, size: int) -> set[int]:
    """64-bit hashes of every run of `size` tokens: the sets near-duplicate bodies share.

    >>> len(shingles("a b c d e f", 5))
    2
    """
    words = tokens(text)
    if len(words) < size:  # a body shorter than one shingle is its own single shingle
        return {_hash64(" ".join(words))} if words else set()
    return {_hash64(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)}


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


_EMPTY = 1 << 64  # above any value a 64-bit hash leaves in a bin


@dataclass(frozen=True, slots=True)
class MinHasher:
    """Signatures of `bands * rows` values over shingles of `shingle_size` tokens."""

    bands: int = 20
    rows: int = 4
    shingle_size: int = 5

    def signature(self, text: str) -> tuple[int, ...]:
        hashes = shingles(text, self.shingle_size)
        if not hashes:
            return ()
        size = self.bands * self.rows
        bins = [_EMPTY] * size
        for value in hashes:
            slot = value % size
            if value < bins[slot]:
                bins[slot] = value
        return tuple(_densify(bins))

    def band_keys(self, signature: tuple[int, ...]) -> list[tuple[int, ...]]:
        r = self.rows
        return [(band, *signature[band * r : band * r + r]) for band in range(self.bands)]


def _densify(bins: list[int]) -> list[int]:
    """Fill each empty bin from the next full one (circularly), offset by the distance."""
    if _EMPTY not in bins:
        return bins
    size = len(bins)
    filled = list(bins)
    for slot in range(size):
        distance = 1
        while filled[slot] == _EMPTY and distance < size:
            neighbour = bins[(slot + distance) % size]
            if neighbour != _EMPTY:
                filled[slot] = neighbour + distance * _EMPTY
            distance += 1
    return filled


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity: the share of positions where two signatures agree."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


@dataclass
class DuplicateIndex:
    """The pages kept so far: `check` says whether a page repeats one, else records it.

    >>> index = DuplicateIndex(MinHasher())
    >>> index.check("http://a/1", "http://a/1", "Chips sold out in an hour, the firm said.")
    >>> index.check("http://a/1?ref=rss", "http://b/2", "chips sold out in an hour the firm said")
    ('same_body', 'http://a/1')
    """

    hasher: MinHasher
    threshold: float = 0.6
    format: int = FORMAT
    canonical_urls: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    signatures: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    buckets: dict[tuple[int, ...], list[int]] = field(default_factory=dict)

    def check(self, url: str, canonical_url: str, body: str) -> tuple[str, str] | None:
        """(reason, URL of the page it repeats) for a repeat; else None, and the page is
        recorded so its own copies are caught later."""
        canonical, digest = canonicalize_url(canonical_url), fingerprint(body)
        signature = self.hasher.signature(body)
        if (first := self.canonical_urls.get(canonical)) is not None:
            return "same_canonical_url", first
        if (first := self.bodies.get(digest)) is not None:
            return "same_body", first
        if (near := self._nearest(signature)) is not None:
            return "near_duplicate", near
        self.canonical_urls[canonical] = url
        self.bodies[digest] = url
        if signature:
            self.signatures.append((url, signature))
            for key in self.hasher.band_keys(signature):
                self.buckets.setdefault(key, []).append(len(self.signatures) - 1)
        return None

    def _nearest(self, signature: tuple[int, ...]) -> str | None:
        best: tuple[float, str] | None = None
        for candidate in self._candidates(signature):
            other_url, other = self.signatures[candidate]
            score = jaccard(signature, other)
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, other_url)
        return best[1] if best else None

    def _candidates(self, signature: tuple[int, ...]) -> set[int]:
        if not signature:
            return set()
        found: set[int] = set()
        for key in self.hasher.band_keys(signature):
            found.update(self.buckets.get(key, ()))
        return found
