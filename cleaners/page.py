"""The page model: a parsed page read once into the blocks a reader sees and the elements
that hold them.

A *block* is one visible line of the page: a paragraph, heading, list item, table row,
caption, or the text an element holds between two block-level children. A *node* is a
block-level element (div, td, li, article ...) with the range of blocks it holds: blocks
come in document order, so every element's blocks are one contiguous range
``blocks[node.start:node.end]``, and a choice of element is a choice of range. Nodes keep
their tag and class/id words (digits dropped, so ``post_123`` and ``post_124`` read alike)
for `records`, which finds the elements that repeat.

The model is plain data (strings, ints, tuples): it pickles, and it holds no lxml element,
so it can outlive the tree and cross process boundaries. It is built in one walk over the
tree; every later stage reads these tuples, never the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from .textutil import units

if TYPE_CHECKING:
    from lxml import etree

# Elements whose content a reader never sees: code, styling, metadata, and the fallbacks that a
# browser shows only when it cannot play or embed the real thing. <noscript> is not here: a
# page whose article sits in an unclosed <noscript> would lose it all, and what a noscript
# holds in the body is mostly a tracking pixel with no text. <head> itself is not here, only
# what belongs in it: libxml2 is no HTML5 parser, and on a page with a <script> before <html>
# and a stray tag after <head>, it nests the whole body inside <head>.
INVISIBLE_TAGS = frozenset(
    {
        "script", "style", "template", "title", "meta", "link", "base",
        "iframe", "object", "embed", "canvas", "video", "audio", "svg", "math",
    }
)  # fmt: skip

# Elements a browser lays out as blocks (default `display` other than inline), so their text
# starts and ends a line. Table cells are not here: a row is one line.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "optgroup",
        "option", "p", "pre", "section", "select", "summary", "table", "tbody", "textarea",
        "tfoot", "thead", "tr", "ul", "noscript",
    }
)  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})

# Inline styles that take an element out of the rendered page.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# CSS collapses only these; no-break and ideographic spaces (U+3000, which Chinese pages use
# to indent paragraphs) survive a browser's copy, so they survive here too.
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")


def is_invisible(element: etree._Element) -> bool:
    """Nothing under the element is shown: a non-element node, an invisible tag, or an
    element hidden by the `hidden` attribute or an inline style."""
    if not isinstance(element.tag, str):  # entity, comment or other non-element node
        return True
    if element.tag in INVISIBLE_TAGS or element.get("hidden") is not None:
        return True
    style = element.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def is_block(element: etree._Element) -> bool:
    """The element starts and ends a line: a block-level tag, or a custom element (a name
    with a hyphen, as ``<shreddit-comment>``) that holds block-level children. Browsers
    draw an unknown element inline, but one wrapping divs lays out as the block it wraps,
    and web-component sites build their posts and comments of them."""
    tag = element.tag
    if tag in BLOCK_TAGS:
        return True
    return isinstance(tag, str) and "-" in tag and any(child.tag in BLOCK_TAGS for child in element)


#: Where a block stands: inside which kinds of element (flags of `PageBlock.inside`).
HEADING, ITEM, TABLE, QUOTE, PRE, CAPTION, FORM, LINKED = (1 << i for i in range(8))
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_FLAG_OF_TAG = {
    "li": ITEM, "dt": ITEM, "dd": ITEM, "table": TABLE, "blockquote": QUOTE, "pre": PRE,
    "figcaption": CAPTION, "caption": CAPTION, "form": FORM, "a": LINKED,
}  # fmt: skip
#: Class and id words: runs of letters, lowercased ("post_123 bg2" -> post, bg).
_TOKEN = re.compile(r"[a-z]+")
#: At most this many class/id words a node keeps (utility-class soups run to dozens).
MAX_TOKENS = 8


@dataclass(frozen=True, slots=True)
class PageBlock:
    """One visible line of the page and where it stands."""

    text: str
    #: The innermost block-level element holding the line (an index into `Page.nodes`).
    node: int
    kind: str  # text | heading | item | row | quote | pre | caption
    level: int  # heading level, 0 when not a heading
    link_chars: int  # characters of `text` inside links
    links: int
    inside: int  # HEADING | ITEM | TABLE | QUOTE | PRE | CAPTION | FORM flags
    #: A machine-readable time given by an element of the line (``<time datetime>``, a
    #: ``title`` tooltip on "2d" or "Nov 24"): the exact time a relative one stands for.
    stamp: str = ""
    #: On a short line, the offsets in `text` where two inline elements meet with no space
    #: between (``<a>mkowalski</a><span>Marta Kowalski</span>``): a browser draws them
    #: apart by style, the text runs them together. Names are read part by part.
    parts: tuple[int, ...] = ()
    #: On a short line that a link opens (``<a href="/u/30117">豆豆妈2023</a> Lv.5``), how
    #: many characters of `text` the link covers: a name links to its profile.
    lead_link: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(frozen=True, slots=True)
class Node:
    """A block-level element and the range of blocks it holds."""

    tag: str
    tokens: tuple[str, ...]
    parent: int  # -1 for the root
    depth: int
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        """The [start, end) range of the blocks it holds."""
        return self.start, self.end

    @property
    def signature(self) -> tuple[str, tuple[str, ...]]:
        """What siblings that are records of one kind share: tag and class/id words."""
        return self.tag, self.tokens


@dataclass(frozen=True, slots=True)
class Page:
    """Blocks in document order, and the elements that hold them (parents before
    children; node 0 is the root)."""

    blocks: tuple[PageBlock, ...]
    nodes: tuple[Node, ...]
    #: Prefix sums over blocks of word units and of link units: any range's totals in O(1).
    unit_sums: tuple[float, ...]
    link_unit_sums: tuple[float, ...]
    #: Each node's children, in document order (read once, by every record search).
    children: tuple[tuple[int, ...], ...] = ()
    #: The title the page declares in its metadata (og:title, <title>), which tells its
    #: headline among its headings; empty when unknown.
    title: str = ""

    def units(self, start: int, end: int) -> float:
        """The word units of blocks [start, end). Units are halves, which floats add
        exactly: one block's are `textutil.units` of its text, with no regex run again."""
        return self.unit_sums[end] - self.unit_sums[start]

    def link_units(self, start: int, end: int) -> float:
        return self.link_unit_sums[end] - self.link_unit_sums[start]


