"""`clean_html`: the HTML entry point.

    decode (BOM, HTTP charset, <meta charset>, detection) -> parse once (lxml)
    -> page metadata (JSON-LD, meta tags, <title>, canonical link)
    -> the page model (`page.build_page`), and a thread read off its records where the
       page may be one (`content.analyse_page`)
    -> main text by trafilatura (fast mode: no fallback extractors), completed with the
       chunks of a body cut into look-alike siblings that it left out, and with the
       copies of a paragraph the page repeats that it gave once (`chunks`)
    -> on a page that declares no article and shows no thread: the one post the model
       finds under its header, where the extractor took other text (`content.lone_post`)
    -> less the lines of teaser cards the page model finds (`content.teaser_cards`), and
       the lines that run several of the page's lines of links together
    -> the same text rules as `clean_text`, in "extracted" mode
    -> if the extractor found no article: the page's visible lines through the full
       text pipeline, as a text dump would be cleaned

One set of rules, two entry points: everything after extraction is `clean_dump`.
"""

from __future__ import annotations

import bisect
import html as html_module
import itertools
import re
from dataclasses import replace
from datetime import datetime
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .blocks import row_cells
from .budget import Deadline
from .chunks import complete, find_chunks, find_repeats, read_paragraphs, restore_repeats
from .content import (
    POST_HEADER_LINES,
    Model,
    after_headline,
    analyse_page,
    lone_post,
    teaser_cards,
)
from .dates import RELATIVE, date_from_url, find_dates
from .decode import BinaryInput, DecodeError, decode_html
from .document import Removal
from .metadata import shingles
from .options import Options, normalize_phrase
from .page import COLLAPSIBLE, Page, build_page
from .pagemeta import (
    PRIVATE_USE,
    PageMeta,
    is_site_part,
    iso_date,
    page_meta,
    plausible_author,
    reconcile_language,
    split_authors,
    title_parts,
)
from .pipeline import Metadata, assemble, check_arguments, clean_dump, page_header_metadata
from .render import mark_headings
from .revise import POST_NUMBER
from .textutil import LATIN_WORD, ends_sentence, squeeze, units

if TYPE_CHECKING:
    from collections.abc import Collection

    from bs4 import Tag
    from lxml import etree

    from .document import Document, Reply
    from .records import Group


class PageTooLarge(ValueError):
    """The page is over `Options.max_html_chars` or `max_elements`: cleaning it would not
    be bounded in time and memory, so it is refused with this error instead."""


