"""Main content from the page model: the article's element, or a thread's posts.

    page blocks -> measure + label (the text rules, each block alone, then with neighbours)
    -> weights -> the element whose blocks weigh most, with the siblings that belong to it
    -> records: is the page a thread (a group of dated records holding the text)?
    -> an `Analysis` the text pipeline assembles, as for a dump

A block's weight says how much it argues for being article text (prose counts for itself,
labelled chrome against, short lines a little against), as in the text pipeline. There the
article is the heaviest contiguous run of blocks; here it is the heaviest *element*, whose
blocks are a contiguous run that the page's author drew: everything inside it (lists,
tables, subheadings, captions, the lead) belongs to it unless a text rule removes it, and
nothing outside it does. A thread is found from its records, not its engine: look-alike
siblings with a time each, holding most of the page's text (see `records`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import partial
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from . import revise
from .blocks import Block
from .classify import Features, is_prose, measure
from .options import normalize_phrase
from .page import Page, PageBlock
from .pipeline import Analysis, analyse, label_blocks
from .records import (
    Fields,
    Group,
    aligned_lead,
    content_fields,
    find_groups,
    in_ranges,
    is_quote_block,
    name_field,
    nested_ranges,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .options import Options

#: An article element must weigh this much (two sentences of prose) to be trusted; below
#: it the model is unsure and the caller asks another extractor.
MIN_ARTICLE_WEIGHT = 20.0
#: A thread's records: at least this share carry a time, and they hold this many word
#: units of text, at least this many each on average.
MIN_DATED_SHARE = 0.5
MIN_THREAD_UNITS = 20.0
#: Two posts with a time each, at least: one dated box beside another is page layout.
MIN_DATED_RECORDS = 2
MIN_POST_UNITS = 3.0
#: Records of a thread are text, not link lists (teaser cards, menus).
MAX_THREAD_LINK_DENSITY = 0.5
#: Elements that are parts of one text, never a post of their own (list items are: a
#: thread is often a list of posts).
NOT_POSTS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "blockquote", "caption"}
)
#: A thread's first post says something: a few words of text that no rule removes.
MIN_FIRST_POST_UNITS = 5.0
#: An element above the records is the thread's opening post (a question, an article)
#: when it weighs at least this share of the first record's content.
LEAD_SHARE = 1.0
#: A post drawn as the records are, above them, is their first post when it holds this much.
MIN_LEAD_UNITS = 5.0
#: A dated text between a thread's headline and its first record is the question they
#: answer when it says this much (a line of chrome does not; a sentence or two does).
MIN_QUESTION_UNITS = 20.0
#: Above a first record dated as its replies are, text with no time of its own is their
#: opening post (a story, a question) when it holds this many sentences of prose, lines
#: with few links (a breadcrumb ending in the title's "?" is none, nor a status row that
#: links its last poster).
MIN_LEAD_SENTENCES = 2
MAX_PROSE_LINK_DENSITY = 0.2
#: A poster's name: a short line of its own in the post's chrome.
NAME_MAX_UNITS = 4.0


@dataclass(frozen=True, slots=True)
class Model:
    """What the model decided, with the numbers that decided it (for debugging)."""

    analysis: Analysis
    article_weight: float
    #: "thread": the body is a thread's first post and the replies are the other posts;
    #: "answers": the body is an article element above a group of posts (a question and
    #: its answers, a story and its comments), which are the replies; "article": no thread.
    shape: str


def analyse_page(
    page: Page,
    options: Options,
    *,
    single_article: bool = False,
    threads_only: bool = False,
    below_headline: bool = False,
) -> Model | None:
    """The page's analysis from its model, or None when no element clearly holds an
    article or a thread (the caller then asks a second extractor). With `threads_only`,
    None as soon as the page shows no thread: records are looked for first, from their
    shape alone, and blocks are measured only when some group may be one. With
    `below_headline`, for a page already found to show no thread, no thread is looked
    for again, and the article lies below the page's last top-level heading: a board's
    notices above a thread's title are none of its post."""
    # A block's raw text carries its time attribute, where replies read their times.
    blocks = [
        Block(
            i,
            f"{b.text} {b.stamp}" if b.stamp else b.text,
            b.text,
            b.kind,
            b.level,
            b.link_chars,
            b.links,
        )
        for i, b in enumerate(page.blocks)
    ]
    if not blocks:
        return None
    measured: dict[int, Features] = {}

    def dated(i: int) -> bool:
        if i not in measured:
            measured[i] = measure(blocks[i])
        return _dated(measured[i]) or bool(page.blocks[i].stamp)

    found = None if below_headline else thread_group(page, dated)
    if found is None and threads_only:
        return None
    features = [measured.get(i) or measure(b) for i, b in enumerate(blocks)]
    labels = label_blocks(blocks, features, options, extracted=False)
    _unlabel_rows(blocks, labels)
    if found is not None:
        _unlabel_messages(found[1], features, labels, options)
    weights = [revise.weight(f, rule, options) for f, rule in zip(features, labels, strict=True)]
    plain = list(accumulate(weights, initial=0.0))
    if found is not None:
        group, fields = found
        # The article, if there is one, is what weighs most outside the records: comments
        # under a story, answers under a question never join it.
        masked = list(weights)
        for start, end in group.ranges:
            for i in range(start, end):
                masked[i] = min(masked[i], 0.0)
        sums = list(accumulate(masked, initial=0.0))
        span, weight = article_span(page, sums)
        if single_article:
            if _overlaps(span, group):  # dated boxes around the article: its layout
                found = None
            else:
                _label_records(page, group, labels, "comments")
        else:
            first = group.ranges[0][0]
            above = article_span(page, sums, before=first, after=_headline_at(page, first))
            read = _thread(
                page, blocks, features, labels, group, fields, (span, weight), above, options
            )
            if read is not None:
                return Model(read[0], weight, read[1])
            found = None
    if found is None:
        after = _headline_at(page, len(blocks)) if below_headline else 0
        span, weight = article_span(page, plain, after=after)
    if weight < MIN_ARTICLE_WEIGHT:
        return None
    return Model(_article(blocks, features, labels, span, options), weight, "article")


