"""What the duplicate filter remembers: the library's near-duplicate index, re-exported.

The code lives in `cleaners.neardup`, so that the crawler and `cleaners dedup` find the
same duplicates the same way; this module keeps the import path the pipeline uses.
"""

from __future__ import annotations

from cleaners.neardup import FORMAT, DuplicateIndex, MinHasher, fingerprint, jaccard

__all__ = ["FORMAT", "DuplicateIndex", "MinHasher", "fingerprint", "jaccard"]