def clean_html(
    html: str | bytes | etree._Element | etree._ElementTree | Tag,
    *,
    url: str | None = None,
    encoding: str | None = None,
    options: Options | None = None,
    fetched_at: datetime | None = None,
) -> Document:
    """Clean an HTML page. Bytes are decoded (`encoding` is the HTTP header's charset, if
    known); `fetched_at` anchors relative dates such as "3小时前". An lxml tree or element,
    or a BeautifulSoup object, is cleaned as the page it serialises to: the cleaner prunes
    a tree of its own, and the caller's is left as it was.

    Raises TypeError naming a wrong argument, BinaryInput for bytes that are no text
    (an image, say), PageTooLarge past the size limits and OverBudget past
    `Options.time_budget`.

    >>> page = ("<html><head><title>Bridge opens | Gazette</title></head><body><nav>"
    ...         "<a href=/>Home</a></nav><article><h1>Bridge opens</h1><p>The mayor opened "
    ...         "the new bridge on Friday, ending a decade of delays for commuters.</p><p>"
    ...         "Traffic is expected to ease within weeks, officials said.</p></article>"
    ...         "</body></html>")
    >>> doc = clean_html(page)
    >>> doc.title, doc.paragraphs[0][:24]
    ('Bridge opens', 'The mayor opened the new')
    """
    html = _markup(html)
    check_arguments(
        "clean_html",
        url=(url, str),
        encoding=(encoding, str),
        options=(options, Options),
        fetched_at=(fetched_at, datetime),
    )
    options = options or Options()
    deadline = Deadline.after(options.time_budget)
    text = _decode(html, encoding)
    if len(text) > options.max_html_chars:
        raise PageTooLarge(
            f"page of {len(text):,} characters is over the {options.max_html_chars:,} limit"
            " (Options.max_html_chars)"
        )
    root = _parse(text)
    deadline.check("parse")
    if root is None:
        return clean_dump("", url=url, options=options)
    if (elements := sum(1 for _ in root.iter())) > options.max_elements:
        raise PageTooLarge(
            f"page of {elements:,} elements is over the {options.max_elements:,} limit"
        )
    declared = page_meta(root, options)
    known = _known(declared)
    # Every page gets its model (read before trafilatura prunes the tree): its headings,
    # its teaser cards and, if the extractor finds nothing, its visible lines. Threads are
    # looked for only on a page that declares no single article, or that shows the
    # machine-readable times of many posts: boards that declare each thread an article
    # (og:type) draw a <time> in every post's header.
    page = build_page(root, declared.title or "")
    thread_like = not declared.single_article or _many_times(root, page)
    deadline.check("model")
    model = None
    if options.page_model_threads and (thread_like or _shows_posts(page, options)):
        model = analyse_page(page, options, threads_only=True)
    # Only a thread's analysis is used: an article's is not assembled (see issue 7's note:
    # the model's article element does not beat the extractor's text yet).
    modelled = None
    if model is not None and model.shape in ("thread", "answers"):
        thread_meta = declared
        if model.shape == "thread" and model.analysis.poster is not None:
            # The first post's poster, aligned across the posts, says more than byline
            # markup near the headline: on a board that is a poster panel's whole text.
            thread_meta = _without_source(declared, "authors", "markup", ())
        if model.shape == "thread" and _clock_above(page, model.analysis.span[0], declared):
            # The page's first <time> stands above the thread's headline: a board's clock
            # in its user bar, not the first post's time, which its header gives.
            thread_meta = _without_source(thread_meta, "published", "time", None)
        modelled = assemble(model.analysis, url, options, _known(thread_meta), fetched_at)
        if model.shape == "thread" and modelled.body:
            return _fill(modelled, text, url, options, fetched_at, thread_meta)
    # Answers under an article element: the article is read as any other, they are replies.
    # Where the model found none, those the page's JSON-LD states (a question's one answer
    # has no look-alike siblings to be found by).
    replies = (
        modelled.replies
        if modelled is not None and model and model.shape == "answers"
        else declared.replies
    )
    # Every text stage shares the page's metadata, fetch time and deadline.
    dump = partial(
        clean_dump, url=url, options=options, known=known, now=fetched_at, deadline=deadline
    )
    # The page's visible lines, read off the model (built before trafilatura prunes the
    # tree in place): a thread's post headers, or the whole page when no article is found.
    # Not where the model found the records (answers under an article): their fields say
    # more than the lines do.
    if (
        thread_like
        and not replies
        and _may_be_thread(root, options)
        and looks_like_thread(lines := [block.text for block in page.blocks], options)
    ):
        # A forum thread: the page's own lines keep the post headers replies need.
        document = dump("\n".join(lines))
        if document.replies:
            return replace(document, canonical_url=declared.canonical_url)
    headings = _headings(page)
    shown = read_paragraphs(root)
    chunks, repeats = find_chunks(shown), find_repeats(root, shown)
    article = restore_repeats(complete(_extract(root, url, options), chunks), repeats)
    deadline.check("extract")
    # A thread of one post: the model's article, under its post header, where the
    # extractor took something else (a board's notices, the topic's header box).
    lone = thread_like and model is None and not declared.single_article
    if lone and (post := _lone_post(page, article, options)) is not None:
        document = assemble(post.analysis, url, options, known, fetched_at)
        if document.body:
            return _fill(document, text, url, options, fetched_at, declared)
    # Teaser cards the extractor kept ("most read", with their summaries) are no article.
    cards: list[str] = []
    if options.enabled("teaser"):
        article, cards = _without_cards(article, page, declared.title)
    links: list[str] = []
    if options.enabled("navigation"):
        article, links = _without_link_runs(article, page)
    cut: list[str] = []
    if replies:
        lead = modelled.body if modelled is not None else declared.post or article
        article, cut = _without_replies(article, replies, lead)
    above: list[str] = []
    named: dict[str, str] = {}  # what the model's reading says a line is, by its text
    if replies and modelled is not None and modelled.body:
        # Lines the model's reading says are chrome, and the page's headline.
        named = {squeeze(r.text): r.rule for r in modelled.removed if r.rule in NAMED_CHROME}
        named.update((squeeze(t), "title") for t in (declared.title, modelled.title) if t)
        article, above = _from_lead(article, modelled.body, named)
    document = dump(article, extracted=True)
    if above:
        chrome = (Removal(named.get(text, "boilerplate"), text) for text in map(_shown, above))
        document = replace(document, removed=(*document.removed, *chrome))
    if links:
        menus = (Removal("navigation", line) for line in links)
        document = replace(document, removed=(*document.removed, *menus))
    if cards:
        teasers = (Removal("teaser", line) for line in cards)
        document = replace(document, removed=(*document.removed, *teasers))
    if cut:  # and the replies that the rest still holds (run into other lines) are its
        removed = (*document.removed, *(Removal("reply", line) for line in cut))
        held = _not_in_body(replies, document.body)
        document = replace(document, replies=held, removed=removed)
    if not document.body:  # the page's lines, read before the extractor pruned the tree
        document = dump("\n".join(b.text for b in page.blocks))
    if replies and not document.replies:
        document = replace(document, replies=_not_in_body(replies, document.body))
    # The extractor's text has no headings: the page's own mark the ones it kept.
    document = replace(document, markdown=mark_headings(document.markdown, headings))
    return _fill(document, text, url, options, fetched_at, declared)


def _lone_post(page: Page, article: str, options: Options) -> Model | None:
    """The model's article where it is one post under its header (`content.lone_post`)
    and most of the extractor's text is not that post: another part of the page, or the
    post drowned in the page's chrome. On a page that declares no article and shows no
    thread, that is a thread of one post, or of a topic and one reply drawn unlike it;
    the extractor, with no look-alike posts to weigh together, takes the board's notices,
    the topic's header box or the whole page for the article.

    The model is built again only where a cheap look finds a dated line below the page's
    headline that opens text the extractor's text is mostly not (`_stretches`): a few ms
    a page on large portals that declare no article."""
    stretches = _stretches(page)
    if not stretches:
        return None
    lines = [squeeze(line) for line in article.split("\n") if line.strip()]
    size = sum(map(len, lines))
    if size and all(
        sum(len(line) for line in lines if line in stretch) >= MIN_STRETCH_SHARE * size
        for stretch in stretches
    ):
        return None  # the extractor's lines stand under every such line: it took that text
    model = lone_post(page, options)
    if model is None:
        return None
    analysis = model.analysis
    replied = {i for _header, text, _quotes in analysis.replies for i in text}
    post = "\n".join(
        block.text
        for i, block in enumerate(analysis.blocks)
        if (analysis.span[0] <= i < analysis.span[1] and analysis.labels[i] is None) or i in replied
    )
    said, shown = _word_pairs(article), _word_pairs(post)
    # The same text: the extractor's is mostly the post's, and it keeps most of the post.
    if (
        said
        and _share_in(said, shown) >= MAX_SHARED_WITH_POST
        and _share_in(shown, said) >= MIN_POST_KEPT
    ):
        return None
    return model


