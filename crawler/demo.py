"""The demo: crawl the bundled fixture site for pages like the seeds, write the corpus.

    python -m crawler.demo [--out out/corpus.jsonl]        (./run demo does this)

Starts the fixture site on 127.0.0.1 (a free port), runs `scrapy crawl similar` against it in
a subprocess, exactly as a user would against a real site, then prints what happened: pages
fetched, emitted, dropped and why. Only the delays are changed (a loopback server needs no
politeness); robots.txt, AutoThrottle, per-site concurrency and every filter stay on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from crawler.drops import dropped
from crawler.fixturesite import FixtureSite

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "corpus.jsonl")
    parser.add_argument("--log-level", default="WARNING", help="the crawl's LOG_LEVEL")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    stats_path = out.with_name(out.stem + ".stats.json")
    started = time.monotonic()
    with FixtureSite() as site:
        print(f"fixture site at {site.url()}; crawling for pages like {ROOT / 'seeds'}", flush=True)
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
