"""The text stages put together: what `clean_dump` keeps with what the page declares."""

from __future__ import annotations

from cleaners.options import Options
from cleaners.pipeline import Metadata, clean_dump

POST = (
    "Founded in 1898, #PekingUniversity pioneers intellectual and technological advancements,"
    " driving China's path to modernization. Embracing the future, #PKU continues to"
    " cultivate world-class innovators."
)


def test_a_title_that_quotes_the_whole_text_leaves_it_the_body() -> None:
    """A social post's page is titled with the post ('PKU on X: "…"'): the one paragraph
    is the text the title quotes, not a headline repeated above it."""
    doc = clean_dump(
        POST,
        url=None,
        options=Options(),
        known=Metadata(title=f'PKU on X: "{POST}"'),
        extracted=True,
    )
    assert doc.body == POST
    assert not any(r.rule == "title-repeat" for r in doc.removed)


def test_a_headline_repeated_above_the_text_still_goes() -> None:
    headline = "The Beauty of Korea Revealed at the 2018 Welcome Daehak-ro Festival in Seoul"
    text = f"{headline}\n\nThe refreshing autumn sky filled the park with the scent of fall."
    doc = clean_dump(text, url=None, options=Options(), known=Metadata(title=headline))
    assert doc.body == "The refreshing autumn sky filled the park with the scent of fall."
