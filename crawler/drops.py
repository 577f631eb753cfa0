"""One way for every pipeline to drop an item: count the reason, then raise.

The stats key is `<component>/dropped/<reason>`, so a crawl's summary says how many pages
each component dropped and why, and a test can assert on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from scrapy.exceptions import DropItem

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector


class Dropped(DropItem):
    """A `DropItem` that says which component dropped the item and why, so that a handler
    of `item_dropped` (the shared crawl's counters) counts it under the same key."""

    def __init__(self, component: str, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.component = component
        self.reason = reason

    @property
    def stats_key(self) -> str:
        return f"{self.component}/dropped/{self.reason}"


def drop(stats: StatsCollector, component: str, reason: str, detail: str) -> NoReturn:
    """Count `<component>/dropped/<reason>` and raise `Dropped`, a `DropItem` whose
    message is `"<reason>: <detail>"`."""
    error = Dropped(component, reason, detail)
    stats.inc_value(error.stats_key)
    raise error


def dropped(stats: dict[str, object]) -> dict[str, int]:
    """The drop counters of a crawl's stats, `<component>/dropped/<reason>` -> count.

    >>> dropped({"clean/dropped/listing": 3, "item_scraped_count": 9})
    {'clean/dropped/listing': 3}
    """
    return {k: int(str(v)) for k, v in sorted(stats.items()) if "/dropped/" in k}
