"""A real HTTP server for the bundled fixture site, on 127.0.0.1 and an ephemeral port.

The demo, the tests and the benchmark crawl it like any site: robots.txt, a sitemap, a
GBK page served with its charset in the Content-Type header, 404s for missing pages.
`fixtures/site/_site.json` says which files are not UTF-8 and which are templates whose
`{ORIGIN}` becomes the server's own `http://127.0.0.1:PORT` (a sitemap needs absolute URLs).
Query strings are ignored, as on many real sites: `/a.html?print=1` serves `/a.html`.

    python -m crawler.fixturesite [--port 8000]     # serve it by hand
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .bundled import bundled

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

SITE = bundled("fixture_site")


@dataclass(frozen=True, slots=True)
class Page:
    """What the server sends for one path."""

    body: bytes
    content_type: str


@dataclass
class FixtureSite:
    """Serve `root` in a background thread; use as a context manager.

    >>> with FixtureSite() as site:
    ...     site.url("/robots.txt").startswith("http://127.0.0.1:")
    True
    """

    root: Path = SITE
    port: int = 0
    # Pages a caller generates (the benchmark's scaled site): (path, origin) -> page or None.
    extra: Callable[[str, str], Page | None] | None = None
    _manifest: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _server: ThreadingHTTPServer | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    @property
    def origin(self) -> str:
        if self._server is None:
            raise RuntimeError("the fixture site is not running: use it in a `with` block")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def start(self) -> FixtureSite:
        self._manifest = _read_manifest(self.root)
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FixtureSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def page(self, path: str) -> Page | None:
        """The page for a URL path, from `extra` first, then from the files under `root`."""
        if self.extra is not None and (generated := self.extra(path, self.origin)) is not None:
            return generated
        return _file_page(self.root, path, self._manifest, self.origin)


def _read_manifest(root: Path) -> dict[str, Any]:
    manifest = root / "_site.json"
    return dict(json.loads(manifest.read_text("utf-8"))) if manifest.exists() else {}


def _file_page(root: Path, path: str, manifest: dict[str, Any], origin: str) -> Page | None:
    relative = unquote(path).lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    file = (root / relative).resolve()
    if not file.is_relative_to(root.resolve()) or file.name.startswith("_"):
        return None
    if file.is_dir():
        file, relative = file / "index.html", relative + "/index.html"
    if not file.is_file():
        return None
    body = file.read_bytes()
    if relative in manifest.get("templated", []):
        body = body.replace(b"{ORIGIN}", origin.encode("ascii"))
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith("xml"):
        kind += "; charset=" + manifest.get("charsets", {}).get(relative, "utf-8")
    return Page(body, kind)


class _Handler(BaseHTTPRequestHandler):
    site: FixtureSite
    server_version = "FixtureSite/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        page = self.site.page(urlsplit(self.path).path)
        if page is None:
            page = Page(b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
            self.send_response(404)
        else:
            self.send_response(200)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(page.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the crawler's own log says what was fetched."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the bundled fixture site.")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    with FixtureSite(port=args.port) as site:
        print(f"serving {SITE} at {site.url()} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
