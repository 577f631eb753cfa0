"""Dates: every date of a run found once, the first pattern winning overlaps, in linear time."""

from __future__ import annotations

from cleaners.dates import date_residue, find_dates

from .scaling import MAX_GROWTH, growth


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
