"""Segmenting: emphasis marks stripped exactly as the markdown regex would, in linear time."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleaners.blocks import row_cells, segment, strip_emphasis

from .scaling import MAX_GROWTH, growth

#: The regex `strip_emphasis` replaced: its spans are the specification.
EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"
)


def by_regex(text: str) -> str:
    return EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)


@given(st.text(st.sampled_from("**__ a\nb.中\t"), max_size=24))
def test_same_spans_as_the_regex(text: str) -> None:
    assert strip_emphasis(text) == by_regex(text)


def test_bold_italic_and_unclosed_marks() -> None:
    text = "**bold** __b__ *it* 2*3*4 **a **b** **open"
    assert strip_emphasis(text) == by_regex(text) == "bold b it 2*3*4 a **b **open"


def emphasis_dump(count: int) -> str:
    """Unclosed emphasis marks in a markdown dump (its links make it read as markdown)."""
    return "# Title\n\n[Home](/) and [World](/world)\n\n" + "**a " * count


def test_unclosed_marks_are_kept_as_text() -> None:
    blocks = segment(emphasis_dump(100))
    assert blocks[-1].text == " ".join(["**a"] * 100)


def test_emphasis_cost_grows_linearly() -> None:
    ratio = growth(emphasis_dump, segment, 500)
    assert ratio < MAX_GROWTH, f"cost grew {ratio:.0f}x for 8x the marks"


def test_a_bar_escaped_inside_a_table_cell_stays_in_its_cell() -> None:
    """trafilatura writes a "|" of a cell's text as "\\|": it parts no cells, and the
    text shows it as the page did."""
    row = "|  | 212 points by rita 9 days ago \\| hide \\| past | login | "
    assert row_cells(row) == ["", "212 points by rita 9 days ago \\| hide \\| past", "login"]
    rows = f"| Ask HN: backups? |\n{row}\n| 9 comments |"
    assert segment(rows)[1].text == "212 points by rita 9 days ago | hide | past login"
