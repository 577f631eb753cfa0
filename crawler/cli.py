"""`cleaners crawl`, the Scrapy side: one crawl in this process, its corpus written atomically.

cleaners/crawl.py reads and checks the command line without Scrapy and calls `crawl` with
a `CrawlRequest`. The settings are this package's settings module (so the crawl needs no
scrapy.cfg and runs in any folder), then the request's limits and `-s NAME=VALUE` above
them. `--demo` serves the bundled fixture site on 127.0.0.1 and crawls it from its home
page and sitemap, with the demo's loopback delays (crawler/demo.py).

The feed goes to the hidden temporary file of a `cleaners.cli.AtomicFile` next to OUT,
which replaces OUT only when the crawl ends by itself (done, or a page or relevance
limit). Stopped by Ctrl-C or SIGTERM (Scrapy finishes the pages in flight), OUT stays as
it was and the whole records so far go to OUT.partial; after a crash or SIGKILL, OUT stays
as it was too.
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from cleaners.cli import AtomicFile

from .demo import LOOPBACK_SETTINGS, summary
from .fixturesite import FixtureSite
from .spiders.similar import SimilarSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from cleaners.crawl import CrawlRequest

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
#: Scrapy's finish reasons for a crawl stopped from outside (Ctrl-C, SIGTERM) before its end.
STOPPED = frozenset({"shutdown", "cancelled"})
_PACKAGE = __name__.rpartition(".")[0]


def settings_for(request: CrawlRequest, feed: str) -> Settings:
    """The project's settings, the demo's delays, the request's limits, `-s`, and the feed."""
    settings = Settings()
    settings.setmodule(f"{_PACKAGE}.settings", priority="project")
    if request.demo:
        settings.setdict(LOOPBACK_SETTINGS, priority="project")
    limits = {
        "DEPTH_LIMIT": request.depth,
        "CLOSESPIDER_PAGECOUNT": request.pages,
        "LOG_LEVEL": request.log_level,
    }
    settings.setdict({k: v for k, v in limits.items() if v is not None}, priority="cmdline")
    settings.setdict(dict(request.settings), priority="cmdline")
    settings.set("FEEDS", {feed: {"format": "jsonl", "overwrite": True}}, priority="cmdline")
    return settings


def spider_arguments(request: CrawlRequest, urls: list[str], sitemaps: list[str]) -> dict[str, Any]:
    """The `similar` spider's `-a` arguments; no seeds: the settings' (the bundled ones)."""
    arguments: dict[str, Any] = {"start_urls": urls, "sitemap_urls": sitemaps}
    if request.seeds:
        arguments["seeds"] = list(request.seeds)
    return arguments


def crawl(request: CrawlRequest) -> int:
    """Run the crawl; 0 when it ended by itself, 1 when it could not start, 130 stopped."""
    with ExitStack() as stack:
        urls, sitemaps = list(request.urls), list(request.sitemaps)
        if request.demo:
            site = stack.enter_context(FixtureSite())
            urls, sitemaps = [site.url("/")], [site.url("/sitemap.xml")]
            _say(f"crawl: the bundled fixture site at {site.url()}")
        out = AtomicFile(request.output)
        started = time.monotonic()
        try:
            process = AsyncCrawlerProcess(settings_for(request, out.temporary))
            crawler = process.create_crawler(SimilarSpider)
            process.crawl(crawler, **spider_arguments(request, urls, sitemaps))
            process.start()
            out.adopt()
        except BaseException:  # Scrapy's own errors end in the reactor; these are ours
            out.abandon()
            raise
        return _finish(process, crawler, out, time.monotonic() - started)


def _finish(process: AsyncCrawlerProcess, crawler: Crawler, out: AtomicFile, seconds: float) -> int:
    """Move the corpus into place if the crawl ended by itself, else keep OUT as it was."""
    if process.bootstrap_failed:  # the spider or a component could not be built
        out.abandon()
        _say("error: the crawl could not start; see the log above")
        return EXIT_FAILED
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    if reason is None:
        out.abandon()
        _say("error: the crawl did not finish; see the log above")
        return EXIT_FAILED
    if reason in STOPPED:
        out.abandon()
        _say(f"crawl: stopped ({reason})")
        return EXIT_INTERRUPTED
    out.commit()
    _say("crawl: " + summary(crawler.stats.get_stats(), Path(out.path), seconds))
    return EXIT_OK


def _say(message: str) -> None:
    print(f"cleaners: {message}", file=sys.stderr, flush=True)
