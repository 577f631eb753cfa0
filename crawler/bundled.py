"""The data the crawler ships with: the default seeds and the demo's fixture site.

In a wheel they sit in the package, next to this file (`seeds/`, `fixture_site/`), mapped
in at build time from the repository's `seeds/` and `fixtures/site/` (see pyproject.toml),
so the repository keeps one copy of each and an installed crawler needs no checkout. In a
checkout, and an editable install of one, this package is the folder `crawler/` and the
data are where the repository keeps them, at its root (the folder holding `scrapy.cfg`).
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: Each bundled folder: its name in the package, and its place in the repository.
FOLDERS = {"seeds": "seeds", "fixture_site": "fixtures/site"}


def bundled(name: str) -> Path:
    """The folder `name` (a key of FOLDERS) of the installed package, else of the checkout.

    >>> sorted(path.suffix for path in bundled("seeds").iterdir())
    ['.txt', '.txt']
    """
    if name not in FOLDERS:
        raise ValueError(f"no bundled folder {name!r}: one of {', '.join(FOLDERS)}")
    packaged = _HERE / name
    if packaged.is_dir():
        return packaged
    checkout = _HERE.parent
    if (checkout / "scrapy.cfg").is_file() and (checkout / FOLDERS[name]).is_dir():
        return checkout / FOLDERS[name]
    raise FileNotFoundError(
        f"{packaged}: the bundled {name} are missing; reinstall cleaners[crawler]"
    )
