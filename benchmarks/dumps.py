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

from cleaners.visible import visible_lines

if TYPE_CHECKING:
    from collections.abc import Callable

# The chinese_wce crawl wraps every page in <text id=URL title=... encoding=...>...</text>.
# Left in, it opens an implicit <body> before the page's own <html>, so lxml moves <title> and
# <meta> into the body and the title becomes "visible".
_CRAWL_WRAPPER_OPEN = re.compile(r'\A\s*<text\s+id="[^"]*"(?:\s+[\w-]+="[^"]*")*\s*>')
_CRAWL_WRAPPER_CLOSE = re.compile(r"</text>\s*\Z")


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
    return "" if root is None else "\n".join(visible_lines(root))


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


def to_trafilatura(html: str) -> str:
    """trafilatura's own text of the page (default `extract`): the shape of the seeds, and of
    corpora that someone already ran an extractor over."""
    import trafilatura

    return trafilatura.extract(unwrap(html)) or ""


SHAPES: dict[str, Callable[[str], str]] = {
    "markdown": to_markdown,
    "lines": to_lines,
    "traf": to_trafilatura,
}
"""Every dump shape by the name used in reports and fixture folders."""
