"""The demo: crawl the bundled fixture site for pages like the seeds, write the corpus.

    python -m crawler.demo [--out out/corpus.jsonl]        (./run demo does this)
    python -m crawler.demo --workers 3                      (a shared crawl, on Redis)

Starts the fixture site on 127.0.0.1 (a free port), runs `scrapy crawl similar` against it in
a subprocess, exactly as a user would against a real site, then prints what happened: pages
fetched, emitted, dropped and why. Only the delays are changed (a loopback server needs no
politeness); robots.txt, AutoThrottle, per-site concurrency and every filter stay on.

With `--workers N` it also starts a redis-server (crawler.redisserver) and runs N workers of
one shared crawl at once, then writes the corpus with `scrapy export` and prints `scrapy
crawlstatus`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from .bundled import bundled
from .drops import dropped
from .fixturesite import FixtureSite
from .redisserver import RedisServer

ROOT = Path(__file__).resolve().parent.parent
# Settings changed for a server on this machine: no start delay, no floor under AutoThrottle.
LOOPBACK_SETTINGS = {"AUTOTHROTTLE_START_DELAY": "0", "DOWNLOAD_DELAY": "0"}


def crawl_command(
    start_urls: list[str], sitemap_urls: list[str], out: Path, stats: Path, **settings: str
) -> list[str]:
    """The `scrapy crawl similar` command line for these URLs and settings."""
    command = [sys.executable, "-m", "scrapy", "crawl", "similar"]
    command += ["-a", "start_urls=" + ",".join(start_urls)]
    if sitemap_urls:
        command += ["-a", "sitemap_urls=" + ",".join(sitemap_urls)]
    command += ["-O", f"{out}:jsonl", "-s", f"STATSFILE_PATH={stats}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def summary(stats: dict[str, object], out: Path, seconds: float) -> str:
    """The few lines the demo prints."""
    lines = [
        f"pages fetched:  {stats.get('response_received_count', 0)}"
        f" (robots.txt forbade {stats.get('robotstxt/forbidden', 0)},"
        f" HTTP errors {stats.get('httperror/response_ignored_count', 0)})",
        f"pages emitted:  {stats.get('item_scraped_count', 0)} -> {out}",
        f"pages dropped:  {stats.get('item_dropped_count', 0)}",
    ]
    lines += [f"  {key:<40} {count}" for key, count in dropped(stats).items()]
    lines.append(f"finished: {stats.get('finish_reason')} in {seconds:.1f} s")
    return "\n".join(lines)


def shared_demo(out: Path, workers: int, log_level: str) -> int:
    """N workers of one shared crawl of the fixture site, then export and status."""
    scrapy = [sys.executable, "-m", "scrapy"]
    with FixtureSite() as site, RedisServer() as server:
        print(f"fixture site at {site.url()}, Redis at {server.url}: {workers} workers", flush=True)
        processes = []
        for number in range(workers):
            own = out.with_name(f"{out.stem}.worker{number}.jsonl")
            stats = own.with_suffix(".stats.json")
            command = crawl_command(
                [site.url("/")],
                [site.url("/sitemap.xml")],
                own,
                stats,
                REDIS_URL=server.url,
                LOG_LEVEL=log_level,
                **LOOPBACK_SETTINGS,
            )
            processes.append(subprocess.Popen(command, cwd=ROOT))
        if failed := [p.returncode for p in processes if p.wait() != 0]:
            print(f"a worker failed (exit status {failed[0]})", file=sys.stderr)
            return failed[0]
        redis = ["-s", f"REDIS_URL={server.url}", "-s", "LOG_LEVEL=WARNING"]
        export = [*scrapy, "export", "similar", *redis, "-O", f"{out}:jsonl"]
        subprocess.run(export, cwd=ROOT, check=True)
        print(f"corpus -> {out}", flush=True)
        subprocess.run([*scrapy, "crawlstatus", "similar", *redis], cwd=ROOT, check=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "corpus.jsonl")
    parser.add_argument("--log-level", default="WARNING", help="the crawl's LOG_LEVEL")
    parser.add_argument(
        "--workers", type=int, default=0, help="run N workers of a shared crawl on Redis"
    )
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if args.workers > 0:
        return shared_demo(out, args.workers, args.log_level)
    stats_path = out.with_name(out.stem + ".stats.json")
    started = time.monotonic()
    with FixtureSite() as site:
        print(
            f"fixture site at {site.url()}; crawling for pages like {bundled('seeds')}", flush=True
        )
        command = crawl_command(
            [site.url("/")],
            [site.url("/sitemap.xml")],
            out,
            stats_path,
            LOG_LEVEL=args.log_level,
            **LOOPBACK_SETTINGS,
        )
        result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        print(f"the crawl failed (exit status {result.returncode})", file=sys.stderr)
        return result.returncode
    stats = json.loads(stats_path.read_text("utf-8"))
    print(summary(stats, out, time.monotonic() - started))
    for line in out.read_text("utf-8").splitlines():
        record = json.loads(line)
        print(f"  {record['similarity']:.3f}  {record['language']:<6} {record['title']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