#: The extractor's text is the model's post (and its reply) when this share of its word
#: pairs are the post's, and it holds this share of the post's: below either, it is
#: mostly something else, or it left out the reply.
MAX_SHARED_WITH_POST = 0.15
MIN_POST_KEPT = 0.5


def _stretches(page: Page) -> list[str]:
    """The lines under each short dated line below the page's headline that a line of
    some length follows within `POST_HEADER_LINES`: where a post under its header may
    start. A stretch runs to the next such line, `MAX_STRETCH_LINES` lines at most."""
    blocks = page.blocks
    top = after_headline(page, len(blocks))
    opens = [
        i
        for i in range(top, len(blocks))
        if len(blocks[i].text) <= THREAD_HEADER_CHARS
        and _DIGIT.search(blocks[i].text)
        and (find_dates(blocks[i].text) or RELATIVE.search(blocks[i].text))
        and any(
            page.units(j, j + 1) >= MIN_POST_LINE_UNITS
            for j in range(i + 1, min(len(blocks), i + 1 + POST_HEADER_LINES))
        )
    ]
    ends = [*opens[1:], len(blocks)] if opens else []
    return [
        "\n".join(
            squeeze(block.text) for block in blocks[i + 1 : min(end, i + 1 + MAX_STRETCH_LINES)]
        )
        for i, end in zip(opens, ends, strict=True)
    ]


#: A post's text has a line of this many units within `POST_HEADER_LINES` of its header.
MIN_POST_LINE_UNITS = 10.0
#: The lines under a dated line that are looked at, and the share of the extractor's text
#: (its lines' characters) they must hold for the extractor to have taken them (then no
#: lone post is looked for).
MAX_STRETCH_LINES = 20
MIN_STRETCH_SHARE = 0.5


def _many_times(root: etree._Element, page: Page) -> bool:
    """The page holds enough <time> elements for a thread of dated posts (a story's own
    time and its update's are two), or enough lines whose elements give a machine-readable
    time (NodeBB's empty `<a class=timeago title="2026-11-23T20:14:52.000Z">`, which a
    script fills in)."""
    if sum(1 for _ in itertools.islice(root.iter("time"), MIN_TIMES)) >= MIN_TIMES:
        return True
    stamped = (block.stamp for block in page.blocks if block.stamp)
    # a time of day with its date: a link's tooltip that names a year is none
    timed = (stamp for stamp in stamped if any("T" in d.iso for d in find_dates(stamp)))
    return sum(1 for _ in itertools.islice(timed, MIN_TIMES)) >= MIN_TIMES


#: A page with this many <time> elements may be a thread whatever it declares.
MIN_TIMES = 3


def _without_replies(article: str, replies: tuple[Reply, ...], lead: str) -> tuple[str, list[str]]:
    """The extractor's article less the lines that are the replies' (it ran on from a
    story or a question into the comments under it), and those lines. That is only so
    where what is left is the element the model found above the replies (`lead`, the
    story or the question), or where nothing is left (the extractor took the replies
    alone): then the lead is the article; else (the extractor took the first reply for
    the article, under a board notice that outweighed it) the article as it was, and no
    lines."""
    said = {squeeze(line) for reply in replies for line in reply.text.split("\n") if line.strip()}
    pairs = set().union(*(_word_pairs(reply.text) for reply in replies))
    kept: list[str] = []
    cut: list[str] = []
    for line in article.split("\n"):
        grams = _word_pairs(line)
        share = _share_in(grams, pairs) if len(grams) >= MIN_LINE_GRAMS else 0.0
        (cut if share >= REPLY_IN_BODY_SHARE or squeeze(line) in said else kept).append(line)
    rest = "\n".join(kept)
    if cut and units(rest) < MIN_BODY_UNITS and units(lead) >= MIN_BODY_UNITS:
        # The extractor took the replies and nothing else (answers that outweigh their
        # question): the element above them is the article.
        return lead, [squeeze(line) for line in cut]
    if not cut or units(rest) < MIN_BODY_UNITS:
        return article, []
    if _share_in(_word_pairs(lead), _word_pairs(rest)) < LEAD_KEPT_SHARE:
        return article, []
    return rest, [squeeze(line) for line in cut]


def _from_lead(article: str, lead: str, named: Collection[str] = ()) -> tuple[str, list[str]]:
    """The extractor's article cut to the model's element above the replies (the
    question, the story): what it held before that element's first line, or after its
    last, goes where it is all short lines (the page's menus, headline and sidebar, which
    an extractor's text keeps as it would a list) or lines the model's reading `named` as
    chrome (a story's "212 points by … | hide | past | 97 comments" row). Returns the
    article and what went."""
    said = [squeeze(line) for line in lead.split("\n") if line.strip()]
    lines = article.split("\n")
    squeezed = [_shown(line) for line in lines]
    if not said:
        return article, []
    start, end = 0, len(lines)
    cut: list[str] = []
    # The extractor may run the element's paragraphs together on one line (a table cell).
    first = next((k for k, line in enumerate(squeezed) if said[0] in line), -1)
    if first >= 0 and _chrome(lines[:first], named):
        start = first
        cut.extend(line for line in lines[:start] if line.strip())
    last = max((k for k, line in enumerate(squeezed) if said[-1] in line), default=-1)
    if last >= start and _chrome(lines[last + 1 :], named):
        end = last + 1
        cut.extend(line for line in lines[end:] if line.strip())
    kept = [line for line in lines[start:end] if line.strip()]
    if cut and len(kept) == 1:  # one row of a layout table is no table: its text
        return _shown(kept[0]), cut
    return "\n".join(lines[start:end]), cut


