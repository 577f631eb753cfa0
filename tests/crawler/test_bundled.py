"""The bundled seeds and fixture site are found, and pyproject.toml ships the whole crawler.

The package list in pyproject.toml is written out (the installed name differs from the
folder's), so a subpackage added to crawler/ must be added there too: checked here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from crawler.bundled import FOLDERS, bundled

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def test_in_the_checkout_the_data_are_the_repository_folders() -> None:
    assert bundled("seeds") == ROOT / "seeds"
    assert bundled("fixture_site") == ROOT / "fixtures" / "site"
    assert (bundled("fixture_site") / "robots.txt").is_file()


def test_an_unknown_folder_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="no bundled folder 'sites': one of seeds, fixture_site"):
        bundled("sites")


def test_every_subpackage_of_crawler_is_installed() -> None:
    subpackages = {
        ".".join(("cleaners_crawler", *init.parent.relative_to(ROOT / "crawler").parts))
        for init in (ROOT / "crawler").rglob("__init__.py")
    }
    listed = {name for name in SETUPTOOLS["packages"] if name.startswith("cleaners_crawler")}
    assert listed == subpackages | {f"cleaners_crawler.{name}" for name in FOLDERS}


def test_each_bundled_folder_is_mapped_in_from_where_the_repository_keeps_it() -> None:
    mapped = SETUPTOOLS["package-dir"]
    assert mapped.pop("cleaners_crawler") == "crawler"
    assert mapped == {f"cleaners_crawler.{name}": place for name, place in FOLDERS.items()}
    for place in FOLDERS.values():
        assert (ROOT / place).is_dir()
