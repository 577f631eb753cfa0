"""The `similar` spider's callbacks, on responses built from the fixture site's files."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.spiders.similar import SimilarSpider, SpiderArgumentError
from tests.crawler.conftest import project_settings

if TYPE_CHECKING:
    from pathlib import Path

ORIGIN = "http://127.0.0.1:8000"


def make_spider(**kwargs: str) -> SimilarSpider:
    crawler = get_crawler(SimilarSpider, project_settings())
    kwargs.setdefault("start_urls", ORIGIN + "/")
    return SimilarSpider.from_crawler(crawler, **kwargs)


def page(site_root: Path, path: str, charset: str = "utf-8", depth: int = 1) -> HtmlResponse:
    request = Request(ORIGIN + path, meta={"depth": depth}, headers={"Referer": ORIGIN + "/"})
    return HtmlResponse(
        url=ORIGIN + path,
        body=(site_root / path.split("?")[0].lstrip("/")).read_bytes(),
        headers={
            "Content-Type": f"text/html; charset={charset}",
            "Date": "Tue, 09 Dec 2025 02:30:00 GMT",
        },
        request=request,
    )


def test_start_urls_and_sitemaps_come_from_comma_separated_arguments() -> None:
    spider = make_spider(
        start_urls=f"{ORIGIN}/, http://example.org/a", sitemap_urls=ORIGIN + "/sitemap.xml"
    )
    assert spider.start_urls == [ORIGIN + "/", "http://example.org/a"]
    assert spider.sitemap_urls == [ORIGIN + "/sitemap.xml"]
    assert spider.allowed_domains == ["127.0.0.1", "example.org"]


def test_without_urls_the_spider_says_what_to_pass() -> None:
    with pytest.raises(SpiderArgumentError, match="start_urls"):
        SimilarSpider.from_crawler(get_crawler(SimilarSpider, project_settings()))


def test_seeds_argument_sets_the_relevance_seeds(root: Path) -> None:
    # as in `scrapy crawl`: the spider is built before the settings are frozen
    crawler = Crawler(SimilarSpider, Settings(project_settings()))
    SimilarSpider.from_crawler(crawler, start_urls=ORIGIN, seeds=str(root / "seeds"))
    assert crawler.settings.getlist("RELEVANCE_SEEDS") == [str(root / "seeds")]


def test_leaving_the_start_domains_is_a_setting() -> None:
    crawler = get_crawler(SimilarSpider, project_settings(SIMILAR_STAY_ON_START_DOMAINS=False))
    spider = SimilarSpider.from_crawler(crawler, start_urls=ORIGIN)
    assert not getattr(spider, "allowed_domains", None)


def test_start_yields_sitemaps_then_start_urls_first_in_line() -> None:
    spider = make_spider(sitemap_urls=ORIGIN + "/sitemap.xml")

    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    requests = asyncio.run(collect())
    assert [r.url for r in requests] == [ORIGIN + "/sitemap.xml", ORIGIN + "/"]
    assert all(r.priority == 1000 for r in requests)


def test_article_becomes_an_item_with_its_fetch_fields(site_root: Path) -> None:
    spider = make_spider()
    response = page(site_root, "/news/2025/12/h200-export.html?print=1", depth=2)
    item = next(iter(spider.parse(response)))
    assert isinstance(item, PageItem)
    assert item["url"] == ORIGIN + "/news/2025/12/h200-export.html?print=1"
    assert item["canonical_url"] == ORIGIN + "/news/2025/12/h200-export.html"
    assert item["fetched_at"] == "2025-12-09T02:30:00+00:00"
    assert (item["status"], item["depth"], item["referer"]) == (200, 2, ORIGIN + "/")
    assert item["encoding"] == "utf-8"
    assert "相关文章" not in item["link_titles"]  # a heading, not a link
    assert any("寒武纪" in title or "华为昇腾" in title for title in item["link_titles"])


def test_gbk_page_keeps_its_declared_encoding(site_root: Path) -> None:
    response = page(site_root, "/news/2025/12/hbm-controls.html", charset="gbk")
    item = next(iter(make_spider().parse(response)))
    assert item["encoding"] in ("gbk", "gb18030")  # Scrapy reads GBK as its superset
    assert "高带宽内存" in item["html"].decode("gbk")


def test_links_on_the_subject_are_crawled_first(site_root: Path) -> None:
    outputs = list(make_spider().parse(page(site_root, "/index.html", depth=0)))
    requests = {r.url.removeprefix(ORIGIN): r.priority for r in outputs if isinstance(r, Request)}
    assert requests["/news/2025/12/h200-export.html"] > requests["/news/2025/12/metro-line.html"]
    assert requests["/bbs/thread-1001.html?from=home"] > requests["/bbs/thread-1004.html"]
    # robots.txt and the offsite rules are left to their middlewares: links are all yielded
    assert "/members/" in requests


def test_a_page_like_the_seeds_lifts_its_links() -> None:
    spider = make_spider()
    assert spider.priority(0.25, "城市马拉松") > spider.priority(0.0, "城市马拉松")
    assert spider.priority(0.0, "Nvidia H200 chips") > spider.priority(0.0, "Harvest fair")


def test_nofollow_links_are_not_followed() -> None:
    body = b'<html><body><a href="/a" rel="nofollow">A</a><a href="/b">B</a></body></html>'
    response = HtmlResponse(url=ORIGIN + "/", body=body, encoding="utf-8", request=Request(ORIGIN))
    urls = [r.url for r in make_spider().parse(response) if isinstance(r, Request)]
    assert urls == [ORIGIN + "/b"]


def test_other_responses_are_counted_not_parsed() -> None:
    spider = make_spider()
    response = TextResponse(url=ORIGIN + "/data.json", body=b"{}", encoding="utf-8")
    assert list(spider.parse(response)) == []
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value("similar/not_html") == 1


def test_sitemap_entries_are_fetched_ahead_of_crawled_links(site_root: Path) -> None:
    body = (site_root / "sitemap.xml").read_bytes().replace(b"{ORIGIN}", ORIGIN.encode())
    response = XmlResponse(url=ORIGIN + "/sitemap.xml", body=body)
    requests = list(make_spider().parse_sitemap(response))
    assert ORIGIN + "/news/2025/07/computing-centers.html" in [r.url for r in requests]
    assert {r.priority for r in requests} == {100}


def test_sitemap_index_and_feeds_are_followed() -> None:
    spider = make_spider()
    index = XmlResponse(
        url=ORIGIN + "/sitemaps.xml",
        body=b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://127.0.0.1:8000/s1.xml</loc></sitemap></sitemapindex>",
    )
    (request,) = spider.parse_sitemap(index)
    assert (request.url, request.callback) == (ORIGIN + "/s1.xml", spider.parse_sitemap)
    atom = XmlResponse(
        url=ORIGIN + "/feed.atom",
        body=b'<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://127.0.0.1:8000/"/>'
        b'<entry><link href="http://127.0.0.1:8000/e1.html"/></entry></feed>',
    )
    assert [r.url for r in spider.parse_sitemap(atom)] == [ORIGIN + "/e1.html"]
