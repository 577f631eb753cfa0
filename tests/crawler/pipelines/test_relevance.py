from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.pipelines.relevance import RelevancePipeline
from crawler.signals import page_judged
from tests.crawler.conftest import project_settings
from tests.crawler.pipelines.conftest import clean_item


def pipeline(**settings: object) -> tuple[RelevancePipeline, list[bool]]:
    crawler = get_crawler(settings_dict=project_settings(**settings))
    judged: list[bool] = []

    def receive(item: object, relevant: bool) -> None:
        judged.append(relevant)

    crawler.signals.connect(receive, signal=page_judged, weak=False)
    return build_from_crawler(RelevancePipeline, crawler), judged


def test_page_on_the_subject_is_kept_with_its_score() -> None:
    relevance, judged = pipeline()
    item = relevance.process_item(clean_item("/news/2025/10/h20-orders.html"))
    assert item["similarity"] >= 0.08
    assert judged == [True]
    assert relevance.stats.get_value("relevance/relevant") == 1


def test_page_off_the_subject_is_dropped_and_counted() -> None:
    relevance, judged = pipeline()
    with pytest.raises(DropItem, match=r"irrelevant: .*similarity 0\.0\d+ < RELEVANCE_MIN"):
        relevance.process_item(clean_item("/news/2025/10/marathon.html"))
    assert judged == [False]
    assert relevance.stats.get_value("relevance/dropped/irrelevant") == 1


def test_english_page_on_the_subject_matches_chinese_seeds_by_its_names() -> None:
    relevance, _ = pipeline()
    assert (
        relevance.process_item(clean_item("/en/2025/12/nvidia-h200-china.html"))["similarity"] > 0.1
    )


def test_threshold_and_switch_are_settings() -> None:
    strict, _ = pipeline(RELEVANCE_MIN_SIMILARITY=0.99)
    with pytest.raises(DropItem):
        strict.process_item(clean_item("/news/2025/10/h20-orders.html"))
    with pytest.raises(NotConfigured):
        pipeline(RELEVANCE_ENABLED=False)
