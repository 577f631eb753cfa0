"""Stage 3: revise labels with context: neighbours, runs of similar blocks, page position.

The article is the one long coherent run of prose on the page. Blocks are weighed (prose
counts for itself, chrome against), the best-scoring contiguous run is the main run
(a maximum-sum subarray, as in Finn's body text extraction), and what lies outside it goes.
Teaser lists and widgets are recognised by shape first, so that their prose-like summaries
weigh against the run instead of extending it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .classify import Features, heads_notice, is_prose
from .options import Options

Labels = list[str | None]

#: Rules whose heading opens a section: the list-shaped blocks after it belong to it.
SECTION_RULES = ("list-heading", "widget", "comments")
#: Weight of a short block with no verdict (subheading, caption): slightly against, so a run
#: of them does not join two articles, while a subheading between paragraphs is bridged.
NEUTRAL_WEIGHT = -1.0
#: Every labelled block weighs at least this much against the run.
MIN_PENALTY = 2.0


def mark_teasers(features: Sequence[Features], labels: Labels) -> None:
    """Another article's teaser: an optional title, a summary cut off with an ellipsis, and a
    date or "more" link. The summary may read like prose; its ellipsis and date give it away."""
    n = len(features)
    for i, f in enumerate(features):
        if not f.truncated or labels[i] not in (None, "dateline"):
            continue
        closer = i + 1 < n and (features[i + 1].date_line or labels[i + 1] == "navigation")
        opener = i > 0 and (
            features[i - 1].date_line or labels[i - 1] in ("teaser", "list-heading")
        )
        if not (closer or opener):
            continue
        labels[i] = "teaser"
        if closer:
            labels[i + 1] = "teaser"
        if i > 0 and labels[i - 1] is None and features[i - 1].title_like:
            labels[i - 1] = "teaser"


def mark_date_lists(features: Sequence[Features], labels: Labels, options: Options) -> None:
    """Items of a list of other articles or comments, each closed by a date line: between
    consecutive date lines stand only one to three short blocks (a title, a summary, a name).
    Three such items in a row make a list."""
    dates = [i for i, f in enumerate(features) if f.date_line]
    items: list[tuple[int, int]] = []  # (first block, date line) of each item
    for previous, current in zip([-1, *dates], dates, strict=False):
        gap = range(previous + 1, current)
        if 1 <= len(gap) <= MAX_ITEM_BLOCKS and all(
            features[j].units <= LIST_ITEM_MAX_UNITS for j in gap
        ):
            items.append((gap.start, current))
        else:
            items.append((-1, current))
    run: list[tuple[int, int]] = []
    for item in [*items, (-1, -1)]:
        if item[0] >= 0 and (not run or item[0] == run[-1][1] + 1):
            run.append(item)
            continue
        if len(run) >= options.min_list_run:
            for first, date in run:
                for j in range(first, date + 1):
                    if labels[j] in (None, "dateline"):
                        labels[j] = "teaser"
        run = [item] if item[0] >= 0 else []


def mark_dated_titles(features: Sequence[Features], labels: Labels, options: Options) -> None:
    """Items of a list of other articles that each hold their date and headline on one
    line ("2021-01-19沈阳治疗…", "Jan 5, 2024 Council votes budget"): three or more in a
    row make a list."""
    for run in _runs([i for i, f in enumerate(features) if f.dated_title], 1):
        if len(run) >= options.min_list_run:
            for i in run:
                if labels[i] in (None, "dateline"):
                    labels[i] = "teaser"


#: A list item is at most this many blocks before its date, each at most this long
#: (a headline plus a two-sentence summary).
MAX_ITEM_BLOCKS = 3
LIST_ITEM_MAX_UNITS = 45.0


def _runs(indices: Sequence[int], step: int) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and i - runs[-1][-1] == step:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _list_like(f: Features, label: str | None, options: Options) -> bool:
    """Could belong to a list of links or titles (not a paragraph of the article)."""
    if label is not None:
        return True
    return f.title_like or f.truncated or f.date_line or not is_prose(f, options)


def mark_sections(features: Sequence[Features], labels: Labels, options: Options) -> None:
    """A widget or list heading takes the list-shaped blocks that follow it. Not one that
    the text shows again: a section has one heading, and a line repeated under each post
    or card ("reply", "Related") is its button."""
    seen = Counter(
        f.normalized for f, rule in zip(features, labels, strict=True) if rule in SECTION_RULES
    )
    i = 0
    while i < len(features):
        rule = labels[i]
        if rule not in SECTION_RULES or seen[features[i].normalized] > 1:
            i += 1
            continue
        item_rule = "title-list" if rule == "list-heading" else rule
        j = i + 1
        while j < len(features) and _list_like(features[j], labels[j], options):
            if labels[j] is None or labels[j] in ("dateline", "navigation"):
                labels[j] = item_rule
            j += 1
        i = j


def mark_tag_rows(features: Sequence[Features], labels: Labels, options: Options) -> None:
    """A tag label alone on its line ("Tags") takes the one row of tags after it, a line
    that is no prose; not the lines after that, as a widget's heading would."""
    for i in range(len(features) - 1):
        if labels[i] != "tags" or labels[i + 1] is not None:
            continue
        label = options.phrases.search("tag_label", features[i].normalized)
        alone = label is not None and not features[i].normalized[label.end() :].strip(" :：")
        f = features[i + 1]
        if alone and not is_prose(f, options) and not f.ends_sentence:
            labels[i + 1] = "tags"


