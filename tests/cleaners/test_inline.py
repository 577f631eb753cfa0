"""Inline trims: markers between sentences go, markers inside one stay, in linear time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.inline import strip_markers, strip_title_repeat
from cleaners.options import Options
from cleaners.textutil import CLOSERS, SENTENCE_END

from .scaling import MAX_GROWTH, growth

OPTIONS = Options()
SENTENCE = "The mayor opened the bridge on Friday. "


def markers(count: int) -> str:
    """One paragraph of sentences, each followed by an ad marker."""
    return (SENTENCE + "Advertisement ") * count


def test_every_marker_between_sentences_is_cut() -> None:
    text, cuts = strip_markers(markers(500), OPTIONS)
    assert cuts == [("inline-marker", "Advertisement")] * 500
    assert text == " ".join([SENTENCE.strip()] * 500)


def test_marker_inside_a_word_or_alone_is_kept() -> None:
    for inside in ("AnAdvertisement sold it.", "An Advertisement, sold it."):
        assert strip_markers(inside, OPTIONS) == (inside, [])
    assert strip_markers("  Advertisement ", OPTIONS) == ("  Advertisement ", [])


def test_marker_after_a_closing_quote_is_cut() -> None:
    text, cuts = strip_markers('He said "no." Advertisement It rained.', OPTIONS)
    assert (text, len(cuts)) == ('He said "no." It rained.', 1)


def test_markers_cost_grows_linearly() -> None:
    ratio = growth(markers, lambda text: strip_markers(text, OPTIONS), 400)
    assert ratio < MAX_GROWTH, f"cost grew {ratio:.0f}x for 8x the markers"


_BOUNDARY_BEFORE = re.compile(rf"(?:^|(?<=[{re.escape(SENTENCE_END + CLOSERS)}])\s*|\s)$")


def by_rescan(text: str, options: Options) -> tuple[str, list[tuple[str, str]]]:
    """The former `strip_markers`, which re-scanned the text before each match: the spec."""
    cuts: list[tuple[str, str]] = []
    for pattern in options.phrases.inline_markers:
        pieces: list[str] = []
        last = 0
        for match in pattern.finditer(text):
            before, after = text[: match.start()], text[match.end() :]
            if not _BOUNDARY_BEFORE.search(before) or (after and not after[0].isspace()):
                continue
            if before.rstrip() == "" and after.strip() == "":
                continue
            pieces.append(text[last : match.start()].rstrip())
            cuts.append(("inline-marker", match.group(0)))
            last = match.end()
        if last:
            pieces.append(text[last:])
            text = " ".join(p for p in (s.strip() for s in pieces) if p)
    return text, cuts


PIECES = st.sampled_from(
    ["Advertisement", "广告", "End of 热读", " ", "\n", ".", "。", "”", "x", "It rained", "\u3000"]
)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_same_cuts_as_the_rescan(text: str) -> None:
    assert strip_markers(text, OPTIONS) == by_rescan(text, OPTIONS)


def test_a_marker_with_groups_is_still_cut_without_the_combined_search() -> None:
    options = OPTIONS.with_phrases({"en": {"inline_marker": ["(Sponsored)"]}})
    assert options.phrases.any_inline_marker is None
    text, cuts = strip_markers("It rained. Sponsored The sun came out.", options)
    assert (text, cuts) == ("It rained. The sun came out.", [("inline-marker", "Sponsored")])


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        ("Lorem ipsum dolor sit amet, consectetur adipisicing elit.", "Lorem ipsum dolor sit amet"),
        ("市图书馆新增自助设备，读者借阅更方便了。", "市图书馆新增自助设备"),
        ("Bridge opens; the mayor cut the ribbon at noon.", "Bridge opens | Gazette"),
        # A board's title that quotes the question's first sentence, full stop and all.
        ("Mail fails on my SMTP box. I set it up as told.", "Mail fails on my SMTP box"),
        ("上传图片总是失败。换了浏览器也一样。", "上传图片总是失败"),
    ],
)
def test_a_title_that_opens_the_first_sentence_stays_in_it(paragraph: str, title: str) -> None:
    assert strip_title_repeat(paragraph, title) == (paragraph, None)


def test_a_title_repeated_above_the_first_sentence_is_cut() -> None:
    text = "Bridge opens The mayor cut the ribbon at noon, ending a decade of delays."
    assert strip_title_repeat(text, "Bridge opens") == (text[13:], "Bridge opens")
