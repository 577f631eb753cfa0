"""Text features shared by the relevance score and the duplicate filter.

Chinese has no spaces, so it is cut into characters; Latin-script text into words. The
relevance score compares CJK character bigrams and content words (no model, no download);
the duplicate filter compares overlapping runs of tokens (shingles). Everything here is a
pure function of its input: same text, same features, in every process (no salted `hash()`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# A CJK ideograph (unified, extension A, compatibility), kana or hangul syllable: one token each.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
# One CJK character, or a run of other letters and digits (a Latin word, "H200", "910B").
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
# The same, naming which of the two matched, for the loop that builds terms.
_NAMED_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}])|(?P<word>[^\W_{_CJK}]+)")
_CJK_CHAR = re.compile(rf"[{_CJK}]")

# English function words: they carry no subject, and without them a short English page on
# the seeds' subject is not outweighed by its own grammar. Chinese needs no list: its
# function characters rarely form the same bigram as the subject's words.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "said",
        "same",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "new",
        "one",
        "two",
        "its",
        "it's",
        "mr",
        "ms",
    ]
)


def tokens(text: str) -> list[str]:
    """Lower-cased tokens: one per CJK character, one per Latin word or number.

    >>> tokens("英伟达H20芯片 sells to China.")
    ['英', '伟', '达', 'h20', '芯', '片', 'sells', 'to', 'china']
    """
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def is_cjk(token: str) -> bool:
    return len(token) == 1 and _CJK_CHAR.match(token) is not None


def terms(text: str) -> Counter[str]:
    """The terms the relevance score compares: CJK bigrams within a run, content words.

    Digits-only words (years, counts) are left out: they match across any two news pages.

    >>> sorted(terms("芯片出口, the H200 chips in 2025"))
    ['chips', 'h200', '出口', '片出', '芯片']
    """
    counts: Counter[str] = Counter()
    previous, previous_end = "", -1
    for match in _NAMED_TOKEN.finditer(unicodedata.normalize("NFKC", text).lower()):
        token = match.group()
        if match.lastgroup == "cjk":
            if previous and match.start() == previous_end:
                counts[previous + token] += 1
            previous, previous_end = token, match.end()
            continue
        previous = ""
        if token not in STOPWORDS and not token.isdigit() and len(token) > 1:
            counts[token] += 1
    return counts


def script_of(term: str) -> str:
    """'cjk' for a CJK bigram, 'latin' for a word: the two are scored apart."""
    return "cjk" if is_cjk(term[0]) else "latin"


def word_units(text: str) -> float:
    """Length in word units: a Latin word, or two CJK characters (about one Chinese word).

    >>> word_units("芯片出口 to China")
    4.0
    """
    units = 0.0
    for match in _NAMED_TOKEN.finditer(unicodedata.normalize("NFKC", text)):
        units += 0.5 if match.lastgroup == "cjk" else 1.0
    return units


def log_weights(counts: Counter[str]) -> dict[str, float]:
    """Sub-linear term frequency: a word said ten times is not ten times the evidence."""
    return {term: 1.0 + math.log(count) for term, count in counts.items()}


# A teaser's summary is cut short and says so.
_TRUNCATED = ("…", "...", "···", "⋯", "……")


def article_units(body: str, link_titles: Iterable[str]) -> float:
    """Word units of the paragraphs that are neither a link's title nor a cut summary.

    A listing page's clean text is its teasers: headlines that are links elsewhere on the
    page and summaries ending in an ellipsis. Set those aside and little remains; an
    article keeps its paragraphs.

    >>> body = "Chips sold out\\n\\nThe first batch... \\n\\nThe company said demand was strong."
    >>> article_units(body, ["Chips sold out"])
    6.0
    """
    titles = [" ".join(title.split()) for title in link_titles if title.strip()]
    units = 0.0
    for paragraph in body.split("\n\n"):
        flat = " ".join(paragraph.split())
        if flat.endswith(_TRUNCATED) or any(title in flat for title in titles):
            continue
        units += word_units(flat)
    return units
