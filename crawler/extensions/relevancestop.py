"""Stop a crawl that has wandered off the subject.

Over the last `RELEVANCESTOP_WINDOW` pages the relevance pipeline judged, if fewer than
`RELEVANCESTOP_MIN_SHARE` were relevant, close the spider with the reason
`relevance_share_below`. Listings are not judged (the clean pipeline drops them first), so
following index pages does not count against the crawl. In a shared crawl (`REDIS_URL`) the
window is the last pages judged by all workers, kept in Redis (`<prefix>:judged`), so every
worker stops when the crawl as a whole has left the subject.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING, Any, Protocol, Self

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from ..distributed import redis_settings
from ..signals import page_judged

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

    from ..distributed.frontier import Keys

logger = logging.getLogger(__name__)
REASON = "relevance_share_below"


class Window(Protocol):
    def add(self, relevant: bool) -> tuple[int, int]:
        """Record one judgement; (judgements in the window, relevant ones among them)."""
        ...


class LocalWindow:
    def __init__(self, size: int):
        self.recent: deque[bool] = deque(maxlen=size)

    def add(self, relevant: bool) -> tuple[int, int]:
        self.recent.append(relevant)
        return len(self.recent), sum(self.recent)


_ADD = """
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local relevant = 0
local values = redis.call('LRANGE', KEYS[1], 0, -1)
for _, value in ipairs(values) do if value == '1' then relevant = relevant + 1 end end
return {#values, relevant}
"""


class SharedWindow:
    """The last `size` judgements of every worker of a shared crawl, in a Redis list."""

    def __init__(self, server: redis.Redis, keys: Keys, size: int):
        self.key = keys.sub("judged")
        self.size = size
        self._add = server.register_script(_ADD)

    def add(self, relevant: bool) -> tuple[int, int]:
        count, relevant_count = self._add(keys=[self.key], args=[int(relevant), self.size])
        return int(count), int(relevant_count)


class RelevanceStop:
    def __init__(
        self, crawler: Crawler, min_share: float, window: int, shared: Window | None = None
    ):
        self.crawler = crawler
        self.min_share = min_share
        self.window_size = window
        self.window = shared or LocalWindow(window)
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        min_share = settings.getfloat("RELEVANCESTOP_MIN_SHARE")
        window = settings.getint("RELEVANCESTOP_WINDOW")
        if not settings.getbool("RELEVANCESTOP_ENABLED") or min_share <= 0 or window <= 0:
            raise NotConfigured  # silent: turned off by settings
        shared = redis_settings(crawler)
        extension = cls(crawler, min_share, window, shared and SharedWindow(*shared, window))
        crawler.signals.connect(extension.page_judged, signal=page_judged)
        return extension

    def page_judged(self, item: Any, relevant: bool) -> None:
        judged, relevant_count = self.window.add(relevant)
        if self.closing or judged < self.window_size:
            return
        share = relevant_count / judged
        if share < self.min_share:
            self.closing = True
            logger.info(
                "%.1f%% of the last %d pages were relevant (< %.1f%%): closing",
                100 * share,
                judged,
                100 * self.min_share,
            )
            assert self.crawler.stats is not None and self.crawler.engine is not None
            self.crawler.stats.set_value("relevancestop/share", round(share, 4))
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=REASON))
