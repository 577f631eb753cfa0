"""Clean each page with `cleaners.clean_html`, and drop pages that are not articles.

A thin adapter: the cleaning is `cleaners`' job. What this pipeline adds is the listing
test, which needs what only the crawl knows (the page's link titles): once paragraphs that
hold a link's title or end in a teaser's ellipsis are set aside, an index page has little
left, an article or a forum thread has its text.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from cleaners import Options, clean_html
from crawler.drops import drop
from crawler.textfeatures import article_units

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from crawler.items import PageItem

COMPONENT = "clean"
# The fields of the cleaners record the item takes (cleaners.Document.to_dict()). Only
# these: anything else the record grows (a canonical URL) must not overwrite the spider's.
RECORD_FIELDS = ("title", "author", "published", "site", "language", "body", "removed", "replies")


class CleanPipeline:
    def __init__(self, stats: StatsCollector, options: Options, min_article_units: float):
        self.stats = stats
        self.options = options
        self.min_article_units = min_article_units

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("CLEAN_ENABLED"):
            raise NotConfigured  # silent: turned off by settings
        phrases = settings.get("CLEAN_PHRASES_TOML")
        options = Options.from_toml(phrases) if phrases else Options()
        assert crawler.stats is not None
        return cls(crawler.stats, options, settings.getfloat("CLEAN_MIN_ARTICLE_UNITS"))

    def process_item(self, item: PageItem) -> PageItem:
        html = item.pop("html")
        encoding = item.pop("encoding", None)
        link_titles = item.pop("link_titles", ())
        fetched = item.get("fetched_at")
        try:
            document = clean_html(
                html,
                url=item["url"],
                encoding=encoding,
                options=self.options,
                # relative dates on the page ("3小时前") count back from the fetch
                fetched_at=datetime.fromisoformat(fetched) if fetched else None,
            )
        except ValueError as error:  # cleaners' PageTooLarge, or a malformed fetch time
            drop(self.stats, COMPONENT, "unreadable", f"{item['url']}: {error}")
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
