"""Workers of a shared crawl on a real Redis and a 2,000-page loopback site: one is killed
(SIGKILL) or stopped (SIGTERM) mid-crawl and started again, and the shared crawl still
fetches every page and exports what one undisturbed single-process crawl emits, once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
import redis

from crawler.distributed.frontier import Frontier, Keys
from crawler.fixturesite import FixtureSite, Page
from tests.crawler.conftest import (
    ROOT,
    GeneratedSite,
    generated_crawl_command,
    read_lines,
    wait_for,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PAGES = 2000
# What depends on the order pages are fetched in (which link reached a page first), or on
# the clock: not part of what a crawl emits, in any order.
ORDER_FIELDS = ("fetched_at", "depth", "referer")
# A killed worker's pages come back after this; a live worker starved of CPU on a shared
# machine still renews its leases (every third of it) in time.
LEASE_SECONDS = "10"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GeneratedSite, str]]:
    generated = GeneratedSite(PAGES)
    with generated.serve(tmp_path_factory.mktemp("root")) as server:
        yield generated, server.origin


@pytest.fixture(scope="module")
def reference(
    site: tuple[GeneratedSite, str], tmp_path_factory: pytest.TempPathFactory
) -> list[dict[str, Any]]:
    """What one undisturbed single-process crawl, without Redis, emits."""
    out = tmp_path_factory.mktemp("reference") / "corpus.jsonl"
    command = generated_crawl_command(site[1], "-O", f"{out}:jsonl")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return read_lines(out)


def comparable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [{k: v for k, v in record.items() if k not in ORDER_FIELDS} for record in records]
    return sorted(kept, key=lambda record: str(record["url"]))


def start_worker(
    origin: str, redis_url: str, log: Path, **settings: str
) -> subprocess.Popen[bytes]:
    command = generated_crawl_command(
        origin,
        REDIS_URL=redis_url,
        DISTRIBUTED_LEASE_SECONDS=LEASE_SECONDS,
        LOG_LEVEL="INFO",
        **settings,
    )
    with log.open("ab") as file:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=file)


def export(redis_url: str, out: Path) -> list[dict[str, Any]]:
    command = [sys.executable, "-m", "scrapy", "export", "similar", "-s", f"REDIS_URL={redis_url}"]
    command += ["-O", f"{out}:jsonl"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def interrupt_and_resume(
    site: tuple[GeneratedSite, str], redis_url: str, tmp_path: Path, how: signal.Signals
) -> tuple[Frontier, int, list[dict[str, Any]]]:
    """Two workers; `how` one of them once 400 requests are done; start it again; wait for
    the crawl to finish. Returns the frontier, the interrupted worker's exit status and the
    exported corpus."""
    generated, origin = site
    generated.served.clear()
    frontier = Frontier(redis.Redis.from_url(redis_url), Keys("similar"))
    log = tmp_path / "workers.log"
    first = start_worker(origin, redis_url, log, STATSFILE_PATH=str(tmp_path / "first.json"))
    other = start_worker(origin, redis_url, log)
    workers = [first, other]
    try:
        wait_for(lambda: frontier.count("done") >= 400, 300, "400 requests done")
        first.send_signal(how)
        interrupted = first.wait(timeout=120)
        workers.append(start_worker(origin, redis_url, log))
        for worker in workers[1:]:
            assert worker.wait(timeout=600) == 0, log.read_text("utf-8")[-3000:]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return frontier, interrupted, export(redis_url, tmp_path / "corpus.jsonl")


def assert_complete(
    site: tuple[GeneratedSite, str],
    frontier: Frontier,
    corpus: list[dict[str, Any]],
    reference: list[dict[str, Any]],
) -> None:
    generated, _ = site
    status = frontier.status()
    assert status.finished, status
    assert generated.article_paths() <= set(generated.served)  # every page was fetched
    urls = [record["url"] for record in corpus]
    assert len(urls) == len(set(urls))  # no URL twice
    assert len(reference) > PAGES / 2
    assert comparable(corpus) == comparable(reference)
    assert status.counts["emitted"] == len(corpus)


@pytest.mark.slow
def test_a_worker_killed_with_sigkill_loses_nothing(
    site: tuple[GeneratedSite, str],
    reference: list[dict[str, Any]],
    redis_url: str,
    tmp_path: Path,
) -> None:
    frontier, status, corpus = interrupt_and_resume(site, redis_url, tmp_path, signal.SIGKILL)
    assert status == -signal.SIGKILL
    # the killed worker held leases: they expired and went back to the queue
    assert frontier.status().counts.get("requeued", 0) >= 1
    assert_complete(site, frontier, corpus, reference)


@pytest.mark.slow
def test_a_worker_stopped_with_sigterm_finishes_its_pages_and_resumes(
    site: tuple[GeneratedSite, str],
    reference: list[dict[str, Any]],
    redis_url: str,
    tmp_path: Path,
) -> None:
    frontier, status, corpus = interrupt_and_resume(site, redis_url, tmp_path, signal.SIGTERM)
    assert status == 0
    stats = json.loads((tmp_path / "first.json").read_text("utf-8"))
    assert stats["finish_reason"] == "shutdown"
    assert stats["distributed/acked"] > 0
    # a graceful stop finishes or hands back what it took: no lease waits to expire
    assert frontier.status().counts.get("requeued", 0) == 0
    assert_complete(site, frontier, corpus, reference)


class RedirectingSite:
    """A page linking to one that redirects (meta refresh) to a third; counts paths served."""

    def __init__(self) -> None:
        self.served: list[str] = []

    def __call__(self, path: str, origin: str) -> Page | None:
        self.served.append(path)
        pages = {
            "/start.html": '<a href="/moved.html">moved</a>',
            "/moved.html": '<meta http-equiv="refresh" content="0; url=/target.html">',
            "/target.html": "<p>the target</p>",
        }
        body = pages.get(path)
        return None if body is None else Page(f"<html>{body}</html>".encode(), "text/html")


def test_a_redirect_takes_the_place_of_its_lease(redis_url: str, tmp_path: Path) -> None:
    site = RedirectingSite()
    with FixtureSite(root=tmp_path, extra=site) as server:
        command = generated_crawl_command(
            server.origin, REDIS_URL=redis_url, DISTRIBUTED_LEASE_SECONDS="30"
        )
        command[command.index(f"start_urls={server.origin}/gen/")] = (
            f"start_urls={server.origin}/start.html"
        )
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert site.served.count("/target.html") == 1
    status = Frontier(redis.Redis.from_url(redis_url), Keys("similar")).status()
    assert status.finished
    assert status.counts["replaced"] == 1
    assert status.counts.get("requeued", 0) == 0  # no lease was left to expire
    assert status.counts["pages"] == 2  # start and target: the refresh page became a request


def test_the_page_budget_counts_every_workers_pages(redis_url: str, tmp_path: Path) -> None:
    generated = GeneratedSite(400)
    with generated.serve(tmp_path / "root") as server:
        stats = [tmp_path / f"worker{n}.json" for n in range(2)]
        workers = [
            subprocess.Popen(
                generated_crawl_command(
                    server.origin,
                    REDIS_URL=redis_url,
                    CLOSESPIDER_PAGECOUNT="60",
                    CONCURRENT_REQUESTS="4",
                    STATSFILE_PATH=str(path),
                ),
                cwd=ROOT,
                stderr=subprocess.DEVNULL,
            )
            for path in stats
        ]
        try:
            assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
    reasons = [json.loads(path.read_text("utf-8"))["finish_reason"] for path in stats]
    assert reasons == ["closespider_pagecount"] * 2
    pages = Frontier(redis.Redis.from_url(redis_url), Keys("similar")).count("pages")
    assert pages == 60  # requests in flight count against the budget: no overshoot
