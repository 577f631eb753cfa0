"""Shared helpers for the crawler's tests: the fixture site's expected outcome and a way
to run `scrapy crawl similar` in a subprocess and read back its items and stats."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import crawler.settings
from benchmarks.crawl import FAST, ScaledSite
from crawler.demo import LOOPBACK_SETTINGS, crawl_command
from crawler.fixturesite import FixtureSite, Page
from crawler.redisserver import BINARY, RedisServer

if TYPE_CHECKING:
    from collections.abc import Iterator

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


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server on a free loopback port, for the whole session."""
    if shutil.which(BINARY) is None:
        pytest.skip(f"no {BINARY} on PATH: install Debian's redis-server (.ci/run does)")
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The server's database 0, emptied for this test."""
    redis_server.client().flushdb()
    return redis_server.url


class GeneratedSite:
    """The benchmark's generated `/gen/` pages alone, counting each path served.

    The fixture pages are left out (the server's root is an empty folder): their copies are
    kept or dropped depending on which is fetched first, and concurrent crawls fetch in no
    fixed order, while every generated page is its own story.
    """

    def __init__(self, pages: int):
        self.pages = pages
        self.generate = ScaledSite(pages)
        self.served: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, path: str, origin: str) -> Page | None:
        with self.lock:
            self.served[path] += 1
        return self.generate(path, origin)

    def article_paths(self) -> set[str]:
        return {f"/gen/{n}.html" for n in range(self.pages)}

    def serve(self, root: Path) -> FixtureSite:
        root.mkdir(parents=True, exist_ok=True)
        return FixtureSite(root=root, extra=self)


def generated_crawl_command(origin: str, *options: str, **settings: str) -> list[str]:
    """`scrapy crawl similar` from `/gen/`, with the benchmark's no-delay settings (no depth
    limit, page budget or relevance stop either: those depend on the order of fetching)."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "similar",
        "-a",
        f"start_urls={origin}/gen/",
    ]
    for name, value in {**FAST, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command + list(options)


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The complete JSON lines of a feed (a process killed mid-write leaves a cut last line)."""
    if not path.exists():
        return []
    lines = path.read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines[:-1]]
    with contextlib.suppress(ValueError):  # the last line, cut short by a kill
        records += [json.loads(line) for line in lines[-1:]]
    return records


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)