def lone_post(page: Page, options: Options) -> Model | None:
    """The page's article where it opens under a post's header, with the header's poster:
    a thread of one post, which has no look-alikes to be found by as records, or a
    topic's one reply drawn unlike the topic (a blog's comment under a board's first
    post). The article is looked for below the page's headline, as a thread's opening
    post is (a board's notices above it are none of the post). A post's header is a
    poster's name and a time among the few lines right above the text, or a time with a
    post number ("4 weeks ago #1 by mvvfans"). None where the page shows no such post."""
    model = analyse_page(page, options, below_headline=True)
    if model is None or model.shape != "article":
        return None
    analysis = model.analysis
    start = analysis.span[0]
    # The header stands between the page's headline and the text: the headline is no name.
    floor = after_headline(page, start)
    above = list(range(max(floor, start - POST_HEADER_LINES), start))
    blocks, features = analysis.blocks, analysis.features
    header = _nearest_header(page, analysis, floor, start, options)
    if header is not None:
        poster = _poster(page, header[0], options)
        rows = sorted(header)
        topic = _topic_above(page, analysis, floor, rows[0], options)
        if topic is not None:
            return Model(_with_reply(analysis, topic, rows, poster), model.article_weight, "thread")
        return replace(model, analysis=replace(analysis, poster=poster))
    if any(_dated(features[i]) and revise.POST_NUMBER.search(blocks[i].text) for i in above):
        return model
    return None


def _nearest_header(
    page: Page, analysis: Analysis, floor: int, end: int, options: Options
) -> tuple[int, int] | None:
    """The name row and the time row of a post header above block `end`, within
    `POST_HEADER_LINES` and below block `floor`: its last time, and before it the nearest
    name-like line that a link opens (a name links to its profile; a rank or credits line
    under it does not), else the one nearest the time (a tag or category line further up
    is none), else the first right after it (a name drawn under the time). An "Edit"
    button after the time is no name where one stands before it."""
    blocks, features, labels = analysis.blocks, analysis.features, analysis.labels
    window = range(max(floor, end - POST_HEADER_LINES), end)
    times = [i for i in window if _gives_time(blocks, features, i)]
    if not times:
        return None
    when = times[-1]

    def named(i: int) -> bool:
        return i not in times and _name_like(blocks, features, labels, i, options)

    before = [i for i in range(window.start, when) if named(i)]
    linked = [i for i in before if _opens_with_link(page.blocks[i])]
    if before:  # a name links to its profile; else the line nearest the time
        return (linked or before)[-1], when
    after = [i for i in range(when + 1, end) if named(i)]
    return (after[0], when) if after else None


def _opens_with_link(block: PageBlock) -> bool:
    """The line opens with a link, or is one (a poster's name linking to the profile)."""
    return bool(block.lead_link) or (block.links == 1 and block.link_chars >= len(block.text))


def _topic_above(
    page: Page, analysis: Analysis, floor: int, header: int, options: Options
) -> tuple[list[int], str | None] | None:
    """The topic a lone post answers: a post header of its own (a name and a time)
    between the page's headline (`floor`) and the lone post's `header`, with prose under
    it. Its text blocks and its poster, or None."""
    features = analysis.features
    for t in range(header - 1, floor - 1, -1):
        if not _dated(features[t]):
            continue
        found = _nearest_header(page, analysis, floor, t + 1, options)
        if found is None:
            continue
        text = [i for i in range(max(found) + 1, header) if is_prose(features[i], options)]
        if text:
            return text, _poster(page, found[0], options)
    return None


def _with_reply(
    analysis: Analysis,
    topic: tuple[list[int], str | None],
    rows: Sequence[int],
    poster: str | None,
) -> Analysis:
    """The analysis with the topic as its body and the lone post as its one reply."""
    text, topic_poster = topic
    labels = list(analysis.labels)
    reply = [i for i in range(*analysis.span) if labels[i] is None]
    for i in reply:
        labels[i] = "reply"
    for i in text:
        labels[i] = None
    return replace(
        analysis,
        labels=tuple(labels),
        span=(text[0], text[-1] + 1),
        replies=((tuple(rows), tuple(reply), ()),),
        posters=(poster,),
        poster=topic_poster,
    )


#: A post's header stands this many lines above its text at most (name, time, a
#: "Report" or "Edit" button, a greeting line the text rules leave out).
POST_HEADER_LINES = 4


def _unlabel_messages(
    fields: Fields, features: Sequence[Features], labels: list[str | None], options: Options
) -> None:
    """Short messages between dated post headers read, line by line, as a list of dated
    teasers ("name / 2021-01-01 10:34 / 元旦快乐！"), a run of title-like lines, or the
    comments under a comments heading; in the tree they are known to be the posts'
    content fields, and only links would make them a list of other pages."""
    for start, end in fields.content:
        for i in range(start, end):
            if labels[i] in LIST_RULES and features[i].link_density <= options.max_link_density:
                labels[i] = None


