from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.extensions.relevancestop import REASON, RelevanceStop
from crawler.signals import page_judged
from tests.crawler.conftest import project_settings


class Engine:
    """Stands in for the engine: records why the spider was closed."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    async def close_spider_async(self, *, reason: str) -> None:
        self.reasons.append(reason)


def judge(window: int, share: float, verdicts: list[bool], **settings: Any) -> tuple[Engine, Any]:
    crawler = get_crawler(
        settings_dict=project_settings(
            RELEVANCESTOP_WINDOW=window, RELEVANCESTOP_MIN_SHARE=share, **settings
        )
    )
    engine = Engine()
    crawler.engine = engine  # type: ignore[assignment]
    build_from_crawler(RelevanceStop, crawler)

    async def send() -> None:  # in a running loop, as under Scrapy's asyncio reactor
        for relevant in verdicts:
            crawler.signals.send_catch_log(page_judged, item={}, relevant=relevant)
        await asyncio.sleep(0)

    asyncio.run(send())
    return engine, crawler.stats


def test_closes_when_the_window_falls_below_the_share() -> None:
    engine, stats = judge(4, 0.5, [True, False, False, False, False, False])
    assert engine.reasons == [REASON]  # once, however many pages follow
    assert stats.get_value("relevancestop/share") == 0.25


def test_keeps_going_while_the_window_is_not_full_or_relevant_enough() -> None:
    assert judge(4, 0.5, [False, False, False])[0].reasons == []
    assert judge(4, 0.5, [True, False, True, False, True, False])[0].reasons == []


def test_disabled_with_no_share() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(
            RelevanceStop, get_crawler(settings_dict=project_settings(RELEVANCESTOP_MIN_SHARE=0))
        )


def test_workers_of_a_shared_crawl_share_the_window(redis_url: str) -> None:
    """Two workers judge two off-subject pages each: only together do they fill the window."""
    first, _ = judge(4, 0.5, [False, False], REDIS_URL=redis_url)
    second, stats = judge(4, 0.5, [False, False], REDIS_URL=redis_url)
    assert (first.reasons, second.reasons) == ([], [REASON])
    assert stats.get_value("relevancestop/share") == 0.0
