"""Drop pages that repeat one already kept: same canonical URL, same body once normalised,
or a near-duplicate body (the same story syndicated on another site).

The index of kept pages (`crawler.neardup.DuplicateIndex`) is explicit state. With `JOBDIR`
every page kept is appended to a log there (`DUPLICATES_LOG_FILE`, one JSON line written
with one `write` before the item goes on to the feed), and when the spider closes the
index is pickled (`DUPLICATES_STATE_FILE`) and the log emptied. Opening loads the pickle
and replays the log, so a resumed crawl does not emit a page, or its copy, that an earlier
run emitted, even one killed with SIGKILL.

In a shared crawl (`REDIS_URL`) the index lives in Redis instead
(`crawler.distributed.dupindex`), one for all workers.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Self

from scrapy.exceptions import NotConfigured

from ..distributed import redis_settings
from ..distributed.dupindex import RedisDuplicateIndex
from ..drops import drop
from ..neardup import FORMAT, DuplicateIndex, MinHasher

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from ..items import PageItem

COMPONENT = "duplicates"
logger = logging.getLogger(__name__)


class StateError(RuntimeError):
    """The saved duplicate-filter state cannot be used for this crawl."""


class Index(Protocol):
    def check(self, url: str, canonical_url: str, body: str) -> tuple[str, str] | None: ...


class DuplicatesPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        index: Index,
        state_path: Path | None,
        log_path: Path | None = None,
    ):
        self.stats = stats
        self.index = index
        self.state_path = state_path
        self.log_path = log_path
        self.log: int | None = None  # the log's file descriptor while the spider is open

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
        threshold = settings.getfloat("DUPLICATES_NEAR_THRESHOLD")
        assert crawler.stats is not None
        if shared := redis_settings(crawler):
            server, keys = shared
            return cls(crawler.stats, RedisDuplicateIndex(server, keys, hasher, threshold), None)
        index = DuplicateIndex(hasher, threshold=threshold)
        jobdir = settings.get("JOBDIR")
        state = Path(jobdir) / settings.get("DUPLICATES_STATE_FILE") if jobdir else None
        log = Path(jobdir) / settings.get("DUPLICATES_LOG_FILE") if jobdir else None
        return cls(crawler.stats, index, state, log)

    def open_spider(self) -> None:
        if self.state_path is not None and self.state_path.exists():
            self.load_state()
        if self.log_path is not None:
            self.replay_log()
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self.log = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def load_state(self) -> None:
        assert self.state_path is not None and isinstance(self.index, DuplicateIndex)
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

    def replay_log(self) -> None:
        """Record again the pages the log holds: those kept since the last pickle."""
        assert self.log_path is not None
        if not self.log_path.exists():
            return
        replayed = 0
        for number, line in enumerate(self.log_path.read_text("utf-8").splitlines(), 1):
            try:
                url, canonical, body = json.loads(line)
            except ValueError:
                # only the last line can be cut short (a kill mid-write): its page was not
                # passed on to the feed, so forgetting it loses nothing
                logger.warning("%s:%d: not a complete entry, skipped", self.log_path, number)
                continue
            self.index.check(url, canonical, body)
            replayed += 1
        logger.info("duplicate filter replayed %d pages from %s", replayed, self.log_path)

    def close_spider(self) -> None:
        if self.state_path is None:
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_path.with_suffix(".partial")
        with partial.open("wb") as file:
            pickle.dump(self.index, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.state_path)  # a crash mid-write keeps the previous state
        if self.log is not None:
            # the pickle holds every logged page now; replaying them again is harmless
            os.ftruncate(self.log, 0)
            os.close(self.log)
            self.log = None

    def process_item(self, item: PageItem) -> PageItem:
        url, body = item["url"], item.get("body") or ""
        canonical = item.get("canonical_url") or url
        if (found := self.index.check(url, canonical, body)) is not None:
            reason, first = found
            drop(self.stats, COMPONENT, reason, f"{url} repeats {first}")
        if self.log is not None:
            # one write() of one line: the kernel has it before the feed sees the item
            entry = json.dumps([url, canonical, body], ensure_ascii=False) + "\n"
            os.write(self.log, entry.encode("utf-8"))
        return item