#: Labels the text rules give lines for the list or section they seem to stand in, not
#: for themselves: inside a post's fields, its message and its poster's name.
LIST_RULES = ("teaser", "title-list", "comments")


def _overlaps(span: tuple[int, int], group: Group) -> bool:
    return span[0] < max(b for _a, b in group.ranges) and span[1] > group.ranges[0][0]


def _label_records(page: Page, group: Group, labels: list[str | None], rule: str) -> None:
    for start, end in group.ranges:
        for i in range(start, end):
            labels[i] = labels[i] or rule


def _unlabel_rows(blocks: Sequence[Block], labels: list[str | None]) -> None:
    """A table row of short cells reads like a menu ("a | b | c") to the text rules; in the
    tree it is known to be a row, and only its links make it navigation."""
    for i, block in enumerate(blocks):
        if block.kind == "row" and labels[i] == "navigation" and block.link_density <= 0.5:
            labels[i] = None


def article_span(
    page: Page, sums: Sequence[float], before: int | None = None, after: int = 0
) -> tuple[tuple[int, int], float]:
    """The heaviest element's block range, widened over the adjacent siblings that add to
    it (a lead or a headline in a sibling of the body's element), and its weight; only
    elements, and siblings, that end by block `before`, when given, and start at block
    `after`."""
    best, best_weight = 0, float("-inf")
    for k, node in enumerate(page.nodes):
        if (before is not None and node.end > before) or node.start < after:
            continue
        w = sums[node.end] - sums[node.start]
        # Ties go to the smaller (later, deeper) element: the same text with less around it.
        if w >= best_weight:
            best, best_weight = k, w
    start, end = page.nodes[best].start, page.nodes[best].end
    parent = page.nodes[best].parent
    if parent < 0:
        return (start, end), best_weight
    siblings = page.children[parent]
    at = siblings.index(best)

    def gain(k: int) -> float:
        return sums[page.nodes[k].end] - sums[page.nodes[k].start]

    total = best_weight
    left = at
    run = 0.0
    for j in range(at - 1, -1, -1):
        if page.nodes[siblings[j]].start < after:
            break
        run += (
            gain(siblings[j])
            + sums[page.nodes[siblings[j + 1]].start]
            - sums[page.nodes[siblings[j]].end]
        )
        if run > 0:
            total, left, run = total + run, j, 0.0
    right = at
    run = 0.0
    for j in range(at + 1, len(siblings)):
        if before is not None and page.nodes[siblings[j]].end > before:
            break
        run += (
            gain(siblings[j])
            + sums[page.nodes[siblings[j]].start]
            - sums[page.nodes[siblings[j - 1]].end]
        )
        if run > 0:
            total, right, run = total + run, j, 0.0
    return (page.nodes[siblings[left]].start, page.nodes[siblings[right]].end), total


def _headline_at(page: Page, end: int) -> int:
    """The page's headline before block `end` (see `after_headline`), or 0: what stands
    above it (a board's announcement box, its breadcrumbs) is none of the post under it."""
    return max(0, after_headline(page, end) - 1)


def after_headline(page: Page, end: int) -> int:
    """The block right after the page's headline before block `end`, or 0 where there is
    none: where the text under it starts. The headline is the last top-level heading
    (h1), or a heading after it that reads as the title the page declares: a board that
    draws its name as the h1 (a logo linking home) titles the thread in an h2."""
    blocks = page.blocks
    title = _folded(page.title)
    return next(
        (
            i + 1
            for i in range(end - 1, -1, -1)
            if blocks[i].kind == "heading"
            and (blocks[i].level == 1 or _names_title(_folded(blocks[i].text), title))
        ),
        0,
    )


def _names_title(heading: str, title: str) -> bool:
    """A heading that is the page's title, or most of it (both folded). One that holds
    more than the title is about it ("3 responses to “…”", a comment section's)."""
    return bool(heading) and heading in title and len(heading) >= TITLE_SHARE * len(title)


#: A heading inside the title is its headline when it is this share of it at least (a
#: short "Home" or "News" heading stands inside many titles).
TITLE_SHARE = 0.5


def _folded(text: str) -> str:
    """Casefolded letters and digits only: headings and titles compared as words."""
    return _NOT_WORD.sub("", text.casefold())


_NOT_WORD = re.compile(r"[\W_]+")


def _article(
    blocks: Sequence[Block],
    features: Sequence[Features],
    labels: list[str | None],
    span: tuple[int, int],
    options: Options,
) -> Analysis:
    """The article inside its element: the element's blocks go through the text rules as
    an extractor's output would (runs of short lines between prose are the article's lists
    and tables; at the element's edges they are its chrome: share rows, a comment form)."""
    start, end = span
    inner = analyse(
        [replace(b, index=i) for i, b in enumerate(blocks[start:end])], options, extracted=True
    )
    for i, rule in enumerate(inner.labels):
        labels[start + i] = rule
    if options.enabled("boilerplate"):
        for i in [*range(start), *range(end, len(blocks))]:
            labels[i] = labels[i] or "boilerplate"
    run = (start + inner.span[0], start + inner.span[1])
    return Analysis(tuple(blocks), tuple(features), tuple(labels), run)


