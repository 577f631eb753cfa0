"""`clean_html`: the HTML entry point. trafilatura finds the main text in the DOM, then the
same text rules as `clean_text` run on what it kept, so chrome that survives extraction
(teaser lists, notices, inline markers, repeated bylines) is removed and recorded the same
way. One set of rules, two entry points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .decode import decode_bytes
from .options import Options
from .pipeline import Metadata, clean_dump

if TYPE_CHECKING:
    from .document import Document


class HTMLError(ValueError):
    """The input cannot be read as an HTML page."""


def clean_html(
    html: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    options: Options | None = None,
) -> Document:
    """Clean an HTML page. Bytes are decoded with `encoding` when given, else detected.

    >>> page = ("<html><head><title>Bridge opens</title></head><body><nav><a href=/>Home</a>"
    ...         "</nav><article><h1>Bridge opens</h1><p>The mayor opened the new bridge on "
    ...         "Friday, ending a decade of delays and detours for commuters.</p><p>Traffic "
    ...         "is expected to ease within weeks, officials said.</p></article></body></html>")
    >>> doc = clean_html(page)
    >>> doc.title, doc.body.startswith("The mayor opened")
    ('Bridge opens', True)
    """
    import trafilatura  # the HTML extra: imported here so clean_text works without it

    text = _decode(html, encoding)
    extracted = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    known = Metadata()
    if extracted is not None:
        known = Metadata(
            title=_first(getattr(extracted, "title", None)),
            author=_first(getattr(extracted, "author", None)),
            published=_first(getattr(extracted, "date", None)),
            site=_first(getattr(extracted, "sitename", None)),
        )
    body = str(getattr(extracted, "text", "") or "")
    return clean_dump(body, url=url, options=options or Options(), known=known)


def _decode(html: str | bytes, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    if encoding:
        try:
            return html.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    return decode_bytes(html).text


def _first(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
