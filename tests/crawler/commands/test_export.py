"""`scrapy export`: a shared crawl's items, once each, through Scrapy's feed exports."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any

from crawler.settings import FEED_EXPORT_FIELDS
from tests.crawler.commands.conftest import scrapy
from tests.crawler.conftest import EXPECTED_PATHS

if TYPE_CHECKING:
    from pathlib import Path


def test_writes_the_corpus_a_local_crawl_emits(
    shared_crawl: tuple[str, str, dict[str, Any]], tmp_path: Path
) -> None:
    origin, url, _ = shared_crawl
    out = tmp_path / "corpus.jsonl"
    result = scrapy("export", "similar", "-s", f"REDIS_URL={url}", "-O", f"{out}:jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    paths = [record["url"].removeprefix(origin) for record in records]
    assert sorted(paths) == sorted(EXPECTED_PATHS)
    assert all(list(record) == FEED_EXPORT_FIELDS for record in records)


def test_honours_the_feed_format_and_appends_with_small_o(
    shared_crawl: tuple[str, str, dict[str, Any]], tmp_path: Path
) -> None:
    _, url, _ = shared_crawl
    out = tmp_path / "corpus.csv"
    for _ in range(2):
        result = scrapy("export", "similar", "-s", f"REDIS_URL={url}", "-o", str(out))
        assert result.returncode == 0, result.stderr[-3000:]
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == FEED_EXPORT_FIELDS
    assert len(rows) == 2 * (1 + len(EXPECTED_PATHS))  # two exports, each with its header


def test_says_what_is_missing(tmp_path: Path) -> None:
    no_url = scrapy("export", "similar", "-O", str(tmp_path / "x.jsonl"))
    assert no_url.returncode == 2 and "pass -s REDIS_URL=" in no_url.stderr
    no_feed = scrapy("export", "similar", "-s", "REDIS_URL=redis://127.0.0.1:1/0")
    assert no_feed.returncode == 2 and "-O FILE[:FORMAT]" in no_feed.stderr
