from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
import redis

from crawler.demo import crawl_command
from crawler.fixturesite import FixtureSite
from tests.crawler.conftest import DETERMINISTIC, ROOT

if TYPE_CHECKING:
    from crawler.redisserver import RedisServer


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def shared_crawl(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str, dict[str, Any]]:
    """One worker's shared crawl of the fixture site, one request at a time (so which copy
    of a story is kept is fixed), in database 1: (origin, REDIS_URL, the worker's stats).
    The worker runs with `-W error`, as the test suite does."""
    url = redis_server.url.removesuffix("/0") + "/1"
    redis.Redis.from_url(url).flushdb()
    out = tmp_path_factory.mktemp("worker") / "worker.jsonl"
    stats = out.with_suffix(".stats.json")
    with FixtureSite() as site:
        origin = site.origin
        command = crawl_command(
            [site.url("/")], [site.url("/sitemap.xml")], out, stats, REDIS_URL=url, **DETERMINISTIC
        )
        # a warning (a deprecation in scrapy-redis's code paths...) fails the crawl
        command[1:1] = ["-W", "error"]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Warning" not in result.stderr  # not even one Scrapy caught and logged
    return origin, url, json.loads(stats.read_text("utf-8"))
