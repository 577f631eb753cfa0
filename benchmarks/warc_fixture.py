"""Write fixtures/warc/sample.warc.gz and sample.warc: the small archive the WARC tests read.

Five records, each a case the reader must handle: a warcinfo record, a request, a Chinese
page in GBK whose charset is given only in the HTTP header (the page has no <meta charset>),
a PNG response, and an English page sent gzip-compressed (Content-Encoding). Record ids and
dates are fixed, so the files come out the same on every run:

    python benchmarks/warc_fixture.py
"""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "warc"

GBK_PAGE = """<!DOCTYPE html><html><head><title>跨江大桥正式通车 | 示例日报</title></head>
<body><nav><a href="/">首页</a> <a href="/news">新闻</a> <a href="/city">城市</a></nav>
<article><h1>跨江大桥正式通车</h1>
<p>市政府周五宣布，历时十年建设的跨江大桥正式通车，市民往返两岸的时间将缩短一半。</p>
<p>交通部门表示，通车后首月将免收通行费，并在早晚高峰增派人员疏导交通。</p>
<p>沿江两岸的商户期待客流增加，附近居民则希望噪音问题得到妥善处理。</p>
</article><footer>版权所有 2024 示例日报</footer></body></html>"""

ENGLISH_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Council approves new bike lanes | The Gazette</title></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article><h1>Council approves new bike lanes</h1>
<p>The city council voted on Tuesday to build twelve kilometres of protected bike lanes
along the river, a plan cyclists have pressed for since 2019.</p>
<p>Work starts in the spring and should end before the summer holidays, the council said,
with the first stretch linking the station to the university.</p>
</article><footer>&copy; 2024 The Gazette</footer></body></html>"""


def png() -> bytes:
    """A valid 1x1 PNG, made here rather than committed as a binary."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _headers(record_id: str, date: str) -> dict[str, str]:
    return {"WARC-Record-ID": f"<urn:uuid:{record_id}>", "WARC-Date": date}


def write(stream: io.BufferedIOBase, *, gzipped: bool) -> None:
    writer = WARCWriter(stream, gzip=gzipped)
    info = writer.create_warcinfo_record(
        "sample.warc.gz",
        {"software": "benchmarks/warc_fixture.py", "format": "WARC File Format 1.0"},
    )
    info.rec_headers.replace_header(
        "WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000001>"
    )
    info.rec_headers.replace_header("WARC-Date", "2024-05-01T08:00:00Z")
    writer.write_record(info)

    url = "http://news.example.cn/2024/05/bridge.html"
    request = StatusAndHeaders(
        "GET /2024/05/bridge.html HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=request,
            warc_headers_dict=_headers(
                "00000000-0000-4000-8000-000000000002", "2024-05-01T08:00:01Z"
            ),
        )
    )
    responses = [
        (
            url,
            "00000000-0000-4000-8000-000000000003",
            "2024-05-01T08:00:02Z",
            [("Content-Type", "text/html; charset=GBK")],
            GBK_PAGE.encode("gbk"),
        ),
        (
            "http://news.example.cn/logo.png",
            "00000000-0000-4000-8000-000000000004",
            "2024-05-01T08:00:03Z",
            [("Content-Type", "image/png")],
            png(),
        ),
        (
            "https://gazette.example.com/news/bike-lanes",
            "00000000-0000-4000-8000-000000000005",
            "2024-05-02T09:30:00Z",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
            gzip.compress(ENGLISH_PAGE.encode("utf-8"), mtime=0),
        ),
    ]
    for target, record_id, date, headers, body in responses:
        http = StatusAndHeaders(
            "200 OK", [*headers, ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                target,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict=_headers(record_id, date),
            )
        )


def arc() -> bytes:
    """The same GBK page and PNG as an ARC (version 1) file, which no Python library writes:
    a filedesc:// header record, then one record per response, each a header line
    (URL, IP, 14-digit date, content type, length) and the HTTP response."""
    fields = b"1 0 cleaners\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://sample.arc 0.0.0.0 20240501080000 text/plain %d\n%s" % (
        len(fields),
        fields,
    )
    responses = [
        ("http://news.example.cn/2024/05/bridge.html", "20240501080002", "text/html",
         b"Content-Type: text/html; charset=GBK", GBK_PAGE.encode("gbk")),
        ("http://news.example.cn/logo.png", "20240501080003", "image/png",
         b"Content-Type: image/png", png()),
    ]  # fmt: skip
    for url, date, mime, header, body in responses:
        block = b"HTTP/1.1 200 OK\r\n%s\r\nContent-Length: %d\r\n\r\n%s" % (
            header,
            len(body),
            body,
        )
        line = f"{url} 192.0.2.1 {date} {mime} {len(block)}\n".encode()
        out += b"\n" + line + block
    return out + b"\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, gzipped in (("sample.warc.gz", True), ("sample.warc", False)):
        with (OUT / name).open("wb") as file:
            write(file, gzipped=gzipped)
        print(OUT / name, (OUT / name).stat().st_size, "bytes")
    (OUT / "sample.arc").write_bytes(arc())
    print(OUT / "sample.arc", (OUT / "sample.arc").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
