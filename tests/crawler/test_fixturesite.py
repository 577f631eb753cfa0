"""The fixture site's server: real HTTP on loopback, charset headers, templates, 404s."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from crawler.fixturesite import FixtureSite, Page


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_serves_pages_robots_and_a_templated_sitemap() -> None:
    with FixtureSite() as site:
        status, kind, body = fetch(site.url("/news/2025/12/hbm-controls.html?from=rss"))
        assert (status, kind) == (200, "text/html; charset=gbk")
        assert "高带宽内存" in body.decode("gbk")
        assert b"Disallow: /members/" in fetch(site.url("/robots.txt"))[2]
        sitemap = fetch(site.url("/sitemap.xml"))[2].decode()
        assert f"<loc>{site.origin}/news/2025/07/computing-centers.html</loc>" in sitemap
        assert fetch(site.url("/bbs/"))[1] == "text/html; charset=utf-8"
        for missing in ("/nope.html", "/_site.json", "/../pyproject.toml"):
            with pytest.raises(urllib.error.HTTPError) as error:
                fetch(site.url(missing))
            assert error.value.code == 404
            error.value.close()


def test_generated_pages_come_first() -> None:
    def extra(path: str, origin: str) -> Page | None:
        return Page(f"<p>{origin}{path}</p>".encode(), "text/html") if path == "/gen/1" else None

    with FixtureSite(extra=extra) as site:
        assert fetch(site.url("/gen/1"))[2] == f"<p>{site.origin}/gen/1</p>".encode()
        assert fetch(site.url("/"))[0] == 200


def test_origin_needs_a_running_server() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = FixtureSite().origin
