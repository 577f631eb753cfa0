from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from parsel import Selector
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from cleaners import Document
from crawler.items import PageItem
from crawler.pipelines.clean import CleanPipeline
from tests.crawler.conftest import project_settings
from tests.crawler.pipelines.conftest import raw_item


def pipeline(**settings: object) -> CleanPipeline:
    """The pipeline cleaning in the calling thread, unless CLEAN_WORKERS says otherwise."""
    settings = {"CLEAN_WORKERS": 0, **settings}
    return build_from_crawler(
        CleanPipeline, get_crawler(settings_dict=project_settings(**settings))
    )


def process(clean: CleanPipeline, item: PageItem) -> PageItem:
    return asyncio.run(clean.process_item(item))


def test_article_gets_the_cleaners_record_and_loses_the_raw_page() -> None:
    clean = pipeline()
    item = process(clean, raw_item("/news/2025/11/ascend-capacity.html"))
    assert item["title"] == "华为昇腾芯片扩产提速 国产AI算力供给有望缓解"
    assert item["body"].startswith("多家供应链人士透露")
    assert "版权所有" not in item["body"] and "相关文章" not in item["body"]
    assert item["language"] == "zh-cn"
    assert {"rule", "text"} <= set(item["removed"][0])
    assert not {"html", "encoding", "link_titles"} & set(item)
    assert clean.stats.get_value("clean/kept") == 1


def test_gbk_page_is_decoded_with_its_encoding() -> None:
    item = process(pipeline(), raw_item("/news/2025/12/hbm-controls.html", encoding="gbk"))
    assert "高带宽内存" in item["body"]


def test_listing_page_is_dropped_and_counted() -> None:
    clean = pipeline()
    item = raw_item("/news/index.html")
    anchors = Selector(text=item["html"].decode("utf-8")).xpath("//a").xpath("string()").getall()
    item["link_titles"] = tuple(a for a in anchors if len(a) >= 10)  # as the spider finds them
    with pytest.raises(DropItem, match="listing"):
        process(clean, item)
    assert clean.stats.get_value("clean/dropped/listing") == 1


def test_forum_thread_with_short_posts_is_an_article() -> None:
    item = process(pipeline(), raw_item("/bbs/thread-1004.html"))
    assert "橘猫" in item["body"]


def test_threshold_is_a_setting() -> None:
    with pytest.raises(DropItem, match=r"CLEAN_MIN_ARTICLE_UNITS=100000"):
        process(pipeline(CLEAN_MIN_ARTICLE_UNITS=100000), raw_item("/bbs/thread-1001.html"))


def test_empty_page_is_dropped() -> None:
    clean = pipeline()
    item = raw_item(
        "/index.html", html=b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(DropItem, match=r"empty|listing"):
        process(clean, item)


def test_disabled_by_setting() -> None:
    with pytest.raises(NotConfigured):
        pipeline(CLEAN_ENABLED=False)


def test_forum_thread_item_carries_its_replies() -> None:
    item = process(pipeline(), raw_item("/bbs/thread-1004.html"))
    assert item["replies"], "a thread with a reply gives the item its replies"
    reply = item["replies"][0]
    assert set(reply) == {"author", "published", "text"} and reply["text"]
    assert reply["text"] not in item["body"]


SLOW_PAGE = (
    "<html><body><table>"
    + "<tr><td>cell one</td><td>cell two</td><td>3</td></tr>" * 6000
    + "</table></body></html>"
).encode()
ARTICLES = ["/news/2025/11/ascend-capacity.html", "/news/2025/12/hbm-controls.html"]


async def clean_all(clean: CleanPipeline, items: list[PageItem]) -> tuple[list[Any], int]:
    """Every item's outcome (item or exception), and how often the loop ran meanwhile."""
    ticks = 0
    done = False

    async def ticker() -> None:
        nonlocal ticks
        while not done:
            await asyncio.sleep(0.005)
            ticks += 1

    counting = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    try:
        tasks = [clean.process_item(item) for item in items]
        results = await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        done = True
        await counting
    return results, ticks


def test_workers_clean_off_the_loop_and_keep_the_order() -> None:
    clean = pipeline(CLEAN_WORKERS=2)
    try:
        slow = raw_item("/index.html", html=SLOW_PAGE)
        items = [slow, *(raw_item(path) for path in ARTICLES)]
        start = time.monotonic()
        results, ticks = asyncio.run(clean_all(clean, items))
        seconds = time.monotonic() - start
    finally:
        clean.close_spider()
    # The slow page came first and left first, though the articles were ready before it.
    assert results[0]["body"].startswith("cell one cell two 3")
    assert [r["url"] for r in results[1:]] == [raw_item(p)["url"] for p in ARTICLES]
    assert [r["body"] for r in results[1:]] == [
        process(pipeline(), raw_item(p))["body"] for p in ARTICLES
    ]
    # The loop went on while the pages were cleaned: at least one tick every 100 ms.
    assert ticks >= seconds * 10


def test_cleaning_in_the_calling_thread_blocks_the_loop() -> None:
    """The comparison that makes the test above mean something."""
    results, ticks = asyncio.run(clean_all(pipeline(), [raw_item("/index.html", html=SLOW_PAGE)]))
    assert results[0]["body"].startswith("cell one") and ticks <= 1


def test_page_over_the_budget_is_dropped_and_counted() -> None:
    clean = pipeline(CLEAN_TIME_BUDGET=1e-9)
    with pytest.raises(DropItem, match=r"over_budget: .*over the time budget of 1e-09 s"):
        process(clean, raw_item(ARTICLES[0]))
    assert clean.stats.get_value("clean/dropped/over_budget") == 1


def test_binary_page_is_dropped_as_unreadable() -> None:
    clean = pipeline()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(DropItem, match=r"unreadable: .*binary data"):
        process(clean, raw_item("/index.html", html=png))


def stuck_page(*arguments: object) -> Document:
    """A worker's job that never answers in time, as a page stuck in one C call would."""
    time.sleep(20)
    raise AssertionError("not reached")


def test_item_stuck_in_its_worker_is_dropped_after_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("crawler.pipelines.clean.WAIT_GRACE", 0.5)
    clean = pipeline(CLEAN_WORKERS=1, CLEAN_TIME_BUDGET=0.5)
    clean.work = stuck_page
    start = time.monotonic()
    try:
        with pytest.raises(DropItem, match=r"over_budget: .*stopped after a stage, still running"):
            process(clean, raw_item(ARTICLES[0]))
        waited = time.monotonic() - start
    finally:
        clean.close_spider()
    assert waited < 15  # the budget and its grace, plus starting the worker; not 20 s
    assert clean.stats.get_value("clean/dropped/over_budget") == 1
