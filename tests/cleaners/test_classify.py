"""Labels a block earns on its own (`cleaners.classify.label`)."""

from __future__ import annotations

import pytest

from cleaners.blocks import segment
from cleaners.classify import label, measure
from cleaners.options import Options

OPTIONS = Options()


def labels(text: str, *, extracted: bool) -> list[str | None]:
    return [label(b, measure(b), OPTIONS, extracted=extracted) for b in segment(text)]


@pytest.mark.parametrize(
    "row",
    [
        "| 2024-04-13 | Millbrook Town | 2-0 |",  # a table row as an extractor renders it
        "2020-08-01 18:00:00+00 │ 404 │ 0",  # a row of a query's output in a code listing
    ],
)
def test_a_dated_table_row_in_extracted_text_is_data(row: str) -> None:
    assert labels(row, extracted=True) == [None]


def test_a_date_line_is_a_dateline_in_extracted_text_and_a_dump() -> None:
    assert labels("20 May 2024, 18:40", extracted=True) == ["dateline"]
    # a layout table's row holding one cell of text is that text: a post's header here
    header = "|  | 作者：芊草凡凡 时间：2005-08-22 19:13:18 | "
    assert labels(header, extracted=True) == ["dateline"]
    assert labels("| 2024-04-13 | Millbrook Town | 2-0 |", extracted=False) == ["dateline"]
