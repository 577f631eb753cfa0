"""Stage 1: segment a text dump into blocks and strip markdown down to visible text.

A dump comes in one of two shapes: markdown as html2text writes it (blank lines between
paragraphs, paragraphs often hard-wrapped at ~78 columns, `[text](url)` links, `|` tables)
or plain lines (one visible block a line). Both end up as a list of `Block`s whose `text`
is what a reader would see, and whose `raw` is the input it came from.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from .textutil import CJK_CHAR, squeeze

_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
_LINK = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # label, may hold one level of [brackets]
    r"\((?:<[^>\n]*>|[^)\s\n]*)(?:\s+\"[^\"\n]*\")?\)"  # target and optional "title"
)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ITEM = re.compile(r"^\s*(?:[*+\-•·]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s*>\s?")
_RULER = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
#: textwrap breaks after the hyphen of a compound word or URL; such lines rejoin with no space.
_HYPHEN_BREAK = re.compile(r"[A-Za-z0-9]-$")
#: East Asian wide and full-width characters (unicodedata.east_asian_width "W" or "F").
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_FIRST_WORD = re.compile(r"\S+")
#: First characters of every markdown line that is not plain text (heading, table, ruler,
#: list item, quote); other lines skip the structure patterns.
_STRUCTURE_STARTS = frozenset("#|*+-•·>=_0123456789:")
_MARKUP_CHARS = re.compile(r"[\[\]*_\\!`]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_MARKDOWN_SIGNAL = re.compile(r"\]\(|^\s{0,3}#{1,6}\s|^\s*[*+-]\s|^\s*\|", re.MULTILINE)

#: Wrap widths we recognise (html2text 78, mail and terminals 72-80, CJK 2 columns a
#: character). Plain-line dumps have paragraphs far longer than this.
MAX_WRAP_WIDTH = 100
MIN_WRAP_WIDTH = 60
#: Share of the lines followed by another line that must end near the width: in a dump of
#: unwrapped lines their lengths scatter and no window of columns holds this many.
MIN_WRAPPED_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class Block:
    """One visible block of the page: a paragraph, heading, list item or table row."""

    index: int
    raw: str
    text: str
    kind: str = "text"  # text | heading | item | row | quote
    level: int = 0  # heading level, 0 when not a heading
    link_chars: int = 0  # characters of `text` that were link text
    links: int = 0
    images: tuple[str, ...] = ()  # image stubs removed from `raw`

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(frozen=True, slots=True)
class _Line:
    raw: str
    kind: str
    level: int = 0
    body: str = ""


def looks_markdown(text: str) -> bool:
    """True when the dump carries markdown syntax (links, headings, list or table rows)."""
    return len(_MARKDOWN_SIGNAL.findall(text)) >= 2


def columns(text: str) -> int:
    """Display width: CJK (wide and full-width) characters take two columns.

    >>> columns("AI晶片")
    6
    """
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def _wrap_width(lines: list[_Line | None]) -> int | None:
    """The column a hard-wrapping converter broke lines at, or None when lines are unwrapped.

    Only a line followed by another plain line can have been wrapped, and a filling wrapper
    breaks a line only when the next word would not fit. The width is the one that explains
    the most breaks that way; a plain-line dump, whose lengths scatter, has no width that
    explains many.
    """
    pairs = Counter(
        (columns(line.raw.rstrip()), _first_word_columns(following.raw))
        for line, following in itertools.pairwise(lines)
        if line is not None
        and following is not None
        and line.kind == "text"
        and following.kind == "text"
    )
    if not pairs:
        return None
    # A pair (line, next word) is explained by every width in [used, used + word]: add its
    # count over that interval (a difference array), then take the best width.
    span = MAX_WRAP_WIDTH - MIN_WRAP_WIDTH + 2
    delta = [0] * span
    for (used, word), n in pairs.items():
        low, high = max(used, MIN_WRAP_WIDTH), min(used + word, MAX_WRAP_WIDTH)
        if low <= high:
            delta[low - MIN_WRAP_WIDTH] += n
            delta[high - MIN_WRAP_WIDTH + 1] -= n
    explained = list(itertools.accumulate(delta[:-1]))
    best = max(range(len(explained)), key=lambda w: (explained[w], w))
    total = sum(pairs.values())
    return best + MIN_WRAP_WIDTH if explained[best] >= max(3, MIN_WRAPPED_SHARE * total) else None


def _first_word_columns(line: str) -> int:
    word = _FIRST_WORD.search(line)
    first = word.group(0) if word else ""
    return columns(first[:1] if CJK_CHAR.match(first[:1]) else first)


def _is_wrapped(line: str, following: str, width: int) -> bool:
    """A filling wrapper moves a word to the next line only when it does not fit: the line
    plus a space plus the next line's first word overflow the width (CJK needs no space)."""
    return columns(line.rstrip()) + 1 + _first_word_columns(following) > width