def mark_notice_sections(
    texts: Sequence[str], features: Sequence[Features], labels: Labels, options: Options
) -> None:
    """A notice's heading ("反侵权公告：", "版权与免责声明：") takes the notice's clauses
    under it (numbered "一、", "①", "1.", or holding a notice phrase), the preamble that
    introduces them with a colon ("本报社郑重公告："), and the lines those introduce (a
    lawyer's telephone). Clauses read as prose, so only their heading tells them apart."""
    for i in range(len(features)):
        if labels[i] != "notice" or not heads_notice(features[i], options):
            continue
        introduced = texts[i].rstrip().endswith((":", "："))
        for j in range(i + 1, len(features)):
            f, text = features[j], texts[j].strip()
            clause = bool(CLAUSE.match(text)) or options.phrases.search("notice", f.normalized)
            if labels[j] not in (None, "notice") or not (
                clause or text.endswith((":", "：")) or (introduced and not is_prose(f, options))
            ):
                break
            labels[j] = "notice"
            introduced = text.endswith((":", "：")) or (introduced and not clause)


#: The mark that opens a numbered clause: "一、", "（二）", "①", "1.", "2、", "(3)", "※".
CLAUSE = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳※]"
    r"|\d{1,2}[、.．)）](?!\d))"
)


def mark_title_lists(features: Sequence[Features], labels: Labels, options: Options) -> None:
    """Runs of short title-like lines (rankings, archives, "latest" lists)."""
    candidates = [
        i for i, f in enumerate(features) if labels[i] in (None, "navigation") and f.title_like
    ]
    for run in _runs(candidates, step=1):
        if len(run) >= options.min_list_run:
            for i in run:
                if labels[i] is None:
                    labels[i] = "title-list"


def introduced_lists(
    texts: Sequence[str], features: Sequence[Features], labels: Labels, options: Options
) -> set[int]:
    """Items of a list that a line ending in a colon introduces ("Final standings after 36
    races:", "推荐以下几款："): the list is what the text announces, not a widget. Their
    title-list label is lifted; links between items (a bare shop link) stay labelled."""
    items: set[int] = set()
    for i, text in enumerate(texts):
        if labels[i] not in (None, "title-list") or not text.rstrip().endswith((":", "：")):
            continue
        labels[i] = None
        items.add(i)
        j = i + 1
        while j < len(texts) and labels[j] in (None, "title-list", "navigation"):
            if labels[j] != "navigation":
                if is_prose(features[j], options) and features[j].units > LIST_ITEM_MAX_UNITS:
                    break
                items.add(j)
                labels[j] = None
            j += 1
    return items


