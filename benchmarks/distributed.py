"""A shared crawl's speed with 1, 2 and 4 workers, on a 10,000-page loopback site that
answers in 20-50 ms, with a real Redis.

    python benchmarks/distributed.py [--pages 10000] [--workers 1,2,4]

Serves the generated pages of benchmarks/crawl.py (no fixture pages), each response delayed
20-50 ms (a fixed delay per path, so every run meets the same server), starts a
redis-server (crawler.redisserver), then for each worker count crawls the whole site with
that many `scrapy crawl similar -s REDIS_URL=...` processes, all pipelines on and no
politeness delays. Prints, per worker count: pages/s (pages fetched by all workers over
the wall time from the first start to the last exit), the scaling ratio over one worker,
and each worker's peak RSS (Scrapy's memusage/max). Then Redis's memory per 1,000 queued
requests: the growth of `used_memory` when 10,000 of the site's requests are queued the
way a worker queues them (pickled request, fingerprint in the dupefilter set).
A script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapy import Request, Spider  # noqa: E402
from scrapy_redis.dupefilter import RFPDupeFilter  # noqa: E402
from scrapy_redis.queue import PriorityQueue  # noqa: E402

from benchmarks.crawl import FAST, ScaledSite  # noqa: E402
from crawler.distributed.frontier import Frontier, Keys  # noqa: E402
from crawler.fixturesite import FixtureSite, Page  # noqa: E402
from crawler.redisserver import RedisServer  # noqa: E402

LATENCY = (0.020, 0.050)  # seconds, per response


class SlowSite:
    """The generated pages, each answered after a delay fixed by its path."""

    def __init__(self, pages: int):
        self.generate = ScaledSite(pages)

    def __call__(self, path: str, origin: str) -> Page | None:
        time.sleep(random.Random(path).uniform(*LATENCY))
        return self.generate(path, origin)


def crawl(origin: str, redis_url: str, workers: int, workdir: Path) -> dict[str, object]:
    """Run `workers` workers to the end of the crawl; their stats and the wall time."""
    processes = []
    started = time.perf_counter()
    for number in range(workers):
        stats = workdir / f"w{workers}-{number}.json"
        command = [sys.executable, "-m", "scrapy", "crawl", "similar"]
        command += ["-a", f"start_urls={origin}/gen/"]
        settings = {**FAST, "REDIS_URL": redis_url, "STATSFILE_PATH": str(stats)}
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        processes.append((subprocess.Popen(command, cwd=ROOT), stats))
    for process, _ in processes:
        if process.wait() != 0:
            raise SystemExit(f"a worker failed (exit status {process.returncode})")
    wall = time.perf_counter() - started
    per_worker = [json.loads(stats.read_text("utf-8")) for _, stats in processes]
    return {"wall": wall, "workers": per_worker}


def queued_memory(server: RedisServer, origin: str, requests: int) -> float:
    """Bytes of Redis memory per queued request, queued as a worker queues it."""
    client = server.client()
    client.flushdb()
    spider = Spider(name="similar")
    queue = PriorityQueue(client, spider, "bench:requests")
    fingerprints = RFPDupeFilter(client, "bench:dupefilter")
    frontier = Frontier(client, Keys("bench"))
    before = int(client.info("memory")["used_memory"])
    for n in range(requests):
        request = Request(f"{origin}/gen/{n}.html", priority=n % 100, meta={"depth": 2})
        data = queue._encode_request(request)
        frontier.push(fingerprints.request_fingerprint(request), data, -request.priority, False)
    after = int(client.info("memory")["used_memory"])
    client.flushdb()
    return (after - before) / requests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    with (
        tempfile.TemporaryDirectory() as tmp,
        FixtureSite(root=Path(tmp) / "empty", extra=SlowSite(args.pages)) as site,
        RedisServer() as server,
    ):
        print(f"{args.pages} generated pages at {site.url('/gen/')}, {LATENCY} s latency")
        rates: dict[int, float] = {}
        for workers in counts:
            server.client().flushdb()
            result = crawl(site.origin, server.url, workers, Path(tmp))
            stats = result["workers"]
            assert isinstance(stats, list)
            pages = sum(int(s.get("response_received_count", 0)) for s in stats)
            rates[workers] = pages / float(str(result["wall"]))
            rss = ", ".join(f"{int(s.get('memusage/max', 0)) / 2**20:.0f}" for s in stats)
            ratio = rates[workers] / rates[counts[0]]
            print(
                f"{workers} worker(s): {pages} pages in {float(str(result['wall'])):.1f} s ="
                f" {rates[workers]:.1f} pages/s; x{ratio:.2f} over {counts[0]};"
                f" peak RSS per worker (MiB): {rss}",
                flush=True,
            )
        per_request = queued_memory(server, site.origin, 10_000)
        print(f"Redis memory per 1,000 queued requests: {per_request * 1000 / 2**10:.0f} KiB")


if __name__ == "__main__":
    main()
