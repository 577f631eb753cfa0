"""``cleaners crawl``: grow a corpus with pages like the seeds, from start URLs or the demo site.

This module reads the command line and checks it; the crawl itself is the Scrapy project,
installed as ``cleaners_crawler`` by the ``crawler`` extra and imported only here, inside
the subcommand, so ``cleaners`` stays a library that runs without Scrapy. Without the extra
the command says, in one line, what to install.
"""

from __future__ import annotations

import argparse
import glob
import importlib
import os
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CRAWLER_PACKAGE", "CrawlRequest", "add_parser", "run"]

#: The installed name of the Scrapy project (the repository's folder crawler/).
CRAWLER_PACKAGE = "cleaners_crawler"
EXIT_FAILED, EXIT_USAGE = 1, 2
MISSING_EXTRA = 'the crawler is not installed ({}): pip install "cleaners[crawler]"'


@dataclass(frozen=True, slots=True)
class CrawlRequest:
    """What one ``cleaners crawl`` asked for, checked; the crawler's settings come from it."""

    output: str
    urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    #: Folders of seed dumps; empty: the seeds bundled with the crawler.
    seeds: tuple[str, ...] = ()
    depth: int | None = None
    pages: int | None = None
    #: ``-s NAME=VALUE``, in order: Scrapy and crawler settings, above every default.
    settings: tuple[tuple[str, str], ...] = ()
    log_level: str | None = None
    demo: bool = False


def add_parser(commands: Any) -> None:
    """The ``crawl`` subcommand's arguments."""
    parser = commands.add_parser(
        "crawl",
        help="crawl sites for pages like the seeds (needs cleaners[crawler])",
        description="Crawl from start URLs (and sitemaps) for articles and threads like the "
        "seed dumps, clean them and write them as JSON Lines. Polite by default: robots.txt, "
        "AutoThrottle, two requests in flight per site, only the start URLs' hosts.",
        epilog="OUT is replaced only when the crawl ends; an interrupted one (Ctrl-C, SIGTERM) "
        "leaves OUT as it was and the records so far in OUT.partial. Exit status: 0 done, "
        "1 the crawl failed, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="an http(s) URL to start from")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help="the corpus file")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="crawl the bundled fixture site, served on 127.0.0.1, instead of URLs",
    )
    parser.add_argument(
        "--sitemap", action="append", default=[], metavar="URL", help="a sitemap or feed too"
    )
    parser.add_argument(
        "--seeds",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of seed dumps (*.txt), repeatable (default: the bundled seeds)",
    )
    parser.add_argument(
        "--depth", type=_count, metavar="N", help="follow links N hops (default: 4; 0: no limit)"
    )
    parser.add_argument(
        "--pages",
        type=_count,
        metavar="N",
        help="stop after N responses (default: 1000; 0: no limit)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        type=_setting,
        metavar="NAME=VALUE",
        dest="settings",
        help="any Scrapy or crawler setting (README, Crawler), repeatable",
    )
    parser.add_argument(
        "--log-level",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="Scrapy's log on stderr (default: INFO; WARNING with --demo)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``cleaners crawl``; returns the exit status."""
    try:
        request = _request(args)
    except ValueError as error:
        _error(str(error))
        return EXIT_USAGE
    try:
        crawler = importlib.import_module(f"{CRAWLER_PACKAGE}.cli")
    except ModuleNotFoundError as error:
        missing = (error.name or "?").partition(".")[0]  # scrapy.crawler: scrapy is missing
        _error(MISSING_EXTRA.format(f"no module named {missing!r}"))
        return EXIT_FAILED
    status: int = crawler.crawl(request)
    return status


def _request(args: argparse.Namespace) -> CrawlRequest:
    """The checked request; ValueError says what is wrong with the command line."""
    if args.demo == bool(args.urls):
        raise ValueError("give start URLs or --demo (one of them)")
    for url in [*args.urls, *args.sitemap]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
    for folder in args.seeds:
        if not os.path.isdir(folder):
            raise ValueError(f"--seeds {folder}: not a folder")
        if not glob.glob(os.path.join(glob.escape(folder), "*.txt")):
            raise ValueError(f"--seeds {folder}: no seed dumps (*.txt) in it")
    if os.path.isdir(args.output):
        raise ValueError(f"-o {args.output}: is a folder; name the corpus file")
    return CrawlRequest(
        output=args.output,
        urls=tuple(args.urls),
        sitemaps=tuple(args.sitemap),
        seeds=tuple(args.seeds),
        depth=args.depth,
        pages=args.pages,
        settings=tuple(args.settings),
        log_level=args.log_level or ("WARNING" if args.demo else None),
        demo=args.demo,
    )


def _count(value: str) -> int:
    """A whole number of at least 0 (Scrapy reads 0 as "no limit")."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}")
    return int(value)


def _setting(value: str) -> tuple[str, str]:
    """``NAME=VALUE`` of ``-s``, as Scrapy's own ``-s`` takes it."""
    name, equals, setting = value.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {value!r}")
    return name.strip(), setting


def _error(message: str) -> None:
    print(f"cleaners: error: {message}", file=sys.stderr)
