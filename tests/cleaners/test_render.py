"""Document.markdown: the body with the structure the input showed."""

from __future__ import annotations

from pathlib import Path

from cleaners import clean_html, clean_text
from cleaners.render import render_markdown

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_html_article_keeps_its_subheadings_and_lists() -> None:
    page = FIXTURES / "html" / "en-guide-article-lists-subheadings" / "input.html"
    doc = clean_html(page.read_bytes())
    lines = doc.markdown.splitlines()
    assert "## Choose a method that fits your space" in lines
    assert any(line.startswith("- Bokashi bins ferment scraps") for line in lines)
    # The markdown holds the body's words and its marks, nothing else.
    marks = {"##", "-", "|", "---", ">"}
    assert set(doc.markdown.split()) - marks == set(doc.body.split()) - marks


def test_dump_markdown_keeps_list_items_together() -> None:
    doc = clean_text(
        "The recipe needs only a few things, all easy to find in any shop.\n\n"
        "- two eggs\n- a cup of flour\n\nMix them well and bake the batter for twenty minutes."
    )
    assert doc.body.split("\n\n")[1:3] == ["two eggs", "a cup of flour"]
    assert doc.markdown.split("\n\n") == [
        "The recipe needs only a few things, all easy to find in any shop.",
        "- two eggs\n- a cup of flour",
        "Mix them well and bake the batter for twenty minutes.",
    ]


def test_thread_markdown_reads_blocks_of_the_first_post() -> None:
    page = FIXTURES / "forums" / "phpbb_en" / "input.html"
    doc = clean_html(page.read_bytes())
    assert doc.markdown
    assert set(doc.markdown.split()) >= set(doc.body.split())


def test_table_rows_become_a_pipe_table_and_flattened_rows_stay_lines() -> None:
    table = render_markdown(["row", "row"], [0, 0], ["name\tage", "Ann | B\t3"])
    assert table.splitlines() == ["| name | age |", "| --- | --- |", "| Ann \\| B | 3 |"]
    assert render_markdown(["row", "row"], [0, 0], ["a b", "1 2"]) == "a b\n1 2"
