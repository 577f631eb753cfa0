"""How similar a page is to the seed documents, from 0 (nothing shared) to 1 (the same).

Each text becomes two term vectors, CJK character bigrams and Latin content words, weighted
by sub-linear term frequency. A page's similarity to one seed is the cosine of each script's
vectors, weighted by that script's share of the page's terms, so an English page on the
seeds' subject is judged by the Latin words the seeds contain (names, chip models), and not
drowned by the Chinese it does not have. The page's score is its best match over the seeds.
No model, no download, the same answer in every process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cleaners import Options, clean_text

from .textfeatures import log_weights, script_of, terms

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

SCRIPTS = ("cjk", "latin")


class SeedError(ValueError):
    """The seed documents cannot be read or say nothing to compare against."""


@dataclass(frozen=True, slots=True)
class TermVector:
    """Weighted terms of one text, split by script, with each part's norm and share."""

    weights: Mapping[str, Mapping[str, float]]
    norms: Mapping[str, float]
    shares: Mapping[str, float]

    @classmethod
    def of(cls, text: str) -> TermVector:
        split: dict[str, dict[str, float]] = {script: {} for script in SCRIPTS}
        for term, weight in log_weights(terms(text)).items():
            split[script_of(term)][term] = weight
        norms = {s: math.sqrt(sum(w * w for w in split[s].values())) for s in SCRIPTS}
        total = sum(len(split[s]) for s in SCRIPTS)
        shares = {s: (len(split[s]) / total if total else 0.0) for s in SCRIPTS}
        return cls(split, norms, shares)

    def similarity(self, seed: TermVector) -> float:
        """Cosine per script, weighted by this text's share of terms in that script."""
        score = 0.0
        for script in SCRIPTS:
            mine, theirs = self.weights[script], seed.weights[script]
            if not mine or not theirs:
                continue
            if len(mine) > len(theirs):
                mine, theirs = theirs, mine
            dot = sum(w * theirs.get(term, 0.0) for term, w in mine.items())
            score += self.shares[script] * dot / (self.norms[script] * seed.norms[script])
        return score


@dataclass(frozen=True, slots=True)
class SeedSet:
    """The seed documents as term vectors, and the vocabulary anchors are scored against."""

    names: tuple[str, ...]
    vectors: tuple[TermVector, ...]
    vocabulary: frozenset[str]

    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> SeedSet:
        if not texts:
            raise SeedError("no seed documents given: need at least one text to compare with")
        vectors = tuple(TermVector.of(text) for text in texts.values())
        vocabulary = frozenset(t for v in vectors for part in v.weights.values() for t in part)
        if not vocabulary:
            raise SeedError("the seed documents have no words to compare with")
        return cls(tuple(texts), vectors, vocabulary)

    @classmethod
    def from_dirs(cls, folders: Iterable[str | Path], options: Options | None = None) -> SeedSet:
        """Read every `*.txt` dump in the folders, cleaned with `cleaners.clean_text` first so
        the seeds' own chrome (teasers, notices) does not become part of the subject."""
        folders = list(folders)
        if not folders:
            raise SeedError("no seed folders given: set RELEVANCE_SEEDS or pass -a seeds=DIR")
        texts: dict[str, str] = {}
        for folder in folders:
            texts.update(_read_seed_dir(Path(folder), options))
        return cls.from_texts(texts)

    def similarity(self, text: str) -> float:
        """The best match of `text` over the seeds, from 0 to 1.

        >>> seeds = SeedSet.from_texts({"s": "英伟达H20芯片对华出口"})
        >>> seeds.similarity("英伟达H20芯片出口中国") > seeds.similarity("今天天气晴朗")
        True
        """
        return self.best(TermVector.of(text))

    def best(self, vector: TermVector) -> float:
        return max((vector.similarity(seed) for seed in self.vectors), default=0.0)

    def anchor_score(self, text: str) -> float:
        """The share of a link's anchor terms that occur in the seeds (0 when it has none).

        >>> SeedSet.from_texts({"s": "Nvidia H200 chips"}).anchor_score("Nvidia H200 in China")
        0.6666666666666666
        """
        found = terms(text)
        if not found:
            return 0.0
        return sum(1 for term in found if term in self.vocabulary) / len(found)


def _read_seed_dir(path: Path, options: Options | None) -> dict[str, str]:
    files = sorted(path.glob("*.txt"))
    if not files:
        raise SeedError(f"no seed files (*.txt) in {path}: pass -a seeds=DIR")
    texts = {}
    for file in files:
        document = clean_text(file.read_text("utf-8"), options=options)
        texts[str(file)] = "\n".join(filter(None, (document.title, document.body)))
    return texts
