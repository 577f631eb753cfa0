"""Stage 1: segment a text dump into blocks and strip markdown down to visible text.

A dump comes in one of two shapes: markdown as html2text writes it (blank lines between
paragraphs, paragraphs often hard-wrapped at ~78 columns, `[text](url)` links, `|` tables)
or plain lines (one visible block a line). Both end up as a list of `Block`s whose `text`
is what a reader would see, and whose `raw` is the input it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textutil import squeeze

_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:<[^>\n]*>|[^)\s\n]*)(?:\s+\"[^\"\n]*\")?\)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_ITEM = re.compile(r"^\s*(?:[*+\-•·]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s*>\s?")
_RULER = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_MARKDOWN_SIGNAL = re.compile(r"\]\(|^\s{0,3}#{1,6}\s|^\s*[*+-]\s|^\s*\|", re.MULTILINE)

#: html2text wraps at 78 columns; a wrapped paragraph's lines sit within this many
#: characters of the wrap width (words are rarely longer than 12 characters).
WRAP_SLACK = 12
#: Widest wrap width we recognise. Plain-line dumps have paragraphs far longer than this.
MAX_WRAP_WIDTH = 100


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


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapping converter broke lines at, or None when lines are unwrapped."""
    lengths = sorted(len(line) for line in lines if line.strip())
    blanks = sum(1 for line in lines if not line.strip())
    if len(lengths) < 5 or blanks < 0.1 * len(lengths):
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 40 <= width <= MAX_WRAP_WIDTH:
        return None
    near = sum(1 for n in lengths if width - WRAP_SLACK <= n <= width)
    return width if near >= max(3, 0.2 * len(lengths)) else None


def _classify_line(line: str, markdown: bool) -> _Line:
    if markdown:
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
    wrapped = markdown and _wrap_width(lines) is not None
    groups: list[tuple[str, str, int, str]] = []
    open_text = False
    for raw_line in lines:
        if not raw_line.strip():
            open_text = False
            continue
        line = _classify_line(raw_line, markdown)
        if line.kind == "separator":
            open_text = False
            continue
        hard_break = raw_line.endswith("  ")
        if line.kind == "text" and open_text and wrapped:
            raw, kind, level, body = groups[-1]
            groups[-1] = (raw + "\n" + line.raw, kind, level, body + " " + line.body)
        else:
            groups.append((line.raw, line.kind, line.level, line.body))
        open_text = wrapped and line.kind in ("text", "item", "quote") and not hard_break
    return groups


def _visible(body: str, kind: str) -> tuple[str, int, int, tuple[str, ...]]:
    """Markdown body -> (visible text, link characters, link count, image stubs)."""
    images = tuple(m.group(0) for m in _IMAGE.finditer(body))
    body = _IMAGE.sub(" ", body)
    if kind == "row":
        cells = [c.strip() for c in body.strip().strip("|").split("|")]
        body = " ".join(c for c in cells if c)
    link_chars = 0
    links = 0
    pieces: list[str] = []
    last = 0
    for match in _LINK.finditer(body):
        label = squeeze(_plain(match.group(1)))
        pieces.append(body[last : match.start()])
        pieces.append(label)
        link_chars += len(label)
        links += 1
        last = match.end()
    pieces.append(body[last:])
    text = squeeze(_plain("".join(pieces)))
    return text, min(link_chars, len(text)), links, images


def _plain(text: str) -> str:
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return _ESCAPE.sub(r"\1", text)


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
