"""Records: elements of one kind that repeat on a page, the posts of a thread, comments,
teaser cards, list entries.

The idea is MDR's (Liu, Grossman and Zhai, 2003): records are sibling subtrees that look
alike. Here "alike" is cheap and needs no list of engines: the same tag, and class words
that mostly agree (``post bg1`` and ``post bg2`` do, so do a first post's ``l_post
noborder`` and the next ``l_post``). Groups of one kind anywhere on the page are merged, so
nested comments (a reply inside its parent's subtree) are one group; elements with no class
words are of one kind only within one region (see `_key`).

Inside the records of a group, the *content field* is found the same way, by alignment: the
element under each record, reached by the same path of tags and class words, that holds
most of the group's text and appears once per record. That is the message of a post,
whatever the engine calls it; the rest of the record (poster panel, header, buttons) is its
chrome, where its author and time are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

from .page import Node, Page

#: A path from a record down to one of its elements: (tag, place among same-tag siblings).
Path = tuple[tuple[str, tuple[str, ...]], ...]

#: Class-word sets that share at least this share of their words (Jaccard) are one kind:
#: "l_post noborder" and "l_post" are, layout columns "left col" and "right col" are not.
MIN_TOKEN_OVERLAP = 0.6
#: A content field holds at least this share of the group's text.
MIN_FIELD_SHARE = 0.5
#: A path that is found more than once in this share of records is a repeated part (the
#: paragraphs of a message), not a field.
MAX_REPEATED_SHARE = 0.3
#: A field is found in at least this share of records: a path only a few long posts have
#: (a wrapper inside their message) is not where the others keep theirs.
MIN_FIELD_PRESENCE = 0.5


@dataclass(frozen=True, slots=True)
class Group:
    """Records of one kind, in document order. A record is one element, or an element
    and the siblings after it up to the next record (a post drawn as a header row and a
    body row side by side: MDR's generalised node)."""

    #: Per record: its sibling nodes, the look-alike one first.
    records: tuple[tuple[int, ...], ...]
    #: Per record: the [start, end) range of its blocks.
    ranges: tuple[tuple[int, int], ...]

    def __len__(self) -> int:
        return len(self.records)

    def members(self) -> set[int]:
        return {nodes[0] for nodes in self.records}


def find_groups(page: Page, min_records: int = 2, *, nested: bool = True) -> list[Group]:
    """Every group of at least `min_records` look-alike elements that hold text; with
    `nested`, each group also takes the look-alikes that stand alone inside its records
    (the only reply to a comment)."""
    children = page.children
    found: dict[tuple[str, frozenset[str], int], list[tuple[int, ...]]] = defaultdict(list)
    for kids in children:
        if len(kids) < min_records:  # most elements: too few children to cluster
            continue
        texty = [k for k in kids if _has_text(page, k)]
        for cluster in _clusters(page.nodes, texty):
            if len(cluster) < min_records:
                continue
            runs = _periodic(page, cluster)
            if runs is not None and len(runs) >= min_records:
                found[_key(page.nodes, cluster)].extend(runs)
            else:
                found[_key(page.nodes, cluster)].extend(_generalise(texty, cluster))
    by_tag: dict[str, list[int]] = defaultdict(list)
    if nested and found:
        for k, node in enumerate(page.nodes):
            by_tag[node.tag].append(k)
    groups = []
    for records in found.values():
        if nested:
            records.extend(_lone_replies(page, records, by_tag))
        records.sort(key=lambda nodes: page.nodes[nodes[0]].start)
        ranges = tuple((page.nodes[r[0]].start, page.nodes[r[-1]].end) for r in records)
        groups.append(Group(tuple(records), ranges))
    return groups


def _lone_replies(
    page: Page, records: list[tuple[int, ...]], by_tag: dict[str, list[int]]
) -> list[tuple[int, ...]]:
    """Look-alikes of the records nested alone inside them: the only reply to a comment
    stands inside it with no sibling of its kind, so no sibling cluster holds it. Only
    for records of a kind of their own (class words, or a custom element's name), since a
    bare div or li inside a record is no reply."""
    lead = page.nodes[records[0][0]]
    if not lead.tokens and "-" not in lead.tag:
        return []
    members = {k for record in records for k in record}
    tokens = set(lead.tokens)

    def alike(k: int) -> bool:
        return page.nodes[k].tag == lead.tag and _overlap(tokens, set(page.nodes[k].tokens))

    return [
        (k,)
        for k in by_tag[lead.tag]
        if k not in members
        and _has_text(page, k)
        and alike(k)
        and _inside_member(page, k, members)
        # alone: the parts of a record named after it ("comment-topBar",
        # "comment-content", "comment-actionBar") stand side by side
        and sum(map(alike, page.children[page.nodes[k].parent])) == 1
    ]


def _inside_member(page: Page, k: int, members: set[int]) -> bool:
    parent = page.nodes[k].parent
    while parent >= 0:
        if parent in members:
            return True
        parent = page.nodes[parent].parent
    return False


def _generalise(siblings: list[int], cluster: list[int]) -> list[tuple[int, ...]]:
    """Each member with the siblings after it up to the next member, where members stand
    at a regular step (a header element and a body element, again and again); the last
    one takes as many. Members at irregular steps are records on their own: what stands
    between them then is no part of a record."""
    at = [siblings.index(k) for k in cluster]
    gaps = {b - a for a, b in pairwise(at)}
    step = gaps.pop() if len(gaps) == 1 else 1
    if step > MAX_RECORD_SIBLINGS:
        step = 1
    return [tuple(siblings[a : a + step]) for a in at]


#: A record drawn as several siblings spans at most this many (header, body, footer).
MAX_RECORD_SIBLINGS = 3


def _shape(page: Page, node: int, depth: int) -> tuple[object, ...]:
    """The element's descendants' tags and class words, `depth` levels down: its layout."""
    if depth == 0:
        return ()
    return tuple((page.nodes[c].signature, _shape(page, c, depth - 1)) for c in page.children[node])


#: How deep two rows' layouts are compared (a row, its cells, what the cells hold).
SHAPE_DEPTH = 3


def _periodic(page: Page, cluster: list[int]) -> list[tuple[int, ...]] | None:
    """Bare look-alike siblings (table rows) that are, in turn, the parts of one record
    again and again: phpBB 2 draws each post as a post row and a "back to top" row (and
    a spacer row with no text) of one table, between the table's own header and footer
    rows. The members' layouts (`_shape`) are compared: where a run of them repeats with
    a period of 2 or 3 at least twice, the records are its periods; members outside the
    run are none. None when no run repeats so, when all members are of one layout, or
    when not one part of every period holds most of its text (`_one_part_speaks`)."""
    nodes = page.nodes
    if nodes[cluster[0]].tokens or len(cluster) < 2 * 2:
        return None
    shapes = [_shape(page, k, SHAPE_DEPTH) for k in cluster]
    if len(set(shapes)) == 1:
        return None
    best: tuple[int, int, int] | None = None  # (periods, start, period)
    for period in range(2, MAX_RECORD_SIBLINGS + 1):
        # A run of members each the same as the one a period later: one pass per period.
        same = [shapes[i] == shapes[i + period] for i in range(len(shapes) - period)]
        i = 0
        while i < len(same):
            j = i
            while j < len(same) and same[j]:
                j += 1
            count = (j - i) // period + 1
            varied = len(set(shapes[i : i + period])) > 1
            if (
                j > i
                and count >= 2
                and varied
                and (best is None or count * period > best[0] * best[2])
            ):
                best = (count, i, period)
            i = j + 1
    if best is None:
        return None
    count, start, period = best
    runs = [tuple(cluster[start + k * period : start + (k + 1) * period]) for k in range(count)]
    return runs if _one_part_speaks(page, runs) else None


def _one_part_speaks(page: Page, runs: list[tuple[int, ...]]) -> bool:
    """In every period the same part holds most of the text (the post row; the others
    are its "back to top" and spacer rows): posts that merely alternate in layout (one
    with a quote, one without) are records each, not pairs."""
    leads = set()
    for run in runs:
        sizes = [page.units(page.nodes[k].start, page.nodes[k].end) for k in run]
        total = sum(sizes)
        lead = max(range(len(run)), key=sizes.__getitem__)
        if total <= 0 or sizes[lead] < LEAD_PART_SHARE * total:
            return False
        leads.add(lead)
    return len(leads) == 1


#: The part of a period that is the post holds this share of the period's text.
LEAD_PART_SHARE = 0.75


def _has_text(page: Page, node: int) -> bool:
    n = page.nodes[node]
    return n.end > n.start


def _clusters(nodes: tuple[Node, ...], siblings: list[int]) -> list[list[int]]:
    """Siblings split into look-alike clusters, each led by its first member."""
    clusters: list[list[int]] = []
    for k in siblings:
        tokens = set(nodes[k].tokens)
        for cluster in clusters:
            lead = nodes[cluster[0]]
            if lead.tag == nodes[k].tag and _overlap(set(lead.tokens), tokens):
                cluster.append(k)
                break
        else:
            clusters.append([k])
    return clusters


def _overlap(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= MIN_TOKEN_OVERLAP


def _key(nodes: tuple[Node, ...], cluster: list[int]) -> tuple[str, frozenset[str], int]:
    """A cluster's kind: its tag and the class words every member has. Bare elements
    (no class words, no custom name) are of one kind only within one region, the nearest
    ancestor that has class words: a page's bare list items are its menus', its
    sidebar's and its thread's, and merged they align on nothing."""
    lead = nodes[cluster[0]]
    common = set(lead.tokens)
    for k in cluster[1:]:
        common &= set(nodes[k].tokens)
    region = -1
    if not lead.tokens and "-" not in lead.tag:
        region = lead.parent
        while region > 0 and not nodes[region].tokens:
            region = nodes[region].parent
    return lead.tag, frozenset(common), region


@dataclass(frozen=True, slots=True)
class Fields:
    """Where each record of a group keeps its content, as block ranges."""

    #: Per record: the [start, end) blocks of its content field (empty when it has none).
    content: tuple[tuple[int, int], ...]
    #: Per record: the blocks outside its content and outside nested records (its chrome).
    chrome: tuple[tuple[int, ...], ...]
    #: A content field was found: the records share a shape. Look-alike layout columns
    #: (two "wrap" divs, one holding the header, one the article) share none.
    aligned: bool
    #: The field's path from a record (None when the records share none).
    path: Path | None = None
    #: Per record: the path leads to an element in it (else its content is the record).
    found: tuple[bool, ...] = ()


def nested_ranges(page: Page, group: Group) -> list[list[tuple[int, int]]]:
    """Per record, the ranges of the group's other records inside it (nested replies)."""
    out: list[list[tuple[int, int]]] = [[] for _ in group.records]
    stack: list[int] = []  # positions of records whose range is still open
    for pos, (start, end) in enumerate(group.ranges):
        while stack and group.ranges[stack[-1]][1] <= start:
            stack.pop()
        if stack:
            out[stack[-1]].append((start, end))
        stack.append(pos)
    return out


def content_fields(page: Page, group: Group, header: Callable[[int], bool] | None = None) -> Fields:
    """Align the records' subtrees and find the field that holds their content. `header`
    tells a block that reads as a post's header (a dated line): a path whose element is
    one such block in most records is the posts' header line, never their content, even
    where the messages are shorter than it ("name | 6天前" over "感谢")."""
    nested = nested_ranges(page, group)
    paths = _paths(page, group)
    text_by_path: dict[Path, float] = defaultdict(float)
    repeats: dict[Path, int] = defaultdict(int)
    presence: dict[Path, int] = defaultdict(int)
    longest: dict[Path, float] = defaultdict(float)
    shortest: dict[Path, float] = {}
    lines: dict[Path, list[int]] = defaultdict(list)
    total = 0.0
    for r, per_record in enumerate(paths):
        # Table rows that recur among their siblings are parts of a message drawn as a
        # table, never its container: a path ending in one is "repeated" in this record.
        recurring = {
            (path[:-1], path[-1][0])
            for path, _node in per_record
            if path[-1][0] in PART_TAGS and path[-1][1] != ("0",)
        }
        for path, node in per_record:
            n = page.nodes[node]
            own = _own_units(page, n.start, n.end, nested[r])
            text_by_path[path] += own
            longest[path] = max(longest[path], own)
            shortest[path] = min(shortest.get(path, own), own)
            repeats[path] += (path[:-1], path[-1][0]) in recurring
            if n.end - n.start == 1:
                lines[path].append(n.start)
        for path in {path for path, _node in per_record}:
            presence[path] += 1
        total += _own_units(page, *group.ranges[r], nested[r])
    spread = {path: longest[path] - shortest[path] for path in longest}
    tally = _Tally(
        text_by_path, repeats, presence, spread, total, len(group), partial(_headed, lines, header)
    )
    # Short posts (a name, a time, one line of message) may have no field holding half
    # their text: the message is then the record's child whose length varies most.
    field = _best_field(tally) or _best_child((), tally)
    while field is not None and text_by_path[field] >= WRAPPER_SHARE * total:
        # A wrapper holding the whole record (short posts: a name, a time and a line of
        # message, where no element holds half the text): the field is one of its children.
        child = _best_child(field, tally)
        if child is None:
            break
        field = child
    paragraphs = None
    if field is not None and text_by_path[field] >= WRAPPER_SHARE * total:
        paragraphs = _paragraphs(page, group, paths, field, nested, header)
    content: list[tuple[int, int]] = []
    chrome: list[tuple[int, ...]] = []
    found: list[bool] = []
    for r, per_record in enumerate(paths):
        start, end = group.ranges[r]
        spans = [page.nodes[node] for path, node in per_record if path == field]
        found.append(field is not None and bool(spans))
        inner = (spans[0].start, spans[-1].end) if found[-1] else (start, end)
        if paragraphs is not None and (written := paragraphs[r]) is not None:
            inner = written  # the message's paragraphs inside the wrapper
        content.append(inner)
        chrome.append(
            tuple(
                i
                for i in range(start, end)
                if not inner[0] <= i < inner[1] and not in_ranges(i, nested[r])
            )
        )
    return Fields(tuple(content), tuple(chrome), field is not None, field, tuple(found))


def _paragraphs(
    page: Page,
    group: Group,
    paths: list[list[tuple[Path, int]]],
    field: Path,
    nested: list[list[tuple[int, int]]],
    header: Callable[[int], bool] | None,
) -> list[tuple[int, int] | None] | None:
    """Per record, the blocks of the paragraphs (and lists, quotes, code) that the field
    element holds as children, where that element wraps the whole record: a message drawn
    beside its header and buttons in one element (Douban's "h4: name, time" above
    "p.reply-content"). None unless most records have such paragraphs, holding a fair
    share of the text, and a header line (`header`) beside them in that element: what a
    message element holds besides its paragraphs (a quote box) is the message's."""
    if header is None:
        return None
    ranges: list[tuple[int, int] | None] = []
    inside = outside = 0.0
    beside = 0
    for r, per_record in enumerate(paths):
        node = next((n for path, n in per_record if path == field), None)
        kids = [] if node is None else [page.nodes[c] for c in page.children[node]]
        written = [kid for kid in kids if kid.tag in MESSAGE_TAGS and kid.end > kid.start]
        if node is None or not written:
            ranges.append(None)
            continue
        span = (written[0].start, written[-1].end)
        ranges.append(span)
        own = _own_units(page, *span, nested[r])
        inside += own
        outside += _own_units(page, *group.ranges[r], nested[r]) - own
        wrapper = page.nodes[node]
        around = (i for i in range(wrapper.start, wrapper.end) if not span[0] <= i < span[1])
        beside += any(map(header, around))
    found = sum(span is not None for span in ranges)
    if (
        found < MIN_FIELD_PRESENCE * len(ranges)
        or beside < MIN_FIELD_PRESENCE * len(ranges)
        or inside < MIN_CHILD_SHARE * (inside + outside)
    ):
        return None
    return ranges


#: Elements a message is written in, that may stand beside its header in one element.
MESSAGE_TAGS = frozenset({"p", "ul", "ol", "dl", "pre", "blockquote", "figure"})


def aligned_lead(
    page: Page, group: Group, fields: Fields, accept: Callable[[int, int], bool], levels: int = 3
) -> int | None:
    """The element just before the records that is drawn as one of them though its class
    words differ (a question above its answers, an opening post above the comments): the
    node its content field path leads to, or None. It is looked for among the nearest
    elements with text before the first record and before its ancestors, a few levels up;
    `accept(element, field)` says whether the element is a post (its chrome is dated, say)."""
    if fields.path is None:
        return None
    node = group.records[0][0]
    for _ in range(levels):
        parent = page.nodes[node].parent
        if parent < 0:
            return None
        siblings = page.children[parent]
        before = [
            s
            for s in siblings[: siblings.index(node)]
            if page.units(page.nodes[s].start, page.nodes[s].end) > 0
        ]
        for sibling in reversed(before[-LEAD_SIBLINGS:]):
            found = _follow(page, sibling, fields.path)
            if found is not None and accept(sibling, found):
                return found
        node = parent
    return None


#: Of the elements before a record (or an ancestor), this many nearest ones with text are
#: tried as the lead: a header ("2 Answers") may stand between a question and its answers.
LEAD_SIBLINGS = 2


def _follow(page: Page, top: int, path: Path) -> int | None:
    """The node `path` leads to from element `top`, stepping as `_paths` does."""
    node = top
    for step in path:
        node = next((c for c, s in _steps(page, page.children[node]) if s == step), -1)
        if node < 0:
            return None
    return node


def in_ranges(i: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Block `i` stands in one of `ranges` (say a record's nested ones)."""
    return any(a <= i < b for a, b in ranges)


def _own_units(page: Page, start: int, end: int, nested: list[tuple[int, int]]) -> float:
    """Non-link word units in [start, end), less what nested records hold."""
    value = page.units(start, end) - page.link_units(start, end)
    for a, b in nested:
        if start <= a and b <= end:
            value -= page.units(a, b) - page.link_units(a, b)
    return value


def _paths(page: Page, group: Group) -> list[list[tuple[Path, int]]]:
    """Per record, every descendant node with its path of signatures from the record (a
    nested record's subtree is not walked: its nodes belong to it)."""
    members = group.members()
    children = page.children
    out = []
    for record in group.records:
        found: list[tuple[Path, int]] = []
        # The look-alike element's children, and the siblings that complete the record.
        tops = [*children[record[0]], *record[1:]]
        stack: list[tuple[int, Path]] = [
            (child, (step,)) for child, step in reversed(_steps(page, tops))
        ]
        while stack:
            node, path = stack.pop()
            if node in members:
                continue
            found.append((path, node))
            if len(path) < MAX_FIELD_DEPTH:
                stack.extend(
                    (c, (*path, step)) for c, step in reversed(_steps(page, children[node]))
                )
        out.append(found)
    return out


def _steps(page: Page, nodes: Sequence[int]) -> list[tuple[int, tuple[str, tuple[str, ...]]]]:
    """Each node with its step in a path: its tag and its place among siblings of that tag
    that hold text (as in XPath's ``td[2]``). Class words are left out: engines alternate
    them from post to post ("alt1", "alt2"), while the place of the message cell stays."""
    seen: dict[str, int] = defaultdict(int)
    out: list[tuple[int, tuple[str, tuple[str, ...]]]] = []
    for k in nodes:
        node = page.nodes[k]
        if node.start == node.end:
            continue  # an empty ad slot or script host in some posts shifts no places
        tag = node.tag
        out.append((k, (tag, (str(seen[tag]),))))
        seen[tag] += 1
    return out


#: Fields are looked for this many levels below a record. A post's message sits 2-8 deep,
#: and 13 where the engine draws each post in layout tables nested three deep (UBB.threads:
#: a drop-shadow table around an outer, an inner and the post's own table).
MAX_FIELD_DEPTH = 16


@dataclass(frozen=True, slots=True)
class _Tally:
    """What the records hold along each path: text, how often it repeats inside a record,
    in how many records it is found, how much its length varies; and the group's totals."""

    text: dict[Path, float]
    repeats: dict[Path, int]
    presence: dict[Path, int]
    spread: dict[Path, float]
    total: float
    records: int
    #: Whether a path's element is the posts' header line.
    headed: Callable[[Path], bool]

    def may_be_field(self, path: Path, share: float) -> bool:
        """A container found about once per record that holds `share` of the text."""
        return (
            self.text[path] >= share * self.total
            and self.repeats[path] <= MAX_REPEATED_SHARE * self.records
            and self.presence[path] >= MIN_FIELD_PRESENCE * self.records
            and path[-1][0] not in TEXT_TAGS
            and not self.headed(path)
        )


def _headed(lines: dict[Path, list[int]], header: Callable[[int], bool] | None, path: Path) -> bool:
    """Whether the path's element is one header block (`header`) in most records where
    it is found."""
    found = lines.get(path, [])
    if header is None or not found:
        return False
    return sum(map(header, found)) > MAX_HEADED_SHARE * len(found)


#: A path whose one-block element is a header in more than this share of the records
#: that have it is their header line.
MAX_HEADED_SHARE = 0.5


def _best_field(tally: _Tally) -> Path | None:
    """The deepest path, found about once per record, that holds most of the text and is a
    container (not a paragraph or list of the message itself)."""
    if tally.total <= 0:
        return None
    best = None
    for path, text in tally.text.items():
        if not tally.may_be_field(path, MIN_FIELD_SHARE):
            continue
        if best is None or (len(path), text) > (len(best), tally.text[best]):
            best = path
    return best


def _best_child(field: Path, tally: _Tally) -> Path | None:
    """The child path of `field` that is the message: a field holding a fair share of the
    text, and of those the one whose length varies most from record to record (a message
    grows with what the poster wrote; a name and a time stay about as long)."""
    best = None
    for path in tally.text:
        if len(path) != len(field) + 1 or path[:-1] != field:
            continue
        if not tally.may_be_field(path, MIN_CHILD_SHARE):
            continue
        if best is None or tally.spread[path] > tally.spread[best]:
            best = path
    return best


#: A field holding this share of the records' text wraps the whole record.
WRAPPER_SHARE = 0.98
#: The child of a wrapper that is the field holds at least this share of the text.
MIN_CHILD_SHARE = 0.3


#: Elements that, where several stand side by side, are parts of one message.
PART_TAGS = frozenset({"tr", "tbody"})

#: Elements that are a message's own paragraphs, lists and tables, never its container.
TEXT_TAGS = frozenset(
    {
        "p", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
        "blockquote", "figure", "figcaption", "hr", "caption",
    }
)  # fmt: skip


def is_quote_block(page: Page, i: int, field: tuple[int, int]) -> bool:
    """Block `i` stands in a quote inside the content field `field` (a blockquote, or an
    element whose class words say quote), not counting elements as wide as the field
    itself: some engines draw the whole message as a blockquote."""
    node, depth = page.blocks[i].node, 0
    while node >= 0 and depth < QUOTE_CLASS_DEPTH:
        n = page.nodes[node]
        if n.start < field[0] or n.end > field[1] or (n.start, n.end) == field:
            return False
        if n.tag == "blockquote" or any(token in QUOTE_TOKENS for token in n.tokens):
            return True
        node, depth = n.parent, depth + 1
    return False


#: Class words of quote boxes (Discuz! "quote", vBulletin "bbcode_quote", phpBB "quotecontent").
QUOTE_TOKENS = frozenset({"quote", "blockquote", "quotecontent", "quoted"})
QUOTE_CLASS_DEPTH = 4


def name_field(
    page: Page, group: Group, fields: Fields, candidate: Callable[[int], bool]
) -> list[int | None]:
    """Per record, the block that names its poster: in the records' chrome, the path whose
    short text most records have and whose values differ from record to record (one name
    a post, not one label for all), links counting for it (names link to profiles).
    `candidate` says which blocks may be a name at all."""
    paths = _paths(page, group)
    found: dict[Path, list[tuple[int, int]]] = defaultdict(list)
    for r, chrome in enumerate(fields.chrome):
        where = {node: path for path, node in paths[r]}
        # A table row's lines belong to the row itself (its cells are no nodes of theirs).
        where.setdefault(group.records[r][0], ())
        seen: set[Path] = set()
        for i in chrome:
            path = where.get(page.blocks[i].node)
            if path is None or path in seen or not candidate(i):
                continue
            seen.add(path)
            found[path].append((r, i))
    best, best_score = None, 0.0
    for path, hits in found.items():
        presence = len(hits) / len(group)
        values = [page.blocks[i].text for _r, i in hits]
        distinct = len(set(values)) / len(values)
        if presence < MIN_NAME_PRESENCE or (len(values) > 2 and distinct < MIN_NAME_DISTINCT):
            continue
        links = sum(page.blocks[i].link_density for _r, i in hits) / len(hits)
        score = presence * distinct * (1 + links)
        if score > best_score:
            best, best_score = path, score
    names: list[int | None] = [None] * len(group)
    for r, i in found.get(best, []) if best is not None else []:
        names[r] = i
    return names


#: A poster's name stands in at least this share of the posts, and at least this share
#: of the names differ (a thread's opener posts again, a badge is the same on each).
MIN_NAME_PRESENCE = 0.5
MIN_NAME_DISTINCT = 0.3
