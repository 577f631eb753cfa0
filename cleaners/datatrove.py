"""datatrove steps: `CleanHtml` turns HTML documents into clean text plus our metadata, and
`WarcReader` reads web archives keeping what datatrove's own reader drops.

datatrove's WarcReader decodes each page as UTF-8 or by a byte-statistics guess, and drops
the raw bytes and the HTTP charset; a GBK page that declares its charset only in the HTTP
header may come out garbled. This reader (`cleaners.warc`) keeps the raw bytes in the
document's media (a `Media` of type DOCUMENT with `media_bytes`) and the header's charset in
its metadata, and gives as text the HTML decoded by `cleaners.decode.decode_html` with
that charset, so datatrove's own extractors downstream still get proper HTML. `CleanHtml`
cleans the raw bytes with their charset when present, else the text, and drops the raw
bytes from the document so writers can serialise it.

Install with ``pip install "cleaners[datatrove]"`` (datatrove[io]; datatrove[processing]
pins trafilatura below 1.12, which conflicts with ours). Both steps run under datatrove's
executors; see README.md for a pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline, MediaType
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.utils.logging import logger

from . import warc
from .decode import decode_html
from .html import PageTooLarge, clean_html
from .options import Options

__all__ = ["CleanHtml", "WarcReader"]

#: The media id under which a document's raw HTML bytes travel.
RAW_HTML = "cleaners:raw-html"


class WarcReader(BaseDiskReader):  # type: ignore[misc]
    """Each HTML response of each WARC or ARC file becomes one document: id the WARC record
    id, text the decoded HTML, metadata url, date (the WARC-Date) and charset (the HTTP
    header's, or None), media the raw payload bytes. Other records are counted in the stats
    as ``skipped/<kind>``. Takes BaseDiskReader's arguments (data_folder, glob_pattern,
    limit ...)."""

    name = "🕷 cleaners WARC"

    def read_file(self, filepath: str) -> Iterator[DatatroveDocument]:
        """The file's pages; a file that is no archive, or breaks off, is logged and
        counted (stat ``broken_files``) after the pages read before the break."""
        skipped: Counter[str] = Counter()
        try:
            with self.data_folder.open(filepath, "rb") as stream:
                for number, page in enumerate(warc.read_stream(stream, filepath, skipped)):
                    with self.track_time():
                        document = self.get_document_from_dict(_as_dict(page), filepath, number)
                    if document is not None:
                        yield document
        except warc.ArchiveError as error:
            logger.warning(str(error))
            self.stat_update("broken_files")
        for kind, count in skipped.items():
            self.stat_update(f"skipped/{kind}", value=count)


def _as_dict(page: warc.Page) -> dict[str, Any]:
    return {
        "text": decode_html(page.data, declared=page.charset, source=page.source).text,
        "id": page.source.rpartition("#")[2],
        "media": [
            {
                "id": RAW_HTML,
                "type": MediaType.DOCUMENT,
                "url": page.url,
                "media_bytes": page.data,
            }
        ],
        "metadata": {
            "url": page.url,
            "date": page.fetched_at.isoformat() if page.fetched_at else None,
            "charset": page.charset,
        },
    }


class CleanHtml(PipelineStep):  # type: ignore[misc]
    """Replace each document's HTML by its clean body; add title, author, published, site,
    language, canonical_url, removed (rule, text) and replies to its metadata.

    Documents whose page yields no body are dropped (stat ``empty``), as are pages over the
    size limits (stat ``too_large``). `options` are the cleaner's, as for `clean_html`.
    """

    name = "🧹 cleaners"
    type = "🛢 - EXTRAC"

    def __init__(self, options: Options | None = None) -> None:
        super().__init__()
        self.options = options

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data or ():
            self.stat_update("total")
            with self.track_time():
                cleaned = self._clean(document)
            if cleaned is not None:
                yield cleaned

    def _clean(self, document: DatatroveDocument) -> DatatroveDocument | None:
        raw = next((m for m in document.media if m.id == RAW_HTML and m.media_bytes), None)
        meta = document.metadata
        try:
            page = clean_html(
                raw.media_bytes if raw is not None else document.text,
                url=meta.get("url"),
                encoding=meta.get("charset"),
                fetched_at=_date(meta.get("date")),
                options=self.options,
            )
        except PageTooLarge:
            self.stat_update("too_large")
            return None
        if not page.body:
            self.stat_update("empty")
            return None
        record = page.to_dict()
        document.text = record.pop("body")
        document.metadata = {**meta, **record}
        document.media = [m for m in document.media if m is not raw]
        self.stat_update("kept")
        return document


def _date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return warc.warc_date(value) if isinstance(value, str) else None
