"""`clean_text`: the stages run in order on a text dump.

    segment -> measure + label (context-free) -> revise (teasers, sections, lists, main run)
    -> metadata -> inline trims -> assemble

Each stage is a function of its inputs only; `Options` carries every threshold and phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from . import revise
from .blocks import Block, row_cells, segment
from .budget import Deadline
from .classify import TITLE_MAX_UNITS, Features, label, measure
from .dates import find_dates, resolve_relative
from .document import Document, Removal, Reply
from .inline import strip_editor_credit, strip_leading_byline, strip_markers, strip_title_repeat
from .language import detect_language
from .metadata import (
    byline_value,
    credited_author,
    find_author,
    find_published,
    find_site,
    find_title,
    header_indices,
    headline_above,
    post_time,
    poster,
    shingles,
)
from .options import Options
from .render import render_markdown
from .textutil import is_cjk, units

#: Paragraphs of a Chinese dump joined into one line keep a space after the sentence end:
#: that space is where the original paragraphs met.
_CJK_PARAGRAPH_BREAK = re.compile(r"(?<=[。！？!?…”」』])\s+(?=\S)")
#: A page whose best run of prose weighs less than this (two sentences' worth) has no prose
#: article; its content is read from its short lines instead.
MIN_PROSE_RUN_UNITS = 20.0
#: How much of the body the title is matched against (titles speak of the opening).
TITLE_CONTEXT_CHARS = 3000


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the block stages found: kept for debugging and for the HTML entry point."""

    blocks: tuple[Block, ...]
    features: tuple[Features, ...]
    labels: tuple[str | None, ...]
    span: tuple[int, int]
    #: Forum replies after the first post: (header blocks, text blocks, quote blocks).
    replies: tuple[revise.Reply, ...] = ()
    #: Per reply, its poster's name, where the page model found one; and the first
    #: post's (the body's) poster.
    posters: tuple[str | None, ...] = ()
    poster: str | None = None


def analyse(blocks: Sequence[Block], options: Options, *, extracted: bool = False) -> Analysis:
    """Label every block with the rule that removes it (None: keep) and find the main run.

    `extracted` says the text is an extractor's output, not a whole page: runs of short
    lines there are the article's lists and tables far more often than a page's menus, so
    only lists that a heading or dates give away are removed.
    """
    features = [measure(b) for b in blocks]
    texts = [b.text for b in blocks]
    labels = label_blocks(blocks, features, options, extracted=extracted)
    kinds = [b.kind for b in blocks]
    start, end = find_article(texts, features, labels, options, extracted=extracted, kinds=kinds)
    if extracted and options.enabled("boilerplate"):
        end = revise.closing_table([_cells(b) for b in blocks], labels, end)
    replies: list[revise.Reply] = []
    if end < len(blocks) and options.enabled("reply"):
        replies = revise.thread_replies(texts, kinds, features, labels, end, options)
        for _header, text_blocks, quotes in replies:
            for i in text_blocks:
                labels[i] = "reply"
            for i in quotes:
                labels[i] = "quote"
    if options.enabled("boilerplate"):
        for i in [*range(start), *range(end, len(blocks))]:
            labels[i] = labels[i] or "boilerplate"
    return Analysis(
        tuple(blocks),
        tuple(features),
        tuple(labels),
        (start, end),
        tuple(replies),
    )


def _cells(block: Block) -> tuple[str, ...] | None:
    """A table row's filled cells, None for a block that is no row."""
    if block.kind != "row":
        return None
    return tuple(c for c in row_cells(block.raw) if c)


def label_blocks(
    blocks: Sequence[Block], features: Sequence[Features], options: Options, *, extracted: bool
) -> revise.Labels:
    """Each block's rule: first on its own, then revised with its neighbours. Labels of
    disabled rules are dropped, so their blocks are kept."""
    labels: revise.Labels = [
        label(b, f, options, extracted=extracted) for b, f in zip(blocks, features, strict=True)
    ]
    revise.mark_teasers(features, labels)
    revise.mark_date_lists(features, labels, options)
    revise.mark_dated_titles(features, labels, options)
    revise.mark_sections(features, labels, options)
    revise.mark_notice_sections([b.text for b in blocks], features, labels, options)
    revise.mark_tag_rows(features, labels, options)
    if not extracted:
        revise.mark_title_lists(features, labels, options)
    return [None if rule is not None and not options.enabled(rule) else rule for rule in labels]


