"""`clean_html` takes a parsed page too: an lxml tree or element, or a BeautifulSoup object.

(Kept apart from test_html.py, which is being restructured with html.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from cleaners import clean_html
from cleaners.decode import decode_html

PAGES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "html").glob("*/input.html"))


@pytest.fixture(params=[PAGES[0], PAGES[-1]], ids=lambda path: path.parent.name)
def page(request: pytest.FixtureRequest) -> str:
    path: Path = request.param
    return decode_html(path.read_bytes()).text


def test_lxml_tree_and_element_clean_like_the_markup(page: str) -> None:
    expected = clean_html(page)
    root = lxml_html.document_fromstring(page)
    before = etree.tostring(root)
    assert clean_html(root) == expected
    assert clean_html(root.getroottree()) == expected
    assert etree.tostring(root) == before  # the caller's tree is not pruned


def test_beautifulsoup_cleans_like_the_markup(page: str) -> None:
    bs4 = pytest.importorskip("bs4", reason="cleaners[bs4] is not installed")
    soup = bs4.BeautifulSoup(page, "lxml")
    before = str(soup)
    assert clean_html(soup) == clean_html(str(soup))
    assert clean_html(soup).body == clean_html(page).body
    assert str(soup) == before


def test_other_types_are_refused() -> None:
    with pytest.raises(TypeError, match="an lxml tree or a BeautifulSoup"):
        clean_html(42)  # type: ignore[arg-type]