def sentence_runs(
    texts: Sequence[str], features: Sequence[Features], labels: Labels, options: Options
) -> set[int]:
    """Runs of short unlabelled lines that each end a sentence: a poem's lines, a verse, a
    list of one-line steps. Each line is too short for prose, yet together they read as text, and
    an extractor that kept them chose them. The lines of a run differ: a run of the same
    line ("此回复已被删除！" under every deleted reply) is no text."""
    found: set[int] = set()
    run: list[int] = []
    for i, f in enumerate([*features, None]):
        if f is not None and labels[i] is None and _sentence_line(f, options):
            run.append(i)
            continue
        if len(run) >= MIN_SENTENCE_RUN and len({texts[j] for j in run}) == len(run):
            found.update(run)
        run = []
    return found


def _sentence_line(f: Features, options: Options) -> bool:
    return (
        f.ends_sentence
        and not f.truncated
        and f.units >= SENTENCE_LINE_MIN_UNITS
        and not is_prose(f, options)
    )


#: A run of one-line sentences has this many lines at least ...
MIN_SENTENCE_RUN = 3
#: ... of this many units each (a poem's five-character line is 2.5: two of them, 5).
SENTENCE_LINE_MIN_UNITS = 3.0


def runs_on(
    texts: Sequence[str], features: Sequence[Features], labels: Labels, options: Options
) -> set[int]:
    """Lines that run on into the prose below them: a paragraph broken by hard line breaks
    ("sed do eiusmod" / "incididunt ut labore ..."). The line does not end a sentence, and
    the next starts in lower case and is prose or runs on itself. Scripts without case
    give no such sign."""
    found: set[int] = set()
    for i in range(len(texts) - 2, -1, -1):
        following = texts[i + 1].lstrip()[:1]
        if (
            labels[i] is None
            and not features[i].ends_sentence
            and following.islower()
            and (i + 1 in found or is_prose(features[i + 1], options))
        ):
            found.add(i)
    return found


def opening_list(kinds: Sequence[str], labels: Labels, start: int) -> int:
    """Where the article starts when the list items right above its run of prose open it:
    unlabelled items from the top of the text, or under a heading or a labelled line (a
    recipe's ingredients, a guide's "What you'll need"). Items an extractor kept before
    the first paragraph are the article's list more often than a widget's."""
    first = start
    while first > 0 and kinds[first - 1] == "item" and labels[first - 1] is None:
        first -= 1
    if first < start and (
        first == 0 or labels[first - 1] is not None or kinds[first - 1] == "heading"
    ):
        return first
    return start


def closing_table(rows: Sequence[tuple[str, ...] | None], labels: Labels, end: int) -> int:
    """Where the article ends when a data table right below its run of prose closes it:
    unlabelled table rows, two thirds of them of two filled cells or more, one of those
    a word or longer (a programme's table of courses, its one-cell rows the subjects'
    headings). An extractor keeps a table it found in the article, and the text rules
    cannot tell its rows, short and without full stops, from a menu's. A layout table's
    rows of one cell (a sidebar's links) or of single characters (a calendar) are no such
    table. `rows` gives each block's filled cells, None for a block that is no row."""
    last = end
    while last < len(rows) and labels[last] is None and rows[last] is not None:
        last += 1
    data = sum(1 for cells in rows[end:last] if _data_row(cells))
    if data >= MIN_CLOSING_ROWS and data >= DATA_ROW_SHARE * (last - end):
        return last
    return end


def _data_row(cells: tuple[str, ...] | None) -> bool:
    return (
        cells is not None
        and len(cells) >= 2
        and any(len(cell) >= MIN_DATA_CELL_CHARS for cell in cells)
    )


