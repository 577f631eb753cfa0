"""An HTTP cache storage for Scrapy that reads and writes vcrpy cassettes.

vcrpy records what `requests`, `urllib3` and friends send, but Scrapy downloads through
Twisted, which vcrpy cannot see. Scrapy's HTTP cache can: its downloader middleware asks a
storage for a response before each download and hands it each response after. This storage
keeps them in a vcrpy cassette (YAML, `version: 1`, one interaction per request), written
with vcrpy's own serializer, so one file serves a replayed Scrapy crawl and a test of code
that fetches with urllib3 or requests under pytest-recording's `@pytest.mark.vcr`.

    HTTPCACHE_ENABLED = True
    HTTPCACHE_STORAGE = "crawler.extensions.cassette.CassetteCacheStorage"
    VCR_CASSETTE_PATH = "fixtures/cassettes/fixture_site.yaml"
    VCR_RECORD_MODE = "none"          # none | once | new_episodes | all, as in vcrpy
    HTTPCACHE_IGNORE_MISSING = True   # required with "none": a miss must not go out

Requests match on method and URL (query order ignored), as vcrpy's default matchers do.
Responses are stored as received, before decompression and redirects (each hop is its own
interaction, as in vcrpy), with their status, headers and body.
"""

from __future__ import annotations

import logging
import os
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from vcr.persisters.filesystem import (
    CassetteNotFoundError,
    FilesystemPersister,
)
from vcr.request import Request as VcrRequest
from vcr.serialize import serialize
from vcr.serializers import yamlserializer
from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

RECORD_MODES = ("none", "once", "new_episodes", "all")


class CassetteError(RuntimeError):
    """The cassette cannot be used as configured (missing file, unknown mode ...)."""


def _key(method: str, url: str) -> tuple[str, str]:
    return method.upper(), canonicalize_url(url, keep_fragments=False)


def _text_headers(headers: Headers) -> dict[str, list[str]]:
    return {
        key.decode("latin-1"): [value.decode("latin-1") for value in values]
        for key, values in headers.items()
    }


class CassetteCacheStorage:
    """`HTTPCACHE_STORAGE` backend over one vcrpy cassette file (the four storage methods)."""

    def __init__(self, settings: BaseSettings):
        path = settings.get("VCR_CASSETTE_PATH")
        if not path:
            raise CassetteError("HTTPCACHE_STORAGE is the cassette storage: set VCR_CASSETTE_PATH")
        self.path = Path(path)
        self.mode = settings.get("VCR_RECORD_MODE", "once")
        if self.mode not in RECORD_MODES:
            raise CassetteError(f"VCR_RECORD_MODE={self.mode!r}: use one of {RECORD_MODES}")
        if self.mode == "none" and not settings.getbool("HTTPCACHE_IGNORE_MISSING"):
            raise CassetteError(
                "VCR_RECORD_MODE='none' replays only: set HTTPCACHE_IGNORE_MISSING=True so a "
                "request missing from the cassette is not sent to the network"
            )
        self.requests: list[VcrRequest] = []
        self.responses: list[dict[str, Any]] = []
        self.index: dict[tuple[str, str], int] = {}
        self.replay = self.record = False
        self.recorded = 0

    def open_spider(self, spider: Spider) -> None:
        exists = self.path.is_file() and self.path.stat().st_size > 0
        if self.mode == "none" and not exists:
            raise CassetteError(
                f"{self.path}: no cassette to replay (VCR_RECORD_MODE=none); record one with "
                "VCR_RECORD_MODE=once, or pytest --record-mode=once"
            )
        self.replay = self.mode in ("none", "new_episodes") or (self.mode == "once" and exists)
        self.record = self.mode in ("new_episodes", "all") or (self.mode == "once" and not exists)
        if exists and self.mode != "all":
            self._load()
        logger.info(
            "cassette %s: %d interactions, replay=%s record=%s",
            self.path,
            len(self.requests),
            self.replay,
            self.record,
        )

    def close_spider(self, spider: Spider) -> None:
        if not self.recorded:
            return
        data = serialize({"requests": self.requests, "responses": self.responses}, yamlserializer)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(data, encoding="utf-8")
        os.replace(partial, self.path)  # an interrupted write leaves the old cassette whole
        logger.info("cassette %s: %d interactions recorded", self.path, self.recorded)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        if not self.replay:
            return None
        position = self.index.get(_key(request.method, request.url))
        if position is None:
            return None
        recorded = self.responses[position]
        headers = Headers(recorded.get("headers") or {})
        body = recorded.get("body", {}).get("string", b"")
        if isinstance(body, str):  # vcrpy leaves bodies that are not text as str only if asked
            body = body.encode("utf-8")
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        status = int(recorded["status"]["code"])
        return cls(url=request.url, headers=headers, status=status, body=body)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        if not self.record:
            return
        key = _key(request.method, request.url)
        if key in self.index and self.mode != "all":
            return
        headers = {k: ", ".join(v) for k, v in _text_headers(request.headers).items()}
        self.requests.append(VcrRequest(request.method, request.url, request.body, headers))
        self.responses.append(
            {
                "status": {"code": response.status, "message": _reason(response.status)},
                "headers": _text_headers(response.headers),
                "body": {"string": response.body},
            }
        )
        self.index[key] = len(self.requests) - 1
        self.recorded += 1

    def _load(self) -> None:
        try:
            loaded = FilesystemPersister.load_cassette(self.path, yamlserializer)
        except CassetteNotFoundError:
            return
        requests, responses = loaded[0], loaded[1]
        self.requests, self.responses = list(requests), list(responses)
        for position, request in enumerate(self.requests):
            self.index.setdefault(_key(request.method, request.uri), position)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
