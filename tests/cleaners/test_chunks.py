"""A story's body cut into look-alike sibling chunks, and paragraphs the page repeats in
a row (`cleaners.chunks`)."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from cleaners import clean_html
from cleaners.chunks import (
    MAX_REPEATS,
    complete,
    find_chunks,
    find_repeats,
    read_paragraphs,
    restore_repeats,
)

CASE = Path(__file__).resolve().parents[2] / "fixtures" / "html" / "en-news-body-chunks-ad-rail"
PAGE = html.fromstring((CASE / "input.html").read_bytes())
A = ("The first part of the story, long enough to be a paragraph of its body.",
     "Its second paragraph, which the extractor kept with the first one too.")  # fmt: skip
B = ("The third paragraph, in the next chunk after an ad rail, is lost to it.",
     "The fourth paragraph, the end of the story, which is lost to it as well.")  # fmt: skip


def test_the_body_chunks_are_found_and_the_cards_are_not() -> None:
    (group,) = find_chunks(read_paragraphs(PAGE))
    assert [len(chunk) for chunk in group] == [3, 2, 2]
    assert not any("tolls" in text for chunk in group for text in chunk)


def test_chunks_before_and_after_the_held_one_go_before_and_after_it() -> None:
    assert complete("\n".join(B), ((A, B),)).split("\n") == [*A, *B]
    assert complete("\n".join(A), ((A, B),)).split("\n") == [*A, *B]


def test_a_paragraph_of_two_groups_is_added_once() -> None:
    assert complete("\n".join(A), ((A, B), (A, B))).split("\n") == [*A, *B]


def test_a_chunk_that_is_a_small_share_of_the_text_is_not_the_body() -> None:
    story = " ".join(["The story goes on at length here, sentence after sentence."] * 20)
    lead = A[0]  # a teaser card repeats the lead: the extractor's text is more than that
    assert complete(f"{lead}\n{story}", (((lead,), B),)) == f"{lead}\n{story}"


def test_no_text_or_no_chunks_leave_the_text_as_it_is() -> None:
    assert complete("", ((A, B),)) == ""
    assert complete("Some text.", ()) == "Some text."


def test_a_comment_in_a_section_like_the_body_is_no_chunk() -> None:
    body = "".join(f"<p>{n}: {A[0]} {A[1]}</p>" for n in range(4))
    comment = f"<p>{B[0]} {A[1]}</p><p>{B[1]} {A[1]}</p>"
    headers = "".join(
        f"<div class='comment-meta'>Reader {n} wrote on 5 March 2024 at 10:{n}0 am, reply</div>"
        f"<div class='comment-body'><span>Thanks for the piece, it helped me a lot.</span></div>"
        for n in range(6)
    )
    page = html.fromstring(
        "<div class='wrap'>"
        f"<section class='el el-section top'>{body}</section>"
        f"<section class='el el-section top'><div>{comment}</div>{headers}</section>"
        "</div>"
    )
    assert find_chunks(read_paragraphs(page)) == ()


CHORUS = "We sail at dawn and we come home at night, and the harbour lights guide us in."
VERSE = "The nets are heavy in the autumn, when the fish come close to the shore to feed."


def test_a_paragraph_shown_in_a_row_is_found_with_its_run() -> None:
    page = html.fromstring(
        f"<html><body><div><p>{CHORUS}</p><p>{CHORUS}</p><p>{CHORUS}</p>"
        f"<div>{VERSE}</div><p>{VERSE}</p><p>Short line.</p><p>Short line.</p></div></body></html>"
    )
    # the verse in a <div> then a <p> is no run of one kind; short lines are not looked for
    assert find_repeats(page, read_paragraphs(page)) == {CHORUS: 3}


def test_a_paragraph_shown_again_among_its_siblings_counts_each_visible_copy() -> None:
    page = html.fromstring(
        f"<html><body><div><h2>One</h2><p>{CHORUS}</p><h2>Two</h2><figure>x</figure>"
        f"<p>{CHORUS}</p><h2>Three</h2><p>{CHORUS}</p><h2>Four</h2><p hidden>{CHORUS}</p>"
        f"<h2>Five</h2><p style='display: none'>{CHORUS}</p></div>"
        # a copy under another parent is another section's, not this one's
        f"<section><p>{VERSE}</p></section><aside><p>{VERSE}</p></aside></body></html>"
    )
    assert find_repeats(page, read_paragraphs(page)) == {CHORUS: 3}


def test_copies_held_apart_are_counted_before_any_is_added() -> None:
    held = f"{CHORUS}\n{VERSE}\n{CHORUS}"
    assert restore_repeats(held, {CHORUS: 2}) == held
    assert restore_repeats(held, {CHORUS: 3}).split("\n") == [CHORUS, VERSE, CHORUS, CHORUS]


def test_a_repeat_is_restored_up_to_the_pages_run() -> None:
    assert restore_repeats(f"{VERSE}\n{CHORUS}\n{VERSE}", {CHORUS: 2}).split("\n") == [
        VERSE, CHORUS, CHORUS, VERSE
    ]  # fmt: skip
    kept = f"{CHORUS}\n{CHORUS}"  # the extractor gave both: nothing to add
    assert restore_repeats(kept, {CHORUS: 2}) == kept
    assert restore_repeats(f"{VERSE}\n{CHORUS}", {}) == f"{VERSE}\n{CHORUS}"


def test_a_paragraph_the_page_repeats_is_in_the_body_as_often() -> None:
    page = (
        "<html><head><title>Harbour song</title></head><body><article>"
        f"<p>{VERSE}</p><p>{CHORUS}</p><p>{CHORUS}</p><p>{VERSE} Then we rest.</p>"
        "</article></body></html>"
    )
    assert clean_html(page).body.count(CHORUS) == 2


def test_paragraphs_the_page_shows_between_headings_are_all_in_the_body() -> None:
    # Too little text for the extractor's main pass: its fallback reads the loose
    # paragraphs, and takes each text once.
    chorus = " ".join([CHORUS] * 3)
    sections = "".join(f"<h2>Part {k}</h2><p>{chorus}</p>" for k in range(3))
    page = f"<html><head><title>Song</title></head><body><h1>Song</h1>{sections}</body></html>"
    assert clean_html(page).body.count(chorus) == 3


def test_a_run_past_the_cap_is_filler_given_the_cap_times() -> None:
    page = html.fromstring(f"<html><body><div>{f'<p>{CHORUS}</p>' * 9}</div></body></html>")
    assert find_repeats(page, read_paragraphs(page)) == {CHORUS: MAX_REPEATS}


def test_a_text_drawn_for_small_and_large_screens_is_no_repeat() -> None:
    page = html.fromstring(
        f"<html><body><div><p class=caption>{VERSE}</p><p class='caption remote'>{VERSE}</p>"
        "</div></body></html>"
    )
    assert find_repeats(page, read_paragraphs(page)) == {}