def thread_group(page: Page, dated: Callable[[int], bool]) -> tuple[Group, Fields] | None:
    """The group of records that is the page's thread, with its fields: records whose
    content field is aligned, that carry a time in their chrome (a post's header, not its
    message: an article's header box and body box beside each other are no thread), and
    hold text of their own; the group holding the most text wins, but a group that lies
    inside one record of another (posts inside one of two look-alike layout tables) and
    holds most of its text is the finer and truer one."""
    candidates = []
    for group in find_groups(page):
        if page.nodes[group.records[0][0]].tag in NOT_POSTS:
            continue  # paragraphs and headings of one text are no posts
        start, end = group.ranges[0][0], max(b for _a, b in group.ranges)
        text, links = page.units(start, end), page.link_units(start, end)
        own = text - links
        if (
            len(group) < MIN_DATED_RECORDS
            or own < MIN_THREAD_UNITS
            or own < MIN_POST_UNITS * len(group)
            or links > MAX_THREAD_LINK_DENSITY * text
        ):
            continue
        fields = content_fields(page, group, dated)
        if not fields.aligned or _teaser_cards(page, fields, dated):
            continue
        if _open_with_headlines(page, group):
            continue  # teaser cards whose times sit in their text
        times = sum(
            any(dated(i) for i in chrome) or _closing_time(page, content, dated)
            for chrome, content in zip(fields.chrome, fields.content, strict=True)
        )
        if times >= max(MIN_DATED_RECORDS, MIN_DATED_SHARE * len(group)):
            candidates.append((own, group, fields))
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    own, best, best_fields = candidates[0]
    for other_own, other, other_fields in candidates[1:]:
        if other_own >= FINER_GROUP_SHARE * own and _inside_one_record(other, best):
            own, best, best_fields = other_own, other, other_fields
    return best, best_fields


def _holder(page: Page, span: tuple[int, int], after: int, before: int) -> tuple[int, int]:
    """The blocks of the widest element that holds `span` and stands between blocks
    `after` and `before` (the element of an article span found above the records)."""
    if span[1] <= span[0]:
        return span
    node = page.blocks[span[0]].node
    best = span
    while node >= 0:
        n = page.nodes[node]
        if n.start <= after or n.end > before:
            break
        if n.end >= span[1]:
            best = (n.start, n.end)
        node = n.parent
    return best


def _question_above(
    page: Page, features: Sequence[Features], labels: Sequence[str | None], headline: int, end: int
) -> tuple[int, int] | None:
    """The question under the page's `headline`, above block `end`: its unlabelled lines
    of some length, where a time of its own stands with them. None where there is none."""
    if not headline:
        return None
    lines = [
        i
        for i in range(headline + 1, end)
        if labels[i] is None and features[i].units >= MIN_LEAD_UNITS
    ]
    dated = any(_dated(features[i]) for i in range(headline + 1, end))
    return (lines[0], lines[-1] + 1) if lines and dated else None


def _headers(page: Page, span: tuple[int, int], group: Group, fields: Fields) -> set[int]:
    """The blocks in `span` drawn as the records' chrome lines are: elements with the class
    words that a chrome line has in most records (a poster's name-and-time line)."""
    seen: Counter[tuple[str, ...]] = Counter()
    for chrome in fields.chrome:
        seen.update({page.nodes[page.blocks[i].node].tokens for i in chrome})
    usual = {t for t, n in seen.items() if t and n >= MIN_DATED_SHARE * len(group)}
    return {i for i in range(*span) if page.nodes[page.blocks[i].node].tokens in usual}


def _headed_prose(
    page: Page, features: Sequence[Features], headline: int, end: int, options: Options
) -> bool:
    """Two sentences of prose or more below the `headline` block, before block `end`,
    inside the element that holds the headline (and not the records from `end` on): the
    text the headline titles, drawn in one header with it. A board's one-sentence status
    row there ("This topic has 3 replies, 3 voices, and was last updated ...") is none."""
    if page.blocks[headline].kind != "heading":
        return False
    holder = page.nodes[page.nodes[page.blocks[headline].node].parent]
    if holder.end > end:
        return False
    sentences = sum(
        features[i].sentences
        for i in range(headline + 1, holder.end)
        if is_prose(features[i], options) and page.blocks[i].link_density <= MAX_PROSE_LINK_DENSITY
    )
    return sentences >= MIN_LEAD_SENTENCES


def _closing_time(page: Page, content: tuple[int, int], dated: Callable[[int], bool]) -> bool:
    """The record's content field ends with a line of its own that is a time: a post's
    footer drawn inside its message's element ("text – name  Jul 3, 2009 at 0:57"). To
    date a record any short dated line does; `_footer`, which takes such lines out of a
    reply's text, is stricter: only a line that is itself a time."""
    start, end = content
    last = end - 1
    return end - start >= 2 and page.units(last, last + 1) <= MAX_TIME_LINE_UNITS and dated(last)


#: A line that is a post's time, with at most a word or two around it ("edited 3 hours ago").
MAX_TIME_LINE_UNITS = 8.0


def _teaser_cards(page: Page, fields: Fields, dated: Callable[[int], bool]) -> bool:
    """Records that each show, outside their text, a headline linking elsewhere (a whole
    line of link longer than a name, a different one in each): cards of other pages (a
    "latest videos" rail with a time and a byline each), not posts. A board's repeated
    "Re: subject" permalinks are one headline, not many, and a dated link is a post's
    permalink ("edited May 20 at 14:48")."""
    headlines = []
    for chrome in fields.chrome:
        line = next(
            (page.blocks[i].text for i in chrome if _headline(page, i) and not dated(i)), None
        )
        if line is not None:
            headlines.append(line)
    return _cards_of(headlines, len(fields.chrome))


def _cards_of(headlines: list[str], records: int) -> bool:
    """Most records show a headline, and most of those headlines differ."""
    most = len(headlines) >= TEASER_CARD_SHARE * records
    return most and len(set(headlines)) >= TEASER_CARD_SHARE * len(headlines)


