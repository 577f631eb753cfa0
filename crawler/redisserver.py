"""A real Redis server on 127.0.0.1 and a free port, for the tests, the benchmark and a demo.

It runs Debian's `redis-server` binary (`.ci/run` installs it when missing) in a temporary
directory, without snapshots, and stops it on exit. A shared crawl's state lives in Redis,
so what this exercises is the server the workers use in production, never a mock.

    python -m crawler.redisserver        # serve one by hand; prints its REDIS_URL
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import redis

if TYPE_CHECKING:
    from types import TracebackType

BINARY = "redis-server"


class RedisServerError(RuntimeError):
    """The redis-server binary is missing or the server did not come up."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the kernel's pick for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RedisServer:
    """`redis-server` in the background; use as a context manager.

    >>> import shutil
    >>> if shutil.which(BINARY):
    ...     with RedisServer() as server:
    ...         server.client().ping()
    ... else:
    ...     True
    True
    """

    binary: str = BINARY
    startup_seconds: float = 10.0
    port: int = field(default=0, init=False)
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _directory: tempfile.TemporaryDirectory[str] | None = field(
        default=None, init=False, repr=False
    )

    @property
    def url(self) -> str:
        if self._process is None:
            raise RedisServerError("the Redis server is not running: use it in a `with` block")
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def start(self) -> RedisServer:
        path = shutil.which(self.binary)
        if path is None:
            raise RedisServerError(
                f"{self.binary} not found on PATH: install it (Debian: apt-get install "
                "redis-server)"
            )
        self._directory = tempfile.TemporaryDirectory(prefix="redis-")
        self.port = free_port()
        command = [path, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", self._directory.name, "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_seconds
        assert self._process is not None
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode() if self._process.stderr else ""
                self.stop()
                raise RedisServerError(f"{self.binary} exited at start: {error.strip()}")
            with contextlib.suppress(redis.ConnectionError):
                if self.client().ping():
                    return
            time.sleep(0.05)
        self.stop()
        raise RedisServerError(f"{self.binary} did not answer within {self.startup_seconds} s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stderr:
                self._process.stderr.close()
            self._process = None
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> None:
    with RedisServer() as server:
        print(f"REDIS_URL={server.url} (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
