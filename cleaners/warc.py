"""The HTML pages of a web archive: WARC files (Common Crawl, Heritrix, Browsertrix) and ARC.

Each response record whose HTTP Content-Type is HTML becomes a `Page`: the payload as the
server sent it (chunked transfer and gzip/deflate content encodings undone, the bytes
otherwise untouched), the charset the HTTP header declares (a GBK page often declares it
nowhere else), the target URL and the WARC-Date, which anchors relative dates as the fetch
time. Every other record is counted by kind and skipped: warcinfo, requests, metadata,
revisits, and responses that are images, scripts or PDFs.

warcio reads both formats, gzipped or plain, in one streaming pass; reading costs 2-4% of
the time spent cleaning the pages (benchmarks/corpus.py), so the faster FastWARC, which
reads no ARC, would save little here.
"""

from __future__ import annotations

import email.message
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document
    from .options import Options

__all__ = [
    "ArchiveError",
    "Page",
    "clean_page",
    "is_archive",
    "pages",
    "read_stream",
    "skipped_summary",
]

#: File names read as archives; anything else is a page or a dump.
SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
#: HTTP content types cleaned as HTML.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class ArchiveError(ValueError):
    """The archive cannot be read (not a WARC or ARC file, truncated, corrupt)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML response of an archive, as the cleaner needs it.

    `source` names the archive and the record (``crawl.warc.gz#<urn:uuid:...>``; an ARC
    record, which has no id, by its byte offset). `last` marks the archive's last page,
    which also tells what was skipped in the whole archive (`skipped_summary`), if anything.
    """

    source: str
    url: str
    data: bytes
    charset: str | None = None
    fetched_at: datetime | None = None
    last: bool = False
    skipped: str = ""


def is_archive(path: str) -> bool:
    """Whether `path` is read as a web archive, by its name.

    >>> is_archive("CC-MAIN-2024-18.warc.gz"), is_archive("page.html")
    (True, False)
    """
    return path.lower().endswith(SUFFIXES)


def pages(path: str, skipped: Counter[str]) -> Iterator[Page]:
    """The HTML pages of the archive at `path`, in archive order; every other record is
    counted in `skipped` by kind ("request", "warcinfo", "response image/png" ...).

    Raises `ArchiveError` on a file that is not an archive or breaks off; the pages read
    before the break have been yielded by then.
    """
    previous: Page | None = None
    try:
        for page in _read(path, skipped):
            if previous is not None:
                yield previous
            previous = page
    except ArchiveError:
        if previous is not None:  # the page before the break is whole
            yield previous
        raise
    if previous is not None:
        yield replace(previous, last=True, skipped=skipped_summary(skipped) if skipped else "")


def clean_page(page: Page, options: Options | None = None) -> Document:
    """Clean one archived page with its own URL, HTTP charset and fetch time."""
    import cleaners  # looked up per call, as the command line does, so tests can swap it

    return cleaners.clean_html(
        page.data,
        url=page.url,
        encoding=page.charset,
        fetched_at=page.fetched_at,
        options=options,
    )


def skipped_summary(skipped: Counter[str]) -> str:
    """How many records were skipped, and of which kinds, most frequent first.

    >>> skipped_summary(Counter({"request": 2, "response image/png": 1}))
    '3 records skipped, not HTML responses: 2 request, 1 response image/png'
    """
    total = sum(skipped.values())
    kinds = ", ".join(f"{count} {kind}" for kind, count in skipped.most_common())
    noun = "record" if total == 1 else "records"
    return f"{total} {noun} skipped, not HTML responses: {kinds}"


def _read(path: str, skipped: Counter[str]) -> Iterator[Page]:
    try:
        with open(path, "rb") as stream:
            yield from read_stream(stream, path, skipped)
    except OSError as error:
        raise ArchiveError(path, error.strerror or str(error)) from error


def read_stream(stream: IO[bytes], name: str, skipped: Counter[str]) -> Iterator[Page]:
    """The HTML pages of an archive read from an open binary stream (a local file, or one
    that fsspec or datatrove opened), named `name` in the pages' sources; as `pages`, but
    without the look-ahead that marks the last page."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        records = ArchiveIterator(stream)
        for number, record in enumerate(records):
            if number == 0 and record.format == "arc" and record.rec_type != "arc_header":
                # warcio reads any line of five words as an ARC record: an ARC file
                # opens with its filedesc:// header, a WARC file with "WARC/".
                raise ArchiveError(name, "not a WARC or ARC file (no WARC or ARC header)")
            page = _page(name, record, records.get_record_offset, skipped)
            if page is not None:
                yield page
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError) as error:
        if isinstance(error, ArchiveError):
            raise
        raise ArchiveError(name, f"not a readable WARC or ARC file: {error}") from error


def _page(path: str, record: Any, offset: Callable[[], int], skipped: Counter[str]) -> Page | None:
    """The record as a page, or None after counting it as skipped. `offset` is asked only
    once the payload is read: warcio reads the record to its end to tell it."""
    kind = "arc header" if record.rec_type == "arc_header" else str(record.rec_type)
    if kind != "response" or record.http_headers is None:
        skipped[kind] += 1
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime, charset = _content_type(content_type)
    if mime not in HTML_TYPES:
        skipped[f"response {mime or 'without a content type'}"] += 1
        return None
    data = record.content_stream().read()
    headers = record.rec_headers
    if record.format == "arc":  # no record id: the record's byte offset names it
        url, date, name = headers.get_header("uri"), _arc_date(headers), str(offset())
    else:
        url, name = headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Record-ID")
        date = warc_date(headers.get_header("WARC-Date"))
    if getattr(record.raw_stream, "limit", 0) > 0:  # warcio stops quietly at the file's end
        raise ArchiveError(path, f"breaks off inside record {name or offset()} ({url})")
    return Page(f"{path}#{name or offset()}", url or "", data, charset, date)


def _content_type(value: str) -> tuple[str, str | None]:
    """The media type and charset of a Content-Type header.

    >>> _content_type('text/html; charset="GBK"')
    ('text/html', 'gbk')
    """
    message = email.message.Message()
    message["content-type"] = value
    mime = message.get_content_type() if value.strip() else ""
    return mime, message.get_content_charset()


def _arc_date(headers: Any) -> datetime | None:
    """An ARC record's 14-digit archive date (UTC)."""
    value = headers.get_header("archive-date") or ""
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def warc_date(value: str | None) -> datetime | None:
    """A WARC-Date (ISO 8601, UTC), or None when missing or malformed."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