def teaser_cards(page: Page) -> list[Group]:
    """Groups of teaser cards: look-alike records that each open with a headline linking
    elsewhere (a different one in each) and hold at most a short summary besides, the
    "most read" and "more stories" rails of a page. A headline that is a time is a post's
    permalink, and a record holding more paragraphs than a summary is a section of the
    text (a product in a roundup), so neither makes a card."""
    cards = []
    for group in find_groups(page, MIN_CARDS, nested=False):
        lead = page.nodes[group.records[0][0]]
        if lead.tag in NOT_POSTS or not lead.tokens:
            continue  # the cards of a template are named; a list in the text is not
        if all(
            _paragraphs(page, start, end) <= MAX_CARD_PARAGRAPHS for start, end in group.ranges
        ) and _open_with_headlines(page, group):
            cards.append(group)
    return cards


def _open_with_headlines(page: Page, group: Group) -> bool:
    """Most records open with a headline linking elsewhere, a different one in each: the
    first line longer than a name is a whole line of link, and no time (a permalink)."""
    headlines = []
    for start, end in group.ranges:
        first = next((i for i in range(start, end) if page.units(i, i + 1) > NAME_MAX_UNITS), None)
        if first is not None and _headline(page, first) and not _stamped(page, first):
            headlines.append(page.blocks[first].text)
    return _cards_of(headlines, len(group))


def _stamped(page: Page, i: int) -> bool:
    """The block gives a time: a ``<time>`` element's, or one in its text."""
    b = page.blocks[i]
    block = Block(i, b.text, b.text, b.kind, b.level, b.link_chars, b.links)
    return bool(b.stamp) or _dated(measure(block))


def _paragraphs(page: Page, start: int, end: int) -> int:
    """The blocks in [start, end) that are paragraphs: text of some length, not links."""
    return sum(
        1
        for i, b in enumerate(page.blocks[start:end], start)
        if b.link_chars < MAX_PARAGRAPH_LINK_SHARE * len(b.text)
        and page.units(i, i + 1) >= MIN_PARAGRAPH_UNITS
    )


#: A rail of teaser cards shows three at least: two look-alike boxes are page layout.
MIN_CARDS = 3
#: A card's summary runs to two paragraphs at most; a record with more is a section.
MAX_CARD_PARAGRAPHS = 2
MIN_PARAGRAPH_UNITS = 15.0
MAX_PARAGRAPH_LINK_SHARE = 0.5


def _headline(page: Page, i: int) -> bool:
    block = page.blocks[i]
    return block.link_chars >= HEADLINE_LINK_SHARE * len(block.text) and (
        page.units(i, i + 1) > NAME_MAX_UNITS
    )


#: Most records showing a headline of their own make a list of teaser cards.
TEASER_CARD_SHARE = 0.8
#: A headline is a whole line of link (give or take a counter).
HEADLINE_LINK_SHARE = 0.9


#: A group inside one record of another wins when it holds at least this share of its text.
FINER_GROUP_SHARE = 0.5


def _inside_one_record(inner: Group, outer: Group) -> bool:
    start, end = inner.ranges[0][0], inner.ranges[-1][1]
    return any(a <= start and end <= b for a, b in outer.ranges)


def _dated(f: Features) -> bool:
    return bool(f.dates) or f.date_line or f.relative


def _gives_time(blocks: Sequence[Block], features: Sequence[Features], i: int) -> bool:
    """Line `i` gives a time: in its text, or in the time attribute its raw text carries
    (``<time datetime>``, a ``title`` tooltip on "2d")."""
    return _dated(features[i]) or blocks[i].raw != blocks[i].text


