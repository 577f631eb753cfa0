"""`scrapy export <spider> -s REDIS_URL=... -O corpus.jsonl`: every item of a shared crawl,
once, through Scrapy's own feed exports (`-O`/`-o`, `FILE:FORMAT`, `FEEDS`, `FEED_*`).

The workers append each item to the crawl's items list in the script that acknowledges
its page, so the list holds each emitted item exactly once; this command reads it in order
and hands the items to a crawler whose spider yields them from `start()`, so the feed is
written by the same exporters, with the same `FEED_EXPORT_FIELDS`, as a local crawl's.
It can run while the workers crawl: it writes what has been emitted so far.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from ..distributed import connect
from ..distributed.frontier import Frontier

if TYPE_CHECKING:
    import argparse
    from collections.abc import AsyncIterator

# Nothing to fetch, nothing to filter again: the items were judged when they were crawled.
_READ_ONLY = {
    "DISTRIBUTED_WORKER": False,
    "ITEM_PIPELINES": {},
    "ROBOTSTXT_OBEY": False,
    "RELEVANCESTOP_ENABLED": False,
}


class ExportSpider(scrapy.Spider):
    """Yields the items a shared crawl of spider `source` emitted."""

    name = "export"

    def __init__(self, source: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.source = source

    async def start(self) -> AsyncIterator[Any]:
        server, keys = connect(self.settings, self.source)
        for entry in Frontier(server, keys).items():
            yield json.loads(entry)


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options] <spider>"

    def short_desc(self) -> str:
        return "Write every item of a shared crawl (-s REDIS_URL=...) once, to -O/-o feeds"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        for name, value in _READ_ONLY.items():
            self.settings.set(name, value, priority=50)  # above -s: export never crawls

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None and self.crawler_process is not None
        if len(args) != 1:
            raise UsageError("name one spider: scrapy export <spider> -s REDIS_URL=...")
        if not self.settings.get("REDIS_URL"):
            raise UsageError("a shared crawl lives in Redis: pass -s REDIS_URL=redis://...")
        if not self.settings.getdict("FEEDS"):
            raise UsageError("say where to write: -O FILE[:FORMAT] or -o FILE[:FORMAT]")
        self.crawler_process.spider_loader.load(args[0])  # an unknown name is an error
        self.crawler_process.crawl(ExportSpider, source=args[0])
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
