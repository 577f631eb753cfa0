"""Stage 2: describe each block on its own, and label the ones that are chrome by themselves.

No neighbours are looked at here (that is `revise`); a label is the name of the rule that
would remove the block, `None` means "no verdict yet".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block
from .dates import DateMatch, count_stamps, date_residue, find_dates, relative_residue
from .options import Options, normalize_phrase
from .textutil import ends_sentence, is_truncated, script_counts, sentence_ends, units

#: Separators menus and breadcrumbs put between items ("首页 > 新闻", "Home | World").
_MENU_SPLIT = re.compile(r"\s*(?:\||｜|>|»|›|/|·|•|\s{2,})\s*")
#: A menu has at least this many items, each no longer than MENU_ITEM_UNITS.
MENU_MIN_ITEMS = 3
MENU_ITEM_UNITS = 4.0
#: A phrase-headed block longer than this is prose that happens to use the word.
HEADING_MAX_UNITS = 10.0
#: A notice that does not start with its phrase must be this short to count.
NOTICE_MAX_UNITS = 60.0
#: Only short lines are checked for a relative time ("2 days ago at 07:52 am").
RELATIVE_LINE_CHARS = 60
#: How far into a long block a notice's opening phrase is looked for.
NOTICE_HEAD_CHARS = 40
#: Labels, counters and separators a date line may carry besides the date.
DATE_LINE_MAX_RESIDUE_UNITS = 5.0
#: Phrases are looked for near the start of a block; longer blocks are only read this far.
NORMALIZED_CHARS = 240
_NOT_WORD = re.compile(r"[\W\d_]+")


@dataclass(frozen=True, slots=True)
class Features:
    """What one block looks like, measured once and shared by later stages."""

    units: float
    sentences: int
    ends_sentence: bool
    truncated: bool
    dates: int
    date_line: bool
    link_density: float
    normalized: str
    #: A short line with a relative time ("3 天前", "2 days ago"): it may be a post header.
    relative: bool = False
    #: Times of a day with their date ("2005-07-13 09:00", "08-11 16:58"), see count_stamps.
    stamps: int = 0
    #: One date at the start or the end, and a headline: "2021-01-19癫痫病的诊断方法你知道吗？",
    #: a list's entry on one line (a table's row is not one).
    dated_title: bool = False
    #: More CJK characters than words of spaced scripts: the text reads as Chinese.
    cjk: bool = False

    @property
    def title_like(self) -> bool:
        """Short and not a sentence: a headline, label, menu item or list entry."""
        return 0 < self.units <= TITLE_MAX_UNITS and not self.ends_sentence


#: Headlines run up to about 20 words or 40 CJK characters.
TITLE_MAX_UNITS = 20.0


def measure(block: Block) -> Features:
    text = block.text
    dates = find_dates(text)
    relative = None
    han, words = script_counts(text)
    size = han / 2 + words  # textutil.units, with its two counts kept for `cjk`
    dated_title = False
    if dates:
        rest = date_residue(text, dates)
        residue = units(rest)
        dated_title = _is_dated_title(text, dates, rest, residue) and not _is_row(block)
    elif len(text) <= RELATIVE_LINE_CHARS and (relative := relative_residue(text)) is not None:
        residue = units(relative)
    else:
        residue = size
    return Features(
        units=size,
        sentences=sentence_ends(text),
        ends_sentence=ends_sentence(text),
        truncated=is_truncated(text),
        dates=len(dates),
        date_line=residue <= DATE_LINE_MAX_RESIDUE_UNITS and residue < size,
        link_density=block.link_density,
        normalized=normalize_phrase(text[:NORMALIZED_CHARS]),
        relative=relative is not None,
        stamps=count_stamps(text, dates),
        dated_title=dated_title,
        cjk=han > words,
    )


def _is_dated_title(text: str, dates: list[DateMatch], rest: str, residue: float) -> bool:
    if len(dates) != 1 or not 0 < residue <= TITLE_MAX_UNITS:
        return False
    at_edge = dates[0].start <= 1 or dates[0].end >= len(text.rstrip()) - 1
    return at_edge and not rest.rstrip().endswith(FULL_STOPS)


#: A headline may ask a question or exclaim; a sentence of prose ends with a full stop.
FULL_STOPS = (".", "。", "．")


def is_prose(f: Features, options: Options) -> bool:
    """Reads as running text: long enough, has sentence endings, not a cut-off teaser."""
    sentences = f.ends_sentence or f.sentences >= 2  # one stray "R." is not a sentence
    return f.units >= options.prose_units and sentences and not f.truncated


def _is_heading_phrase(key: str, f: Features, options: Options) -> bool:
    """The block is little more than one of the phrases of `key` (a widget's heading)."""
    if f.units > HEADING_MAX_UNITS or f.ends_sentence:
        return False
    match = options.phrases.search(key, f.normalized)
    if match is None:
        return False
    rest = _NOT_WORD.sub("", f.normalized[: match.start()] + f.normalized[match.end() :])
    return units(rest) <= HEADING_MAX_UNITS / 2


def _is_notice(f: Features, options: Options) -> bool:
    match = options.phrases.search("notice", f.normalized)
    if match is None:
        return False
    if match.start() <= 3 or _opens_notice(f, match):
        return True
    return f.units <= NOTICE_MAX_UNITS and f.sentences <= 2


def heads_notice(f: Features, options: Options) -> bool:
    """The block opens with a notice's heading: a notice phrase and a colon after a site's
    name at most ("振兴东北网版权与免责声明：①凡本网注明...", "反侵权公告：", "Disclaimer:")."""
    match = options.phrases.search("notice", f.normalized[:NOTICE_HEAD_CHARS])
    return match is not None and _opens_notice(f, match)


def _opens_notice(f: Features, match: re.Match[str]) -> bool:
    """The notice phrase `match` found in the block is a heading: a colon follows it, and
    little stands before it. A phrase that holds its own colon (the generic "声明:") heads
    no notice: any statement is introduced so."""
    if not f.normalized[match.end() :].lstrip().startswith(":"):
        return False
    return units(f.normalized[: match.start()]) <= HEADING_MAX_UNITS / 2


def _is_menu(block: Block, f: Features) -> bool:
    items = [i for i in _MENU_SPLIT.split(block.text) if i]
    return (
        len(items) >= MENU_MIN_ITEMS
        and not f.ends_sentence
        and all(units(i) <= MENU_ITEM_UNITS for i in items)
    )


def _is_row(block: Block) -> bool:
    """A row of a data table (a schedule, a log): three cells or more with text, in a
    table row or between column separators. A layout table's row holding one cell of
    text ("| | 作者：… 时间：2005-08-22 19:13 |") is no data: it is what it holds."""
    cells = _CELL.split(block.raw) if block.kind == "row" else _COLUMN.split(block.text)
    return sum(1 for cell in cells if cell.strip()) >= MIN_ROW_CELLS


#: Cell separators: of a table row as an extractor renders it ("| a | b |", an escaped
#: "\|" is text), and of columns drawn in text.
_CELL = re.compile(r"(?<!\\)\|")
_COLUMN = re.compile(r"\s[|│┃]\s")
#: A data table's row has at least three cells with text.
MIN_ROW_CELLS = 3


def _has(options: Options, key: str, f: Features) -> bool:
    return options.phrases.search(key, f.normalized) is not None


def label(block: Block, f: Features, options: Options, *, extracted: bool = False) -> str | None:
    """The rule that removes this block whatever surrounds it, or None. In `extracted`
    text (an extractor's output) a row of short items between separators is a table row,
    not a menu: the extractor has left menus out; nor is a dated row a dateline, it is
    the table's data (a schedule, a log)."""
    if not block.text:
        return "markup"  # only image stubs
    if f.date_line and not (extracted and _is_row(block)):
        return "dateline"
    if f.link_density > options.max_link_density and not is_prose(f, options):
        return "navigation"
    if _is_stamped_list(f) and not (extracted and _is_row(block)):
        return "teaser"
    if f.units > NOTICE_MAX_UNITS:
        # Long blocks: only a notice that opens with its phrase ("版权声明:...").
        match = options.phrases.search("notice", f.normalized[:NOTICE_HEAD_CHARS])
        return "notice" if match and (match.start() <= 3 or _opens_notice(f, match)) else None
    if (
        f.units <= HEADING_MAX_UNITS
        and not f.ends_sentence
        and options.phrases.search("heading", f.normalized)
    ):
        for key, rule in _HEADING_RULES:
            if _is_heading_phrase(key, f, options):
                return rule
    if _is_notice(f, options):
        return "notice"
    short_or_dated = f.dates or f.units <= HEADING_MAX_UNITS
    if f.units <= TITLE_MAX_UNITS and short_or_dated and _has(options, "forum_header", f):
        return "forum-header"
    if not extracted and _is_menu(block, f):
        return "navigation"
    return None


def _is_stamped_list(f: Features) -> bool:
    """Entries of a list run together in one block, each a title (a name, a counter) with
    its time: "旅行中，谁忽悠了你？【版主】08-11 16:06 298字 [4321/87] 参与旅行社的……【梅骏】08-11
    16:58 ...". Prose that gives two times of day says more between them."""
    return f.stamps >= MIN_LIST_STAMPS and f.units <= f.stamps * STAMPED_ENTRY_MAX_UNITS


#: A block with this many times of day may be a list run together ...
MIN_LIST_STAMPS = 2
#: ... when it holds no more than this many units per time (a headline and its meta).
STAMPED_ENTRY_MAX_UNITS = 30.0


#: Phrase lists whose headings remove a block by themselves, most specific first.
_HEADING_RULES = (
    ("comments", "comments"),
    ("list_heading", "list-heading"),
    ("widget_heading", "widget"),
    ("ad_label", "ad-label"),
    ("tag_label", "tags"),
    ("share", "share"),
    ("more", "navigation"),
)