def _thread(
    page: Page,
    blocks: Sequence[Block],
    features: Sequence[Features],
    labels: list[str | None],
    group: Group,
    fields: Fields,
    best: tuple[tuple[int, int], float],
    above: tuple[tuple[int, int], float],
    options: Options,
) -> tuple[Analysis, str] | None:
    """The thread's analysis and shape: its first post is the body, the rest are replies
    ("thread"); or the article element before the records is the body, and every record a
    reply, as answers under a question drawn in a layout of its own ("answers")."""
    first_start = group.ranges[0][0]
    records = list(range(len(group)))
    first_weight = sum(
        revise.weight(features[i], labels[i], options) for i in range(*fields.content[0])
    )
    (article, article_weight), (lead, lead_weight) = best, above
    group_end = max(b for _a, b in group.ranges)
    inside = article[0] < group_end and article[1] > first_start
    if inside and article_weight >= MIN_ARTICLE_WEIGHT and article_weight > first_weight:
        return None  # dated list entries inside an article: its references, its events
    drawn = aligned_lead(page, group, fields, partial(_is_post, page, blocks, features))
    shape = "thread"
    headline = _headline_at(page, first_start)
    # What the page's headline heads, above the first record, in unlabelled units.
    said = sum(features[i].units for i in range(headline + 1, first_start) if labels[i] is None)
    # A question drawn in a layout of its own, with its own time ("By @name Sep 16,
    # 2017") or in the headline's own element (a question page's header: its title and
    # text), is the thread's first post however short it is beside the first answer.
    asked = said >= MIN_QUESTION_UNITS and (
        any(_dated(features[i]) for i in range(headline + 1, first_start))
        or _headed_prose(page, features, headline, first_start, options)
    )
    # A first record whose own header gives its time is a post of the thread, the first:
    # what stands under the headline above it, with no time of its own, is the thread's
    # chrome unless it says more than a sentence (its status row, "This topic has 4
    # replies ... last updated 1 year ago by ...", is one).
    posted = _has_time(fields.chrome[0], blocks, features)
    sentences = sum(
        features[i].sentences
        for i in range(headline + 1, first_start)
        if features[i].link_density <= MAX_PROSE_LINK_DENSITY
    )
    # The element above the records may have a header line drawn as theirs: a post of
    # the thread in a layout of its own (a Q&A page's best answer above the others),
    # under a dated question. The question is the body, and that post the first reply.
    apart = None
    holder = _holder(page, lead, headline, first_start)
    heads = _headers(page, holder, group, fields)
    question = _question_above(page, features, labels, headline, holder[0])
    if drawn is None and question is not None and heads:
        body, shape, apart = question, "answers", holder
    elif drawn is not None:
        body = page.nodes[drawn].span  # a first post drawn as the replies are: a question
    elif (
        lead_weight >= options.prose_units
        and lead_weight > LEAD_SHARE * first_weight
        and (not posted or asked or sentences >= MIN_LEAD_SENTENCES)
    ):
        body, shape = lead, "answers"  # an article or a post of its own kind, above them
    else:
        body = fields.content[0]
        records = records[1:]
        kept = sum(features[i].units for i in range(*body) if labels[i] is None)
        if (
            kept < MIN_FIRST_POST_UNITS
            or page.link_units(*body) > 0.5 * page.units(*body)
            or (headline and (asked or (said > kept and not posted)))
        ):
            if not headline:
                return None  # look-alike layout boxes (menus, a calendar), no first post
            body, shape, records = (headline, first_start), "answers", list(range(len(group)))
    if not records or not options.enabled("reply"):
        return None
    texts = [b.text for b in blocks]
    signed = revise.cut_signature(texts, *body) if options.enabled("signature") else body[1]
    for i in range(signed, body[1]):
        labels[i] = labels[i] or "signature"
    keep = [False] * len(blocks)
    for i in range(body[0], signed):
        keep[i] = True
    replies: list[revise.Reply] = []
    posters: list[str | None] = []
    names = name_field(
        page,
        group,
        fields,
        lambda i: _name_like(blocks, features, labels, i, options, _name_text(page, i, options)),
    )
    timed = [_has_time(fields.chrome[r], blocks, features) for r in range(len(group))]
    shared = _shared_lines(blocks, fields)
    usual = sum(timed) >= MOST_POSTS_TIMED * len(group)
    nested = nested_ranges(page, group)
    if apart is not None:  # the post drawn apart from the others comes first
        header = [i for i in range(*apart) if i in heads or _dated(features[i])]
        text_blocks = [i for i in range(*apart) if labels[i] is None and i not in header]
        if text_blocks:
            replies.append((tuple(header), tuple(text_blocks), ()))
            posters.append(None)
            for i in text_blocks:
                labels[i] = "reply"
    for r in records:
        if usual and _odd_record(page, group, fields, r, timed[r] or names[r] is not None):
            continue  # short, no poster, time or message field: an ad, an event row
        text_blocks, quotes = [], []
        start, end = fields.content[r]
        labelled = _labelled_quotes(page, features, fields.content[r], options)
        if options.enabled("signature"):
            end = revise.cut_signature(texts, start, end)
        for i in range(start, end):
            if in_ranges(i, nested[r]):
                continue  # a record nested inside this one (a reply to the reply)
            if i in labelled or is_quote_block(page, i, fields.content[r]):
                quotes.append(i)
            elif labels[i] is None or labels[i] in ("title-list", "boilerplate"):
                text_blocks.append(i)
            elif labels[i] == "forum-header" and features[i].ends_sentence:
                # a message naming a floor ("沙发！马克一下。"), not a header row
                text_blocks.append(i)
        header = _post_header(fields.chrome[r], blocks, features, labels, options, shared)
        # where the chrome gives no time, the time and name closing the text are its header
        footer = [] if timed[r] else _footer(blocks, features, fields.content[r])
        text_blocks = [i for i in text_blocks if i not in footer]
        if text_blocks:
            replies.append((tuple(header + footer), tuple(text_blocks), tuple(quotes)))
            if names[r] is None and len(footer) == 2:  # "– name" above the time
                footer_name = _poster(page, footer[0], options)
                posters.append(_SIGNING_DASH.sub("", footer_name) if footer_name else None)
            else:
                posters.append(_poster(page, names[r], options))
            for i in text_blocks:
                labels[i] = "reply"
            for i in quotes:
                labels[i] = "quote"
    if not replies:
        return None
    if options.enabled("signature"):
        replies, signs = _unsigned(page, replies, texts, labels)
        own = [i for i in range(body[0], signed) if labels[i] is None]
        while shape == "thread" and len(own) > 1 and signs(own[-1]):
            labels[own.pop()] = "signature"  # the first poster signs their post as well
    for i in range(len(blocks)):
        if not keep[i] and labels[i] is None:
            labels[i] = "forum-header" if in_ranges(i, group.ranges) else "boilerplate"
    for i in range(*body):
        if labels[i] == "title-list" and features[i].link_density <= options.max_link_density:
            labels[i] = None
        if shape == "thread" and is_quote_block(page, i, body):
            labels[i] = labels[i] or "quote"
    analysis = Analysis(
        tuple(blocks),
        tuple(features),
        tuple(labels),
        body,
        tuple(replies),
        posters=tuple(posters),
        poster=_poster(page, names[0], options) if body == fields.content[0] else None,
    )
    return analysis, shape


