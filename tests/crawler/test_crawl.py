"""`scrapy crawl similar` in a subprocess against the fixture site on a loopback port."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from crawler.fixturesite import FixtureSite
from crawler.settings import FEED_EXPORT_FIELDS
from tests.crawler.conftest import DETERMINISTIC, EXPECTED_PATHS, Crawl, run_crawl

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Crawl]:
    out = tmp_path_factory.mktemp("crawl") / "corpus.jsonl"
    with FixtureSite() as site:
        return site.origin, run_crawl(site.origin, out, **{**DETERMINISTIC, "LOG_LEVEL": "DEBUG"})


def test_emits_exactly_the_pages_on_the_subject(crawl: tuple[str, Crawl]) -> None:
    origin, result = crawl
    assert sorted(result.paths(origin)) == sorted(EXPECTED_PATHS)
    assert result.stats["finish_reason"] == "finished"


def test_obeys_robots_txt(crawl: tuple[str, Crawl]) -> None:
    origin, result = crawl
    assert result.stats["robotstxt/forbidden"] == 1
    assert f"Forbidden by robots.txt: <GET {origin}/members/>" in result.log
    assert f"GET {origin}/members/h200-notes.html" not in result.log


def test_drops_copies_and_says_of_what(crawl: tuple[str, Crawl]) -> None:
    origin, result = crawl
    assert result.stats["duplicates/dropped/near_duplicate"] == 1
    assert (
        f"near_duplicate: {origin}/partner/2025/12/h200-china.html repeats "
        f"{origin}/news/2025/12/h200-export.html"
    ) in result.log
    assert result.stats["duplicates/dropped/same_canonical_url"] == 1  # the print view
    assert result.stats["duplicates/dropped/same_body"] == 1  # the tracked forum link


def test_counts_every_drop_reason(crawl: tuple[str, Crawl]) -> None:
    _, result = crawl
    assert result.stats["clean/dropped/listing"] == 7
    assert result.stats["relevance/dropped/irrelevant"] == 8
    assert result.stats["httperror/response_ignored_status_count/404"] == 1


def test_items_carry_the_record_and_the_fetch(crawl: tuple[str, Crawl]) -> None:
    origin, result = crawl
    for item in result.items:
        assert list(item) == FEED_EXPORT_FIELDS
        assert item["status"] == 200 and item["similarity"] >= 0.08 and item["body"]
        assert item["fetched_at"].endswith("+00:00")
    by_path = {item["url"].removeprefix(origin): item for item in result.items}
    gbk = by_path["/news/2025/12/hbm-controls.html"]
    assert "高带宽内存" in gbk["body"] and gbk["language"] == "zh-cn"
    orphan = by_path["/news/2025/07/computing-centers.html"]
    assert orphan["referer"] == origin + "/sitemap.xml"
    forum = by_path["/en/forum/thread-88.html"]
    assert forum["depth"] == 2 and forum["language"] == "en"


def test_interrupted_crawl_resumes_without_duplicates(tmp_path: Path) -> None:
    out, jobdir = tmp_path / "corpus.jsonl", str(tmp_path / "job")
    with FixtureSite() as site:
        origin = site.origin
        # Cleaning on the reactor thread, so that fetching waits for it and the crawl stops
        # near 4 items; with worker processes every page is fetched before the close lands.
        first = run_crawl(
            origin,
            out,
            JOBDIR=jobdir,
            CLOSESPIDER_ITEMCOUNT="4",
            CLEAN_WORKERS="0",
            **DETERMINISTIC,
        )
        assert first.stats["finish_reason"] == "closespider_itemcount"
        assert 4 <= len(first.items) < len(EXPECTED_PATHS)
        second = run_crawl(origin, out, JOBDIR=jobdir, **DETERMINISTIC)
    assert second.stats["finish_reason"] == "finished"
    paths = second.paths(origin)  # the file holds both runs' items
    assert len(paths) == len(set(paths))
    assert len({item["canonical_url"] for item in second.items}) == len(paths)
    assert set(paths) == EXPECTED_PATHS
    assert (tmp_path / "job" / "duplicates.pickle").exists()