def find_article(
    texts: Sequence[str],
    features: Sequence[Features],
    labels: revise.Labels,
    options: Options,
    *,
    extracted: bool,
    kinds: Sequence[str] = (),
) -> tuple[int, int]:
    """The [start, end) run of the article: the main run of prose, ended at the first post
    header on a thread and at a signature; lists inside it are kept (labels are updated).
    In an extractor's text, runs of one-line sentences (a poem) count as its lists do, the
    lines of a paragraph broken by hard line breaks as its prose, and a list the run opens
    with (the blocks' `kinds` tell its items) is the article's ("What you'll need")."""
    items = revise.introduced_lists(texts, features, labels, options)
    running: set[int] = set()
    if extracted:
        items |= revise.sentence_runs(texts, features, labels, options)
        running = revise.runs_on(texts, features, labels, options)
    strict = [revise.weight(f, rule, options) for f, rule in zip(features, labels, strict=True)]
    # Only prose decides whether the page has an article; lists it introduces then join it.
    lenient = revise.best_run(strict)[0] < MIN_PROSE_RUN_UNITS
    weights = [
        revise.weight(
            f,
            rule,
            options,
            item=i in items,
            lenient=lenient,
            extracted=extracted,
            running=i in running,
        )
        for i, (f, rule) in enumerate(zip(features, labels, strict=True))
    ]
    span = revise.main_run(weights)
    if extracted and kinds:
        span = (revise.opening_list(kinds, labels, span[0]), span[1])
    start, end = (
        revise.first_post(features, labels, span, options) if options.enabled("comments") else span
    )
    if options.enabled("signature"):
        signed = revise.cut_signature(texts, start, end)
        for i in range(signed, end):
            labels[i] = labels[i] or "signature"
    for i in range(start, end):
        if labels[i] == "title-list" and features[i].link_density <= options.max_link_density:
            labels[i] = None  # a list inside the article is part of it
    return start, end


