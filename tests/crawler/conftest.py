"""Shared helpers for the crawler's tests: the fixture site's expected outcome and a way
to run `scrapy crawl similar` in a subprocess and read back its items and stats."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import crawler.settings
from crawler.demo import LOOPBACK_SETTINGS, crawl_command

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "fixtures" / "site"

# What a crawl from "/" plus "/sitemap.xml" must emit (see fixtures/site/README.md).
EXPECTED_PATHS = frozenset(
    {
        "/news/2025/12/h200-export.html",
        "/news/2025/12/hbm-controls.html",
        "/news/2025/11/ascend-capacity.html",
        "/news/2025/10/h20-orders.html",
        "/news/2025/09/rare-earth-chips.html",
        "/news/2025/08/cambricon-revenue.html",
        "/news/2025/07/computing-centers.html",
        "/bbs/thread-1001.html",
        "/bbs/thread-1002.html",
        "/en/2025/12/nvidia-h200-china.html",
        "/en/2025/11/china-chip-self-reliance.html",
        "/en/forum/thread-88.html",
    }
)
# One request at a time: which of two copies is fetched first, hence kept, is then fixed.
DETERMINISTIC = {**LOOPBACK_SETTINGS, "CONCURRENT_REQUESTS": "1", "LOG_LEVEL": "INFO"}


def project_settings(**overrides: Any) -> dict[str, Any]:
    """The project's settings module as a dict, for `get_crawler(settings_dict=...)`."""
    values = {k: v for k, v in vars(crawler.settings).items() if k.isupper()}
    return {**values, **overrides}


@dataclass
class Crawl:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    def paths(self, origin: str) -> list[str]:
        return [item["url"].removeprefix(origin) for item in self.items]


def run_crawl(origin: str, out: Path, **settings: str) -> Crawl:
    """`scrapy crawl similar` from the site's home page and sitemap, in a subprocess."""
    stats = out.with_suffix(".stats.json")
    command = crawl_command([origin + "/"], [origin + "/sitemap.xml"], out, stats, **settings)
    # -o appends (a resumed crawl adds to the first run's file); the demo's -O overwrites.
    command[command.index("-O")] = "-o"
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = out.read_text("utf-8").splitlines() if out.exists() else []
    return Crawl(
        [json.loads(line) for line in lines],
        json.loads(stats.read_text("utf-8")),
        result.stderr,
    )


@pytest.fixture(scope="session")
def site_root() -> Path:
    return SITE
