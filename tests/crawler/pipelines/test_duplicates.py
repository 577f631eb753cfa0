from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.pipelines.duplicates import DuplicatesPipeline, StateError
from tests.crawler.conftest import project_settings
from tests.crawler.pipelines.conftest import ORIGIN, clean_item

if TYPE_CHECKING:
    from pathlib import Path

ORIGINAL = "/news/2025/12/h200-export.html"
SYNDICATED = "/partner/2025/12/h200-china.html"


def pipeline(**settings: object) -> DuplicatesPipeline:
    crawler = get_crawler(settings_dict=project_settings(**settings))
    return build_from_crawler(DuplicatesPipeline, crawler)


def test_syndicated_copy_is_a_near_duplicate() -> None:
    duplicates = pipeline()
    duplicates.process_item(clean_item(ORIGINAL))
    with pytest.raises(
        DropItem, match=f"near_duplicate: {ORIGIN}{SYNDICATED} repeats {ORIGIN}{ORIGINAL}"
    ):
        duplicates.process_item(clean_item(SYNDICATED))
    assert duplicates.stats.get_value("duplicates/dropped/near_duplicate") == 1


def test_same_canonical_url_and_same_body() -> None:
    duplicates = pipeline()
    duplicates.process_item(clean_item(ORIGINAL))
    duplicates.process_item(clean_item("/bbs/thread-1001.html"))
    print_view = clean_item(
        ORIGINAL, url=ORIGIN + ORIGINAL + "?print=1", canonical_url=ORIGIN + ORIGINAL
    )
    with pytest.raises(DropItem, match="same_canonical_url"):
        duplicates.process_item(print_view)
    tracked = clean_item("/bbs/thread-1001.html")
    tracked["url"] = tracked["canonical_url"] = ORIGIN + "/bbs/thread-1001.html?from=home"
    with pytest.raises(DropItem, match="same_body"):
        duplicates.process_item(tracked)


def test_different_stories_pass() -> None:
    duplicates = pipeline()
    for path in (ORIGINAL, "/news/2025/10/h20-orders.html", "/en/2025/12/nvidia-h200-china.html"):
        duplicates.process_item(clean_item(path))


def test_state_survives_a_restart_in_jobdir(tmp_path: Path) -> None:
    first = pipeline(JOBDIR=str(tmp_path))
    first.open_spider()
    first.process_item(clean_item(ORIGINAL))
    first.close_spider()
    assert (tmp_path / "duplicates.pickle").exists()
    resumed = pipeline(JOBDIR=str(tmp_path))
    resumed.open_spider()
    with pytest.raises(DropItem, match="near_duplicate"):
        resumed.process_item(clean_item(SYNDICATED))


def test_state_saved_with_other_settings_is_refused(tmp_path: Path) -> None:
    first = pipeline(JOBDIR=str(tmp_path))
    first.open_spider()
    first.close_spider()
    with pytest.raises(StateError, match="other DUPLICATES_"):
        pipeline(JOBDIR=str(tmp_path), DUPLICATES_BANDS=10).open_spider()


def test_disabled_by_setting() -> None:
    with pytest.raises(NotConfigured):
        pipeline(DUPLICATES_ENABLED=False)