def _chrome(lines: list[str], named: Collection[str] = ()) -> bool:
    shown = [_shown(line) for line in lines if line.strip()]
    return bool(shown) and all(
        units(line) <= MAX_CHROME_LINE_UNITS or line in named for line in shown
    )


def _shown(line: str) -> str:
    """An extractor's line as the page shows it: a table row's filled cells, with their
    escaped bars as bars ("| | 212 points \\| hide |" is "212 points | hide")."""
    if not line.lstrip().startswith("|"):
        return squeeze(line)
    cells = (cell.replace("\\|", "|") for cell in row_cells(line))
    return squeeze(" ".join(cell for cell in cells if cell))


#: Lines of a page's chrome above its text: menu entries, a headline, a poster's name.
MAX_CHROME_LINE_UNITS = 10.0
#: Rules that say what a line the model removed is (not only that it stands outside the
#: text): such a line of the extractor's is chrome however long.
NAMED_CHROME = frozenset({"navigation", "share", "notice", "tags", "comments"})
#: What is left of an article less its replies' lines is a first post with this much text,
#: and holds this share of the word pairs of the model's element above the replies.
MIN_BODY_UNITS = 5.0
LEAD_KEPT_SHARE = 0.5
#: A line of the article with this many word pairs is a reply's when most of them are
#: (the extractor runs a reply and its header or a button together on one line).
MIN_LINE_GRAMS = 4


def _without_cards(article: str, page: Page, title: str | None) -> tuple[str, list[str]]:
    """The article without the lines of the page's teaser cards, and those lines. The
    extractor may run a card's headline and summary into one line, leaving out its time
    or byline, or make a list item ("- ") or a table row ("| a | b |") of several cards: a
    line goes when each of its cells is some card's text. The card of this very page (its
    headline is the page's title) may hold the article's lead, the one copy the extractor
    took: its lines go only when they repeat one kept above."""
    headline = squeeze(title).casefold() if title else None
    others: list[tuple[str, ...]] = []
    own: list[tuple[str, ...]] = []
    headings: set[str] = set()
    for group in teaser_cards(page):
        if (heading := _rail_heading(page, group)) is not None:
            headings.add(heading)
        for start, end in group.ranges:
            texts = tuple(squeeze(page.blocks[i].text) for i in range(start, end))
            mine = headline is not None and any(t.casefold() == headline for t in texts)
            (own if mine else others).append(texts)
    if not others and not own:
        return article, []
    shown, shown_own = _Cards(others), _Cards(own)
    lines = article.split("\n")
    gone: list[bool] = []
    said: set[str] = set()
    for line in lines:
        again = squeeze(line) in said and shown_own.hold(line)
        gone.append(again or shown.hold(line))
        if not gone[-1]:
            said.add(squeeze(line))
    # A rail's heading ("Latest Videos") goes with the rail: where the next line is a card's.
    following = [k for k, line in enumerate(lines) if line.strip()]
    for k, after in pairwise(following):
        if not gone[k] and gone[after] and squeeze(lines[k]) in headings:
            gone[k] = True
    kept = [line for line, cut in zip(lines, gone, strict=True) if not cut]
    return "\n".join(kept), [line for line, cut in zip(lines, gone, strict=True) if cut]


def _without_link_runs(article: str, page: Page) -> tuple[str, list[str]]:
    """The article without the lines that run several of the page's lines together and
    are mostly link text there (an extractor glues a sidebar's or a rail's links into one
    line where no block element parts them), and those lines. The extractor's text has
    lost its links; the page's lines still know them. A line that is one of the page's
    own lines (a product's or a source's link in the article) is left alone."""
    spans = _SpanIndex(page)
    kept: list[str] = []
    cut: list[str] = []
    for line in article.split("\n"):
        blocks = spans.covering(line)
        chars = sum(len(page.blocks[i].text) for i in blocks)
        linked = sum(page.blocks[i].link_chars for i in blocks)
        glued = len(blocks) >= 2 and linked >= MIN_LINK_RUN_SHARE * chars
        (cut if glued else kept).append(line)
    return "\n".join(kept), cut


#: Three quarters of a glued line's characters in links: a run of links (a list of
#: headlines, a menu), not a paragraph with a few of them.
MIN_LINK_RUN_SHARE = 0.75


class _SpanIndex:
    """The page's lines run together with no spaces, for finding the lines an
    extractor's line spans."""

    def __init__(self, page: Page) -> None:
        texts = [_UNPLACED.sub("", block.text) for block in page.blocks]
        self.starts = list(itertools.accumulate((len(t) for t in texts), initial=0))
        self.joined = "".join(texts)

    def covering(self, line: str) -> range:
        """The page's lines that the extractor's `line` spans, found where its text first
        stands in the page (empty if it stands nowhere, or is too short to place)."""
        text = _UNPLACED.sub("", _MARKER.sub("", line))
        at = self.joined.find(text) if len(text) >= MIN_PLACED_CHARS else -1
        if at < 0:
            return range(0)
        first = bisect.bisect_right(self.starts, at) - 1
        last = bisect.bisect_left(self.starts, at + len(text))
        return range(first, last)


