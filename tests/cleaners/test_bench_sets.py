"""Quality gate on the whole evaluation sets in ../shared/bench (every set, clean_html on
the HTML), where that folder is present: CI has it beside the clone.

Floors sit a little under what `python benchmarks/quality.py --shapes html` measured when
they were last raised (2026-12-02: aeb 0.973, wce 0.963, magic_article_dev 0.888,
magic_forum_dev 0.843 with replies, readability_dev 0.954); raise them as the cleaner
improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from cleaners import Options, clean_html
from cleaners.evaluate import macro, score
from cleaners.page import build_page

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench"
OPTIONS = Options(detect_language=False)

FLOORS = {
    "scrapinghub_aeb": 0.965,
    "chinese_wce": 0.955,
    "magic_article_dev": 0.88,
    "magic_forum_dev": 0.83,
    "readability_dev": 0.945,
}
#: Sets whose gold is the whole thread: body and replies are scored together.
THREADS = {"magic_forum_dev"}


def pages(name: str) -> list[tuple[str, str, str | None]]:
    """(html, gold, url) of every page of a set, in either layout of ../shared/bench."""
    folder = BENCH / name
    if (folder / "html").is_dir():
        meta_file = folder / "pages.json"
        meta = json.loads(meta_file.read_text("utf-8")) if meta_file.exists() else {}
        return [
            (
                page.read_text("utf-8"),
                (folder / "gold" / f"{page.stem}.txt").read_text("utf-8"),
                meta.get(page.stem, {}).get("url"),
            )
            for page in sorted((folder / "html").glob("*.html"))
        ]
    found = []
    for case in sorted(p.parent for p in folder.glob("*/source.html")):
        expected = json.loads((case / "expected-metadata.json").read_text("utf-8"))
        if not expected.get("readerable", True):
            continue
        gold_html = (case / "expected.html").read_text("utf-8")
        root = lxml_html.document_fromstring(gold_html) if gold_html.strip() else None
        gold = "\n".join(b.text for b in build_page(root).blocks) if root is not None else ""
        found.append(((case / "source.html").read_text("utf-8"), gold, None))
    return found


@pytest.mark.slow
@pytest.mark.quality
@pytest.mark.skipif(not BENCH.is_dir(), reason=f"no evaluation sets at {BENCH}")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_set_f1_stays_above_its_floor(name: str) -> None:
    scores = []
    for page, gold, url in pages(name):
        doc = clean_html(page, url=url, options=OPTIONS)
        text = doc.body
        if name in THREADS:
            text = "\n".join([doc.body, *(reply.text for reply in doc.replies)])
        scores.append(score(text, gold))
    assert macro(scores).f1 >= FLOORS[name]