#: A table that closes the article has this many data rows at least, this share of its
#: rows, each with a cell this long.
MIN_CLOSING_ROWS = 2
DATA_ROW_SHARE = 2 / 3
MIN_DATA_CELL_CHARS = 3


def weight(
    f: Features,
    label: str | None,
    options: Options,
    *,
    lenient: bool = False,
    item: bool = False,
    extracted: bool = False,
    running: bool = False,
) -> float:
    """How much a block argues for (+) or against (-) being part of the article.

    `lenient` is for pages with no run of prose at all (a schedule, a table, a list of
    short lines): then short unlabelled lines and title-like runs count for themselves.
    `item` marks an item of a list the text introduced: it counts for itself too.
    `extracted` text is what an extractor already chose: a short unlabelled line there (a
    subheading, a caption, a table row) is neutral, not slightly against.
    A line `running` on into the prose below is part of it (see `runs_on`), and so is a
    long line of extracted text that has lost its full stop (see `_running_text`).
    """
    if (lenient or item) and (label is None or label == "title-list"):
        return f.units / 2
    if label is not None:
        return -max(MIN_PENALTY, f.units / 2)
    if running or is_prose(f, options) or (extracted and _running_text(f)):
        return f.units
    return 0.0 if extracted else NEUTRAL_WEIGHT


def _running_text(f: Features) -> bool:
    """A line longer than any headline that has lost its full stop (a news lead written
    as one line, "Chelsea have this morning paid the £71.6million fee ... Kepa
    Arrizabalaga"): running text all the same. Not in Chinese, whose writers end their
    sentences, and whose long unpunctuated lines are links run together."""
    return f.units > RUNNING_TEXT_MIN_UNITS and not f.truncated and not f.cjk


#: A line of text without a sentence end is running text from this length on (headlines
#: run to 20 units, a headline with its summary glued on to about 25).
RUNNING_TEXT_MIN_UNITS = 30.0


def main_run(weights: Sequence[float]) -> tuple[int, int]:
    """The contiguous [start, end) run with the largest total weight (Kadane).

    >>> main_run([-1, 5, -2, 4, -9, 3])
    (1, 4)
    >>> main_run([-1, -2])
    (0, 0)
    """
    return best_run(weights)[1]


