"""Score extracted text against a hand-marked article body.

The measure is the one behind the reference figures in the evaluation sets' README: bag-of-tokens
precision, recall and F1 per page, then the plain mean over pages. A bag of tokens ignores order
and layout, so a dump that keeps the article but wraps it at 78 columns, or a cleaner that joins
paragraphs differently, is not punished; what counts is which words were kept and which were
not. It is a multiset: an article that repeats a menu's "Share" ten times pays for each one.

Tokens are lowercase runs of letters and digits, because spaces split words in most scripts. In
Chinese, Japanese and Korean text spaces do not (or not reliably) separate words, so each Han,
kana or hangul character is one token; without this a whole Chinese paragraph would be one token
and a single stray character would make it a miss.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# Characters that are one token each. Ranges, not a Unicode property, because the standard
# library's `re` has no \p{Han}.
_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # iteration mark, ideographic zero, Suzhou numerals
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul Jamo extended-A
    "\uac00-\ud7ff"  # Hangul syllables, Jamo extended-B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G, compatibility supplement
)

# One CJK character, or a run of word characters that are neither "_" nor CJK.
_TOKEN = re.compile(f"[{_CJK_RANGES}]|[^\\W_{_CJK_RANGES}]+")


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one page, or their means over pages."""

    precision: float
    recall: float
    f1: float


def tokens(text: str) -> list[str]:
    """Split `text` into the tokens that are counted.

    >>> tokens("Hello, World! It's 2024.")
    ['hello', 'world', 'it', 's', '2024']
    >>> tokens("北京Olympics 2008年。")
    ['北', '京', 'olympics', '2008', '年']
    >>> tokens("snake_case -- ...")
    ['snake', 'case']
    """
    return [t.lower() for t in _TOKEN.findall(text)]


def score(predicted: str, gold: str) -> Score:
    """Bag-of-tokens precision, recall and F1 of `predicted` against `gold`.

    A page whose gold body is empty is matched only by an empty prediction: both empty scores
    1.0, exactly one empty scores 0.0.

    >>> score("the cat sat", "the cat sat on the mat")
    Score(precision=1.0, recall=0.5, f1=0.6666666666666666)
    >>> score("", "")
    Score(precision=1.0, recall=1.0, f1=1.0)
    >>> score("...", "words")
    Score(precision=0.0, recall=0.0, f1=0.0)
    """
    pred, true = Counter(tokens(predicted)), Counter(tokens(gold))
    if not pred and not true:
        return Score(1.0, 1.0, 1.0)
    if not pred or not true:
        return Score(0.0, 0.0, 0.0)
    common = (pred & true).total()
    precision, recall = common / pred.total(), common / true.total()
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return Score(precision, recall, f1)


def macro(scores: Iterable[Score]) -> Score:
    """Mean of each figure over pages, so every page weighs the same whatever its length.

    F1 is the mean of the pages' F1, not the F1 of the mean precision and recall.

    >>> macro([Score(1.0, 0.5, 2 / 3), Score(0.0, 0.0, 0.0)])
    Score(precision=0.5, recall=0.25, f1=0.3333333333333333)
    """
    items = list(scores)
    if not items:
        raise ValueError("macro() needs at least one page's score; got none")
    n = len(items)
    return Score(
        sum(s.precision for s in items) / n,
        sum(s.recall for s in items) / n,
        sum(s.f1 for s in items) / n,
    )
