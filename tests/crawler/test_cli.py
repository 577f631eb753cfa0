"""`cleaners crawl`, run as a user runs it: in a subprocess (Scrapy's reactor runs once per
process), from an empty folder, with the crawler imported under its installed name.

The demo crawl against the bundled fixture site must emit exactly the pages the fixture
site's README expects; the seeds, limits and `-s` settings must reach the crawl; and a
crawl stopped by Ctrl-C must leave the previous corpus as it was.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest

from cleaners import clean_html
from crawler.settings import FEED_EXPORT_FIELDS
from tests.crawler.conftest import EXPECTED_PATHS, GeneratedSite

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

OLD = '{"url": "a previous corpus"}\n'
SITE = re.compile(r"the bundled fixture site at (http://127\.0\.0\.1:\d+)/")


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "cleaners", "crawl", *argv]


def crawl(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*argv), cwd=cwd, capture_output=True, text=True, timeout=120)


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_demo_replaces_the_corpus_with_the_fixture_sites_pages(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text(OLD, "utf-8")
    # One request at a time: which of two copies is kept is then fixed (see conftest).
    result = crawl(tmp_path, "--demo", "-o", "corpus.jsonl", "-s", "CONCURRENT_REQUESTS=1")
    assert result.returncode == 0, result.stderr[-3000:]
    found = SITE.search(result.stderr)
    assert found is not None, result.stderr
    items = records(tmp_path / "corpus.jsonl")
    assert sorted(item["url"].removeprefix(found[1]) for item in items) == sorted(EXPECTED_PATHS)
    assert all(list(item) == FEED_EXPORT_FIELDS and item["body"] for item in items)
    assert "pages emitted:  12 -> corpus.jsonl" in result.stderr
    assert "finished: finished in" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus.jsonl"]


def test_seeds_limits_and_settings_reach_the_crawl(tmp_path: Path, site_root: Path) -> None:
    # Seeds on another subject (a marathon) and Chinese only: the marathon page alone is kept.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    page = clean_html((site_root / "news" / "2025" / "10" / "marathon.html").read_bytes())
    (seeds / "marathon.txt").write_text(f"{page.title}\n\n{page.body}", "utf-8")
    argv = ["--demo", "-o", "c.jsonl", "--seeds", str(seeds), "-s", "LANGUAGE_ALLOWED=zh"]
    result = crawl(tmp_path, *argv)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [item["url"].split("/", 3)[3] for item in records(tmp_path / "c.jsonl")] == [
        "news/2025/10/marathon.html"
    ]
    assert "language/dropped/other_language          5" in result.stderr
    # The page budget: Scrapy's CloseSpider stops the crawl, which still counts as done.
    limited = crawl(tmp_path, "--demo", "-o", "c.jsonl", "--pages", "5", "--depth", "1")
    assert limited.returncode == 0, limited.stderr[-3000:]
    assert "finished: closespider_pagecount in" in limited.stderr


def test_a_crawl_that_cannot_start_leaves_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text(OLD, "utf-8")
    result = crawl(tmp_path, "--demo", "-o", "corpus.jsonl", "-s", "RELEVANCE_MIN_SIMILARITY=x")
    assert result.returncode == 1
    assert "ValueError: could not convert string to float: 'x'" in result.stderr
    assert result.stderr.endswith(
        "cleaners: note: corpus.jsonl: left as it was; no complete record was written\n"
        "cleaners: error: the crawl could not start; see the log above\n"
    )
    assert (tmp_path / "corpus.jsonl").read_text("utf-8") == OLD
    assert [path.name for path in tmp_path.iterdir()] == ["corpus.jsonl"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_leaves_the_previous_corpus_and_keeps_the_records_so_far(
    tmp_path: Path, signum: int
) -> None:
    out = tmp_path / "corpus.jsonl"
    out.write_text(OLD, "utf-8")
    fast = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "--depth", "0"]
    with GeneratedSite(2000).serve(tmp_path / "site") as site:
        origin = site.origin
        argv = [site.url("/gen/"), "-o", out.name, *fast, "--log-level", "WARNING"]
        with subprocess.Popen(command(*argv), cwd=tmp_path, stderr=subprocess.PIPE) as child:
            assert child.stderr is not None
            deadline = time.monotonic() + 60
            while not any(b"\n" in p.read_bytes() for p in tmp_path.glob(".corpus.jsonl.*")):
                assert child.poll() is None and time.monotonic() < deadline, "no record written"
                time.sleep(0.1)
            child.send_signal(signum)
            err = child.stderr.read().decode("utf-8")
            code = child.wait(timeout=60)
    assert code == 130, err[-3000:]
    assert out.read_text("utf-8") == OLD
    kept = records(tmp_path / "corpus.jsonl.partial")
    assert kept and all(item["url"].startswith(origin) for item in kept)
    assert (
        f"cleaners: note: corpus.jsonl: left as it was; {len(kept)} complete records kept in"
        " corpus.jsonl.partial"
    ) in err
    assert "cleaners: crawl: stopped (shutdown)" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "corpus.jsonl",
        "corpus.jsonl.partial",
        "site",
    ]
