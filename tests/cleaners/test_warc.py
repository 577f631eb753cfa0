"""Web archives as input: fixtures/warc/sample.warc(.gz), written by benchmarks/warc_fixture.py,
holds a warcinfo record, a request, a GBK page whose charset is only in the HTTP header, a
PNG response and a gzip-encoded English page."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import cleaners
from cleaners import warc
from cleaners.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "warc"
GBK_ID = "<urn:uuid:00000000-0000-4000-8000-000000000003>"
ENGLISH_ID = "<urn:uuid:00000000-0000-4000-8000-000000000005>"


@pytest.fixture(params=["sample.warc.gz", "sample.warc"])
def archive(request: pytest.FixtureRequest) -> Path:
    path: Path = FIXTURES / request.param
    return path


def records(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.split("\n")[:-1]]


def test_pages_are_the_html_responses_with_charset_url_and_date(archive: Path) -> None:
    skipped: Counter[str] = Counter()
    gbk, english = warc.pages(str(archive), skipped)
    assert gbk.source == f"{archive}#{GBK_ID}"
    assert gbk.url == "http://news.example.cn/2024/05/bridge.html"
    assert gbk.charset == "gbk"
    assert b"<meta" not in gbk.data  # the header is the only place the charset is given
    assert gbk.fetched_at == datetime(2024, 5, 1, 8, 0, 2, tzinfo=UTC)
    assert english.data.startswith(b"<!DOCTYPE html>")  # Content-Encoding gzip undone
    assert (gbk.last, english.last) == (False, True)
    assert skipped == {"warcinfo": 1, "request": 1, "response image/png": 1}


def test_clean_writes_one_record_per_page_with_source_and_url(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clean", str(archive)]) == 0
    out, err = capsys.readouterr()
    gbk, english = records(out)
    assert (gbk["source"], gbk["url"]) == (
        f"{archive}#{GBK_ID}",
        "http://news.example.cn/2024/05/bridge.html",
    )
    assert gbk["title"] == "跨江大桥正式通车"
    assert "历时十年建设的跨江大桥正式通车" in gbk["body"]
    assert gbk["language"] == "zh-cn"
    assert english["source"] == f"{archive}#{ENGLISH_ID}"
    assert "protected bike lanes" in english["body"]
    assert err == (
        f"cleaners: note: {archive}: 3 records skipped, not HTML responses: "
        "1 warcinfo, 1 request, 1 response image/png\n"
    )


def test_page_is_cleaned_like_the_same_bytes_given_directly(archive: Path) -> None:
    page = next(warc.pages(str(archive), Counter()))
    direct = cleaners.clean_html(
        page.data, url=page.url, encoding="gbk", fetched_at=page.fetched_at
    )
    assert warc.clean_page(page) == direct


def one_record_warc(path: Path, html: bytes, content_type: str) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://example.com/page",
            "response",
            payload=io.BytesIO(html),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-08T12:00:00Z"},
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio's spooled copy of the payload
    return path


def test_warc_date_anchors_relative_dates(tmp_path: Path) -> None:
    html = (
        b"<html><head><title>Storm closes the coast road</title></head><body><article>"
        b"<h1>Storm closes the coast road</h1><p>By Ann Lee</p><p>3 hours ago</p>"
        b"<p>High winds and waves closed the coast road on Monday, and the police asked "
        b"drivers to use the inland route until the storm has passed.</p><p>Repairs to the sea "
        b"wall will start once the water has gone down, the county said.</p></article>"
        b"</body></html>"
    )
    path = one_record_warc(tmp_path / "one.warc.gz", html, "text/html")
    [page] = warc.pages(str(path), Counter())
    document = warc.clean_page(page)
    assert document.published == "2024-03-08T09:00+00:00"  # 3 hours before the WARC-Date


def test_only_the_http_charset_decodes_a_short_gbk_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Too short for detection: read without its charset, these GBK bytes come out as
    # other characters.
    html = "<html><body><h1>数据</h1><p>数据</p></body></html>".encode("gbk")
    labelled = one_record_warc(tmp_path / "gbk.warc.gz", html, "text/html; charset=gbk")
    unlabelled = one_record_warc(tmp_path / "plain.warc.gz", html, "text/html")
    assert main(["clean", str(labelled), str(unlabelled)]) == 0
    right, guessed = records(capsys.readouterr().out)
    assert right["body"] == "数据\n\n数据"
    assert "数据" not in guessed["body"]


def test_archive_without_pages_and_broken_archives_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    images = tmp_path / "images.warc"
    data = (FIXTURES / "sample.warc").read_bytes()
    # Only the warcinfo record and its request: no HTML response.
    third = data.index(b"\r\n\r\nWARC/1.0\r\n", data.index(b"WARC-Type: request")) + 4
    images.write_bytes(data[:third])
    not_warc = tmp_path / "notes.warc.gz"
    not_warc.write_bytes(gzip.compress(b"just some text, not an archive\n"))
    truncated = tmp_path / "cut.warc.gz"
    whole = (FIXTURES / "sample.warc.gz").read_bytes()
    truncated.write_bytes(whole[: len(whole) - 200])
    code = main(["clean", str(images), str(not_warc), str(truncated), str(tmp_path / "no.warc")])
    out, err = capsys.readouterr()
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == (
        f"cleaners: error: {images}: no HTML pages (2 records skipped, not HTML responses: "
        "1 warcinfo, 1 request)"
    )
    assert (
        lines[1] == f"cleaners: error: {not_warc}: not a WARC or ARC file (no WARC or ARC header)"
    )
    assert lines[2] == (
        f"cleaners: error: {truncated}: breaks off inside record {ENGLISH_ID} "
        "(https://gazette.example.com/news/bike-lanes)"
    )
    assert lines[3] == f"cleaners: error: {tmp_path / 'no.warc'}: No such file or directory"
    # The truncated archive's pages before the break are kept.
    assert [record["url"] for record in records(out)] == [
        "http://news.example.cn/2024/05/bridge.html"
    ]


def test_arc_pages_are_named_by_offset_and_dated_by_archive_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    arc = FIXTURES / "sample.arc"
    skipped: Counter[str] = Counter()
    [page] = warc.pages(str(arc), skipped)
    assert (page.source, page.url, page.charset) == (
        f"{arc}#129",
        "http://news.example.cn/2024/05/bridge.html",
        "gbk",
    )
    assert page.fetched_at == datetime(2024, 5, 1, 8, 0, 2, tzinfo=UTC)
    assert skipped == {"arc header": 1, "response image/png": 1}
    assert main(["clean", str(arc)]) == 0
    [record] = records(capsys.readouterr().out)
    assert record["title"] == "跨江大桥正式通车"