def _labelled_quotes(
    page: Page, features: Sequence[Features], field: tuple[int, int], options: Options
) -> set[int]:
    """The blocks of quotes inside the content `field` that an element of no quote class
    holds under a quote label of its own: a short line that opens with a phrase of list
    `quote` ("Quote:", "Originally Posted by name", vBulletin 3's bare div and table),
    and what follows it in the label's parent element, where that element is narrower
    than the field."""
    quoted: set[int] = set()
    pattern = options.phrases.patterns["quote"]
    if pattern is None:
        return quoted
    for i in range(*field):
        f = features[i]
        if i in quoted or f.units > QUOTE_LABEL_MAX_UNITS:
            continue
        found = pattern.search(f.normalized)
        if found is None or found.start() > 0:
            continue
        parent = page.nodes[page.nodes[page.blocks[i].node].parent]
        if field[0] <= parent.start and parent.end <= field[1] and parent.span != field:
            quoted.update(range(i, parent.end))
    return quoted


#: A quote's label line is short: the label and a poster's name.
QUOTE_LABEL_MAX_UNITS = 8.0


#: The dash a name is signed with, as a comment's footer draws it ("– Greg Hewgill").
_SIGNING_DASH = re.compile(r"^[\s\u2010-\u2015-]+")


def _footer(
    blocks: Sequence[Block], features: Sequence[Features], content: tuple[int, int]
) -> list[int]:
    """The lines that close a post's content field as its header would: a short line
    that is a time, and a name just above it ("text – name  Jul 3, 2009 at 0:57")."""
    start, end = content
    last = end - 1
    if end - start < 2 or features[last].units > MAX_TIME_LINE_UNITS:
        return []
    if not features[last].date_line:  # the line is a time ("Done." over a <time> is not)
        return []
    name = last - 1
    if name > start and 0 < features[name].units <= NAME_MAX_UNITS:
        return [name, last]
    return [last]


def _unsigned(
    page: Page, replies: list[revise.Reply], texts: Sequence[str], labels: list[str | None]
) -> tuple[list[revise.Reply], Callable[[int], bool]]:
    """The replies less their signatures, and what tells a signature's block: a closing
    line that two replies or more end with word for word ("I don't provide support by PM,
    ..."), drawn with no separator row, or one in an element the engine names a signature
    (``post-signature``, ``sign``). A reply that is nothing but such a line keeps it."""
    closing = Counter(texts[blocks[-1]] for _header, blocks, _quotes in replies if len(blocks) > 1)
    shared = {text for text, count in closing.items() if count > 1}

    def signs(i: int) -> bool:
        return texts[i] in shared or _in_signature(page, i)

    unsigned = []
    for header, blocks, quotes in replies:
        end = len(blocks)
        while end > 1 and signs(blocks[end - 1]):
            end -= 1
        for i in blocks[end:]:
            labels[i] = "signature"
        unsigned.append((header, blocks[:end], quotes))
    return unsigned, signs


def _in_signature(page: Page, i: int) -> bool:
    """Block `i` stands in an element, at most a few levels up, whose class or id words
    name a signature."""
    node = page.blocks[i].node
    for _ in range(SIGNATURE_LEVELS):
        if node < 0:
            return False
        if SIGNATURE_TOKENS.intersection(page.nodes[node].tokens):
            return True
        node = page.nodes[node].parent
    return False


#: Class and id words of a post's signature (phpBB and vBulletin "signature", Discuz!
#: "sign"), looked for this many elements up from a block.
SIGNATURE_TOKENS = frozenset({"signature", "signatures", "sig", "sign"})
SIGNATURE_LEVELS = 3


def _odd_record(page: Page, group: Group, fields: Fields, r: int, headed: bool) -> bool:
    """Record `r` has none of what the posts have (a header, a message field) and is short."""
    if headed or fields.found[r]:
        return False
    return page.units(*group.ranges[r]) <= MAX_ODD_RECORD_UNITS


def _shared_lines(blocks: Sequence[Block], fields: Fields) -> set[str]:
    """Lines of chrome that nearly every record shows: buttons and labels, no names."""
    seen = Counter(text for chrome in fields.chrome for text in {blocks[i].text for i in chrome})
    least = max(SHARED_MIN_RECORDS, SHARED_SHARE * len(fields.chrome))
    return {text for text, count in seen.items() if count >= least}


#: A chrome line in this share of records (and in three at least) is the board's, not a
#: poster's: "Reply", "LikeQuoteReplyReport". A name posting that often stays a name below it.
SHARED_SHARE = 0.9
SHARED_MIN_RECORDS = 3


def _has_time(chrome: Sequence[int], blocks: Sequence[Block], features: Sequence[Features]) -> bool:
    return any(_gives_time(blocks, features, i) for i in chrome)


#: Where this share of records carries a time, a record with no time, no poster and no
#: content field is no post when it is short: an ad between posts, a "title changed" event
#: row (a long one is a post drawn its own way: an accepted answer's box).
MOST_POSTS_TIMED = 0.75
MAX_ODD_RECORD_UNITS = 40.0


def _is_post(
    page: Page,
    blocks: Sequence[Block],
    features: Sequence[Features],
    element: int,
    field: int,
) -> bool:
    """An element holding a field of text and, outside it, a time: a post."""
    outer, inner = page.nodes[element], page.nodes[field]
    if page.units(inner.start, inner.end) - page.link_units(inner.start, inner.end) < (
        MIN_LEAD_UNITS
    ):
        return False
    around = [i for i in range(outer.start, outer.end) if not inner.start <= i < inner.end]
    return _has_time(around, blocks, features)