def _children(nodes: tuple[Node, ...]) -> tuple[tuple[int, ...], ...]:
    kids: list[list[int]] = [[] for _ in nodes]
    for i, node in enumerate(nodes):
        if node.parent >= 0:
            kids[node.parent].append(i)
    return tuple(tuple(k) for k in kids)


def build_page(root: etree._Element, title: str = "") -> Page:
    """Read the tree under `root` into a `Page` in one walk; `title` is the title the
    page declares, if known (see `Page.title`).

    >>> from lxml import html
    >>> page = build_page(html.document_fromstring(
    ...     '<body><div class="post p1"><p>Hello <a href=/>there</a>.</p><ul><li>one</li>'
    ...     '</ul></div><script>x()</script><table><tr><td>a</td><td>b</td></tr></table></body>'))
    >>> [(b.text, b.kind, b.link_chars) for b in page.blocks]
    [('Hello there.', 'text', 5), ('one', 'item', 0), ('a\\tb', 'row', 0)]
    >>> [(n.tag, n.tokens, n.start, n.end) for n in page.nodes][:3]
    [('html', (), 0, 3), ('body', (), 0, 3), ('div', ('post', 'p'), 0, 2)]
    """
    from lxml import etree

    builder = _Builder()
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: etree._Element | None = None  # invisible, its subtree skipped: its end is next
    for event, element in walker:
        if event == "start":
            if is_invisible(element):
                walker.skip_subtree()
                skipped = element
            else:
                builder.open(element)
        elif skipped is not None and element is skipped:
            builder.text(skipped.tail)
        else:
            builder.close(element)
    builder.newline()
    blocks = tuple(builder.blocks)
    weights = [units(b.text) for b in blocks]  # counted once: both sums weigh them
    unit_sums = tuple(accumulate(weights, initial=0.0))
    link_sums = tuple(accumulate(map(_link_units, blocks, weights), initial=0.0))
    nodes = tuple(builder.finished_nodes())
    return Page(blocks, nodes, unit_sums, link_sums, _children(nodes), title)


def _link_units(block: PageBlock, weight: float) -> float:
    """The share of the block's `weight` (its units) that its links' characters are."""
    if not block.link_chars:
        return 0.0
    return weight * block.link_chars / len(block.text)


@dataclass(slots=True)
class _Draft:
    """A node while the walk is inside it (its end is not known yet)."""

    tag: str
    tokens: tuple[str, ...]
    parent: int
    depth: int
    start: int
    end: int | None = None


