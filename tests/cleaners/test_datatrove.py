"""`cleaners.datatrove` under datatrove's LocalPipelineExecutor: the WARC reader keeps the
raw bytes and the HTTP charset, `CleanHtml` turns the pages into clean text."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="cleaners[datatrove] is not installed")

from datatrove.data import Document as DatatroveDocument
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from cleaners import clean_html
from cleaners.datatrove import RAW_HTML, CleanHtml, WarcReader

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "warc"
GBK_ID = "<urn:uuid:00000000-0000-4000-8000-000000000003>"


def test_reader_keeps_raw_bytes_and_http_charset() -> None:
    reader = WarcReader(str(FIXTURES), glob_pattern="sample.warc.gz")
    gbk, english = reader()
    assert gbk.id == GBK_ID
    assert gbk.metadata == {
        "url": "http://news.example.cn/2024/05/bridge.html",
        "date": "2024-05-01T08:00:02+00:00",
        "charset": "gbk",
        "file_path": str(FIXTURES / "sample.warc.gz"),  # datatrove's own addition
    }
    [raw] = gbk.media
    assert raw.id == RAW_HTML and raw.media_bytes is not None
    assert raw.media_bytes.decode("gbk") == gbk.text  # the text is the page, decoded right
    assert "跨江大桥正式通车" in gbk.text
    assert english.metadata["charset"] == "utf-8"
    assert reader.stats.stats["skipped/response image/png"].total == 1


def test_clean_html_step_gives_body_and_metadata_and_drops_the_bytes() -> None:
    step = CleanHtml()
    html = "<html><head><title>x</title></head><body><p>too short</p></body></html>"
    page = DatatroveDocument(text=html, id="plain")  # an HTML document from any reader
    [cleaned] = step([page])
    assert cleaned.text == clean_html(html).body
    assert cleaned.metadata["title"] == clean_html(html).title
    assert step.stats.stats["kept"].total == 1


def test_pipeline_runs_under_the_local_executor(tmp_path: Path) -> None:
    data = tmp_path / "warcs"
    data.mkdir()
    shutil.copy(FIXTURES / "sample.warc.gz", data)
    shutil.copy(FIXTURES / "sample.arc", data)
    (data / "notes.txt").write_text("not an archive\n", "utf-8")  # logged and skipped
    out = tmp_path / "out"
    executor = LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(data)),
            CleanHtml(),
            JsonlWriter(str(out), output_filename="${rank}.jsonl.gz"),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    with gzip.open(out / "00000.jsonl.gz", "rt", encoding="utf-8") as file:
        records: list[dict[str, Any]] = [json.loads(line) for line in file]
    urls = [record["metadata"]["url"] for record in records]
    assert urls == [
        "http://news.example.cn/2024/05/bridge.html",  # from the ARC
        "http://news.example.cn/2024/05/bridge.html",  # from the WARC
        "https://gazette.example.com/news/bike-lanes",
    ]
    arc, gbk, english = records
    assert gbk["id"] == GBK_ID
    assert gbk["text"] == arc["text"]
    assert gbk["text"].startswith("市政府周五宣布，历时十年建设的跨江大桥正式通车")
    assert gbk["metadata"]["title"] == "跨江大桥正式通车"
    assert gbk["metadata"]["language"] == "zh-cn"
    assert "protected bike lanes" in english["text"]
    assert all(not record.get("media") for record in records)  # no bytes in the JSON


def test_a_file_that_is_no_archive_is_counted_and_skipped(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sample.arc", tmp_path)
    (tmp_path / "notes.txt").write_text("not an archive\n", "utf-8")
    reader = WarcReader(str(tmp_path))
    [page] = reader()
    assert page.metadata["url"] == "http://news.example.cn/2024/05/bridge.html"
    assert reader.stats.stats["broken_files"].total == 1
