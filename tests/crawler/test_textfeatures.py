from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.textfeatures import article_units, terms, word_units


@given(st.text())
def test_features_never_raise_and_stay_in_range(text: str) -> None:
    assert word_units(text) >= 0
    assert all(count > 0 for count in terms(text).values())


def test_cjk_bigrams_do_not_cross_punctuation() -> None:
    assert set(terms("芯片，出口")) == {"芯片", "出口"}


def test_listing_paragraphs_are_set_aside() -> None:
    body = "英伟达H20恢复对华供货 据多位知情人士透露···\n\n正文第一段写得很长很长。"
    assert article_units(body, ["英伟达H20恢复对华供货"]) == word_units("正文第一段写得很长很长。")
