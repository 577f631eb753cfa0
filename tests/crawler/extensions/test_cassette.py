"""The vcrpy cassette cache storage: unit tests, a whole crawl replayed offline, and the
same cassette read by `requests` under pytest-recording's `@pytest.mark.vcr`.

Record the cassette again after changing the fixture site:
    pytest tests/crawler/extensions/test_cassette.py --record-mode=all
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import requests
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from vcr.persisters.filesystem import FilesystemPersister
from vcr.serializers import yamlserializer

from crawler.extensions.cassette import CassetteCacheStorage, CassetteError
from crawler.fixturesite import FixtureSite
from crawler.testing import cassette_path, cassette_settings
from tests.crawler.conftest import DETERMINISTIC, EXPECTED_PATHS, ROOT, run_crawl

if TYPE_CHECKING:
    from pathlib import Path

URL = "http://127.0.0.1:8000/a.html"


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "fixtures" / "cassettes")


@pytest.fixture
def default_cassette_name() -> str:
    """One cassette for the Scrapy crawl and the requests test: both read the fixture site."""
    return "fixture_site"


def storage(path: Path, mode: str, **settings: object) -> CassetteCacheStorage:
    values = {"VCR_CASSETTE_PATH": str(path), "VCR_RECORD_MODE": mode}
    values["HTTPCACHE_IGNORE_MISSING"] = mode == "none"
    values.update(settings)
    cache = CassetteCacheStorage(Settings(values))
    cache.open_spider(Spider("test"))
    return cache


def record_one(path: Path) -> None:
    cache = storage(path, "once")
    response = HtmlResponse(
        URL,
        status=200,
        body="<p>芯片</p>".encode("gbk"),
        headers={"Content-Type": "text/html; charset=gbk", "Date": "Tue, 09 Dec 2025 02:30:00 GMT"},
    )
    cache.store_response(Spider("test"), Request(URL), response)
    cache.close_spider(Spider("test"))


def test_a_recorded_response_replays_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record_one(path)
    replayed = storage(path, "none").retrieve_response(Spider("test"), Request(URL + "?"))
    assert replayed is not None and isinstance(replayed, HtmlResponse)
    assert replayed.status == 200
    assert replayed.body.decode("gbk") == "<p>芯片</p>"
    assert replayed.headers["Date"] == b"Tue, 09 Dec 2025 02:30:00 GMT"
    assert storage(path, "none").retrieve_response(Spider("test"), Request(URL + "?b=1")) is None


def test_the_file_is_a_vcrpy_cassette(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record_one(path)
    requests_, responses = FilesystemPersister.load_cassette(path, yamlserializer)[:2]
    assert [(r.method, r.uri) for r in requests_] == [("GET", URL)]
    assert responses[0]["status"] == {"code": 200, "message": "OK"}
    assert path.read_text("utf-8").startswith("interactions:")


def test_record_modes(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    with pytest.raises(CassetteError, match="no cassette to replay"):
        storage(path, "none")
    record_one(path)
    once = storage(path, "once")  # the file exists: replay only, as vcrpy does
    assert (once.replay, once.record) == (True, False)
    everything = storage(path, "all")
    assert (everything.replay, everything.record) == (False, True)
    assert everything.retrieve_response(Spider("test"), Request(URL)) is None


def test_misconfiguration_is_an_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(CassetteError, match="HTTPCACHE_IGNORE_MISSING"):
        CassetteCacheStorage(Settings({"VCR_CASSETTE_PATH": "x.yaml", "VCR_RECORD_MODE": "none"}))
    with pytest.raises(CassetteError, match="VCR_RECORD_MODE='sometimes'"):
        CassetteCacheStorage(
            Settings({"VCR_CASSETTE_PATH": "x.yaml", "VCR_RECORD_MODE": "sometimes"})
        )
    with pytest.raises(CassetteError, match="set VCR_CASSETTE_PATH"):
        CassetteCacheStorage(Settings({}))


def recorded_origin(path: Path) -> str:
    first = FilesystemPersister.load_cassette(path, yamlserializer)[0][0]
    parts = urlsplit(first.uri)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.slow
def test_whole_crawl_replays_from_the_cassette_offline(
    vcr_cassette_dir: str, default_cassette_name: str, record_mode: str, tmp_path: Path
) -> None:
    settings = cassette_settings(vcr_cassette_dir, default_cassette_name, record_mode)
    replaying = record_mode == "none"
    # Replaying, nothing listens on the recorded port: a request the cassette lacks fails.
    site = contextlib.nullcontext() if replaying else FixtureSite()
    with site as running:
        if running is None:
            origin = recorded_origin(cassette_path(vcr_cassette_dir, default_cassette_name))
        else:
            origin = running.origin
        values = {**DETERMINISTIC, **{k: str(v) for k, v in settings.items()}}
        crawl = run_crawl(origin, tmp_path / "corpus.jsonl", **values)
    if replaying:
        assert crawl.stats.get("httpcache/miss", 0) == 0
        assert crawl.stats["httpcache/hit"] == crawl.stats["response_received_count"]
        assert "httpcache/store" not in crawl.stats
    assert sorted(crawl.paths(origin)) == sorted(EXPECTED_PATHS)


@pytest.mark.vcr(record_mode="none")  # reads what the crawl recorded; never records itself
def test_requests_reads_the_same_cassette(
    vcr_cassette_dir: str, default_cassette_name: str
) -> None:
    origin = recorded_origin(cassette_path(vcr_cassette_dir, default_cassette_name))
    robots = requests.get(origin + "/robots.txt", timeout=5)
    assert "Disallow: /members/" in robots.text
    page = requests.get(origin + "/news/2025/12/hbm-controls.html", timeout=5)
    assert page.headers["Content-Type"] == "text/html; charset=gbk"
    assert page.encoding == "gbk" and "高带宽内存" in page.text
