"""`scrapy crawlstatus <spider> -s REDIS_URL=... [--json]`: where a shared crawl stands.

Queued and leased requests, fingerprints seen, and the counters the workers keep in Redis:
pages fetched, requests done, items emitted, leases requeued (a worker died) and released
(a worker stopped), and the pages dropped, by component and reason.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ..distributed import connect
from ..distributed.frontier import Frontier, Status

if TYPE_CHECKING:
    import argparse

COUNTERS = ("pages", "done", "emitted", "enqueued", "requeued", "released", "replaced")


def as_dict(status: Status) -> dict[str, object]:
    """
    >>> as_dict(Status(2, 1, 9, {"done": 6, "clean/dropped/listing": 3}))["dropped"]
    {'clean/dropped/listing': 3}
    """
    counts = {name: status.counts.get(name, 0) for name in COUNTERS}
    return {
        "queued": status.queued,
        "leased": status.leased,
        "seen": status.seen,
        **counts,
        "dropped": status.dropped(),
        "finished": status.finished,
    }


def as_text(status: Status) -> str:
    """
    >>> print(as_text(Status(0, 0, 3, {"done": 3, "emitted": 1, "clean/dropped/listing": 2})))
    queued       0
    leased       0
    seen         3
    pages        0
    done         3
    emitted      1
    enqueued     0
    requeued     0
    released     0
    replaced     0
    dropped      2
      clean/dropped/listing 2
    finished     yes
    """
    values = as_dict(status)
    dropped = status.dropped()
    lines = [f"{name:<12} {values[name]}" for name in ("queued", "leased", "seen", *COUNTERS)]
    lines.append(f"{'dropped':<12} {sum(dropped.values())}")
    lines += [f"  {key} {count}" for key, count in dropped.items()]
    lines.append(f"{'finished':<12} {'yes' if status.finished else 'no'}")
    return "\n".join(lines)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[options] <spider>"

    def short_desc(self) -> str:
        return "Show a shared crawl's progress (-s REDIS_URL=...): queued, leased, done, drops"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) != 1:
            raise UsageError("name one spider: scrapy crawlstatus <spider> -s REDIS_URL=...")
        if not self.settings.get("REDIS_URL"):
            raise UsageError("a shared crawl lives in Redis: pass -s REDIS_URL=redis://...")
        server, keys = connect(self.settings, args[0])
        status = Frontier(server, keys).status()
        print(json.dumps(as_dict(status)) if opts.json else as_text(status))
