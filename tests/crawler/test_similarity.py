"""Relevance scores on the fixture site: the threshold separates the subject from the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import crawler.settings
from cleaners import clean_html
from crawler.similarity import SeedError, SeedSet
from tests.crawler.conftest import ROOT, SITE

ON_SUBJECT = [
    "news/2025/12/h200-export.html",
    "news/2025/12/hbm-controls.html",
    "news/2025/11/ascend-capacity.html",
    "news/2025/10/h20-orders.html",
    "news/2025/09/rare-earth-chips.html",
    "news/2025/08/cambricon-revenue.html",
    "news/2025/07/computing-centers.html",
    "bbs/thread-1001.html",
    "bbs/thread-1002.html",
    "en/2025/12/nvidia-h200-china.html",
    "en/2025/11/china-chip-self-reliance.html",
    "en/forum/thread-88.html",
    "members/h200-notes.html",
]
OFF_SUBJECT = [
    "news/2025/12/metro-line.html",
    "news/2025/11/vegetable-prices.html",
    "news/2025/10/marathon.html",
    "bbs/thread-1003.html",
    "bbs/thread-1004.html",
    "en/2025/10/bike-lanes.html",
    "en/2025/09/harvest-fair.html",
    "partner/2025/12/typhoon.html",
]
THRESHOLD = crawler.settings.RELEVANCE_MIN_SIMILARITY


@pytest.fixture(scope="module")
def seeds() -> SeedSet:
    return SeedSet.from_dirs([ROOT / "seeds"])


def body(path: str) -> str:
    charsets = json.loads((SITE / "_site.json").read_text("utf-8"))["charsets"]
    return clean_html((SITE / path).read_bytes(), encoding=charsets.get(path, "utf-8")).body


@pytest.mark.parametrize("path", ON_SUBJECT)
def test_pages_on_the_subject_pass_the_threshold(seeds: SeedSet, path: str) -> None:
    assert seeds.similarity(body(path)) >= THRESHOLD


@pytest.mark.parametrize("path", OFF_SUBJECT)
def test_pages_off_the_subject_do_not(seeds: SeedSet, path: str) -> None:
    assert seeds.similarity(body(path)) < THRESHOLD * 0.75  # with a margin


def test_the_score_is_a_pure_function(seeds: SeedSet) -> None:
    text = body(ON_SUBJECT[0])
    assert seeds.similarity(text) == SeedSet.from_dirs([ROOT / "seeds"]).similarity(text)
    assert seeds.similarity("") == 0.0
    assert 0.99 < SeedSet.from_texts({"a": text}).similarity(text) <= 1.0 + 1e-9


def test_anchor_text_naming_the_subject_scores_high(seeds: SeedSet) -> None:
    assert seeds.anchor_score("英伟达H20恢复对华供货") > seeds.anchor_score("城市马拉松周日开跑")
    assert seeds.anchor_score("Nvidia H200") == 1.0
    assert seeds.anchor_score("») ") == 0.0


def test_missing_seeds_say_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="-a seeds=DIR"):
        SeedSet.from_dirs([tmp_path])
    with pytest.raises(SeedError, match="RELEVANCE_SEEDS"):
        SeedSet.from_dirs([])