def clean_text(
    text: str, *, url: str | None = None, options: Options | None = None, extracted: bool = False
) -> Document:
    """Clean a plain-text or markdown dump of a web page. With `extracted`, the text is an
    extractor's output (trafilatura's, readability's), not a whole page: the extractor
    already left the menus out, so runs of short lines are read as the article's lists and
    table rows (see `analyse`), and only what the rules name is removed around them.

    >>> doc = clean_text("Home | News | Sport\\n\\nThe council approved the budget on Monday. "
    ...                  "It will fund new schools and repair roads.\\n\\n"
    ...                  "Copyright 2024 Example Gazette. All rights reserved.")
    >>> doc.body
    'The council approved the budget on Monday. It will fund new schools and repair roads.'
    >>> [r.rule for r in doc.removed]
    ['navigation', 'notice']
    >>> doc.site
    'Example Gazette'
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text() takes str, not {type(text).__name__}; decode bytes first")
    check_arguments("clean_text", url=(url, str), options=(options, Options))
    return clean_dump(text, url=url, options=options or Options(), extracted=extracted)


def check_arguments(function: str, **arguments: tuple[object, type]) -> None:
    """TypeError naming the first argument that is neither None nor of its type."""
    for name, (value, kind) in arguments.items():
        if value is not None and not isinstance(value, kind):
            raise TypeError(
                f"{function}() argument {name!r} must be {kind.__name__} or None,"
                f" not {type(value).__name__}"
            )


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known of a page besides its text: read off the dump, or given by the caller
    (the HTML entry point reads it from meta tags before the text stage runs)."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None


def clean_dump(
    text: str,
    *,
    url: str | None,
    options: Options,
    known: Metadata = Metadata(),
    extracted: bool = False,
    now: datetime | None = None,
    deadline: Deadline | None = None,
) -> Document:
    """`clean_text` with metadata already known (what `known` gives wins over the dump's),
    for text that an extractor already cut out of a page (`extracted`, see `analyse`), and
    with a fetch time `now` that relative dates ("3小时前") count back from. The `deadline`
    (by default `options.time_budget` from now) is checked between the stages."""
    deadline = deadline or Deadline.after(options.time_budget)
    blocks = segment(text)
    deadline.check("segment")
    analysis = analyse(blocks, options, extracted=extracted)
    deadline.check("analyse")
    return assemble(analysis, url, options, known, now)


def assemble(
    analysis: Analysis,
    url: str | None,
    options: Options,
    known: Metadata,
    now: datetime | None = None,
) -> Document:
    """Read the metadata, trim the kept blocks and put the document together."""
    labels = list(analysis.labels)
    # Blocks outside the main run carry the "boilerplate" label; with that rule turned off
    # they stay unlabelled and are kept like the rest.
    kept = [i for i, rule in enumerate(labels) if rule is None]
    meta = read_metadata(analysis, labels, kept, url, options, known, now)
    texts, cuts, byline = trim(analysis.blocks, kept, meta.title, options)
    removed: list[Removal] = []
    paragraphs: list[str] = []
    shown: list[tuple[str, int, str]] = []  # kind, level, text of each kept block
    for i, block in enumerate(analysis.blocks):
        removed.extend(Removal("markup", stub) for stub in block.images)
        rule = labels[i]
        if rule is not None:
            if block.text:
                removed.append(Removal(rule, block.text))
            continue
        removed.extend(Removal(r, t) for r, t in cuts.get(i, []) if options.enabled(r))
        if texts.get(i):
            paragraphs.extend(_paragraphs(texts[i]))
            shown.append((block.kind, block.level, texts[i]))
    body = "\n\n".join(paragraphs)
    language = None
    if options.detect_language:
        sample = body or " ".join(b.text for b in analysis.blocks)
        language = detect_language(sample, options.language_sample_chars)
    return Document(
        body=body,
        title=meta.title,
        # A thread's poster, where the page model found the name, before names read off
        # the lines above the body (a poster panel's "send message" link reads like one).
        author=known.author or analysis.poster or meta.author or byline,
        published=meta.published,
        site=meta.site,
        language=language,
        removed=tuple(removed),
        replies=tuple(_reply(analysis, k, options, now) for k in range(len(analysis.replies))),
        markdown=render_markdown(*zip(*shown, strict=True)) if shown else "",
    )


def _reply(analysis: Analysis, k: int, options: Options, now: datetime | None) -> Reply:
    """Reply `k`'s text, and its author and time read off its header rows (the poster's
    name block, where the page model found it)."""
    header, text_blocks, _quotes = analysis.replies[k]
    name = analysis.posters[k] if k < len(analysis.posters) else None
    row = " ".join(analysis.blocks[i].text for i in header)
    # The page model keeps a time attribute in a block's raw text ("2d" is 2024-03-05 ...).
    # A poster panel's join date ("Joined: 04 Jan 2006") is no time of the post.
    timed = [i for i in header if not _opens_with(analysis.features[i], "registered", options)]
    dates = find_dates(" ".join(analysis.blocks[i].raw for i in timed))
    # A time with its clock says more than its date alone ("Nov 19, 2026" shown, the
    # <time datetime> behind it): the first one that has one, else the first.
    clocked = [d for d in dates if "T" in d.iso]
    first = (clocked or dates)[0].iso if dates else None
    published = first or (resolve_relative(row, now) if now else None)
    return Reply(
        text="\n\n".join(analysis.blocks[i].text for i in text_blocks),
        author=name or poster(row, options) or byline_value(row, options),
        published=published,
    )


def _opens_with(f: Features, key: str, options: Options) -> bool:
    """The block opens with a phrase of list `key`."""
    found = options.phrases.search(key, f.normalized)
    return found is not None and found.start() == 0


def page_header_metadata(
    header_lines: Sequence[str],
    footer_lines: Sequence[str],
    url: str | None,
    options: Options,
    now: datetime | None = None,
    *,
    lead: Sequence[str] = (),
    tail: Sequence[str] = (),
    body: str = "",
) -> Metadata:
    """Author, time and site from a page's visible lines around an extracted article: the
    lines just above its first paragraph (byline, dateline, post header), the article's
    first and last lines (`lead`, `tail`: a reporter's credit, a closing "文/..." or a
    blog's post time) and the page's last lines (copyright notice). The same finders as
    for a dump's header; the header wins over the lead and tail. Given the article's
    `body`, the header's title line too."""
    header = segment("\n".join(header_lines))
    features = [measure(b) for b in header]
    labels = [label(b, f, options) for b, f in zip(header, features, strict=True)]
    nearest_first = list(range(len(header) - 1, -1, -1))
    published = find_published(header, labels, nearest_first, options, now)
    author = find_author(header, labels, nearest_first, options)
    footer = segment("\n".join(footer_lines))
    footer_labels = [label(b, measure(b), options) for b in footer]
    title = headline_above(header, features, labels, body, options) if body else None
    return Metadata(
        title=title,
        author=author[1] if author else credited_author([*lead, *tail], options),
        published=published[1] if published else post_time(tail, options),
        site=find_site([*header, *footer], [*labels, *footer_labels], None, options),
    )


def read_metadata(
    analysis: Analysis,
    labels: list[str | None],
    kept: list[int],
    url: str | None,
    options: Options,
    known: Metadata,
    now: datetime | None = None,
) -> Metadata:
    """Title, author, time and site from the blocks around the body; the blocks that gave
    them are relabelled with the metadata rule (title, byline, dateline)."""
    blocks, span = analysis.blocks, analysis.span
    context = " ".join(blocks[i].text for i in kept)[:TITLE_CONTEXT_CHARS]
    title_at = find_title(blocks, analysis.features, labels, span, shingles(context), options)
    header = header_indices(span, labels)
    published_at = find_published(blocks, labels, header, options, now)
    author_at = find_author(blocks, labels, header, options)
    for found, rule in ((title_at, "title"), (author_at, "byline"), (published_at, "dateline")):
        if found and labels[found[0]] in ("boilerplate", None) and found[0] not in kept:
            labels[found[0]] = rule
    return Metadata(
        title=known.title or (title_at[1] if title_at else None),
        author=known.author or (author_at[1] if author_at else None),
        published=known.published or (published_at[1] if published_at else None),
        site=known.site or find_site(blocks, labels, url, options),
    )


def trim(
    blocks: Sequence[Block], kept: list[int], title: str | None, options: Options
) -> tuple[dict[int, str], dict[int, list[tuple[str, str]]], str | None]:
    """Cut spans inside kept blocks: a repeated title and byline at the head of the body,
    an editor credit at its end, inline markers anywhere. Returns the trimmed texts, the
    cuts per block and the byline found (if any)."""
    texts = {i: blocks[i].text for i in kept}
    cuts: dict[int, list[tuple[str, str]]] = {i: [] for i in kept}
    byline = None
    if kept and title:
        first = kept[0]
        trimmed, repeated = strip_title_repeat(texts[first], title)
        # A body of one paragraph, longer than a headline, that the title holds whole is
        # the text the title quotes (a social post's page: 'PKU on X: "Founded in 1898,
        # ..."'), not a headline repeated above it.
        quoted = len(kept) == 1 and not trimmed.strip() and units(texts[first]) > TITLE_MAX_UNITS
        if repeated and not quoted:
            texts[first] = trimmed
            cuts[first].append(("title-repeat", repeated))
            texts[first], byline = strip_leading_byline(texts[first])
            if byline:
                cuts[first].append(("byline", byline))
    if kept and options.enabled("editor-credit"):
        last = kept[-1]
        texts[last], credit = strip_editor_credit(texts[last], options)
        if credit:
            cuts[last].append(("editor-credit", credit))
    if options.enabled("inline-marker"):
        for i in kept:
            texts[i], marker_cuts = strip_markers(texts[i], options)
            cuts[i].extend(marker_cuts)
    return texts, cuts, byline


def _paragraphs(text: str) -> list[str]:
    if is_cjk(text):
        return [p for p in _CJK_PARAGRAPH_BREAK.split(text) if p]
    return [text]
