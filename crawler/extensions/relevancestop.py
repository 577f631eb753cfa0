"""Stop a crawl that has wandered off the subject.

Over the last `RELEVANCESTOP_WINDOW` pages the relevance pipeline judged, if fewer than
`RELEVANCESTOP_MIN_SHARE` were relevant, close the spider with the reason
`relevance_share_below`. Listings are not judged (the clean pipeline drops them first), so
following index pages does not count against the crawl.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler.signals import page_judged

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
REASON = "relevance_share_below"


class RelevanceStop:
    def __init__(self, crawler: Crawler, min_share: float, window: int):
        self.crawler = crawler
        self.min_share = min_share
        self.recent: deque[bool] = deque(maxlen=window)
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        min_share = settings.getfloat("RELEVANCESTOP_MIN_SHARE")
        window = settings.getint("RELEVANCESTOP_WINDOW")
        if not settings.getbool("RELEVANCESTOP_ENABLED") or min_share <= 0 or window <= 0:
            raise NotConfigured  # silent: turned off by settings
        extension = cls(crawler, min_share, window)
        crawler.signals.connect(extension.page_judged, signal=page_judged)
        return extension

    def page_judged(self, item: Any, relevant: bool) -> None:
        self.recent.append(relevant)
        if self.closing or len(self.recent) < (self.recent.maxlen or 0):
            return
        share = sum(self.recent) / len(self.recent)
        if share < self.min_share:
            self.closing = True
            logger.info(
                "%.1f%% of the last %d pages were relevant (< %.1f%%): closing",
                100 * share,
                len(self.recent),
                100 * self.min_share,
            )
            assert self.crawler.stats is not None and self.crawler.engine is not None
            self.crawler.stats.set_value("relevancestop/share", round(share, 4))
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=REASON))
