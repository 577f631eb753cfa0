from __future__ import annotations

import pytest
from parsel import Selector
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.pipelines.clean import CleanPipeline
from tests.crawler.conftest import project_settings
from tests.crawler.pipelines.conftest import raw_item


def pipeline(**settings: object) -> CleanPipeline:
    return build_from_crawler(
        CleanPipeline, get_crawler(settings_dict=project_settings(**settings))
    )


def test_article_gets_the_cleaners_record_and_loses_the_raw_page() -> None:
    clean = pipeline()
    item = clean.process_item(raw_item("/news/2025/11/ascend-capacity.html"))
    assert item["title"] == "华为昇腾芯片扩产提速 国产AI算力供给有望缓解"
    assert item["body"].startswith("多家供应链人士透露")
    assert "版权所有" not in item["body"] and "相关文章" not in item["body"]
    assert item["language"] == "zh-cn"
    assert {"rule", "text"} <= set(item["removed"][0])
    assert not {"html", "encoding", "link_titles"} & set(item)
    assert clean.stats.get_value("clean/kept") == 1


def test_gbk_page_is_decoded_with_its_encoding() -> None:
    item = pipeline().process_item(raw_item("/news/2025/12/hbm-controls.html", encoding="gbk"))
    assert "高带宽内存" in item["body"]


def test_listing_page_is_dropped_and_counted() -> None:
    clean = pipeline()
    item = raw_item("/news/index.html")
    anchors = Selector(text=item["html"].decode("utf-8")).xpath("//a").xpath("string()").getall()
    item["link_titles"] = tuple(a for a in anchors if len(a) >= 10)  # as the spider finds them
    with pytest.raises(DropItem, match="listing"):
        clean.process_item(item)
    assert clean.stats.get_value("clean/dropped/listing") == 1


def test_forum_thread_with_short_posts_is_an_article() -> None:
    item = pipeline().process_item(raw_item("/bbs/thread-1004.html"))
    assert "橘猫" in item["body"]


def test_threshold_is_a_setting() -> None:
    with pytest.raises(DropItem, match=r"CLEAN_MIN_ARTICLE_UNITS=100000"):
        pipeline(CLEAN_MIN_ARTICLE_UNITS=100000).process_item(raw_item("/bbs/thread-1001.html"))


def test_empty_page_is_dropped() -> None:
    clean = pipeline()
    item = raw_item(
        "/index.html", html=b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(DropItem, match=r"empty|listing"):
        clean.process_item(item)


def test_disabled_by_setting() -> None:
    with pytest.raises(NotConfigured):
        pipeline(CLEAN_ENABLED=False)


def test_forum_thread_item_carries_its_replies() -> None:
    item = pipeline().process_item(raw_item("/bbs/thread-1004.html"))
    assert item["replies"], "a thread with a reply gives the item its replies"
    reply = item["replies"][0]
    assert set(reply) == {"author", "published", "text"} and reply["text"]
    assert reply["text"] not in item["body"]