#: What the extractor's line has and the page's lines have not: spaces it adds or
#: drops, and the cell bars of a table row.
_UNPLACED = re.compile(r"[\s|]+")
#: A shorter line may stand anywhere in the page.
MIN_PLACED_CHARS = 12


def _rail_heading(page: Page, group: Group) -> str | None:
    """The line right above a rail's first card, inside the rail's element or the one
    around it, when it is short and no sentence: the rail's heading."""
    first = group.ranges[0][0]
    if first == 0:
        return None
    block = page.blocks[first - 1]
    parent = page.nodes[group.records[0][0]].parent
    rail = page.nodes[parent].parent if parent > 0 else parent
    if rail < 0 or not page.nodes[rail].start <= first - 1 < page.nodes[rail].end:
        return None
    if page.units(first - 1, first) > MAX_RAIL_HEADING_UNITS or ends_sentence(block.text):
        return None
    return squeeze(block.text)


#: A rail's heading is a few words ("Latest Videos", "More from the newsroom").
MAX_RAIL_HEADING_UNITS = 6.0


class _Cards:
    """The texts of teaser cards, each its blocks' texts in order, as an extractor's
    lines are looked up in them."""

    def __init__(self, cards: list[tuple[str, ...]]) -> None:
        self.cards = cards
        self.joined = "\n".join(" ".join(card) for card in cards)
        #: Where each block's text starts a card's run, by its first characters.
        self.starts: dict[str, list[tuple[int, int]]] = {}
        for k, card in enumerate(cards):
            for at, text in enumerate(card):
                self.starts.setdefault(text[:MIN_CARD_LINE_CHARS], []).append((k, at))

    def hold(self, line: str) -> bool:
        """Each cell of the line (a list item's, a table row's) is a card's text."""
        cells = [squeeze(c) for c in _MARKER.sub("", line).strip(" |").split(" | ")]
        return all(len(c) >= MIN_CARD_LINE_CHARS and self._holds(c) for c in cells)

    def _holds(self, cell: str) -> bool:
        if cell in self.joined:
            return True
        return any(
            _runs_through(cell, self.cards[k][at:])
            for k, at in self.starts.get(cell[:MIN_CARD_LINE_CHARS], ())
        )


def _runs_through(cell: str, parts: tuple[str, ...]) -> bool:
    """The cell is some of these parts, whole and in their order, the first one first: a
    card whose time or byline the extractor left out ("headline summary By name")."""
    at = 0
    for part in parts:
        if cell.startswith(part, at):
            at += len(part)
            at += cell.startswith(" ", at)
            if at >= len(cell):
                return True
    return False


#: The list marker the extractor gives an item.
_MARKER = re.compile(r"^\s*[-*]\s+")
#: A shorter line ("and", "Read more") is no card's text of its own.
MIN_CARD_LINE_CHARS = 8


def _not_in_body(replies: tuple[Reply, ...], body: str) -> tuple[Reply, ...]:
    """The replies less those the article already holds: where the extractor's article
    is the body and the records are the replies, a first post the extractor took as the
    article (under a board notice that outweighed it), or the replies it took into the
    article with it, would be given twice. A reply of some length is the body's when
    its words are; a short one ("+1") only when one of its lines is a line of the body."""
    said = {squeeze(line) for line in body.split("\n")}
    words = _word_pairs(body)
    kept = []
    for reply in replies:
        grams = _word_pairs(reply.text)
        if len(grams) >= MIN_REPLY_GRAMS:
            inside = _share_in(grams, words)
        else:
            lines = [squeeze(line) for line in reply.text.split("\n") if line.strip()]
            size = sum(len(line) for line in lines) or 1
            inside = sum(len(line) for line in lines if line in said) / size
        if inside < REPLY_IN_BODY_SHARE:
            kept.append(reply)
    return tuple(kept)


def _word_pairs(text: str) -> set[str]:
    """Pairs of consecutive Latin words, and CJK character pairs: what two texts share
    only where one quotes the other."""
    latin = [word.lower() for word in LATIN_WORD.findall(text)]
    pairs = {f"{a} {b}" for a, b in pairwise(latin)}
    return pairs | {gram for gram in shingles(text) if not gram.isascii()}


def _share_in(part: set[str], whole: set[str]) -> float:
    """The share of `part`'s word pairs that `whole` holds (all of none)."""
    return len(part & whole) / len(part) if part else 1.0


#: A reply with this many word pairs (or CJK character pairs) is judged by them.
MIN_REPLY_GRAMS = 12
#: A reply this much of whose words (or lines) are the body's is the body's own.
REPLY_IN_BODY_SHARE = 0.8


def _clock_above(page: Page, start: int, declared: PageMeta) -> bool:
    """The page's first <time>, where it gave the declared time, stands above the page's
    headline over block `start` (the first post's text), and further up than a post
    header drawn over the headline would (a poster and a time, then the title)."""
    if dict(declared.sources).get("published") != "time":
        return False
    top = after_headline(page, start) - 1 - POST_HEADER_LINES
    return any(
        block.stamp and iso_date(block.stamp) == declared.published
        for block in page.blocks[: max(0, top)]
    )


def _without_source(declared: PageMeta, field: str, source: str, empty: Any) -> PageMeta:
    """The declared metadata less `field` (made `empty`) where it came only from `source`:
    authors from byline markup, a time from the page's first <time>."""
    if dict(declared.sources).get(field) != source:
        return declared
    sources = tuple((name, given) for name, given in declared.sources if name != field)
    return replace(declared, sources=sources, **{field: empty})


