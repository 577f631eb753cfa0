"""Stage 5: trim spans inside kept paragraphs: a title or byline repeated at the head of the
body, widget and ad markers left between sentences, editor credits closing the article.

Each function returns the trimmed text and the spans it cut, so every cut is recorded.
"""

from __future__ import annotations

import re

from .options import Options, normalize_phrase
from .textutil import CLOSERS, SENTENCE_END, units

#: A repeated title must cover this share of the title (and at least MIN_REPEAT_CHARS) to be
#: cut: shorter overlaps are ordinary words the body shares with its headline.
MIN_REPEAT_SHARE = 0.6
MIN_REPEAT_CHARS = 6
#: A byline is at most this many whitespace-separated tokens, each at most this long.
BYLINE_MAX_TOKENS = 4
BYLINE_TOKEN_UNITS = 5.0
_PUNCTUATION = re.compile(r"[^\w\s]")

Cut = tuple[str, str]  # (rule, removed text)


def strip_title_repeat(text: str, title: str) -> tuple[str, str | None]:
    """Cut the longest piece of `title` that the paragraph starts with.

    >>> strip_title_repeat("辉达尚难言庆祝吕嘉鸿 BBC中文 全球AI竞赛。", "英媒 辉达尚难言庆祝 zt")
    ('吕嘉鸿 BBC中文 全球AI竞赛。', '辉达尚难言庆祝')

    Not where the paragraph's sentence goes on after the title's words (a lowercase word,
    or the rest of a word), nor where a full stop follows them at once (a board's title
    quoting the question's first sentence): the paragraph then only begins as the title
    does.

    >>> strip_title_repeat("The bridge opens today at noon, they said.", "The bridge opens today")
    ('The bridge opens today at noon, they said.', None)
    >>> strip_title_repeat("The bridge opens, the mayor said.", "The bridge opens")
    ('The bridge opens, the mayor said.', None)
    """
    head = text.lstrip()
    best = 0
    for start in range(len(title)):
        length = 0
        for a, b in zip(title[start:], head, strict=False):
            if a != b:
                break
            length += 1
        best = max(best, length)
    core = len(title.strip())
    if best < MIN_REPEAT_CHARS or best < MIN_REPEAT_SHARE * core * 0.75:
        return text, None
    rest = head[best:]
    after = rest.lstrip()[:1]
    if (
        after.islower()
        or after in CLAUSE_GOES_ON
        or rest[:1] in SENTENCE_ENDS
        or (rest[:1].isascii() and rest[:1].isalnum())
    ):
        return text, None  # the title's words go on as the paragraph's sentence or word
    return rest.lstrip(), head[:best].strip()


#: Marks after which a sentence goes on: a title's words before them open the paragraph's
#: first sentence ("Bridge opens, the mayor said"), not a headline above it.
CLAUSE_GOES_ON = frozenset(",，;；、")
#: A sentence's end right after a title's words (no space between): the title is the
#: paragraph's first sentence ("Mail fails. I set it up ..."), a question's opening as
#: a board's title quotes it, not a headline above the text.
SENTENCE_ENDS = frozenset(".。!！?？")


def strip_leading_byline(text: str) -> tuple[str, str | None]:
    """After a repeated title, a few short tokens with no punctuation are the byline.

    >>> strip_leading_byline("吕嘉鸿 BBC中文 全球AI竞赛如火如荼之际,美国总统宣布。")
    ('全球AI竞赛如火如荼之际,美国总统宣布。', '吕嘉鸿 BBC中文')
    >>> strip_leading_byline("The company said on Monday it would cut jobs.")
    ('The company said on Monday it would cut jobs.', None)
    """
    tokens = text.split(" ")
    taken: list[str] = []
    for token in tokens[:BYLINE_MAX_TOKENS]:
        if not token or _PUNCTUATION.search(token) or units(token) > BYLINE_TOKEN_UNITS:
            break
        if token[:1].islower():
            return text, None
        taken.append(token)
    rest = " ".join(tokens[len(taken) :])
    if not taken or len(taken) == len(tokens) or units(rest) < 2 * units(" ".join(taken)):
        return text, None
    if not any(_is_cjk_token(t) for t in taken):
        return text, None  # Latin bylines carry a label ("By ...") and are caught as blocks
    return rest, " ".join(taken)


def _is_cjk_token(token: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in token)


def strip_markers(text: str, options: Options) -> tuple[str, list[Cut]]:
    """Remove widget and ad markers that stand between sentences, never inside one.

    Each match is judged by the characters right around it, so the cost is linear in the
    text whatever the number of markers.

    >>> strip_markers("It rained. Advertisement The sun came out.", Options())
    ('It rained. The sun came out.', [('inline-marker', 'Advertisement')])
    >>> strip_markers("AnAdvertisement, sold it.", Options())[1]
    []
    """
    cuts: list[Cut] = []
    any_marker = options.phrases.any_inline_marker
    if any_marker is not None and any_marker.search(text) is None:
        return text, cuts  # what no marker matches, cutting cannot change
    for pattern in options.phrases.inline_markers:
        pieces: list[str] = []
        last = 0
        visible: tuple[int, int] | None = None  # where the block's visible text starts, ends
        for match in pattern.finditer(text):
            start, end = match.span()
            if not _boundary_before(text, start) or (end < len(text) and not text[end].isspace()):
                continue
            visible = visible or (len(text) - len(text.lstrip()), len(text.rstrip()))
            if start <= visible[0] and end >= visible[1]:
                continue  # the whole block: a block-level rule's job, not an inline one
            pieces.append(text[last:start].rstrip())
            cuts.append(("inline-marker", match.group(0)))
            last = end
        if last:
            pieces.append(text[last:])
            text = " ".join(p for p in (s.strip() for s in pieces) if p)
    return text, cuts


_BOUNDARY_CHARS = frozenset(SENTENCE_END + CLOSERS)
_SPACE = re.compile(r"\s")


def _boundary_before(text: str, at: int) -> bool:
    """A marker at `at` starts a block, follows a space or ends a sentence (a closing mark
    right after it counts too)."""
    if at == 0:
        return True
    before = text[at - 1]
    return before in _BOUNDARY_CHARS or _SPACE.match(before) is not None


_CREDIT_TAIL = re.compile(r"[（(\[【]\s*(?P<credit>[^()（）\[\]【】]{2,80})\s*[)）\]】]\s*$")


def strip_editor_credit(text: str, options: Options) -> tuple[str, str | None]:
    """Cut a closing '(责任编辑:赵六)' / '(Reporting by X; Editing by Y)'.

    >>> from cleaners.options import Options
    >>> strip_editor_credit("文章结束。（责任编辑：赵六）", Options())
    ('文章结束。', '（责任编辑：赵六）')
    """
    match = _CREDIT_TAIL.search(text)
    if match is None:
        return text, None
    credit = normalize_phrase(match.group("credit"))
    if not any(credit.startswith(p) for p in options.phrases["editor_credit"]):
        return text, None
    return text[: match.start()].rstrip(), match.group(0).strip()