def _glue(before: str, after: str) -> str:
    """What to put where a wrapped line was broken: nothing inside CJK text or a hyphenated
    word, one space elsewhere."""
    if _HYPHEN_BREAK.search(before[-2:]):
        return ""
    if (
        CJK_CHAR.match(before[-1:])
        or CJK_CHAR.match(after[:1])
        or after[:1] in "，。、；：？！）》」』"
    ):
        return ""
    return " "


def _classify_line(line: str, markdown: bool) -> _Line:
    stripped = line.strip()
    if markdown and (stripped[:1] in _STRUCTURE_STARTS or stripped.endswith(" |")):
        if heading := _HEADING.match(line):
            return _Line(line, "heading", len(heading.group(1)), heading.group(2))
        if _TABLE_SEPARATOR.match(line) and "-" in line:
            return _Line(line, "separator")
        if line.lstrip().startswith("|") or line.rstrip().endswith(" |"):
            return _Line(line, "row", body=line)
        if _RULER.match(line):
            return _Line(line, "separator")
        if item := _ITEM.match(line):
            return _Line(line, "item", body=line[item.end() :])
        if quote := _QUOTE.match(line):
            return _Line(line, "quote", body=line[quote.end() :])
    return _Line(line, "text", body=line)


def _group(lines: list[str], markdown: bool) -> list[tuple[str, str, int, str]]:
    """Join soft-wrapped lines into paragraphs; every other line is a block of its own."""
    classified = [_classify_line(line, markdown) if line.strip() else None for line in lines]
    width = _wrap_width(classified)
    groups: list[tuple[str, str, int, str]] = []
    previous = ""  # the last line added to an open paragraph, "" when none is open
    for line in classified:
        if line is None:
            previous = ""
            continue
        raw_line = line.raw
        if line.kind == "separator":
            previous = ""
            continue
        if (
            line.kind == "text"
            and previous
            and (
                (width is not None and _is_wrapped(previous, raw_line, width))
                or _open_link(groups[-1][3])
            )
        ):
            raw, kind, level, body = groups[-1]
            rest = line.body.strip()
            groups[-1] = (raw + "\n" + line.raw, kind, level, body + _glue(body, rest) + rest)
        else:
            groups.append((line.raw, line.kind, line.level, line.body))
        previous = raw_line if line.kind in ("text", "item", "quote") else ""
    return groups


def _open_link(body: str) -> bool:
    """The paragraph so far ends inside a markdown link: a wrapper broke it across lines
    (before a URL too long to fit), whatever the wrap width.

    >>> _open_link("由海姑娘张贴 @[2005-03-21"), _open_link("see [the report](http://x/y)")
    (True, False)
    """
    tail = body[-MAX_LINK_CHARS:]
    opened = tail.rfind("[")
    if opened >= 0 and "]" not in tail[opened:]:
        return True
    target = tail.rfind("](")
    return target >= 0 and ")" not in tail[target + 2 :]


#: How far back an unclosed link is looked for; a label and URL rarely run longer.
MAX_LINK_CHARS = 400


def _visible(body: str, kind: str) -> tuple[str, int, int, tuple[str, ...]]:
    """Markdown body -> (visible text, link characters, link count, image stubs)."""
    if kind != "row" and not _MARKUP_CHARS.search(body):
        return squeeze(body), 0, 0, ()  # most paragraph lines carry no markup at all
    images: tuple[str, ...] = ()
    if "![" in body:
        images = tuple(m.group(0) for m in _IMAGE.finditer(body))
        body = _IMAGE.sub(" ", body)
    if kind == "row":
        body = " ".join(c for c in row_cells(body) if c)
    link_chars = 0
    links = 0
    pieces: list[str] = []
    last = 0
    for match in _LINK.finditer(body) if "](" in body else ():
        label = squeeze(_plain(match.group(1)))
        pieces.append(body[last : match.start()])
        pieces.append(label)
        link_chars += len(label)
        links += 1
        last = match.end()
    pieces.append(body[last:])
    text = squeeze(_plain("".join(pieces)))
    return text, min(link_chars, len(text)), links, images


