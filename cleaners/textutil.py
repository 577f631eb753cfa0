"""Small measures of a piece of text that every stage shares.

Lengths are counted in *units*: one Latin word, or two CJK characters (a Chinese word is on
average 1.5-2 characters), so one threshold serves Chinese and English alike.
"""

from __future__ import annotations

import re

# Han, kana, hangul and CJK punctuation blocks.
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
#: Combining marks inside words: Latin diacritics, Hebrew and Arabic points, and the vowel
#: signs of the Indic and Southeast Asian scripts (whole blocks: their letters are word
#: characters already). Without them "गुरुवार" would count as four words.
_WORD_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u0f18-\u0f19"
    "\u0f35-\u0f39\u0f71-\u0f84\u102b-\u103e\u17b4-\u17d3"
)
#: A word of a script that spaces its words: Latin, Cyrillic, Greek, Arabic, Devanagari ...
#: (letters first, then marks with letters: as fast as letters alone where there are none)
_LETTERS = r"[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
LATIN_WORD = re.compile(rf"{_LETTERS}+(?:[{_WORD_MARKS}]+{_LETTERS}*)*")
#: Full stops and question marks of other scripts: Devanagari and Bengali danda, Arabic
#: and Urdu, Armenian, Ethiopic, Myanmar, Tibetan, Khmer.
SCRIPT_SENTENCE_ENDS = "\u0964\u0965\u06d4\u061f\u0589\u1362\u1367\u104b\u0f0d\u17d4"
#: Characters that end a sentence in Chinese, Japanese, Latin-script and other text.
SENTENCE_END = "。！？!?.;；…" + SCRIPT_SENTENCE_ENDS
#: Closing quotes and brackets that may follow a sentence end.
CLOSERS = "\"'”’」』）)]】》"
_SENTENCE_END_RE = re.compile(
    rf"[。！？!?；;…{SCRIPT_SENTENCE_ENDS}]|\.(?=[\s{re.escape(CLOSERS)}]|$)"
)
#: A trailing ellipsis that marks a truncated teaser: "..." "…" "···" "……" with no closer.
TRUNCATION = re.compile(r"(?:\.{3,}|…+|·{2,}|⋯+)\s*(?:\[?(?:more|更多|详细)\]?)?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
#: A teaser's ellipsis and "more" link fit in this many closing characters.
TRUNCATION_TAIL = 24


def cjk_count(text: str) -> int:
    return 0 if text.isascii() else len(CJK_CHAR.findall(text))


def script_counts(text: str) -> tuple[int, int]:
    """CJK characters and words of spaced scripts: what `units` and `is_cjk` weigh.

    >>> script_counts("全球AI竞赛 in 2024")
    (4, 3)
    """
    return cjk_count(text), len(LATIN_WORD.findall(text))


def units(text: str) -> float:
    """Length in word units.

    >>> units("Hello brave new world")
    4.0
    >>> units("全球AI竞赛")
    3.0
    """
    cjk, words = script_counts(text)
    return cjk / 2 + words


def is_cjk(text: str) -> bool:
    """True when CJK characters outnumber Latin words (the text reads as Chinese)."""
    cjk, words = script_counts(text)
    return cjk > words


def sentence_ends(text: str) -> int:
    """How many sentence endings the text holds (a rough count of sentences).

    >>> sentence_ends("One. Two! 三。 3.5 percent")
    3
    """
    return len(_SENTENCE_END_RE.findall(text))


def ends_sentence(text: str) -> bool:
    """The text ends as a sentence does, closing quotes and brackets aside, and so does a
    sentence signed with a desk's or agency's short tag ("… voraus. (bsc)", "(AP)").

    >>> ends_sentence("It opened on Friday. (AP)"), ends_sentence("Bridge opens (video)")
    (True, False)
    """
    stripped = _SIGN_OFF.sub("", text.rstrip()).rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


#: A short tag in brackets after a sentence's end: an editor's initials, an agency.
_SIGN_OFF = re.compile(rf"(?<=[.。!?！？{SCRIPT_SENTENCE_ENDS}])\s*[(（][^()（）]{{1,6}}[)）]$")


def is_truncated(text: str) -> bool:
    """A teaser summary cut short: ends in an ellipsis (but not the Chinese 6-dot …… pause
    inside a quote, which is still followed by a closer or more text).

    >>> is_truncated("他称中国AI发展速度惊人···")
    True
    >>> is_truncated("The company said on Monday.")
    False
    """
    return bool(TRUNCATION.search(text[-TRUNCATION_TAIL:]))  # anchored at the end: read it only


def squeeze(text: str) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return _SPACES.sub(" ", text).strip()
