"""Clean each page with `cleaners.clean_html`, and drop pages that are not articles.

A thin adapter: the cleaning is `cleaners`' job. What this pipeline adds is the listing
test, which needs what only the crawl knows (the page's link titles): once paragraphs that
hold a link's title or end in a teaser's ellipsis are set aside, an index page has little
left, an article or a forum thread has its text.

Cleaning runs off the reactor thread, in a pool of `CLEAN_WORKERS` processes, under a time
budget of `CLEAN_TIME_BUDGET` seconds a page, so a slow page never stalls fetching. Processes
rather than threads, as measured by benchmarks/clean_pool.py: a cleaning thread holds the
GIL the reactor needs (the reactor ran up to 234 ms late), a process does not (62 ms, under
a load of four processes on two cores), and two processes cleaned 80 pages/s where one
thread did 64. Items leave in the order they came, whatever order the workers finish in,
so that the duplicate filter keeps seeing an original before its copies.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from cleaners import Document, Options, OverBudget, clean_html
from cleaners.parallel import exit_with_parent

from ..drops import drop
from ..textfeatures import article_units

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from ..items import PageItem

COMPONENT = "clean"
# The fields of the cleaners record the item takes (cleaners.Document.to_dict()). Only
# these: anything else the record grows (a canonical URL) must not overwrite the spider's.
RECORD_FIELDS = ("title", "author", "published", "site", "language", "body", "removed", "replies")
#: Seconds past CLEAN_TIME_BUDGET an item waits for a worker stuck inside one stage.
WAIT_GRACE = 5.0


def clean_page(
    html: bytes | str, url: str, encoding: str | None, fetched: str | None, options: bytes
) -> Document:
    """What a worker runs: `clean_html` with the pipeline's options (pickled once by the
    pipeline, unpickled once per worker)."""
    return clean_html(
        html,
        url=url,
        encoding=encoding,
        options=_options(options),
        # relative dates on the page ("3小时前") count back from the fetch
        fetched_at=datetime.fromisoformat(fetched) if fetched else None,
    )


@lru_cache(maxsize=4)
def _options(pickled: bytes) -> Options:
    options = pickle.loads(pickled)
    assert isinstance(options, Options)
    return options


class CleanPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        options: Options,
        min_article_units: float,
        workers: int = 0,
    ):
        self.stats = stats
        self.options = options
        self.min_article_units = min_article_units
        self.workers = workers
        #: What a worker runs for each page: `clean_page`, by reference (it is pickled).
        self.work = clean_page
        self._pickled = pickle.dumps(options)
        self._pool: Executor | None = None
        # Set when the item before the newest one has left: items leave in arrival order.
        self._last_left: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("CLEAN_ENABLED"):
            raise NotConfigured  # silent: turned off by settings
        phrases = settings.get("CLEAN_PHRASES_TOML")
        options = Options.from_toml(phrases) if phrases else Options()
        budget = settings.getfloat("CLEAN_TIME_BUDGET")
        options = replace(options, time_budget=budget if budget > 0 else None)
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            options,
            settings.getfloat("CLEAN_MIN_ARTICLE_UNITS"),
            settings.getint("CLEAN_WORKERS"),
        )

    def close_spider(self) -> None:
        """Stop the workers, also one still stuck in a page (which would keep the crawl's
        process alive until it finished)."""
        if self._pool is None:
            return
        # Python 3.14 has ProcessPoolExecutor.terminate_workers(); before, its processes.
        workers = list(getattr(self._pool, "_processes", {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        self._pool = None

    async def process_item(self, item: PageItem) -> PageItem:
        """Clean in a worker (or here, with no workers), then judge the page in order."""
        before = self._last_left
        left: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last_left = left
        try:
            outcome = await self._clean(item)
            if before is not None:
                await before  # an earlier page still cleaning goes first
            return self._judge(item, outcome)
        finally:
            left.set_result(None)

    async def _clean(self, item: PageItem) -> Document | Exception:
        """The page's document, or the error cleaning it raised."""
        arguments = (
            item.pop("html"),
            item["url"],
            item.pop("encoding", None),
            item.get("fetched_at"),
            self._pickled,
        )
        try:
            if self.workers <= 0:
                return self.work(*arguments)
            future = asyncio.wrap_future(self._executor().submit(self.work, *arguments))
            return await asyncio.wait_for(future, self._wait_limit())
        except (ValueError, OverBudget) as error:  # PageTooLarge, DecodeError, a bad time
            return error
        except TimeoutError:
            # Stuck inside one stage (a long C call): the item goes, the worker stays busy
            # until the stage ends, the other workers go on.
            return OverBudget(self.options.time_budget or 0.0, "a stage, still running")

    def _wait_limit(self) -> float | None:
        """How long an item waits for its worker: the budget, and some grace for the
        library's own check between stages to answer first."""
        budget = self.options.time_budget
        return None if budget is None else budget + max(WAIT_GRACE, budget / 2)

    def _executor(self) -> Executor:
        if self._pool is None:
            # spawn: a fork of a process that runs a reactor and threads may inherit locks
            # held by another thread, and hang.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                # a crawl killed outright (SIGKILL) leaves no worker waiting forever
                initializer=exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _judge(self, item: PageItem, outcome: Document | Exception) -> PageItem:
        """Keep the cleaned page with its record, or drop it saying why."""
        link_titles = item.pop("link_titles", ())
        if isinstance(outcome, OverBudget):
            drop(self.stats, COMPONENT, "over_budget", f"{item['url']}: {outcome}")
        if isinstance(outcome, Exception):
            drop(self.stats, COMPONENT, "unreadable", f"{item['url']}: {outcome}")
        document = outcome
        if not document.body:
            drop(self.stats, COMPONENT, "empty", f"{item['url']}: no text left after cleaning")
        units = article_units(document.body, link_titles)
        if units < self.min_article_units:
            drop(
                self.stats,
                COMPONENT,
                "listing",
                f"{item['url']}: {units:.0f} word units of article text "
                f"(< CLEAN_MIN_ARTICLE_UNITS={self.min_article_units:g})",
            )
        record = document.to_dict()
        for name in RECORD_FIELDS:
            item[name] = record[name]
        self.stats.inc_value(f"{COMPONENT}/kept")
        return item
