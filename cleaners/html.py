"""`clean_html`: the HTML entry point.

    decode (BOM, HTTP charset, <meta charset>, detection) -> parse once (lxml)
    -> page metadata (JSON-LD, meta tags, <title>, canonical link)
    -> main text by trafilatura (fast mode: no fallback extractors)
    -> the same text rules as `clean_text`, in "extracted" mode
    -> if the extractor found no article: the page's visible lines through the full
       text pipeline, as a text dump would be cleaned

One set of rules, two entry points: everything after extraction is `clean_dump`.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from .dates import RELATIVE, find_dates
from .decode import DecodeError, decode_html
from .options import Options, normalize_phrase
from .pagemeta import PageMeta, page_meta
from .pipeline import Metadata, clean_dump, page_header_metadata
from .revise import POST_NUMBER
from .visible import visible_lines

if TYPE_CHECKING:
    from bs4 import Tag
    from lxml import etree

    from .document import Document


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

    >>> page = ("<html><head><title>Bridge opens | Gazette</title></head><body><nav>"
    ...         "<a href=/>Home</a></nav><article><h1>Bridge opens</h1><p>The mayor opened "
    ...         "the new bridge on Friday, ending a decade of delays for commuters.</p><p>"
    ...         "Traffic is expected to ease within weeks, officials said.</p></article>"
    ...         "</body></html>")
    >>> doc = clean_html(page)
    >>> doc.title, doc.paragraphs[0][:24]
    ('Bridge opens', 'The mayor opened the new')
    """
    options = options or Options()
    text = _decode(_markup(html), encoding)
    if len(text) > options.max_html_chars:
        raise PageTooLarge(
            f"page of {len(text):,} characters is over the {options.max_html_chars:,} limit"
            " (Options.max_html_chars)"
        )
    root = _parse(text)
    if root is None:
        return clean_dump("", url=url, options=options)
    if (elements := sum(1 for _ in root.iter())) > options.max_elements:
        raise PageTooLarge(
            f"page of {elements:,} elements is over the {options.max_elements:,} limit"
        )
    declared = page_meta(root, options)
    known = _known(declared)
    lines: list[str] | None = None
    if not declared.single_article and _may_be_thread(root, options):
        lines = visible_lines(root)  # before trafilatura, which prunes the tree in place
        if looks_like_thread(lines, options):
            # A forum thread: the page's own lines keep the post headers replies need.
            document = clean_dump(
                "\n".join(lines), url=url, options=options, known=known, now=fetched_at
            )
            if document.replies:
                return replace(document, canonical_url=declared.canonical_url)
    article = _extract(root, url, options)
    document = clean_dump(
        article, url=url, options=options, known=known, extracted=True, now=fetched_at
    )
    if not document.body:
        if lines is None:
            fresh = _parse(text)
            lines = visible_lines(fresh) if fresh is not None else []
        document = clean_dump(
            "\n".join(lines), url=url, options=options, known=known, now=fetched_at
        )
    return _fill(document, text, url, options, fetched_at, declared)


def _fill(
    document: Document,
    text: str,
    url: str | None,
    options: Options,
    fetched_at: datetime | None,
    declared: PageMeta,
) -> Document:
    """Metadata the page neither declares nor repeats inside the article: read off the
    page's text just above the article's first paragraph, and off its footer."""
    if document.author and document.published and document.site:
        return replace(document, canonical_url=declared.canonical_url)
    header: list[str] = []
    if not (document.author and document.published):
        header = _source_lines_before(text, document.paragraphs[:3])
    footer = _source_lines(text[-FOOTER_SOURCE_CHARS:]) if not declared.site else []
    found = page_header_metadata(header, footer, url, options, fetched_at)
    return replace(
        document,
        author=document.author or found.author,
        published=document.published or found.published,
        site=declared.site or found.site or document.site,
        canonical_url=declared.canonical_url,
    )


def _source_lines_before(text: str, paragraphs: list[str]) -> list[str]:
    """The visible lines of the page source just above the first paragraph found in it
    (by its first characters; inline tags or entities may hide one, so three are tried)."""
    body = _BODY_TAG.search(text)  # not the <meta description> that repeats the lead
    for paragraph in paragraphs:
        anchor = paragraph[:ANCHOR_CHARS]
        at = text.find(anchor, body.end() if body else 0) if len(anchor) == ANCHOR_CHARS else -1
        if at >= 0:
            return _source_lines(text[max(0, at - HEADER_SOURCE_CHARS) : at])[-HEADER_LINES:]
    return []


def _source_lines(source: str) -> list[str]:
    """Rough visible lines of a slice of HTML source: block tags end lines, other tags go.
    Cheaper than walking the tree, and enough to find a byline, a date or a notice."""
    source = _INVISIBLE_SOURCE.sub(" ", source)
    source = _BLOCK_TAG.sub("\n", source)
    source = html_module.unescape(_ANY_TAG.sub("", source))
    return [line for line in (" ".join(part.split()) for part in source.split("\n")) if line]


_INVISIBLE_SOURCE = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|article|header|footer|dd|dt|dl"
    r"|hr|blockquote|form|nav|aside|main|figure|figcaption|time)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
#: Source characters above the article read for its byline and date, and at the page's
#: end for its copyright notice.
HEADER_SOURCE_CHARS = 4000
FOOTER_SOURCE_CHARS = 6000


#: The article's first paragraph is found in the page by its first characters.
ANCHOR_CHARS = 10
#: Lines above the article that may hold its byline and date.
HEADER_LINES = 12


def _may_be_thread(root: etree._Element, options: Options) -> bool:
    """A cheap look before the page's lines are read: two post-time labels or post numbers
    in its text ("发表于", "Posted on", "#2", "2楼"). Most articles have none."""
    from lxml import etree

    # Scripts and styles hold no post headers, only CSS colours and JSON that look like them;
    # trafilatura drops them next anyway.
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    text = etree.tostring(root, method="text", encoding="unicode").casefold()
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
    raise TypeError(f"clean_html takes str, bytes, an lxml tree or BeautifulSoup, not {html!r}")


def _decode(html: str | bytes, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    try:
        return decode_html(html, declared=encoding).text
    except DecodeError:
        # Not text in any encoding: read what can be read rather than fail the page;
        # the command line checks its inputs with decode_bytes and reports such files.
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
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    return root


def _known(meta: PageMeta) -> Metadata:
    return Metadata(title=meta.title, author=meta.author, published=meta.published, site=meta.site)


def _extract(root: etree._Element, url: str | None, options: Options) -> str:
    """The article text trafilatura finds (empty when it finds none)."""
    import trafilatura

    result = trafilatura.bare_extraction(
        root,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
    )
    return str(getattr(result, "text", "") or "") if result is not None else ""
