"""Crawl speed with the pipelines on and off, on the fixture site scaled to ~2,000 pages.

    python benchmarks/crawl.py [--pages 2000] [--rounds 2]

Serves generated variations of the fixture site's articles on 127.0.0.1 (each page's
paragraphs are sentences drawn from every fixture article with a per-page seed, so pages
are different stories, some on the seeds' subject and some not, under the same chrome), then
runs `scrapy crawl similar` in subprocesses, taking turns for `--rounds` rounds: all
pipelines on (clean, language, relevance, duplicates), and `ITEM_PIPELINES={}`; each keeps
its fastest crawl. Politeness delays are off so the figures
measure our work, not sleeping. Prints pages/s of both, their ratio, the share of the
crawl's time the pipelines take, and each crawl's peak memory (Scrapy's memusage/max, the
process's peak RSS). A script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.fixturesite import SITE, FixtureSite, Page  # noqa: E402

PER_LIST = 50  # links per generated listing page
LINKS_PER_PAGE = 6  # "related" links from each generated article to others
TEMPLATE = SITE / "news" / "2025" / "11" / "ascend-capacity.html"
FAST = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "CLOSESPIDER_PAGECOUNT": "0",
    "DEPTH_LIMIT": "0",
    "RELEVANCESTOP_ENABLED": "False",
    "LOG_LEVEL": "WARNING",
}


def sentence_pool() -> list[str]:
    """Every sentence of every fixture article and thread (paragraphs of the <p> elements)."""
    sentences: list[str] = []
    for file in sorted(SITE.rglob("*.html")):
        if "hbm-controls" in file.name:
            continue  # the GBK page: its bytes are not UTF-8
        for paragraph in re.findall(r"<p>([^<]{40,})</p>", file.read_text("utf-8")):
            text = html.unescape(paragraph)
            sentences += [s for s in re.split(r"(?<=[。！？.!?])\s*", text) if len(s) > 10]
    return sentences


class ScaledSite:
    """`/gen/` pages: an index of listings, listings of articles, articles linking onwards."""

    def __init__(self, pages: int):
        self.pages = pages
        self.lists = (pages + PER_LIST - 1) // PER_LIST
        self.pool = sentence_pool()
        page = re.sub(r"<link rel=\"canonical\"[^>]*>", "", TEMPLATE.read_text("utf-8"))
        head, _, rest = page.partition('<div class="main">')
        self.head = head
        self.tail = rest[rest.index("<aside") :]

    def __call__(self, path: str, origin: str) -> Page | None:
        if path == "/gen/":
            links = [f"/gen/list-{i}.html" for i in range(self.lists)]
            return self._page("目录", [], links)
        if match := re.fullmatch(r"/gen/list-(\d+)\.html", path):
            first = int(match.group(1)) * PER_LIST
            last = min(first + PER_LIST, self.pages)
            return self._page("列表", [], [f"/gen/{n}.html" for n in range(first, last)])
        if match := re.fullmatch(r"/gen/(\d+)\.html", path):
            n = int(match.group(1))
            if n >= self.pages:
                return None
            rng = random.Random(n)
            paragraphs = ["".join(rng.sample(self.pool, 3)) for _ in range(5)]
            related = [f"/gen/{rng.randrange(self.pages)}.html" for _ in range(LINKS_PER_PAGE)]
            return self._page(rng.choice(self.pool)[:30], paragraphs, related)
        return None

    def _page(self, title: str, paragraphs: list[str], links: list[str]) -> Page:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        items = "".join(f'<li><a href="{u}">链接 {u}</a></li>' for u in links)
        text = (
            f'{self.head}<div class="main"><article><h1>{html.escape(title)}</h1>{body}</article>'
            f'<div class="related"><h3>相关文章</h3><ul>{items}</ul></div></div>{self.tail}'
        )
        return Page(text.encode("utf-8"), "text/html; charset=utf-8")


def crawl(origin: str, workdir: Path, name: str, **settings: str) -> dict[str, object]:
    stats_file = workdir / f"{name}.stats.json"
    command = [sys.executable, "-m", "scrapy", "crawl", "similar"]
    command += ["-a", f"start_urls={origin}/gen/", "-O", f"{workdir / name}.jsonl:jsonl"]
    for key, value in {**FAST, **settings, "STATSFILE_PATH": str(stats_file)}.items():
        command += ["-s", f"{key}={value}"]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    stats: dict[str, object] = json.loads(stats_file.read_text("utf-8"))
    stats["wall_seconds"] = wall
    return stats


def report(name: str, stats: dict[str, object]) -> float:
    pages = int(str(stats.get("response_received_count", 0)))
    seconds = float(str(stats["elapsed_time_seconds"]))
    rate = pages / seconds
    memory = int(str(stats.get("memusage/max", 0))) / 2**20
    print(
        f"{name:<14} {pages:5d} pages in {seconds:6.1f} s = {rate:6.1f} pages/s;"
        f" {int(str(stats.get('item_scraped_count', 0))):5d} items;"
        f" peak RSS {memory:6.1f} MiB (process wall {float(str(stats['wall_seconds'])):.1f} s)"
    )
    return rate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="crawl with pipelines on, then off, this many times, and keep each one's fastest"
        " crawl: on a shared machine the load drifts, and taking turns meets it alike",
    )
    args = parser.parse_args(argv)
    runs: dict[str, list[dict[str, object]]] = {"on": [], "off": []}
    with FixtureSite(extra=ScaledSite(args.pages)) as site, tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(f"scaled fixture site: {args.pages} articles at {site.url('/gen/')}")
        for round_ in range(args.rounds):
            runs["on"].append(crawl(site.origin, workdir, f"pipelines_on_{round_}"))
            runs["off"].append(
                crawl(site.origin, workdir, f"pipelines_off_{round_}", ITEM_PIPELINES="{}")
            )
    on, off = (min(runs[k], key=lambda s: float(str(s["elapsed_time_seconds"]))) for k in runs)
    rate_on, rate_off = report("pipelines on", on), report("pipelines off", off)
    ratio = rate_on / rate_off
    print(f"ratio on/off: {ratio:.2f}; pipelines' share of the crawl's time: {1 - ratio:.0%}")
    print("dropped:", {k: v for k, v in sorted(on.items()) if "/dropped/" in k})
    server_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fixture server (this process) peak RSS: {server_peak:.1f} MiB")


if __name__ == "__main__":
    main()
