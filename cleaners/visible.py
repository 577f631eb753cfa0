"""The visible text of an HTML page, one block a line: what a reader sees, and what a
browser's select-all-and-copy gives. Used when an extractor finds no article and the whole
page must be read as a text dump, and by the benchmark to make "lines" dumps.
"""

from __future__ import annotations

import re

from lxml import etree

# Elements whose content a reader never sees: code, styling, metadata, and the fallbacks that a
# browser shows only when it cannot play or embed the real thing (or runs without scripts).
# <head> itself is not here, only what belongs in it: libxml2 is no HTML5 parser, and on a
# page with a <script> before <html> and a stray tag (<sohu_cms_include:...>) after <head>, it
# nests the whole body inside <head>, where a browser would have closed <head> and shown it.
_INVISIBLE = frozenset(
    {
        "script", "style", "noscript", "template", "title", "meta", "link", "base",
        "iframe", "object", "embed", "canvas", "video", "audio", "svg", "math",
    }
)  # fmt: skip

# Elements a browser lays out as blocks (default `display` other than inline), so their text
# starts and ends a line. Table cells are not here: a row is one line.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "optgroup",
        "option", "p", "pre", "section", "select", "summary", "table", "tbody", "textarea",
        "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})

# Inline styles that take an element out of the rendered page.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# CSS collapses only these; no-break and ideographic spaces (U+3000, which Chinese pages use
# to indent paragraphs) survive a browser's copy, so they survive here too.
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
# Marks a cell boundary inside a line until the line is finished, then becomes one tab.
_CELL_MARK = "\x1f"
_CELL_GAP = re.compile(f"[ {_CELL_MARK}]*{_CELL_MARK}[ {_CELL_MARK}]*")


def visible_lines(root: etree._Element) -> list[str]:
    """The visible text under `root`, one block per line, table cells separated by a tab.

    >>> from lxml import html
    >>> page = html.document_fromstring('''<head><title>T</title></head><body><p>One  <b>two</b>
    ... <br>three</p><script>x()</script><table><tr><td>a</td><td>b</td></tr></table>
    ... <div style="display: none">hidden</div><ul><li>four</li></ul></body>''')
    >>> visible_lines(page)
    ['One two', 'three', 'a\\tb', 'four']
    """
    writer = _LineWriter()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if _is_invisible(element):
            if event == "start":
                walker.skip_subtree()
            else:
                writer.text(element.tail)
        elif event == "start":
            _open(element, writer)
        else:
            _close(element, writer)
    writer.newline()
    return writer.lines


def _is_invisible(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):  # entity or other non-element node
        return True
    if element.tag in _INVISIBLE or element.get("hidden") is not None:
        return True
    style = element.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def _open(element: etree._Element, writer: _LineWriter) -> None:
    tag = element.tag
    if tag in _BLOCKS or tag == "br":
        writer.newline()
    if tag == "pre":
        writer.preformatted += 1
    writer.text(element.text)


def _close(element: etree._Element, writer: _LineWriter) -> None:
    tag = element.tag
    if tag in _BLOCKS:
        writer.newline()
    elif tag in _CELLS:
        writer.cell()
    if tag == "pre":
        writer.preformatted -= 1
    writer.text(element.tail)


class _LineWriter:
    """Collects text pieces into finished, whitespace-collapsed, non-empty lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.preformatted = 0  # depth of <pre> elements we are inside; their newlines count
        self._pieces: list[str] = []

    def text(self, text: str | None) -> None:
        if not text:
            return
        text = text.replace(_CELL_MARK, " ")
        if not self.preformatted:
            self._pieces.append(text)
            return
        first, *rest = text.split("\n")
        self._pieces.append(first)
        for line in rest:
            self.newline()
            self._pieces.append(line)

    def cell(self) -> None:
        self._pieces.append(_CELL_MARK)

    def newline(self) -> None:
        line = _COLLAPSIBLE.sub(" ", "".join(self._pieces))
        line = _CELL_GAP.sub("\t", line).strip(" \t")
        self._pieces.clear()
        if line.strip():
            self.lines.append(line)
