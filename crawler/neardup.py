"""What the duplicate filter remembers: canonical URLs, body digests, MinHash signatures.

Hand-written rather than datasketch: datasketch pulls in numpy and scipy for what is here
forty lines, and its default hash is fine but its LSH state is not meant to be pickled and
reloaded across runs the way a resumed crawl needs. Here the state is plain sets, dicts and
tuples of ints (pickles, compares, survives a restart) and every hash is blake2b, never
Python's salted `hash()`, so a signature computed today matches one saved yesterday.

MinHash, in its one-permutation form: each body becomes the set of its token shingles
(`textfeatures.shingles`, 64-bit blake2b hashes); the hash space is cut into `bands * rows`
bins by `hash % bins`, and the signature keeps each bin's smallest value (an empty bin takes
its next full neighbour's, offset by the distance, so equal patterns still agree). One pass
over the shingles instead of one per hash function: some fifty times faster in Python, and
the share of equal positions in two signatures still estimates the Jaccard similarity of
the two sets. Banded LSH finds the candidates without comparing every pair: two bodies that
agree on all `rows` values of any band share a bucket.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from w3lib.url import canonicalize_url

from crawler.textfeatures import fingerprint, shingles

FORMAT = 2  # bump when the pickled layout or the signature changes; older state is refused


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