def best_run(weights: Sequence[float]) -> tuple[float, tuple[int, int]]:
    """The largest total weight of a contiguous run, and the run."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best, best_span


def is_post_boundary(
    f: Features, label: str | None, options: Options, following: str | None = None
) -> bool:
    """A post's meta row (poster, time, reply or comment counts): where one post ends and the
    next begins on a forum thread or a blog's front page. `following` is the next block's
    label: a dated permalink counts when chrome follows it, not when prose does (a cited
    source with a link). Every post header gives the post's time: rows of a poster's panel
    (points, posts, rank) are forum chrome too, but no boundary."""
    has_time = bool(f.dates) or f.date_line or f.relative
    if not has_time or is_prose(f, options) or f.units > POST_META_MAX_UNITS:
        return False
    if label == "forum-header" or (f.date_line and POST_NUMBER.search(f.normalized)):
        return True  # a board's labels, or a time with the post's number ("... AM #2")
    if f.link_density > options.max_link_density and following in POST_FOOTER_RULES:
        return True
    return bool(
        options.phrases.search("comments", f.normalized)
        or options.phrases.search("forum_header", f.normalized)
    )


POST_NUMBER = re.compile(r"(?:^|\s)#\s*\d{1,5}(?!\w)|\d{1,5}\s*[楼樓]")
#: Labels of what follows a post's dated permalink ("发表评论 >>>", "Reply", share rows).
POST_FOOTER_RULES = ("navigation", "comments", "share", "boilerplate")
#: A post's meta row is short: a name, a time, a few counters.
POST_META_MAX_UNITS = 25.0


#: A row of dashes or underscores under a post: what follows is the poster's signature.
SIGNATURE_RULE = re.compile(r"^\s*[-_=~*—–·.]{4,}\s*$")


def cut_signature(texts: Sequence[str], start: int, end: int) -> int:
    """The end of a post's text: the signature separator, if one stands after its first
    block ("----", "__________________"), else `end`."""
    for i in range(start + 1, end):
        if SIGNATURE_RULE.match(texts[i]):
            return i
    return end


def first_post(
    features: Sequence[Features], labels: Labels, span: tuple[int, int], options: Options
) -> tuple[int, int]:
    """Cut the main run at the first post boundary that follows some prose: the first post
    is the article, what follows are replies or other posts."""
    start, end = span
    prose = 0.0
    for i in range(start, end):
        following = labels[i + 1] if i + 1 < len(labels) else "boilerplate"
        if prose >= MIN_POST_UNITS and is_post_boundary(features[i], labels[i], options, following):
            return start, _rows_above(features, labels, i, start)[0]
        if labels[i] is None and is_prose(features[i], options):
            prose += features[i].units
    return span


#: Prose a first post must have before a meta row can end it (two sentences' worth).
MIN_POST_UNITS = 20.0


#: Labels that end a thread: what follows is the page's chrome, not more replies.
THREAD_END = ("list-heading", "widget", "notice", "teaser")


def is_quote_label(kind: str, f: Features, options: Options) -> bool:
    """A block that says it quotes: a markdown quote, or one opened by a quote label
    ("引用:", "Quote:", "Name wrote:"); it may carry the quoted post's header and date."""
    if kind == "quote":
        return True
    if not options.phrases.search("quote", f.normalized[:QUOTE_LABEL_CHARS]):
        return False
    # A label line is short, or carries the quoted post's time, or a cut-off excerpt;
    # "回复4楼: 刚开始也做不到..." is a reply that names whom it answers, not a quote.
    return f.units <= QUOTE_LABEL_MAX_UNITS or bool(f.dates) or f.truncated


def is_repeated(text: str, earlier: str) -> bool:
    """Text found again in an earlier post: a quote that carries no label."""
    stripped = text.strip().rstrip(".。…")
    return len(stripped) >= MIN_REPEATED_CHARS and stripped in earlier


#: A line that only labels a quote ("引用 某某 的发言:", "John wrote:") is this short.
QUOTE_LABEL_MAX_UNITS = 12.0
#: A quote label stands at the head of its block; a reply that merely mentions "quote" does not.
QUOTE_LABEL_CHARS = 40
#: Shortest text that, found again in an earlier post, is taken for a quote of it.
MIN_REPEATED_CHARS = 10
#: How much of the first post's opening, and of the latest text, quotes are looked for in.
QUOTE_LOOKBACK_CHARS = 200_000


