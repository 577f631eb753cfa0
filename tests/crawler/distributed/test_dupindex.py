"""The shared duplicate index gives the in-memory index's verdicts, for all workers."""

from __future__ import annotations

import pytest
import redis

from crawler.distributed.dupindex import RedisDuplicateIndex
from crawler.distributed.frontier import Keys
from crawler.neardup import DuplicateIndex, MinHasher
from tests.crawler.pipelines.conftest import ORIGIN, clean_item

PAGES = [
    "/news/2025/12/h200-export.html",
    "/partner/2025/12/h200-china.html",  # the syndicated copy of the first
    "/news/2025/10/h20-orders.html",
    "/bbs/thread-1001.html",
    "/en/2025/12/nvidia-h200-china.html",
]


def shared(redis_url: str) -> RedisDuplicateIndex:
    return RedisDuplicateIndex(redis.Redis.from_url(redis_url), Keys("t"), MinHasher(), 0.6)


def pages() -> list[tuple[str, str, str]]:
    items = [clean_item(path) for path in PAGES]
    print_view = clean_item(PAGES[0], url=ORIGIN + PAGES[0] + "?print=1")
    tracked = clean_item(PAGES[3], url=ORIGIN + PAGES[3] + "?from=home")
    tracked["canonical_url"] = tracked["url"]
    items += [print_view, tracked]
    return [(item["url"], item["canonical_url"], item["body"]) for item in items]


def test_same_verdicts_as_the_in_memory_index(redis_url: str) -> None:
    local, index = DuplicateIndex(MinHasher(), 0.6), shared(redis_url)
    verdicts = [index.check(*page) for page in pages()]
    assert verdicts == [local.check(*page) for page in pages()]
    reasons = [verdict[0] for verdict in verdicts if verdict]
    assert reasons == ["near_duplicate", "same_canonical_url", "same_body"]


def test_workers_share_it(redis_url: str) -> None:
    first, second = shared(redis_url), shared(redis_url)
    original, copy = pages()[:2]
    assert first.check(*original) is None
    assert second.check(*copy) == ("near_duplicate", original[0])


def test_a_page_judged_again_is_not_its_own_duplicate(redis_url: str) -> None:
    """A lease redone after a worker died judges the same page a second time."""
    index = shared(redis_url)
    original, copy = pages()[:2]
    assert index.check(*original) is None
    assert index.check(*original) is None
    assert index.check(*copy) == ("near_duplicate", original[0])


@pytest.mark.parametrize("body", ["", "短"])
def test_bodies_without_shingles_are_still_compared_by_digest(redis_url: str, body: str) -> None:
    index = shared(redis_url)
    assert index.check("http://a/1", "http://a/1", body) is None
    assert index.check("http://a/2", "http://a/2", body) == ("same_body", "http://a/1")
