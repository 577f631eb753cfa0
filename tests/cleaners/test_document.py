"""Document: immutable, picklable, `author` always the first of `authors`."""

from __future__ import annotations

import pickle

from cleaners import Document


def test_author_is_the_first_of_authors() -> None:
    doc = Document("Body.", authors=("Ana Reyes", "Tom Roe"))
    assert doc.author == "Ana Reyes"
    assert Document("Body.", author="Jo Roe").authors == ("Jo Roe",)


def test_sources_modified_and_authors_in_the_record() -> None:
    doc = Document(
        "Body.",
        authors=("Ana Reyes",),
        modified="2024-03-06",
        sources=(("authors", "json-ld"), ("published", "meta:article:published_time")),
    )
    record = doc.to_dict()
    assert record["authors"] == ["Ana Reyes"]
    assert record["modified"] == "2024-03-06"
    assert record["sources"] == {"authors": "json-ld", "published": "meta:article:published_time"}


def test_pickles_and_hashes() -> None:
    doc = Document("Body.", authors=("A", "B"), sources=(("title", "h1"),))
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert hash(doc) == hash(pickle.loads(pickle.dumps(doc)))