#: A reply as a thread reads it: its header's, message's and quotes' blocks.
Reply = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def thread_replies(
    texts: Sequence[str],
    kinds: Sequence[str],
    features: Sequence[Features],
    labels: Labels,
    end: int,
    options: Options,
) -> list[Reply]:
    """The replies after a first post that ends at `end`: each is its header rows (floor,
    name, time may stand on separate rows), its text blocks and the quotes inside it.

    Between a post's text and the next header stand buttons, signatures and the next
    poster's panel (name, rank, counters): short rows that are no reply's text. After the
    last reply, a run of chrome ends the thread. No header after the first post: no thread.
    """
    replies: list[tuple[list[int], list[int], list[int]]] = []  # as Reply, while read
    earlier = " ".join(texts[:end])
    # Quotes are looked for in the first post's opening and the latest text: a window, so
    # that each lookup costs the same however long the thread (below the window's size,
    # which real thread pages stay under, that is all of the text before; the window is
    # cut as it grows, and the first post's opening kept aside).
    opening, trimmed = earlier[:QUOTE_LOOKBACK_CHARS], len(earlier) > 2 * QUOTE_LOOKBACK_CHARS
    earlier = earlier[-QUOTE_LOOKBACK_CHARS:] if trimmed else earlier
    chrome = 0  # labelled rows in a row since the last reply text
    signed = False  # past a signature separator: rows up to the next header are signature
    for i in range(end, len(texts)):
        rule, f = labels[i], features[i]
        following = labels[i + 1] if i + 1 < len(labels) else "boilerplate"
        in_header = bool(replies) and not replies[-1][1] and not replies[-1][2]
        if rule in THREAD_END or (not replies and i - end > MAX_ROWS_BEFORE_FIRST_REPLY):
            break
        if replies and is_quote_label(kinds[i], f, options):
            replies[-1][2].append(i)
        elif is_post_boundary(f, rule, options, following):
            if in_header and len(replies[-1][0]) < MAX_HEADER_ROWS:
                replies[-1][0].append(i)  # the time row under a floor/name row
            else:
                replies.append((_rows_above(features, labels, i, end), [], []))
            chrome, signed = 0, False
        elif SIGNATURE_RULE.match(texts[i]) or signed:
            signed = True
        elif not replies:
            continue  # the first post's signature and buttons, the first replier's panel
        elif in_header and f.title_like and f.units <= NAME_MAX_UNITS and rule is None:
            replies[-1][0].append(i)  # the poster's name on a row of its own
        elif rule is not None or f.title_like:
            chrome += 1  # buttons, signatures, the next poster's panel
            if chrome >= MAX_CHROME_IN_THREAD and _no_header_ahead(features, labels, i, options):
                break
        elif is_repeated(texts[i], earlier) or (trimmed and is_repeated(texts[i], opening)):
            replies[-1][2].append(i)
        else:
            replies[-1][1].append(i)
            earlier += " " + texts[i]
            if len(earlier) > 2 * QUOTE_LOOKBACK_CHARS:  # amortised: cut once per window
                earlier, trimmed = earlier[-QUOTE_LOOKBACK_CHARS:], True
            chrome = 0
    return [(tuple(header), tuple(text), tuple(quotes)) for header, text, quotes in replies if text]


def _rows_above(features: Sequence[Features], labels: Labels, i: int, end: int) -> list[int]:
    """The header starting at row `i` with the short rows right above it (a floor number,
    the poster's name) that belong to it."""
    rows = [i]
    while len(rows) < MAX_HEADER_ROWS and rows[0] - 1 >= end:
        above = rows[0] - 1
        if labels[above] not in (None, "forum-header") or not features[above].title_like:
            break
        if features[above].units > NAME_MAX_UNITS:
            break
        rows.insert(0, above)
    return rows


def _no_header_ahead(
    features: Sequence[Features], labels: Labels, i: int, options: Options
) -> bool:
    """No post header within the next rows: the chrome run is the page's, not a panel."""
    for j in range(i + 1, min(i + 1 + MAX_PANEL_ROWS, len(features))):
        following = labels[j + 1] if j + 1 < len(labels) else "boilerplate"
        if is_post_boundary(features[j], labels[j], options, following):
            return False
    return True


#: Rows between the first post's text and the first reply header (signature, buttons,
#: the replier's panel with its counters) before we decide the page is no thread.
MAX_ROWS_BEFORE_FIRST_REPLY = 40
#: A poster's panel (name, rank, UID, posts, points, joined ...) is at most this many rows.
MAX_PANEL_ROWS = 25


#: A post header spans at most this many rows (floor, name, time).
MAX_HEADER_ROWS = 3
#: A row that is only a poster's name is this short.
NAME_MAX_UNITS = 6.0


#: Buttons and meta rows between replies come one or two at a time; three or more in a row
#: (pagination, "back to list", the reply box) close the thread.
MAX_CHROME_IN_THREAD = 3
