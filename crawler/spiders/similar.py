"""The `similar` spider: crawl from start URLs and sitemaps towards pages like the seeds.

    scrapy crawl similar -a start_urls=URL[,URL...] [-a seeds=DIR[,DIR]]
                         [-a sitemap_urls=URL[,URL...]] -O corpus.jsonl

The spider fetches and follows; it does not judge. Every HTML page becomes a `PageItem`
carrying the raw page, and the pipelines clean it, drop listings, other languages, pages
off the subject and duplicates. What the spider does decide is the order: each link's
priority comes from how close the linking page's text is to the seeds and how many of the
anchor's words the seeds use, so links from relevant pages, and links that name the
subject, are fetched first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap

from ..items import PageItem
from ..similarity import SeedSet
from ..textfeatures import word_units

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

# Visible text of a page: everything under <body> but scripts, styles and templates.
_VISIBLE_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::template)]"
_CANONICAL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"


class SpiderArgumentError(ValueError):
    """The `-a` arguments do not say where to start."""


def _split(value: str | list[str] | None) -> list[str]:
    """`-a` values are comma-separated strings; Python callers may pass lists."""
    if value is None:
        return []
    items = value if isinstance(value, list) else value.split(",")
    return [item.strip() for item in items if item.strip()]


class SimilarSpider(scrapy.Spider):
    name = "similar"

    def __init__(
        self,
        start_urls: str | list[str] | None = None,
        sitemap_urls: str | list[str] | None = None,
        seeds: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_urls = _split(start_urls)
        self.sitemap_urls = _split(sitemap_urls)
        if not self.start_urls and not self.sitemap_urls:
            raise SpiderArgumentError(
                "nothing to crawl: pass -a start_urls=URL[,URL...] or -a sitemap_urls=URL"
            )
        self.link_extractor = LinkExtractor()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        # `-a seeds=` feeds the setting so the relevance pipeline reads the same seeds.
        if seeds := _split(kwargs.get("seeds")):
            crawler.settings.set("RELEVANCE_SEEDS", seeds, priority="spider")
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        return spider

    def configure(self, settings: BaseSettings) -> None:
        """Read the `SIMILAR_*` settings and the seeds (also used by unit tests)."""
        self.seeds = SeedSet.from_dirs(settings.getlist("RELEVANCE_SEEDS"))
        self.page_weight = settings.getfloat("SIMILAR_PAGE_PRIORITY_WEIGHT")
        self.anchor_weight = settings.getfloat("SIMILAR_ANCHOR_PRIORITY_WEIGHT")
        self.start_priority = settings.getint("SIMILAR_START_PRIORITY")
        self.sitemap_priority = settings.getint("SIMILAR_SITEMAP_PRIORITY")
        self.title_units = settings.getfloat("SIMILAR_LINK_TITLE_UNITS")
        if settings.getbool("SIMILAR_STAY_ON_START_DOMAINS"):
            hosts = (urlsplit(url).hostname for url in self.start_urls + self.sitemap_urls)
            self.allowed_domains = sorted({host for host in hosts if host})

    async def start(self) -> AsyncIterator[Any]:
        for url in self.sitemap_urls:
            yield scrapy.Request(url, self.parse_sitemap, priority=self.start_priority)
        for url in self.start_urls:
            yield scrapy.Request(url, self.parse, priority=self.start_priority)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Pages listed by a sitemap, a sitemap index, or an RSS or Atom feed."""
        for url, is_sitemap in _sitemap_links(response.body):
            if is_sitemap:
                yield response.follow(url, self.parse_sitemap, priority=self.start_priority)
            else:
                yield response.follow(url, self.parse, priority=self.sitemap_priority)

    def parse(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("similar/not_html")
            return
        yield self.page_item(response)
        page_score = self.seeds.similarity(" ".join(response.xpath(_VISIBLE_TEXT).getall()))
        for link in self.link_extractor.extract_links(response):
            if link.nofollow:
                continue
            priority = self.priority(page_score, link.text)
            yield response.follow(link.url, self.parse, priority=priority)

    def priority(self, page_score: float, anchor: str) -> int:
        """Higher for links on pages like the seeds and anchors that use the seeds' words."""
        anchor_score = self.seeds.anchor_score(anchor)
        return round(100 * (self.page_weight * page_score + self.anchor_weight * anchor_score))

    def page_item(self, response: HtmlResponse) -> PageItem:
        canonical = response.xpath(_CANONICAL).get()
        referer = response.request.headers.get("Referer") if response.request else None
        anchors = (" ".join(a.split()) for a in response.xpath("//a").xpath("string()").getall())
        return PageItem(
            url=response.url,
            canonical_url=response.urljoin(canonical.strip()) if canonical else response.url,
            fetched_at=_fetched_at(response),
            status=response.status,
            depth=response.meta.get("depth", 0),
            referer=referer.decode("latin-1") if referer else None,
            html=response.body,
            encoding=response.encoding,
            link_titles=tuple(sorted({a for a in anchors if word_units(a) >= self.title_units})),
        )


def _fetched_at(response: Response) -> str:
    """The server's Date header when it sent one (a replayed cassette keeps its recording
    time), else now; ISO 8601 in UTC."""
    date = response.headers.get("Date")
    when = None
    if date:
        try:
            when = parsedate_to_datetime(date.decode("latin-1"))
        except (TypeError, ValueError):
            when = None
    if when is None or when.tzinfo is None:
        when = datetime.now(UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _sitemap_links(body: bytes) -> Iterator[tuple[str, bool]]:
    """(url, is_another_sitemap) for each entry of a sitemap, sitemap index or feed.

    >>> list(_sitemap_links(b'<rss><channel><item><link>http://a/1</link></item></channel></rss>'))
    [('http://a/1', False)]
    """
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, recover=True))
    except etree.XMLSyntaxError:
        return
    if root is None:
        return
    tag = etree.QName(root).localname
    if tag in ("rss", "feed", "RDF"):
        for link in root.iter("{*}link"):
            href = link.get("href") or (link.text or "").strip()
            if href and etree.QName(link.getparent()).localname in ("item", "entry"):
                yield href, False
        return
    sitemap = Sitemap(body)
    for entry in sitemap:
        yield entry["loc"], sitemap.type == "sitemapindex"
