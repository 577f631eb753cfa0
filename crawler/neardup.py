"""What the duplicate filter remembers: canonical URLs, body digests, MinHash signatures.

Hand-written rather than datasketch: datasketch pulls in numpy and scipy for what is here
forty lines, and its default hash is fine but its LSH state is not meant to be pickled and
reloaded across runs the way a resumed crawl needs. Here the state is plain sets, dicts and
tuples of ints (pickles, compares, survives a restart) and every hash is blake2b, never
Python's salted `hash()`, so a signature computed today matches one saved yesterday.

MinHash: each body becomes the set of its token shingles (`textfeatures.shingles`); each of
`bands * rows` hash functions is the shingle hash XOR a fixed 64-bit mask, and the signature
keeps each function's minimum. The share of equal positions in two signatures estimates the
Jaccard similarity of the two sets. Banded LSH finds the candidates without comparing every
pair: two bodies that agree on all `rows` values of any band share a bucket.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from w3lib.url import canonicalize_url

from crawler.textfeatures import fingerprint, shingles

FORMAT = 1  # bump when the pickled layout changes; older state is then refused


def _masks(count: int) -> tuple[int, ...]:
    return tuple(
        int.from_bytes(hashlib.blake2b(f"minhash-{i}".encode(), digest_size=8).digest(), "big")
        for i in range(count)
    )


@dataclass(frozen=True, slots=True)
class MinHasher:
    """Signatures of `bands * rows` values over shingles of `shingle_size` tokens."""

    bands: int = 20
    rows: int = 4
    shingle_size: int = 5
    masks: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "masks", _masks(self.bands * self.rows))

    def signature(self, text: str) -> tuple[int, ...]:
        hashes = shingles(text, self.shingle_size)
        if not hashes:
            return ()
        return tuple(min(map(mask.__xor__, hashes)) for mask in self.masks)

    def band_keys(self, signature: tuple[int, ...]) -> list[tuple[int, ...]]:
        r = self.rows
        return [(band, *signature[band * r : band * r + r]) for band in range(self.bands)]


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity: the share of positions where two signatures agree."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


@dataclass
class DuplicateIndex:
    """The pages kept so far. `match` says whether a page repeats one; `add` records it.

    >>> index = DuplicateIndex(MinHasher())
    >>> index.add("http://a/1", "http://a/1", "Chips sold out in an hour, the company said.")
    >>> index.match("http://a/1?ref=rss", "http://b/2", "Chips sold out in an hour, the company said!")
    ('same_body', 'http://a/1')
    """

    hasher: MinHasher
    threshold: float = 0.6
    format: int = FORMAT
    canonical_urls: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    signatures: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    buckets: dict[tuple[int, ...], list[int]] = field(default_factory=dict)

    def match(self, url: str, canonical_url: str, body: str) -> tuple[str, str] | None:
        """(reason, URL of the page it repeats), or None for a new page."""
        if (first := self.canonical_urls.get(canonicalize_url(canonical_url))) is not None:
            return "same_canonical_url", first
        if (first := self.bodies.get(fingerprint(body))) is not None:
            return "same_body", first
        signature = self.hasher.signature(body)
        best: tuple[float, str] | None = None
        for candidate in self._candidates(signature):
            other_url, other = self.signatures[candidate]
            score = jaccard(signature, other)
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, other_url)
        return ("near_duplicate", best[1]) if best else None

    def add(self, url: str, canonical_url: str, body: str) -> None:
        self.canonical_urls.setdefault(canonicalize_url(canonical_url), url)
        self.bodies.setdefault(fingerprint(body), url)
        signature = self.hasher.signature(body)
        if signature:
            self.signatures.append((url, signature))
            for key in self.hasher.band_keys(signature):
                self.buckets.setdefault(key, []).append(len(self.signatures) - 1)

    def _candidates(self, signature: tuple[int, ...]) -> set[int]:
        if not signature:
            return set()
        found: set[int] = set()
        for key in self.hasher.band_keys(signature):
            found.update(self.buckets.get(key, ()))
        return found
