"""Language of a text by langdetect, made deterministic.

langdetect samples n-grams at random; with its global `DetectorFactory.seed` unset the same
text can get different answers. We keep our own factory with a fixed seed (no global state
is touched) and load profiles in sorted order so the result does not depend on the file
system either.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

#: Seed for langdetect's sampling; any fixed value makes the answer repeatable.
SEED = 0
#: Texts with fewer letters than this get no language: langdetect guesses wildly on them.
MIN_LETTERS = 8


@functools.cache
def _factory() -> DetectorFactory:
    """Profiles are read once (0.3 s); the factory is never changed after that."""
    factory = DetectorFactory()
    folder = resources.files("langdetect").joinpath("profiles")
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    factory.load_json_profile([folder.joinpath(n).read_text("utf-8") for n in names])
    factory.seed = SEED
    return factory


def detect_language(text: str, max_chars: int = 3000) -> str | None:
    """langdetect's code for `text` ('en', 'zh-cn', 'zh-tw' ...), None when it cannot tell.

    >>> detect_language("The quick brown fox jumps over the lazy dog near the river bank.")
    'en'
    >>> detect_language("全球AI竞赛如火如荼之际,美国总统宣布允许出口晶片。")
    'zh-cn'
    >>> detect_language("12 34") is None
    True
    """
    sample = text[:max_chars]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    detector = _factory().create()
    detector.append(sample)
    try:
        return str(detector.detect())
    except LangDetectException:
        return None
