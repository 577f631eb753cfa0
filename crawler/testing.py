"""Helpers for tests that crawl: cassette settings from pytest-recording's fixtures.

pytest-recording decides where cassettes live (`vcr_cassette_dir`), what a test's cassette
is called (`default_cassette_name`) and whether to record (`record_mode`, from
`--record-mode`, "none" by default). The same three decide a Scrapy crawl's cassette here,
so `pytest --record-mode=once` records a crawl the way it records a requests test:

    from crawler.testing import cassette_settings

    def test_crawl(vcr_cassette_dir, default_cassette_name, record_mode):
        settings = cassette_settings(vcr_cassette_dir, default_cassette_name, record_mode)
        ...  # pass them to the crawl (-s NAME=VALUE, or get_crawler(settings_dict=...))
"""

from __future__ import annotations

from pathlib import Path

from .settings import HTTPCACHE_STORAGE


def cassette_path(vcr_cassette_dir: str | Path, cassette_name: str) -> Path:
    """Where vcrpy keeps a cassette: `<dir>/<name>.yaml`."""
    name = cassette_name if cassette_name.endswith(".yaml") else cassette_name + ".yaml"
    return Path(vcr_cassette_dir) / name


def cassette_settings(
    vcr_cassette_dir: str | Path, cassette_name: str, record_mode: str
) -> dict[str, object]:
    """Scrapy settings that record to or replay from the cassette pytest-recording names.

    >>> cassette_settings("fixtures/cassettes", "crawl", "none")["HTTPCACHE_IGNORE_MISSING"]
    True
    """
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_STORAGE": HTTPCACHE_STORAGE,
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.DummyPolicy",
        "VCR_CASSETTE_PATH": str(cassette_path(vcr_cassette_dir, cassette_name)),
        "VCR_RECORD_MODE": record_mode,
        # replay only: a request the cassette lacks is an error, never a download
        "HTTPCACHE_IGNORE_MISSING": record_mode == "none",
    }
