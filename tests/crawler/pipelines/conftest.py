from __future__ import annotations

from pathlib import Path
from typing import Any

from cleaners import clean_html
from crawler.items import PageItem

SITE = Path(__file__).resolve().parents[3] / "fixtures" / "site"
ORIGIN = "http://127.0.0.1:8000"


def raw_item(path: str, encoding: str = "utf-8", **fields: Any) -> PageItem:
    """A spider's item for a fixture page: the raw page, before the clean pipeline."""
    url = ORIGIN + path
    values: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "fetched_at": "2025-12-09T02:30:00+00:00",
        "status": 200,
        "depth": 1,
        "referer": None,
        "html": (SITE / path.lstrip("/")).read_bytes(),
        "encoding": encoding,
        "link_titles": (),
    }
    return PageItem({**values, **fields})


def clean_item(path: str, **fields: Any) -> PageItem:
    """The item as the clean pipeline leaves it (the cleaners record filled in)."""
    item = raw_item(path)
    html = item.pop("html")
    item.pop("encoding")
    item.pop("link_titles")
    document = clean_html(html, url=item["url"])
    for name in ("title", "author", "published", "site", "language", "body"):
        item[name] = getattr(document, name)
    item["removed"] = [r.to_dict() for r in document.removed]
    item["replies"] = [r.to_dict() for r in document.replies]
    for name, value in fields.items():
        item[name] = value
    return item
