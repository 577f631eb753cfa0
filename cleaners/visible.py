"""The visible text of an HTML page, one block a line: what a reader sees, and what a
browser's select-all-and-copy gives. Used by the benchmark to make "lines" dumps; the page
model (`page.build_page`) reads the same lines with where each stands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .page import build_page

if TYPE_CHECKING:
    from lxml import etree


def visible_lines(root: etree._Element) -> list[str]:
    """The visible text under `root`, one block per line, table cells separated by a tab.

    >>> from lxml import html
    >>> page = html.document_fromstring('''<head><title>T</title></head><body><p>One  <b>two</b>
    ... <br>three</p><script>x()</script><table><tr><td>a</td><td>b</td></tr></table>
    ... <div style="display: none">hidden</div><ul><li>four</li></ul></body>''')
    >>> visible_lines(page)
    ['One two', 'three', 'a\\tb', 'four']
    """
    return [block.text for block in build_page(root).blocks]