def _headings(page: Page) -> dict[str, int]:
    """The page's headings and their levels."""
    return {b.text: b.level for b in page.blocks if b.kind == "heading"}


def _fill(
    document: Document,
    text: str,
    url: str | None,
    options: Options,
    fetched_at: datetime | None,
    declared: PageMeta,
) -> Document:
    """The declared metadata, and what the page neither declares nor repeats inside the
    article: read off the page's text just above the article's first paragraph, its lead
    and closing lines (Chinese bylines and post times often stand there), and its footer.
    Every value's source goes into `Document.sources`."""
    paragraphs = document.paragraphs
    header = _source_lines_before(text, paragraphs[:3])
    # The article's closing lines only matter for what the page does not declare.
    closing = not (declared.authors and declared.published)
    tail: list[str] = []
    if closing:  # below the last paragraph, and below the prose where a list follows it
        prose = [p for p in paragraphs if _is_prose(p)]
        tail = _source_lines_after(text, prose[-1:]) + _source_lines_after(text, paragraphs[-3:])
    footer = _source_lines(text[-FOOTER_SOURCE_CHARS:]) if not declared.site else []
    weak_title = dict(declared.sources).get("title") in (None, "title")
    found = page_header_metadata(
        header,
        footer,
        url,
        options,
        fetched_at,
        lead=paragraphs[:3] if closing else (),
        tail=paragraphs[-CLOSING_PARAGRAPHS:] + tail if closing else (),
        body=document.body[:TITLE_BODY_CHARS] if weak_title else "",
    )
    sources = dict(declared.sources)
    longer = _longer_headline(header, document.title, options)
    title = _title(document, declared, longer or found.title, sources)
    authors = declared.authors or _visible_authors(document, found, options, sources)
    published = declared.published or document.published or found.published
    if published and not declared.published:
        sources["published"] = "text" if document.published else "text:page"
    elif not published and url and (published := date_from_url(url)):
        sources["published"] = "url"  # the day the site filed the article under
    site = declared.site or found.site or document.site
    if site and not declared.site:
        sources["site"] = "text"
    language = reconcile_language(declared.language, document.language, document.body)
    if language:
        sources["language"] = "html-lang" if language != document.language else "detected"
    return replace(
        document,
        title=title,
        author=authors[0] if authors else None,
        authors=authors,
        published=published,
        modified=declared.modified,
        site=site,
        language=language,
        canonical_url=declared.canonical_url,
        sources=tuple((k, sources[k]) for k in _SOURCE_ORDER if k in sources),
    )


#: A paragraph of the article's prose, not an item of a list after it, is this long.
PROSE_CHARS = 60


def _is_prose(paragraph: str) -> bool:
    """A paragraph of sentences: long, ending like one, and not a run of dated links."""
    if len(paragraph) < PROSE_CHARS or not ends_sentence(paragraph):
        return False
    return len(find_dates(paragraph)) < 2


_SOURCE_ORDER = ("title", "authors", "published", "modified", "site", "language")


def _visible_authors(
    document: Document, found: Metadata, options: Options, sources: dict[str, str]
) -> tuple[str, ...]:
    """Authors the page shows but does not declare: the text stage's byline, else a credit
    read off the page lines around the article; only names (see `plausible_author`)."""
    for source, value in (("text", document.author), ("text:page", found.author)):
        names = [n for n in split_authors(value or "") if plausible_author(n, (), options)]
        if names:
            sources["authors"] = source
            return tuple(names)
    return ()


def _title(
    document: Document, declared: PageMeta, on_page: str | None, sources: dict[str, str]
) -> str | None:
    """The title the text stage settled on (the declared one where there is one), unless
    that is only a part of the <title> and a headline just above the article speaks of it
    more: the part names the site ("谢谢您访问〖关注中国中心〗") or a channel ("(新闻)")."""
    if on_page and any(on_page == " ".join(p.split()) for p in document.paragraphs):
        on_page = None  # a paragraph of the article, not its headline
    if not document.title and on_page:
        sources["title"] = "text:page"
        return on_page
    if sources.get("title") != "title" or not on_page or document.title != declared.title:
        return document.title
    if document.title and document.title in on_page:
        sources["title"] = "text:page"
        return on_page  # the whole headline, of which the <title> kept a part
    body = shingles(document.body[:TITLE_BODY_CHARS])
    grams, headline = shingles(document.title or ""), shingles(on_page)
    speaks = grams and len(grams & body) >= WEAK_TITLE_SHARE * len(grams)
    if speaks and len(grams & body) >= len(headline & body):
        return document.title  # the headline above says no more of the article than it
    sources["title"] = "text:page"
    return on_page


def _longer_headline(header: list[str], title: str | None, options: Options) -> str | None:
    """A line just above the article that holds the whole headline the <title> gave a part
    of ("书记市长这一周 | 奋马扬鞭争春色..." for "书记市长这一周"); not the <title> echoed with
    its site name ("北医新闻网_(新闻)")."""
    if not title:
        return None
    for line in reversed(header[-HEADLINE_SEARCH_LINES:]):
        fits = title in line and len(title) < len(line) <= LONGER_HEADLINE_RATIO * len(title)
        if fits and not any(is_site_part(part, None, options) for part in title_parts(line)):
            return line
    return None


HEADLINE_SEARCH_LINES = 6
LONGER_HEADLINE_RATIO = 4