def _name_text(page: Page, i: int | None, options: Options) -> str | None:
    """The poster's name on block `i`: the link that opens the line, where it shows a
    name and more follows (a profile link, then a rank and counters); where inline
    elements run together on it (a user name and a full name, an avatar's initial and the
    name, a label and the name: "作者：<a>name</a>"), the first part that is a name of two
    characters or more and no label; else the whole line."""
    if i is None:
        return None
    block = page.blocks[i]
    if block.lead_link:
        linked = block.text[: block.lead_link].strip()
        if len(linked) >= MIN_NAME_CHARS and any(ch.isalpha() for ch in linked):
            return linked
    edges = (0, *block.parts, len(block.text))
    for start, end in pairwise(edges):
        part = block.text[start:end].strip()
        named = len(part) >= MIN_NAME_CHARS and any(ch.isalpha() for ch in part)
        if named and not _is_label(normalize_phrase(part), "byline_label", options):
            return part
    return block.text


def _poster(page: Page, i: int | None, options: Options) -> str | None:
    """The poster's name on block `i`, less the words a comment header puts after it
    ("Annie says:", phrase list `said_suffix`)."""
    name = _name_text(page, i, options)
    if name is None:
        return None
    folded = unicodedata.normalize("NFKC", name)
    for phrase in options.phrases.by_key.get("said_suffix", ()):
        cut = re.search(rf"\s*{re.escape(phrase)}\s*$", folded, re.IGNORECASE)
        if cut and folded[: cut.start()].strip():
            return folded[: cut.start()].strip()
    return name


#: A part of a name line shorter than this is an avatar's initial or a badge.
MIN_NAME_CHARS = 2


#: A number standing as a word of its own: a counter ("发言 86", "Posts: 412", "#3").
_COUNTER = re.compile(r"(?:^|[\s:：#])[\d,.]+(?:$|\s)")


def _name_like(
    blocks: Sequence[Block],
    features: Sequence[Features],
    labels: Sequence[str | None],
    i: int,
    options: Options,
    name: str | None = None,
) -> bool:
    """A line that may be a poster's name: short, no time, no sentence, no board label.
    `name` is the part of the line that would be the name, where inline elements run
    together on it or a profile link opens it: its length, time, counters and labels are
    the part's, so a badge or a time glued after a name ("城东老住户IP属地：浙江",
    "dmarsh_harlow30 hours ago") or a poster panel's rank and join date after its link
    ("Ivy Okafor Member 14 messages · joined 2024") leaves it a name, and a counter glued
    before buttons ("Respect 0ReplyReport") makes it none."""
    line = f = features[i]
    text = blocks[i].text
    allowed: tuple[str | None, ...] = (None, "navigation", "boilerplate", *LIST_RULES)
    if name is not None and name != text:
        block = blocks[i]
        f, text = measure(Block(block.index, name, name, block.kind, block.level)), name
        allowed = (*allowed, "dateline")  # the line's time is glued after the name
    return (
        0 < f.units <= NAME_MAX_UNITS
        and not _dated(f)
        and not _COUNTER.search(text)
        and revise.POST_NUMBER.search(text) is None
        and any(ch.isalpha() for ch in text)
        and len(text.strip()) >= MIN_NAME_CHARS  # a letter avatar's initial is no name
        and not is_prose(line, options)
        and labels[i] in allowed
        and options.phrases.search("forum_header", f.normalized) is None
        and options.phrases.search("registered", f.normalized) is None
        and not _only_buttons(f, options)
    )


def _only_buttons(f: Features, options: Options) -> bool:
    """The line is nothing but the names of a post's buttons ("回复 打赏", "Reply Quote")."""
    pattern = options.phrases.patterns["button"]
    if pattern is None or pattern.search(f.normalized) is None:
        return False
    return not _NOT_WORD.sub("", pattern.sub("", f.normalized))


def _post_header(
    chrome: Sequence[int],
    blocks: Sequence[Block],
    features: Sequence[Features],
    labels: Sequence[str | None],
    options: Options,
    shared: Collection[str] = (),
) -> list[int]:
    """The rows of a post's chrome that name its poster and time: the first short line of
    its own that is no label, counter or time, and is not one of the `shared` lines every
    post shows (its buttons), and the first time that is no join date."""
    name = when = None
    label = None  # the line before, where it is a bare label with no time of its own
    for i in chrome:
        f = features[i]
        dated = _gives_time(blocks, features, i)
        joined = _label_of(f, "registered", options) or (
            label is not None and _bare_label(features[label], "registered", options)
        )
        if dated and not joined and (when is None or _label_of(f, "post_time", options)):
            if when is None or not _label_of(features[when], "post_time", options):
                when = i  # the first time, or the first one labelled as the post's
        elif (
            name is None
            and not dated
            and blocks[i].text not in shared
            and _name_like(blocks, features, labels, i, options)
        ):
            name = i
        label = None if dated else i
    return sorted(i for i in (name, when) if i is not None)


def _bare_label(f: Features, key: str, options: Options) -> bool:
    """The line is a label of list `key` and nothing else ("注册时间", "Joined:"): its value
    stands on the next line (a poster panel's dt and dd)."""
    return _is_label(f.normalized, key, options)


def _is_label(normalized: str, key: str, options: Options) -> bool:
    """The `normalized` text is one phrase of list `key` and punctuation around it."""
    found = options.phrases.search(key, normalized)
    if found is None:
        return False
    rest = normalized[: found.start()] + normalized[found.end() :]
    return not rest.strip(LABEL_PUNCTUATION)


#: What may stand around a bare label besides the label itself.
LABEL_PUNCTUATION = " :：\t"


def _label_of(f: Features, key: str, options: Options) -> bool:
    """The line holds a label of list `key` ("注册时间", "发表于", "Joined:")."""
    return options.phrases.search(key, f.normalized) is not None
