"""Turn a saved HTML page into the text dumps that users of `cleaners` actually hold.

The benchmark sets give HTML and a gold article body, but `cleaners` works on text that someone
already pulled out of a page. People get that text in two shapes, and the cleaner must do well
on both:

- ``markdown``: what html2text (and tools modelled on it) writes with its default settings:
  lines wrapped at 78 columns, ``[text](url)`` links, ``![alt](src)`` images, ``|`` tables.
- ``lines``: a page's visible text with one block per line, as a browser's select-all-and-copy
  or a "visible text" exporter gives: no markup, table rows on one line with cells separated by
  a tab, and nothing from scripts, styles, the title and metadata, or elements hidden inline.

Both functions raise `DumpError` when the page cannot be parsed; the benchmark reports the page
and carries on with an empty dump, so one broken page does not end a run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import html2text
from lxml import etree
from lxml import html as lxml_html

if TYPE_CHECKING:
    from collections.abc import Callable

# The chinese_wce crawl wraps every page in <text id=URL title=... encoding=...>...</text>.
# Left in, it opens an implicit <body> before the page's own <html>, so lxml moves <title> and
# <meta> into the body and the title becomes "visible".
_CRAWL_WRAPPER_OPEN = re.compile(r'\A\s*<text\s+id="[^"]*"(?:\s+[\w-]+="[^"]*")*\s*>')
_CRAWL_WRAPPER_CLOSE = re.compile(r"</text>\s*\Z")

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


class DumpError(ValueError):
    """A page the dump's parser could not read; the message names the parser's complaint."""


def unwrap(html: str) -> str:
    """Drop the chinese_wce crawl's ``<text ...>`` wrapper, if the page has one.

    >>> unwrap('<text id="http://a.cn/" encoding="gbk">\\n<html>x</html>\\n</text>\\n')
    '\\n<html>x</html>\\n'
    >>> unwrap("<html><body><text>svg-like</text></body></html>")
    '<html><body><text>svg-like</text></body></html>'
    """
    opening = _CRAWL_WRAPPER_OPEN.match(html)
    if opening is None:
        return html
    return _CRAWL_WRAPPER_CLOSE.sub("", html[opening.end() :])


def to_markdown(html: str) -> str:
    """The page as html2text writes it with its default settings.

    >>> print(to_markdown('<h1>Title</h1><p>See <a href="/x">this</a>.</p>').strip())
    # Title
    <BLANKLINE>
    See [this](/x).
    """
    try:
        return html2text.HTML2Text().handle(unwrap(html))
    # html2text documents no exception types, so any exception means it could not read the page.
    except Exception as exc:
        raise DumpError(f"html2text failed: {type(exc).__name__}: {exc}") from exc


def to_lines(html: str) -> str:
    """The page's visible text, one block per line, table cells separated by a tab.

    >>> page = '''<head><title>T</title></head><body><p>One  <b>two</b><br>three</p>
    ... <script>x()</script><table><tr><td>a</td><td>b</td></tr></table>
    ... <div style="display: none">hidden</div><ul><li>four</li></ul></body>'''
    >>> to_lines(page).splitlines()
    ['One two', 'three', 'a\\tb', 'four']
    """
    root = _parse(html)
    if root is None:
        return ""
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
    return "\n".join(writer.lines)


def _parse(html: str) -> etree._Element | None:
    """The page's element tree, or None for a page with no elements or text (only comments)."""
    # Bytes with an explicit encoding: lxml refuses a str that carries an XML encoding
    # declaration, and would otherwise trust a stale <meta charset=gb2312> over the real one.
    data = unwrap(html).encode("utf-8", errors="replace")
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return etree.HTML(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DumpError(f"lxml could not parse the page: {exc}") from exc


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


SHAPES: dict[str, Callable[[str], str]] = {"markdown": to_markdown, "lines": to_lines}
"""Every dump shape by the name used in reports and fixture folders."""
