"""Drop pages that repeat one already kept: same canonical URL, same body once normalised,
or a near-duplicate body (the same story syndicated on another site).

The index of kept pages (`crawler.neardup.DuplicateIndex`) is explicit state: with `JOBDIR`
it is pickled there when the spider closes and loaded when it opens, so a resumed crawl
does not emit a page, or its copy, that the interrupted run already emitted.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from crawler.drops import drop
from crawler.neardup import FORMAT, DuplicateIndex, MinHasher

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from crawler.items import PageItem

COMPONENT = "duplicates"
logger = logging.getLogger(__name__)


class StateError(RuntimeError):
    """The saved duplicate-filter state cannot be used for this crawl."""


class DuplicatesPipeline:
    def __init__(self, stats: StatsCollector, index: DuplicateIndex, state_path: Path | None):
        self.stats = stats
        self.index = index
        self.state_path = state_path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("DUPLICATES_ENABLED"):
            raise NotConfigured  # silent: turned off by settings
        hasher = MinHasher(
            bands=settings.getint("DUPLICATES_BANDS"),
            rows=settings.getint("DUPLICATES_ROWS"),
            shingle_size=settings.getint("DUPLICATES_SHINGLE_SIZE"),
        )
        index = DuplicateIndex(hasher, threshold=settings.getfloat("DUPLICATES_NEAR_THRESHOLD"))
        jobdir = settings.get("JOBDIR")
        state = Path(jobdir) / settings.get("DUPLICATES_STATE_FILE") if jobdir else None
        assert crawler.stats is not None
        return cls(crawler.stats, index, state)

    def open_spider(self) -> None:
        if self.state_path is None or not self.state_path.exists():
            return
        with self.state_path.open("rb") as file:
            saved = pickle.load(file)  # our own file in JOBDIR, written by close_spider
        if not isinstance(saved, DuplicateIndex) or saved.format != FORMAT:
            raise StateError(f"{self.state_path}: not a duplicate-filter state of format {FORMAT}")
        if saved.hasher != self.index.hasher or saved.threshold != self.index.threshold:
            raise StateError(
                f"{self.state_path} was saved with other DUPLICATES_* settings; resume with the "
                "same settings or start a new JOBDIR"
            )
        self.index = saved
        logger.info("duplicate filter resumed with %d pages", len(saved.bodies))

    def close_spider(self) -> None:
        if self.state_path is None:
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_path.with_suffix(".partial")
        with partial.open("wb") as file:
            pickle.dump(self.index, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.state_path)  # a crash mid-write keeps the previous state

    def process_item(self, item: PageItem) -> PageItem:
        url, body = item["url"], item.get("body") or ""
        canonical = item.get("canonical_url") or url
        if (found := self.index.check(url, canonical, body)) is not None:
            reason, first = found
            drop(self.stats, COMPONENT, reason, f"{url} repeats {first}")
        return item
