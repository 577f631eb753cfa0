"""Dates: the forms Chinese and English pages write, absolute and relative to the fetch time;
every date of a run found once, the first pattern winning overlaps, in linear time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from cleaners.dates import date_from_url, date_residue, find_dates, resolve_relative

from .scaling import MAX_GROWTH, growth

CST = timezone(timedelta(hours=8))
NOW = datetime(2025, 12, 14, 16, 0, tzinfo=CST)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025年12月13日 12:40", "2025-12-13T12:40"),
        ("发布时间：2025-12-13 12:40:11", "2025-12-13T12:40:11"),
        ("时间：2024.05.20", "2024-05-20"),
        ("7/5/2005 9:23:57 PM", "2005-07-05T21:23:57"),
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", "2018-01-22T00:13"),
        ("22. Januar 2018 um 14:05 Uhr", "2018-01-22T14:05"),
        ("Publié le 5 août 2021", "2021-08-05"),
        ("22 de marzo de 2020 a las 10:30", "2020-03-22T10:30"),
        ("12 maggio 2024", "2024-05-12"),
    ],
)
def test_absolute_dates(text: str, iso: str) -> None:
    dates = find_dates(text)
    assert dates[0].iso == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("昨天 14:30", "2025-12-13T14:30+08:00"),
        ("3小时前", "2025-12-14T13:00+08:00"),
        ("2 days ago", "2025-12-12"),
    ],
)
def test_relative_dates_count_back_from_the_fetch_time(text: str, iso: str) -> None:
    assert resolve_relative(text, NOW) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Lori-Dreams #888395 03/12/15 04:39 PM", "2015-03-12T16:39"),
        ("11-24-26, 10:12 PM", "2026-11-24T22:12"),
        ("24.11.98 08:05", "1998-11-24T08:05"),
    ],
)
def test_a_two_digit_year_counts_before_a_clock_time(text: str, iso: str) -> None:
    """Boards stamp posts "mm/dd/yy hh:mm AM" (UBB.threads, vBulletin's short form); the
    year reads as POSIX %y does (69-99: 19xx)."""
    assert [d.iso for d in find_dates(text)] == [iso]


@pytest.mark.parametrize("text", ["1/2/15 of the budget", "score 3-1-25", "v1.2.24 released"])
def test_a_two_digit_year_without_a_clock_is_no_date(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://www.he.news.cn/20240515/d59c39d4160a4fe4/c.html", "2024-05-15"),
        ("https://news.youth.cn/gj/202405/t20240520_15263156.htm", "2024-05-20"),
        ("https://example.com/2019/11/19/bridge-opens", "2019-11-19"),
        ("https://example.com/item/98765432/", None),
        ("https://example.com/2019/13/45/no-such-day", None),
    ],
)
def test_date_in_the_url_path(url: str, day: str | None) -> None:
    assert date_from_url(url) == day


def dates(count: int) -> str:
    return "2024-01-01 " * count


def test_every_date_of_a_run_is_found() -> None:
    found = find_dates(dates(1000))
    assert [d.iso for d in found] == ["2024-01-01"] * 1000
    assert [d.start for d in found] == list(range(0, 11_000, 11))


def test_overlapping_patterns_keep_the_first_and_stay_in_order() -> None:
    found = find_dates("5 Mar 2024 then 2024-03-06 and 03-07-2024 and March 8, 2024")
    assert [d.iso for d in found] == ["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]
    assert [d.start for d in found] == sorted(d.start for d in found)


def test_residue_reuses_dates_found() -> None:
    text = "Posted 2024-01-01 by Li"
    assert date_residue(text) == date_residue(text, find_dates(text)) == "Posted  by Li"


def test_dates_cost_grows_linearly() -> None:
    ratio = growth(dates, find_dates, 500)
    assert ratio < MAX_GROWTH, f"cost grew {ratio:.0f}x for 8x the dates"


def test_a_month_name_needs_a_day_before_it_and_a_year_after() -> None:
    assert find_dates("The Mars 2024 mission was delayed to 2026.") == []
    assert find_dates("Il mese di marzo 2020 fu difficile.") == []
