"""The test Redis: a real redis-server process, gone with its folder after the block."""

from __future__ import annotations

import shutil

import pytest
import redis

from crawler.redisserver import BINARY, RedisServer, RedisServerError


@pytest.mark.skipif(shutil.which(BINARY) is None, reason=f"no {BINARY} on PATH")
def test_serves_on_loopback_and_stops() -> None:
    with RedisServer() as server:
        assert server.url.startswith("redis://127.0.0.1:")
        client = server.client()
        client.set("k", "v")
        assert client.get("k") == b"v"
        assert client.info("server")["redis_version"]
        url = server.url
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(url).ping()
    with pytest.raises(RedisServerError, match="not running"):
        _ = server.url


def test_a_missing_binary_is_named() -> None:
    with pytest.raises(RedisServerError, match="no-such-redis-server not found on PATH"):
        RedisServer(binary="no-such-redis-server").start()
