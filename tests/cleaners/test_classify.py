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


def test_a_long_block_under_a_notice_heading_is_a_notice() -> None:
    """The site's name may stand before the heading; the clause after it is long."""
    clause = "凡本网注明来源的所有作品，版权均属于本网，未经本网授权不得转载、摘编或使用。" * 3
    assert labels(f"东北新闻网版权与免责声明：①{clause}", extracted=True) == ["notice"]
    assert labels(f"本网编辑部就此事的说明如下，{clause}", extracted=True) == [None]


@pytest.mark.parametrize("text", ["Tags", "Tagged: Art Artist", "标签：", "关键词：改革 发展"])
def test_a_tag_row_label_is_tags(text: str) -> None:
    assert labels(text, extracted=True) == ["tags"]


@pytest.mark.parametrize("text", ["Advertisement", "ADVERTISEMENT", "广告", "Anzeige"])
def test_an_ad_slot_label_is_an_ad_label(text: str) -> None:
    assert labels(text, extracted=True) == ["ad-label"]


def test_a_date_line_is_a_dateline_in_extracted_text_and_a_dump() -> None:
    assert labels("20 May 2024, 18:40", extracted=True) == ["dateline"]
    # a layout table's row holding one cell of text is that text: a post's header here
    header = "|  | 作者：芊草凡凡 时间：2005-08-22 19:13:18 | "
    assert labels(header, extracted=True) == ["dateline"]
    assert labels("| 2024-04-13 | Millbrook Town | 2-0 |", extracted=False) == ["dateline"]


@pytest.mark.parametrize(
    "glued",
    [
        # a board's index of replies, its entries run together by the extractor
        "天气真热【路过的人】08-11 16:58 138字 [140/0] "
        "明天去海边吗？【小鱼】08-11 17:03 0字 [127/1]",
        # a portal's related list, full dates with clocks
        "· 市区新开三条公交线路（2005-04-03 17:19PM） · 老城区道路改造完工（2005-04-01 16:19PM）",
    ],
)
def test_entries_with_their_times_run_together_are_teasers(glued: str) -> None:
    assert labels(glued, extracted=True) == ["teaser"]
    assert labels(glued, extracted=False) == ["teaser"]


def test_prose_that_gives_two_times_is_no_list() -> None:
    prose = (
        "The first train left the harbour station at 2024-06-03 06:00 with about four hundred "
        "people on board, and the line's operator said that by the time the last train came "
        "back on 2024-06-03 23:00 more than eighty thousand passengers had used the new route, "
        "far more than the city had planned for on its opening day."
    )
    assert labels(prose, extracted=True) == [None]


def test_a_timetable_row_with_two_stamps_is_data() -> None:
    assert labels("| 08-11 16:58 | Harbour | 08-11 17:40 | Island |", extracted=True) == [None]


def test_a_date_and_a_headline_on_one_line_is_a_dated_title() -> None:
    def dated(text: str) -> bool:
        return all(measure(b).dated_title for b in segment(text))

    assert dated("2021-01-19南通如何预防春季感冒?")
    assert dated("Council votes on the harbour budget  5 March 2024")
    assert not dated("2017年4月1日，中共中央、国务院决定设立雄安新区。")  # a sentence
    assert not dated("Published 5 March 2024, updated 6 March 2024")  # two dates
    assert not dated("| 2024-04-13 | Millbrook Town | 2-0 |")  # a table's row


@pytest.mark.parametrize(
    "notice",
    [
        "本站专稿，未经书面授权请勿转载。",
        "This forum uses cookies to keep you signed in.",
        "Please enable JavaScript to see the map.",
        "Get the day's top headlines delivered to your inbox by subscribing to our newsletter.",
    ],
)
def test_reprint_cookie_and_script_banners_are_notices(notice: str) -> None:
    assert labels(notice, extracted=True) == ["notice"]


def test_a_sentence_about_inboxes_and_sign_ups_is_no_promo() -> None:
    for sentence in (
        "Phishing emails land in your inbox every day, the agency said on Monday.",
        "An undisclosed number of customers signed up for the free weeklong trial.",
    ):
        assert labels(sentence, extracted=True) == [None]
