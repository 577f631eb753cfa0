"""`scrapy crawlstatus`: a shared crawl's counts, as the workers left them in Redis."""

from __future__ import annotations

import json
from typing import Any

from crawler.drops import dropped
from tests.crawler.commands.conftest import scrapy
from tests.crawler.conftest import EXPECTED_PATHS


def test_counts_agree_with_the_workers_stats(shared_crawl: tuple[str, str, dict[str, Any]]) -> None:
    _, url, stats = shared_crawl
    result = scrapy("crawlstatus", "similar", "-s", f"REDIS_URL={url}", "--json")
    assert result.returncode == 0, result.stderr[-3000:]
    status = json.loads(result.stdout)
    assert status["finished"] and status["queued"] == status["leased"] == 0
    assert status["emitted"] == stats["item_scraped_count"] == len(EXPECTED_PATHS)
    # robots.txt is fetched by its middleware, outside the frontier: not a page of the crawl
    assert status["pages"] == stats["response_received_count"] - stats["robotstxt/response_count"]
    assert status["dropped"] == dropped(stats)
    assert status["requeued"] == 0


def test_prints_a_table(shared_crawl: tuple[str, str, dict[str, Any]]) -> None:
    _, url, _ = shared_crawl
    result = scrapy("crawlstatus", "similar", "-s", f"REDIS_URL={url}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"emitted      {len(EXPECTED_PATHS)}\n" in result.stdout
    assert "  relevance/dropped/irrelevant 8\n" in result.stdout
    assert result.stdout.endswith("finished     yes\n")
