"""Main content from the page model (behind Options.page_model_threads)."""

from __future__ import annotations

from lxml import html

from cleaners import Options, clean_html
from cleaners.content import analyse_page
from cleaners.page import build_page

from .test_records import thread


def test_a_thread_is_its_first_post_and_replies() -> None:
    model = analyse_page(build_page(html.document_fromstring(thread(4))), Options())
    assert model is not None and model.shape == "thread"
    assert len(model.analysis.replies) == 3


def test_clean_html_reads_thread_records_when_switched_on() -> None:
    doc = clean_html(thread(4), options=Options(page_model_threads=True))
    assert doc.body == "Reply number 1 says something about the stove and the flue."
    assert [r.author for r in doc.replies] == ["user2", "user3", "user4"]
    assert doc.replies[0].published == "2024-03-02T10:00"
    assert "an earlier post" not in doc.replies[1].text


def test_dated_list_entries_inside_an_article_are_no_thread() -> None:
    prose = "<p>" + "The council met on Monday and approved the budget for schools. " * 8 + "</p>"
    refs = "".join(
        f"<li><span>Source {n}, 2020-01-0{n}.</span> More words here.</li>" for n in range(1, 5)
    )
    page = f"<body><article><h1>Budget</h1>{prose}{prose}<ol>{refs}</ol></article></body>"
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "article"
