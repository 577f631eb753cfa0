"""A shared crawl: `-s REDIS_URL=redis://host:port/db` makes `scrapy crawl similar` one
worker of a crawl whose state lives in Redis, joined by any number of workers anywhere.

In Redis: the frontier and the request fingerprints (`frontier`, on scrapy-redis's queue
and dupefilter layout), the leases of requests in flight, the emitted items, the counters
(pages, done, emitted, dropped by reason), the duplicate index (`dupindex`) and the
relevance window. Without `REDIS_URL` nothing here is used and the crawl runs alone.

`SharedCrawl` is a Scrapy add-on (`ADDONS`): when `REDIS_URL` is set it puts the leasing
scheduler in place, keeps the queue when a worker closes (scrapy-redis's default deletes
it), and moves the page budget (`CLOSESPIDER_PAGECOUNT`, per process) to
`DISTRIBUTED_PAGE_BUDGET`, counted in Redis across the workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import redis
from scrapy.exceptions import NotConfigured

from .frontier import Frontier, Keys

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

__all__ = ["Frontier", "Keys", "SharedCrawl", "connect", "redis_settings"]

SCHEDULER = f"{__name__}.scheduler.LeasingScheduler"


def is_worker(settings: BaseSettings) -> bool:
    """True when this process crawls as one worker of a shared crawl."""
    return bool(settings.get("REDIS_URL")) and settings.getbool("DISTRIBUTED_WORKER")


def connect(settings: BaseSettings, spider_name: str) -> tuple[redis.Redis, Keys]:
    """The Redis client of `REDIS_URL` and the keys of this spider's shared crawl."""
    server = redis.Redis.from_url(settings.get("REDIS_URL"), **settings.getdict("REDIS_PARAMS"))
    return server, Keys(settings.get("DISTRIBUTED_KEY") % {"spider": spider_name})


def redis_settings(crawler: Crawler) -> tuple[redis.Redis, Keys] | None:
    """For a component built in a worker: the shared crawl's client and keys, else None."""
    if not is_worker(crawler.settings):
        return None
    return connect(crawler.settings, crawler.spidercls.name)


class SharedCrawl:
    """The add-on that turns a crawl into a worker of a shared crawl when REDIS_URL is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not is_worker(settings):
            raise NotConfigured  # silent: a crawl of its own
        settings.set("SCHEDULER", SCHEDULER, priority="cmdline")
        settings.set("SCHEDULER_PERSIST", True, priority="cmdline")
        settings.set("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue", "cmdline")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "cmdline")
        prefix = settings.get("DISTRIBUTED_KEY")
        settings.set("SCHEDULER_QUEUE_KEY", prefix + ":requests", priority="cmdline")
        settings.set("SCHEDULER_DUPEFILTER_KEY", prefix + ":dupefilter", priority="cmdline")
        if not settings.getint("DISTRIBUTED_PAGE_BUDGET"):
            budget = settings.getint("CLOSESPIDER_PAGECOUNT")
            settings.set("DISTRIBUTED_PAGE_BUDGET", budget, priority="cmdline")
        settings.set("CLOSESPIDER_PAGECOUNT", 0, priority="cmdline")
