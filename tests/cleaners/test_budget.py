"""The library's errors: wrong argument types, binary input, size limits, the time budget."""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

import cleaners
from cleaners import (
    BinaryInput,
    DecodeError,
    Options,
    OverBudget,
    PageTooLarge,
    clean_html,
    clean_text,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
PAGE = (
    "<html><body><article><p>The mayor opened the bridge on Friday. It rained.</p>"
    "</article></body></html>"
)


def test_errors_are_importable_from_the_package() -> None:
    assert {"BinaryInput", "DecodeError", "OverBudget", "PageTooLarge"} <= set(cleaners.__all__)
    assert issubclass(BinaryInput, DecodeError) and issubclass(PageTooLarge, ValueError)


def call(function: Any, *args: Any, **kwargs: Any) -> Callable[[], object]:
    return lambda: function(*args, **kwargs)


WRONG_TYPES = [
    (
        call(clean_html, None),
        "clean_html() argument 'html' must be str, bytes, an lxml tree or a BeautifulSoup"
        " object, not NoneType",
    ),
    (call(clean_html, PAGE, url=3), "clean_html() argument 'url' must be str or None, not int"),
    (call(clean_html, PAGE, encoding=b"gbk"), "'encoding' must be str or None, not bytes"),
    (call(clean_html, PAGE, options={}), "'options' must be Options or None, not dict"),
    (call(clean_html, PAGE, fetched_at="2024"), "'fetched_at' must be datetime or None, not str"),
    (call(clean_text, None), "clean_text() takes str, not NoneType"),
    (call(clean_text, "x", url=b"u"), "clean_text() argument 'url' must be str or None, not bytes"),
]


@pytest.mark.parametrize(("run", "message"), WRONG_TYPES)
def test_a_wrong_argument_type_is_named(run: Callable[[], object], message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        run()


def test_binary_bytes_raise_binary_input() -> None:
    with pytest.raises(BinaryInput, match="binary data"):
        clean_html(PNG)


def test_html_bytes_still_clean() -> None:
    doc = clean_html(PAGE.encode("utf-8"), fetched_at=datetime(2024, 1, 1))
    assert doc.body == "The mayor opened the bridge on Friday. It rained."


def test_time_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="time_budget must be a positive number"):
        Options(time_budget=0)


def test_options_with_a_budget_stay_picklable() -> None:
    options = Options(time_budget=2.5)
    assert pickle.loads(pickle.dumps(options)).time_budget == 2.5


def test_a_document_over_its_budget_raises_over_budget() -> None:
    # A budget far below what segmenting 100,000 lines takes: over after the first stage.
    options = dataclasses.replace(Options(detect_language=False), time_budget=1e-9)
    with pytest.raises(
        OverBudget, match=r"over the time budget of 1e-09 s \(stopped after segment\)"
    ):
        clean_text("Short line here\n" * 100_000, options=options)
    with pytest.raises(OverBudget, match="stopped after parse"):
        clean_html(PAGE, options=options)


def test_a_generous_budget_changes_nothing() -> None:
    text = "Home | News\n\nThe council approved the budget on Monday. It will fund schools."
    assert clean_text(text, options=Options(time_budget=60)) == clean_text(text)


@pytest.mark.parametrize(
    "error",
    [
        OverBudget(2.0, "analyse"),
        DecodeError("a.txt", "no text encoding fits"),
        BinaryInput("b", "x"),
    ],
)
def test_errors_survive_pickling_for_worker_processes(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), vars(copy)) == (type(error), str(error), vars(error))
