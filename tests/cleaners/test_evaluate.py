from __future__ import annotations

import dataclasses

import pytest

from cleaners.evaluate import Score, macro, score, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, World!", ["hello", "world"]),
        ("a.b,c—d (e) «f»", ["a", "b", "c", "d", "e", "f"]),
        ("3.14 is 100%", ["3", "14", "is", "100"]),
        ("snake_case", ["snake", "case"]),
        ("Ünïcode CAFÉ", ["ünïcode", "café"]),
        ("中文abc", ["中", "文", "abc"]),
        ("北京，2008年。", ["北", "京", "2008", "年"]),
        ("ひらがなカタカナ", ["ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ"]),
        ("한국어 text", ["한", "국", "어", "text"]),
        ("\u3000\u3000正文", ["正", "文"]),  # ideographic spaces are whitespace
        ("", []),
        (" \n\t...!?", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_score_partial_overlap() -> None:
    # pred: the cat sat dog (4); gold: the cat sat on the mat (6); common: the cat sat (3)
    s = score("The cat sat, dog.", "the cat sat on the mat")
    assert s.precision == pytest.approx(3 / 4)
    assert s.recall == pytest.approx(3 / 6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)  # 0.6


def test_score_counts_repeats() -> None:
    # A bag, not a set: the prediction's two extra "the" are wrong, so precision is 2/4.
    s = score("the the the cat", "the cat")
    assert (s.precision, s.recall) == pytest.approx((0.5, 1.0))
    assert s.f1 == pytest.approx(2 / 3)
    # And gold's repeats must each be found: one "news" of three is recall 2/4.
    s = score("news today", "news news news today")
    assert (s.precision, s.recall) == pytest.approx((1.0, 0.5))


def test_score_cjk_per_character() -> None:
    # 中国人 is three tokens, 中国 two; without per-character tokens they would not match at all.
    s = score("中国人", "中国")
    assert (s.precision, s.recall, s.f1) == pytest.approx((2 / 3, 1.0, 0.8))


def test_score_ignores_punctuation_case_and_layout() -> None:
    assert score("Hello,\n\n  WORLD!!", "hello world") == Score(1.0, 1.0, 1.0)
    assert score("你好，世界。", "你好世界") == Score(1.0, 1.0, 1.0)


def test_score_no_overlap() -> None:
    assert score("alpha", "beta") == Score(0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("", "", 1.0),
        ("...", " - ", 1.0),  # no tokens on either side is still both empty
        ("", "gold text", 0.0),
        ("predicted text", "", 0.0),
        ("!!!", "gold", 0.0),
    ],
)
def test_score_empty(predicted: str, gold: str, expected: float) -> None:
    assert score(predicted, gold) == Score(expected, expected, expected)


def test_macro_averages_each_figure() -> None:
    pages = [Score(1.0, 1.0, 1.0), Score(0.5, 0.25, 1 / 3), Score(0.0, 0.0, 0.0)]
    m = macro(pages)
    assert m.precision == pytest.approx(1.5 / 3)
    assert m.recall == pytest.approx(1.25 / 3)
    # F1 is the mean of the pages' F1 (4/9), not the F1 of mean P and R (0.4545...).
    assert m.f1 == pytest.approx(4 / 9)


def test_macro_weighs_pages_not_tokens() -> None:
    long_page = score("a " * 1000, "a " * 1000)
    short_miss = score("x", "y")
    assert macro([long_page, short_miss]).f1 == pytest.approx(0.5)


def test_macro_accepts_an_iterator() -> None:
    assert macro(iter([Score(1.0, 1.0, 1.0)])) == Score(1.0, 1.0, 1.0)


def test_macro_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        macro([])


def test_score_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        score("a", "a").f1 = 0.0  # type: ignore[misc]
