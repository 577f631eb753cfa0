from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.pipelines.language import LanguagePipeline
from tests.crawler.conftest import project_settings
from tests.crawler.pipelines.conftest import ORIGIN


def pipeline(**settings: object) -> LanguagePipeline:
    crawler = get_crawler(settings_dict=project_settings(**settings))
    return build_from_crawler(LanguagePipeline, crawler)


def item(language: str | None) -> PageItem:
    return PageItem(url=ORIGIN + "/a.html", language=language, body="...")


def test_keeps_every_language_unless_told_so() -> None:
    with pytest.raises(NotConfigured):
        pipeline()


def test_chinese_only_keeps_both_scripts_and_drops_english() -> None:
    chinese = pipeline(LANGUAGE_ALLOWED=["zh"])
    assert chinese.process_item(item("zh-cn"))["language"] == "zh-cn"
    assert chinese.process_item(item("zh-tw"))["language"] == "zh-tw"
    with pytest.raises(DropItem, match=r"other_language: .* en not in"):
        chinese.process_item(item("en"))
    assert chinese.stats.get_value("language/dropped/other_language") == 1


def test_unknown_language_is_kept_unless_asked() -> None:
    assert pipeline(LANGUAGE_ALLOWED="en").process_item(item(None))["language"] is None
    strict = pipeline(LANGUAGE_DROP_UNKNOWN=True)
    with pytest.raises(DropItem, match="unknown_language"):
        strict.process_item(item(None))
    assert strict.stats.get_value("language/dropped/unknown_language") == 1