class _Builder:
    """The walk's state: open elements, the line being collected, finished blocks."""

    def __init__(self) -> None:
        self.blocks: list[PageBlock] = []
        self._nodes: list[_Draft] = []
        self._open: list[int] = []  # indices of open block-level nodes
        self._flags: list[int] = []  # per open element (any tag): its flag
        self._inside = 0
        self._counts = dict.fromkeys(_FLAG_OF_TAG.values(), 0)
        self._headings: list[int] = []
        self._pieces: list[str] = []
        self._joins: list[int] = []  # piece counts where an inline element opened or closed
        self._line_node = -1
        self._line_inside = 0
        self._line_heading = 0
        self._link_chars = 0
        self._links = 0
        self._row = False
        self._stamp = ""
        self._pending: list[int] = []  # cells whose last line is not finished yet
        self._visible = False  # the line being read has visible text
        self._tokens: dict[str, tuple[str, ...]] = {}  # class and id strings read so far
        self._lead = False  # a link that opened the line is open
        self._lead_end = 0  # pieces read when that link closed, having shown text

    def finished_nodes(self) -> list[Node]:
        end = len(self.blocks)
        return [
            Node(d.tag, d.tokens, d.parent, d.depth, d.start, end if d.end is None else d.end)
            for d in self._nodes
        ]

    def open(self, element: etree._Element) -> None:
        tag = element.tag
        assert isinstance(tag, str)
        block = tag in BLOCK_TAGS or ("-" in tag and is_block(element))
        if block or tag == "br":
            self.newline()
        if block or tag in CELL_TAGS:
            parent = self._open[-1] if self._open else -1
            self._open.append(len(self._nodes))
            words = f"{element.get('class') or ''} {element.get('id') or ''}"
            tokens = self._tokens.get(words)
            if tokens is None:
                tokens = self._tokens[words] = _tokens(words)
            self._nodes.append(_Draft(tag, tokens, parent, len(self._open) - 1, len(self.blocks)))
        elif tag != "br" and self._pieces:
            self._joins.append(len(self._pieces))
        flag = _FLAG_OF_TAG.get(tag, 0)
        if flag:
            self._counts[flag] += 1
            self._inside |= flag
        if tag in _HEADINGS:
            self._headings.append(_HEADINGS[tag])
        if tag == "a" and element.get("href") is not None:
            self._links += 1
            if not self._visible and not self._lead and not self._lead_end:
                self._lead = True
        if not self._stamp and tag in _STAMP_TAGS:
            stamp = element.get("datetime") or element.get("title") or ""
            if len(stamp) <= MAX_STAMP_CHARS and _STAMP.search(stamp):
                self._stamp = stamp
        self.text(element.text)

    def close(self, element: etree._Element) -> None:
        tag = element.tag
        if tag == "a" and self._lead:
            self._lead = False  # an avatar's link shows no text: the next link may lead
            self._lead_end = len(self._pieces) if self._visible else 0
        block = tag in BLOCK_TAGS or ("-" in tag and is_block(element))
        if block:
            self.newline()
        elif tag in CELL_TAGS:
            self._pieces.append(_CELL_MARK)
            self._row = True
        elif tag not in CELL_TAGS and self._pieces:
            self._joins.append(len(self._pieces))
        if block or tag in CELL_TAGS:
            node = self._open.pop()
            if tag in CELL_TAGS and self._visible:
                # A cell does not end its line: its last line is still being read, and
                # the cell's range ends once that line is a block.
                self._pending.append(node)
            else:
                self._nodes[node].end = len(self.blocks)
        flag = _FLAG_OF_TAG.get(str(tag), 0)
        if flag:
            self._counts[flag] -= 1
            if not self._counts[flag]:
                self._inside &= ~flag
        if tag in _HEADINGS:
            self._headings.pop()
        self.text(element.tail)

    def text(self, text: str | None) -> None:
        if not text:
            return
        text = text.replace(_CELL_MARK, " ")
        if not self._visible:  # the line starts with its first visible text
            self._line_node = self._owner()
            self._line_inside = self._inside
            self._line_heading = self._headings[0] if self._headings else 0
            self._visible = not text.isspace()
        if self._inside & PRE and "\n" in text:
            first, *rest = text.split("\n")
            self._add(first)
            for line in rest:
                self.newline()
                self._line_node, self._line_inside = self._owner(), self._inside
                self._add(line)
            return
        self._add(text)

    def _add(self, text: str) -> None:
        self._pieces.append(text)
        if self._inside & LINKED:
            self._link_chars += len(COLLAPSIBLE.sub(" ", text).strip())

    def _owner(self) -> int:
        """The node a line belongs to: the innermost open one, a table row for its cells."""
        if not self._open:
            return 0
        node = self._open[-1]
        while self._nodes[node].tag in CELL_TAGS and self._nodes[node].parent != -1:
            node = self._nodes[node].parent
        return node

    def _parts(self, line: str) -> tuple[int, ...]:
        """Where in `line` inline elements meet with no space between."""
        found = []
        for k in dict.fromkeys(self._joins):
            left, right = "".join(self._pieces[:k]), "".join(self._pieces[k:])
            if not left.strip() or not right.strip() or left[-1].isspace() or right[0].isspace():
                continue
            at = len(_cell_tabs(COLLAPSIBLE.sub(" ", left)).lstrip(" \t"))
            if 0 < at < len(line):
                found.append(at)
        return tuple(sorted(set(found)))

    def _lead_chars(self, line: str) -> int:
        """How much of `line` the link that opened it covers (0: none, or all of it)."""
        if not self._lead_end:
            return 0
        left = "".join(self._pieces[: self._lead_end])
        at = len(_cell_tabs(COLLAPSIBLE.sub(" ", left)).strip(" \t"))
        return at if 0 < at < len(line) else 0

    def newline(self) -> None:
        self._lead = False  # a link open across a block boundary leads no line
        if not self._pieces:  # most block boundaries end no line: nothing was read since
            if self._pending:
                for node in self._pending:
                    self._nodes[node].end = len(self.blocks)
                self._pending.clear()
            self._visible = self._row = False
            self._link_chars = self._links = self._lead_end = 0
            self._joins.clear()
            return
        line = COLLAPSIBLE.sub(" ", "".join(self._pieces))
        row = self._row
        line = _cell_tabs(line).strip(" \t")
        if line.strip():
            inside = self._line_inside | (HEADING if self._line_heading else 0)
            self.blocks.append(
                PageBlock(
                    text=line,
                    node=max(self._line_node, 0),
                    kind=_kind(inside, row and "\t" in line),
                    level=self._line_heading,
                    link_chars=min(self._link_chars, len(line)),
                    links=self._links,
                    inside=inside & ~LINKED,
                    stamp=self._stamp,
                    parts=self._parts(line) if len(line) <= MAX_PARTS_CHARS else (),
                    lead_link=self._lead_chars(line) if len(line) <= MAX_PARTS_CHARS else 0,
                )
            )
            self._stamp = ""
        for node in self._pending:
            self._nodes[node].end = len(self.blocks)
        self._pending.clear()
        self._pieces.clear()
        self._joins.clear()
        self._visible = False
        self._link_chars = self._links = 0
        self._row = False
        self._lead_end = 0


