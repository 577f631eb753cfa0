"""Properties every input must keep: no exception, no invented text, same input same output."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import clean_text
from cleaners.options import Options

NO_LANGUAGE = Options(detect_language=False)

# Pieces that exercise every rule: markdown syntax, CJK and Latin prose, dates, ellipses,
# phrase-list words, table pipes, inline markers.
PIECES = st.sampled_from(
    [
        "| ",
        " |",
        "![](x.png)",
        "[link](http://a.b/c)",
        "* ",
        "# ",
        "> ",
        "---",
        "\n",
        "\n\n",
        "  \n",
        "。",
        "…",
        "···",
        "...",
        ". ",
        "2025-07-17",
        "2024年3月5日 08:30",
        "March 5, 2024",
        "版权声明:",
        "相关文章",
        "Related articles",
        "Copyright © 2024 X",
        "End of 热读",
        "作者:",
        "By Jane Doe",
        "(责任编辑:赵六)",
        "更多>>",
        "Advertisement",
        "全球AI竞赛如火如荼之际,",
        "The council approved the budget on Monday. ",
        "特朗普",
        "送交者: ",
        "[论坛]",
        "\t",
        "\r\n",
        "\ufeff",
        "\x00",
        "**",
        "_",
        "\\",
        "》",
        "（",
        ")",
    ]
)
DUMPS = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=60).map("".join)


def squeezed(text: str) -> str:
    return "".join(text.split())


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(), DUMPS))
def test_never_raises_and_invents_nothing(text: str) -> None:
    doc = clean_text(text, options=NO_LANGUAGE)
    # The body is the input with spans deleted and whitespace changed, in input order.
    assert is_subsequence(squeezed(doc.body), squeezed(text))
    for paragraph in doc.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
    for removal in doc.removed:
        assert removal.rule and removal.text


@settings(max_examples=60, deadline=None)
@given(DUMPS)
def test_same_input_same_output(text: str) -> None:
    assert clean_text(text) == clean_text(text)
    assert clean_text(text).to_dict() == clean_text(text).to_dict()


def test_language_is_deterministic_across_calls(seeds: dict[str, str]) -> None:
    answers = {clean_text(seeds["news"]).language for _ in range(5)}
    assert len(answers) == 1


def test_rejects_bytes_with_a_clear_error() -> None:
    import pytest

    with pytest.raises(TypeError, match="decode bytes first"):
        clean_text(b"abc")  # type: ignore[arg-type]


def test_turning_a_rule_off_keeps_its_blocks(seeds: dict[str, str]) -> None:
    full = clean_text(seeds["news"], options=NO_LANGUAGE)
    kept = clean_text(seeds["news"], options=NO_LANGUAGE.without("notice", "boilerplate"))
    assert "版权声明" not in full.body
    assert "版权声明" in kept.body
    assert not any(r.rule in ("notice", "boilerplate") for r in kept.removed)