#: A <title> part is the headline when this share of its shingles are in the body's start.
WEAK_TITLE_SHARE = 0.5
TITLE_BODY_CHARS = 3000


def _source_lines_before(text: str, paragraphs: list[str]) -> list[str]:
    """The visible lines of the page source just above the first paragraph found in it
    (by its first characters; inline tags or entities may hide one, so three are tried)."""
    body = _BODY_TAG.search(text)  # not the <meta description> that repeats the lead
    for paragraph in paragraphs:
        anchor = paragraph[:ANCHOR_CHARS]
        at = _paragraph_start(text, anchor, body.end() if body else 0)
        if at >= 0:
            return _source_lines(text[max(0, at - HEADER_SOURCE_CHARS) : at])[-HEADER_LINES:]
    return []


def _paragraph_start(text: str, anchor: str, start: int) -> int:
    """Where `anchor` opens a text run of the source (right after a tag), not where a
    headline that ends with the same words holds it ("茉莉：我是怎样卷入八九民运的" above the
    paragraph "我是怎样卷入八九民运的..."); else its first place; -1 if absent."""
    if len(anchor) < ANCHOR_CHARS:
        return -1
    first = at = text.find(anchor, start)
    for _ in range(ANCHOR_TRIES):
        if at < 0:
            break
        if text[max(0, at - ANCHOR_CHARS) : at].rstrip().endswith(">"):
            return at
        at = text.find(anchor, at + 1)
    return first


def _source_lines_after(text: str, paragraphs: list[str]) -> list[str]:
    """The visible lines of the page source just below the last paragraph found in it
    (found by its last characters): the credits, reporters and post times that close an
    article."""
    body = _BODY_TAG.search(text)
    for paragraph in reversed(paragraphs):
        anchor = paragraph[-ANCHOR_CHARS:]
        at = text.rfind(anchor, body.end() if body else 0) if len(anchor) == ANCHOR_CHARS else -1
        if at >= 0:
            start = at + len(anchor)
            return _source_lines(text[start : start + TAIL_SOURCE_CHARS])[:TAIL_LINES]
    return []


def _source_lines(source: str) -> list[str]:
    """Rough visible lines of a slice of HTML source: block tags end lines, other tags go,
    and the source's own line breaks count as spaces ("By\n\t\tScott Cunningham").
    Cheaper than walking the tree, and enough to find a byline, a date or a notice."""
    source = _OPEN_INVISIBLE_HEAD.sub(" ", source)  # a slice may start inside a <script>
    source = _INVISIBLE_SOURCE.sub(" ", source)
    source = " ".join(PRIVATE_USE.sub("", source).split())  # icon fonts' glyphs go too
    source = _BLOCK_TAG.sub("\n", source)
    source = html_module.unescape(_ANY_TAG.sub("", source))
    return [line for line in (" ".join(part.split()) for part in source.split("\n")) if line]


