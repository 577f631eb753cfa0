"""`cleaners.neardup`: the tokens, shingles and signatures both dedup paths share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaners.neardup import (
    DuplicateIndex,
    MinHasher,
    fingerprint,
    fold_chinese,
    jaccard,
    shingles,
    tokens,
)
from crawler import neardup as crawler_neardup

SIMPLIFIED = "台湾电动车销量连续三个月增长，业者表示补贴政策与充电设施扩建是主要原因。" * 2
TRADITIONAL = "臺灣電動車銷量連續三個月增長，業者表示補貼政策與充電設施擴建是主要原因。" * 2


def test_traditional_and_simplified_fold_to_the_same_tokens() -> None:
    assert fold_chinese(TRADITIONAL) == SIMPLIFIED
    assert tokens(TRADITIONAL) == tokens(SIMPLIFIED)
    assert fingerprint(TRADITIONAL) == fingerprint(SIMPLIFIED)
    assert shingles(TRADITIONAL, 5) == shingles(SIMPLIFIED, 5)


@given(st.text())
def test_shingles_and_fingerprints_stay_in_range(text: str) -> None:
    assert all(0 <= h < 2**64 for h in shingles(text, 5))
    assert len(fingerprint(text)) == 32
    assert tokens(" ".join(tokens(text))) == tokens(text)  # tokenising twice changes nothing


def test_fingerprints_are_the_same_in_every_process() -> None:
    # blake2b of the normalised text: a constant, unlike the salted hash()
    assert fingerprint("Chips, exported!") == fingerprint("chips exported")
    assert fingerprint("") == "cae66941d9efbd404e4d88758ea67670"


def test_cjk_is_one_token_per_character_and_latin_one_per_word() -> None:
    assert tokens("ＡＩ芯片 H200, exported!") == ["ai", "芯", "片", "h200", "exported"]
    assert fold_chinese("Plain English stays.") == "Plain English stays."


def test_traditional_copy_is_a_near_duplicate_of_the_simplified_page() -> None:
    hasher = MinHasher()
    edited = "综合报道：" + SIMPLIFIED[:-12]
    assert jaccard(hasher.signature(TRADITIONAL), hasher.signature(SIMPLIFIED)) == 1.0
    assert jaccard(hasher.signature(fold_chinese(edited)), hasher.signature(TRADITIONAL)) > 0.6
    index = DuplicateIndex(hasher)
    assert index.check("http://tw/1", "http://tw/1", TRADITIONAL) is None
    assert index.check("http://cn/1", "http://cn/1", edited) == ("near_duplicate", "http://tw/1")


def test_the_crawler_uses_this_module() -> None:
    assert crawler_neardup.DuplicateIndex is DuplicateIndex
    assert crawler_neardup.MinHasher is MinHasher
