"""The metadata scoring rules, and the metadata quality gate: per-field figures of
`clean_html` on Readability's dev pages and on the hand-written Chinese fixture, pinned at
what was measured (benchmarks/metadata.py prints the same figures beside trafilatura's).

The committed subset (fixtures/metadata_zh/pages) always runs; the full sets in
../shared/bench run where that folder exists (CI has a copy beside the clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.metaeval import (
    Case,
    Found,
    Tally,
    author_hit,
    fixture_cases,
    language_hit,
    readability_cases,
    same_day,
    site_hit,
    title_exact,
    title_lenient,
)

REPO = Path(__file__).resolve().parents[2]
ZH = REPO / "fixtures" / "metadata_zh"
BENCH = REPO.parent / "shared" / "bench"
needs_bench = pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is absent")


def tally(cases: list[Case]) -> Tally:
    result = Tally()
    for key, html, url, expected in cases:
        doc = clean_html(html, url=url)
        found = Found(doc.title, doc.authors, doc.published, doc.site, doc.language)
        result.add(key, found, expected)
    return result


def figures(result: Tally) -> dict[str, tuple[int, int]]:
    out = {name: (result.hits[name], result.cases[name]) for name in result.hits}
    out["invented"] = (result.invented, result.no_author_pages)
    return out


def test_title_rules() -> None:
    assert title_exact("Bridge  opens", "Bridge opens")
    assert not title_exact("Bridge opens", "Bridge opens | Gazette")
    assert title_lenient("Bridge opens after a decade", "Bridge opens after a decade | Gazette")
    assert not title_lenient("Gazette", "Bridge opens after a decade of delays | Gazette")


def test_author_site_day_and_language_rules() -> None:
    assert author_hit(["Jane Doe"], "By JANE DOE")
    assert not author_hit(["J"], "Jane Doe")  # one letter is contained in anything
    assert site_hit("光明网", "光明网") and not site_hit("@gmw", "gmw")
    assert same_day("2024-05-20T16:25:01", "2024-05-20") and not same_day(None, "2024-05-20")
    assert language_hit("zh-tw", "zh-TW") and not language_hit("zh-cn", "zh-TW")


def test_tally_counts_invented_authors_and_misses() -> None:
    result = Tally()
    result.add("a", Found(title="T", authors=("Ed",)), {"title": "T", "author": None})
    assert (result.invented, result.no_author_pages, result.hits["title"]) == (1, 1, 1)
    assert result.misses == [("a", "invented", "Ed", "")]


def test_fixture_cases_name_a_missing_page(tmp_path: Path) -> None:
    (tmp_path / "expected.json").write_text('{"s/p": {"title": "T"}}', "utf-8")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "pages.json").write_text("{}", "utf-8")
    assert fixture_cases(tmp_path / "expected.json", tmp_path, present_only=True) == []
    with pytest.raises(FileNotFoundError, match=r"p\.html"):
        fixture_cases(tmp_path / "expected.json", tmp_path)


@pytest.mark.quality
def test_chinese_subset_gate() -> None:
    """The 8 committed pages: measured 8/8 titles, 6/6 authors, 7/7 dates, 6/8 sites,
    none invented on the 2 pages that name no author."""
    cases = fixture_cases(ZH / "expected.json", ZH / "pages", present_only=True)
    assert len(cases) == 8
    got = figures(tally(cases))
    assert got["title"] == (8, 8)
    assert got["author"] == (6, 6)
    assert got["published"] == (7, 7)
    assert got["site"] >= (6, 8)
    assert got["invented"] == (0, 2)


@pytest.mark.quality
@pytest.mark.slow
@needs_bench
def test_chinese_fixture_gate() -> None:
    """All 40 pages (before this work: 24/40 titles, 6/21 authors, 31/33 dates, 22/39
    sites, 6 of 19 authorless pages given one)."""
    got = figures(tally(fixture_cases(ZH / "expected.json", BENCH)))
    assert got["title"][0] >= 37 and got["title"][1] == 40
    assert got["author"][0] >= 18 and got["author"][1] == 21
    assert got["published"] == (33, 33)
    assert got["site"][0] >= 28
    assert got["invented"][0] <= 1


@pytest.mark.quality
@pytest.mark.slow
@needs_bench
def test_readability_dev_gate() -> None:
    """Readability's 61 dev pages (before: titles 46 exact / 52 lenient of 60, authors
    15/35, dates 9/13, sites 21/24, languages 31/33, 4 invented; trafilatura 39, 43, 24,
    13, 21, -, 5). The 5 "invented" authors are bylines the pages do show and
    Readability leaves out (see README)."""
    got = figures(tally(readability_cases(BENCH / "readability_dev")))
    assert got["title"] >= (49, 60)
    assert got["title_lenient"] >= (56, 60)
    assert got["author"] >= (31, 35)
    assert got["published"] == (13, 13)
    assert got["site"] >= (23, 24)
    assert got["language"] >= (33, 33)
    assert got["invented"][0] <= 5