#: The head of a slice that starts inside a script, style or comment: up to its end tag.
_OPEN_INVISIBLE_HEAD = re.compile(
    r"^(?:(?!<(?:script|style|noscript|template)\b|<!--).)*?(?:</(?:script|style|noscript|template)\s*>|-->)",
    re.IGNORECASE | re.DOTALL,
)
_INVISIBLE_SOURCE = re.compile(
    r"<(script|style|noscript|template|title)\b[^>]*>.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|article|header|footer|dd|dt|dl"
    r"|hr|blockquote|form|nav|aside|main|figure|figcaption|time)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
#: Source characters above the article read for its byline and date, below it for its
#: closing credits, and at the page's end for its copyright notice.
HEADER_SOURCE_CHARS = 4000
TAIL_SOURCE_CHARS = 3000
FOOTER_SOURCE_CHARS = 6000


#: The article's first paragraph is found in the page by its first characters, in the
#: first of this many places where they open a text run.
ANCHOR_CHARS = 10
ANCHOR_TRIES = 5
#: Lines above the article that may hold its byline and date, and below it its credits.
HEADER_LINES = 12
TAIL_LINES = 6
#: The article's last paragraphs, where closing credits stand ("文/栗思", "记者 刘涛").
CLOSING_PARAGRAPHS = 6


def _may_be_thread(root: etree._Element, options: Options) -> bool:
    """A cheap look before the page's lines are read: two post-time labels or post numbers
    in its text ("发表于", "Posted on", "#2", "2楼"). Most articles have none."""
    from lxml import etree

    # Scripts and styles hold no post headers, only CSS colours and JSON that look like them;
    # trafilatura drops them next anyway.
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    text = etree.tostring(root, method="text", encoding="unicode").casefold()
    return _post_marks(text, options)


def _shows_posts(page: Page, options: Options) -> bool:
    """The page's lines show two post headers, a label or a post number with a time
    ("2017-03-07 at 12:05 pm #1515"), or a time and a permalink's post id however long
    ("January 4, 2020 at 4:00 am #301342"): a board that declares each thread an article
    and draws no <time> in its posts' headers."""
    # A header is a short line with a time in it: only such lines are read.
    lines = [
        block.text
        for block in page.blocks
        if len(block.text) <= THREAD_HEADER_CHARS and _DIGIT.search(block.text)
    ]
    if sum(1 for line in lines if _POST_ID.search(line) and find_dates(line)) >= 2:
        return True
    return _post_marks("\n".join(lines).casefold(), options) and looks_like_thread(lines, options)


#: A post header's time has digits; a line without one is no header.
_DIGIT = re.compile(r"\d")


#: A post's permalink id in its header line ("#301342"): a board-wide post number.
_POST_ID = re.compile(r"(?:^|\s)#\d{1,9}(?!\w)")


def _post_marks(text: str, options: Options) -> bool:
    """Two post-time labels or post numbers in the casefolded `text`."""
    pattern = options.phrases.patterns["post_time"]
    hits = len(pattern.findall(text, 0)) if pattern is not None else 0
    for mark in _POST_MARK.finditer(text):
        hits += POST_NUMBER.search(text, max(0, mark.start() - 6), mark.end() + 6) is not None
        if hits >= 2:
            return True
    return hits >= 2


#: Where a post number may stand: a "#" before a digit, or a Chinese floor character.
_POST_MARK = re.compile(r"#\s*\d|[楼樓]")


def looks_like_thread(lines: list[str], options: Options) -> bool:
    """Two or more short lines that read like post headers: a board's labels or a post
    number, and a time."""
    pattern = options.phrases.patterns["forum_header"]
    if pattern is None:
        return False
    headers = 0
    for line in lines:
        if len(line) > THREAD_HEADER_CHARS:
            continue
        folded = normalize_phrase(line)
        labelled = pattern.search(folded) or POST_NUMBER.search(folded)
        if labelled and (find_dates(line) or RELATIVE.search(line)):
            headers += 1
            if headers >= 2:
                return True
    return False


#: Post header rows are short; longer lines are text that mentions a date.
THREAD_HEADER_CHARS = 80


def _markup(html: str | bytes | etree._Element | etree._ElementTree | Tag) -> str | bytes:
    """The page as markup: a tree (lxml, BeautifulSoup) serialised as HTML."""
    if isinstance(html, str | bytes):
        return html
    if type(html).__module__.startswith("bs4"):  # no import: bs4 is an optional extra
        return str(html)
    from lxml import etree

    if isinstance(html, etree._ElementTree | etree._Element):
        return str(etree.tostring(html, encoding="unicode", method="html"))
    raise TypeError(
        "clean_html() argument 'html' must be str, bytes, an lxml tree or a BeautifulSoup"
        f" object, not {type(html).__name__}"
    )


def _decode(html: str | bytes, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    try:
        return decode_html(html, declared=encoding).text
    except BinaryInput:
        raise  # an image or an archive: no page to clean, and the caller must hear so
    except DecodeError:
        # Text, but in no encoding that fits: read what can be read rather than fail it.
        return html.decode("utf-8", errors="replace")


def _parse(text: str) -> etree._Element | None:
    from lxml import etree
    from lxml import html as lxml_html

    # A str with an XML encoding declaration is refused by lxml: parse UTF-8 bytes instead.
    data = text.encode("utf-8", errors="replace")
    # huge_tree lifts libxml2's 10 MB text-node cap, which silently drops a long line; our
    # own limits (max_html_chars, max_elements) bound the work instead.
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    # Every element an lxml.html element (trafilatura takes no other tree), but picked in C:
    # lxml.html's own lookup runs Python code for each element proxy made (5% of a page's
    # cleaning), to give forms and inputs classes of their own that nothing here uses.
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    return root


def _known(meta: PageMeta) -> Metadata:
    return Metadata(title=meta.title, author=meta.author, published=meta.published, site=meta.site)


def _collapse_whitespace(root: etree._Element) -> None:
    """Runs of spaces and line breaks in the body's text as a browser draws them, one
    space, outside preformatted elements. The extractor keeps a source's line breaks
    inside an element's text (a paragraph hard-wrapped in the HTML, as text straight in a
    <div> often is, or a line break alone between two inline elements), and its output
    then reads as a run of short lines. Scripts and styles are left alone: no one reads
    them, and the page's metadata was read off them before."""
    body = root.find("body")
    top = body if body is not None else root
    kept: set[etree._Element] = set()
    for pre in top.iter(*PREFORMATTED):
        if pre not in kept:  # a pre inside a pre is in already: each element is added once
            kept.update(pre.iter())
    collapse = COLLAPSIBLE.sub
    for element in top.iter():
        text, tail = element.text, element.tail
        try:
            if text and "\n" in text and element.tag not in RAW_TEXT and element not in kept:
                element.text = collapse(" ", text)
            if tail and "\n" in tail and (not kept or element.getparent() not in kept):
                element.tail = collapse(" ", tail)
        except (ValueError, TypeError):
            continue  # a control character libxml2 read but lxml will not write: left as is


#: Elements whose text a browser shows as written, line breaks and all.
PREFORMATTED = ("pre", "textarea", "listing", "plaintext", "xmp")
#: Elements whose text is no text on screen.
RAW_TEXT = frozenset({"script", "style"})


def _drop_unread(root: etree._Element) -> None:
    """Scripts, styles and drawings go before the extractor sees the tree: it drops them
    itself, but only after its first prunes have matched their XPath against every one of
    their elements (an icon sprite is hundreds). JSON-LD stays, where the extractor looks
    for a forum's posts and an article's body."""
    doomed = [
        element
        for element in root.iter("script", "style", "svg")
        if (element.get("type") or "").strip().lower() != "application/ld+json"
    ]
    for element in doomed:
        element.drop_tree()  # its tail, text after it on screen, stays


def _extract(root: etree._Element, url: str | None, options: Options) -> str:
    """The article text trafilatura finds (empty when it finds none)."""
    import trafilatura

    _collapse_whitespace(root)
    _drop_unread(root)
    result = trafilatura.bare_extraction(
        root,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
    )
    return str(getattr(result, "text", "") or "") if result is not None else ""
