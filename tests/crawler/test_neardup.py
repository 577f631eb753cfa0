from __future__ import annotations

import os
import pickle
import subprocess
import sys

from crawler.neardup import DuplicateIndex, MinHasher, jaccard

STORY = "美国总统特朗普宣布允许英伟达向中国出口H200人工智能芯片，美国政府将从销售中抽取分成。" * 3


def test_signatures_estimate_jaccard() -> None:
    hasher = MinHasher()
    same = hasher.signature(STORY)
    assert jaccard(same, hasher.signature(STORY)) == 1.0
    edited = hasher.signature("综合报道：" + STORY[:-10])
    assert 0.6 < jaccard(same, edited) < 1.0
    other = hasher.signature("本市轨道交通18号线南段于昨日清晨正式开通运营。" * 3)
    assert jaccard(same, other) < 0.1


def test_signatures_are_the_same_in_every_process() -> None:
    text = "芯片出口管制 H200"
    code = f"from crawler.neardup import MinHasher; print(MinHasher().signature({text!r}))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {f"{MinHasher().signature(text)}\n"}


def test_index_pickles_and_keeps_answering() -> None:
    index = DuplicateIndex(MinHasher())
    assert index.check("http://a/1", "http://a/1", STORY) is None
    restored = pickle.loads(pickle.dumps(index))
    assert restored == index
    assert restored.check("http://b/2", "http://b/2", "转载：" + STORY) == (
        "near_duplicate",
        "http://a/1",
    )
    assert restored.check("http://a/1#top", "http://a/1", "其他") == (
        "same_canonical_url",
        "http://a/1",
    )
    assert restored.check("http://c/3", "http://c/3", "完全不同的一篇关于天气的报道。") is None


def test_short_and_empty_bodies() -> None:
    index = DuplicateIndex(MinHasher())
    assert index.check("http://a/1", "http://a/1", "") is None
    assert index.check("http://a/2", "http://a/2", "") == ("same_body", "http://a/1")
    assert index.check("http://a/3", "http://a/3", "短") is None