def row_cells(row: str) -> list[str]:
    """A markdown table row's cells, split at its bars but not at escaped ones: a bar in
    a cell's text is written "\\|" (trafilatura's "votes \\| hide \\| past")."""
    return [cell.strip() for cell in _CELL_BAR.split(_ROW_EDGES.sub("", row))]


#: A bar between two cells: one not escaped.
_CELL_BAR = re.compile(r"(?<!\\)\|")
#: The bars that open and close a row, with the spaces outside them.
_ROW_EDGES = re.compile(r"^\s*\||(?<!\\)\|\s*$")


def _plain(text: str) -> str:
    if "*" in text or "_" in text:
        text = strip_emphasis(text)
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def strip_emphasis(text: str) -> str:
    """Drop the marks of ``**bold**``, ``__bold__`` and ``*italic*`` spans within a line.

    The spans of CommonMark-like emphasis as a regex finds them, left to right (the regex
    is in tests/cleaners/test_blocks.py), but each opening mark finds its closing one by
    bisection in a list of possible closers, where the regex scanned to the end of the line
    for every unclosed mark: quadratic on a line of ``**a **a ...``. Openers and closers are
    found by regex scans, so a text with marks but no closer costs two scans.

    >>> strip_emphasis("a **bold** and *it* but 2*3*4 and **open")
    'a bold and it but 2*3*4 and **open'
    """
    closers = {
        "**": [m.start() for m in _BOLD_CLOSER.finditer(text)],
        "__": [m.start() for m in _UNDERSCORE_CLOSER.finditer(text)],
        "*": [m.start() for m in _ITALIC_CLOSER.finditer(text)],
    }
    if not any(closers.values()):
        return text
    doubles = [m.start() for m in _DOUBLE_OPENER.finditer(text)]
    singles = [m.start() for m in _ITALIC_OPENER.finditer(text)]
    newlines = [m.start() for m in _NEWLINE.finditer(text)] if "\n" in text else []
    single_at = set(singles)
    pieces: list[str] = []
    done = 0
    for at in sorted({*doubles, *singles}) if doubles else singles:
        if at < done:
            continue
        span = None
        if doubles and text[at + 1 : at + 2] == text[at]:
            span = _closed(at + 2, closers[text[at : at + 2]], newlines, 2)
        if span is None and at in single_at:
            span = _closed(at + 1, closers["*"], newlines, 1)
        if span is not None:
            pieces.append(text[done:at])
            pieces.append(text[span[0] : span[1]])
            done = span[2]
    pieces.append(text[done:])
    return "".join(pieces)


# Each pattern starts with the mark itself, so that a scan skips to the next mark at once;
# lookbehinds after it check the character before. Marks of ``**`` and ``__`` are found at
# every position (``***`` holds two) by consuming one character only.
#: ``**`` or ``__`` before a non-space opens; ``*`` after neither a word character nor a
#: star and before neither a space nor a star opens.
_DOUBLE_OPENER = re.compile(r"\*(?=\*\S)|_(?=_\S)")
_ITALIC_OPENER = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])")
#: ``**`` or ``__`` after a non-space closes; ``*`` after neither a space nor a star and
#: before neither a word character nor a star closes.
_BOLD_CLOSER = re.compile(r"\*(?<=\S\*)(?=\*)")
_UNDERSCORE_CLOSER = re.compile(r"_(?<=\S_)(?=_)")
_ITALIC_CLOSER = re.compile(r"\*(?<=[^\s*]\*)(?![\w*])")
_NEWLINE = re.compile("\n")


def _closed(
    inner: int, closers: list[int], newlines: list[int], width: int
) -> tuple[int, int, int] | None:
    """The first closer after at least one character from `inner`, on the same line:
    (inner start, inner end, end of the closing mark), or None."""
    k = bisect.bisect_left(closers, inner + 1)
    if k == len(closers):
        return None
    close = closers[k]
    line = bisect.bisect_left(newlines, inner)
    if line < len(newlines) and newlines[line] < close:
        return None
    return inner, close, close + width


def segment(text: str) -> list[Block]:
    """Split a dump into blocks of visible text.

    >>> [b.text for b in segment("| Title row |\\n|\\n* [Home](/) \\n\\nBody text.")]
    ['Title row', 'Home', 'Body text.']
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    markdown = looks_markdown(text)
    blocks: list[Block] = []
    for raw, kind, level, body in _group(text.split("\n"), markdown):
        if markdown:
            visible, link_chars, links, images = _visible(body, kind)
        else:
            visible, link_chars, links, images = squeeze(body), 0, 0, ()
        if not visible and not images:
            continue
        blocks.append(Block(len(blocks), raw, visible, kind, level, link_chars, links, images))
    return blocks
