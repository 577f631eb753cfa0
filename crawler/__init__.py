"""The Scrapy project that grows the corpus with pages similar to the seed documents.

`scrapy crawl similar -a start_urls=URL` from the repository root (see `scrapy.cfg`), or
`cleaners crawl URL -o corpus.jsonl` anywhere once `cleaners[crawler]` is installed.
The cleaning itself is `cleaners`; this package only fetches, scores, filters and records.

The folder is `crawler/` in the repository, imported as `crawler` there; what gets
installed is `cleaners_crawler` (pyproject.toml maps it), a name no other project takes.
The code refers to itself by relative imports, and its settings name components from
`__name__`, so it runs under either name. One process must load it under one name only:
two copies of a class break `isinstance` and two copies of a signal never meet, so
importing it under the second name is refused here.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: The names this package is imported under: installed, and in the checkout.
NAMES = ("cleaners_crawler", "crawler")


def _refuse_a_second_copy() -> None:
    """ImportError if this same code is already loaded under the other name."""
    here = Path(__file__).resolve()
    for name in NAMES:
        loaded = sys.modules.get(name)
        where = getattr(loaded, "__file__", None)
        if name != __name__ and where is not None and Path(where).resolve() == here:
            raise ImportError(
                f"{here.parent} is already imported as {name!r}; importing it again as"
                f" {__name__!r} would make two copies of every class: use {name!r}"
            )


_refuse_a_second_copy()