def _kind(inside: int, row: bool) -> str:
    if inside & HEADING:
        return "heading"
    if row:
        return "row"
    for flag, kind in ((PRE, "pre"), (QUOTE, "quote"), (CAPTION, "caption"), (ITEM, "item")):
        if inside & flag:
            return kind
    return "text"


def _tokens(words: str) -> tuple[str, ...]:
    """An element's class and id words, split at non-letters. A word with digits is an
    identifier ("post_123", "bg2", "id-t1_m037x0"): only its leading letters are kept, so
    its random rest does not make look-alikes differ."""
    tokens: list[str] = []
    for word in words.lower().split():
        found = _TOKEN.findall(word)
        # Only a word of several letter runs need be looked at for digits.
        if len(found) > 1 and any(map(str.isdigit, word)):
            del found[1:]
        tokens.extend(found)
    return tuple(dict.fromkeys(tokens))[:MAX_TOKENS]


#: Elements whose `datetime` or `title` attribute may give a time.
_STAMP_TAGS = frozenset({"time", "span", "abbr", "a", "small", "em", "b", "i", "strong", "font"})
#: A time attribute has a year or a clock time, and is short (titles of links are prose).
_STAMP = re.compile(r"\d{4}|\d{1,2}:\d{2}")
MAX_STAMP_CHARS = 40

# Marks a cell boundary inside a line until the line is finished, then becomes one tab.
#: Lines up to this long keep where their inline elements meet (`PageBlock.parts`).
MAX_PARTS_CHARS = 100
_CELL_MARK = "\x1f"
_CELL_GAP = re.compile(f"[ {_CELL_MARK}]*{_CELL_MARK}[ {_CELL_MARK}]*")


def _cell_tabs(text: str) -> str:
    """Each cell boundary in `text`, with the spaces around it, made one tab. Most lines
    end no cell, and the regex, which matches only where a mark is, is not run on them."""
    return _CELL_GAP.sub("\t", text) if _CELL_MARK in text else text
