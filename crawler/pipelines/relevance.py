"""Score each clean body against the seed documents; drop the pages off the subject.

The score is `crawler.similarity`: CJK bigrams and Latin words, the best cosine over the
seeds. It is stored on the item (`similarity`) whether the page is kept or not, and each
judgement is sent as the `page_judged` signal for the RelevanceStop extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from ..drops import drop
from ..signals import page_judged
from ..similarity import SeedSet

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

    from ..items import PageItem

COMPONENT = "relevance"


class RelevancePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        signals: SignalManager,
        seeds: SeedSet,
        min_similarity: float,
    ):
        self.stats = stats
        self.signals = signals
        self.seeds = seeds
        self.min_similarity = min_similarity

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("RELEVANCE_ENABLED"):
            raise NotConfigured  # silent: turned off by settings
        seeds = SeedSet.from_dirs(settings.getlist("RELEVANCE_SEEDS"))
        assert crawler.stats is not None
        return cls(
            crawler.stats, crawler.signals, seeds, settings.getfloat("RELEVANCE_MIN_SIMILARITY")
        )

    def process_item(self, item: PageItem) -> PageItem:
        score = self.seeds.similarity(item.get("body") or "")
        item["similarity"] = round(score, 4)
        relevant = score >= self.min_similarity
        self.signals.send_catch_log(page_judged, item=item, relevant=relevant)
        if not relevant:
            drop(
                self.stats,
                COMPONENT,
                "irrelevant",
                f"{item['url']}: similarity {score:.3f} "
                f"< RELEVANCE_MIN_SIMILARITY={self.min_similarity:g}",
            )
        self.stats.inc_value(f"{COMPONENT}/relevant")
        return item
