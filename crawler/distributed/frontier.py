"""The shared frontier in Redis: requests are leased, not popped, and acknowledged with
their items in one transaction.

scrapy-redis pops a request (ZRANGE + ZREMRANGEBYRANK) and forgets it; a worker killed with
requests in flight loses them, and since their fingerprints are already in the dupefilter,
their whole subtrees are never crawled. Here every step is a Lua script, so each runs
atomically on the server:

- `push`: add the fingerprint to the dupefilter set and the request to the queue together
  (a kill between the two would otherwise mark a request seen that is in no queue);
- `lease`: move the best request from the queue to the leases, with a deadline (server
  time + `lease_seconds`); first, put back in the queue every lease whose deadline passed;
- `renew`: push the deadlines of a live worker's leases forward (a slow page is not lost);
- `ack`: delete the lease and append the page's items to the items list, in one script,
  only if the lease is still held. A lease that expired and went back to the queue is
  someone else's now: its items are discarded here and emitted by whoever redoes it, so
  nothing is emitted twice;
- `release`: on a graceful stop, put this worker's leases back at once.

Keys (prefix `P`, `DISTRIBUTED_KEY`): `P:requests` (zset, score -priority, scrapy-redis's
PriorityQueue layout), `P:dupefilter` (set of fingerprints, scrapy-redis's RFPDupeFilter),
`P:leases` (zset lease id -> deadline), `P:leased` and `P:leased-score` (hashes lease id ->
request, -> queue score), `P:lease-seq`, `P:items` (list of JSON items), `P:counts` (hash).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    import redis

# Server time in seconds: every worker's deadlines on one clock.
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

_PUSH = """
-- KEYS: dupefilter, queue, leases, leased, scores, counts
-- ARGV: fingerprint, dont_filter, score, request, replaced lease id or ''
if ARGV[5] ~= '' then
  -- a redirect or retry of a leased request takes its place: only while the lease holds
  if redis.call('ZREM', KEYS[3], ARGV[5]) == 0 then return -1 end
  redis.call('HDEL', KEYS[4], ARGV[5])
  redis.call('HDEL', KEYS[5], ARGV[5])
  redis.call('HINCRBY', KEYS[6], 'replaced', 1)
end
if ARGV[2] == '1' or redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('HINCRBY', KEYS[6], 'enqueued', 1)
  return 1
end
return 0
"""

_REQUEUE_EXPIRED = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do
  local request = redis.call('HGET', KEYS[3], id)
  if request then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[4], id), request)
    redis.call('HINCRBY', KEYS[6], 'requeued', 1)
  end
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
end
"""

_LEASE = (
    _NOW
    + """
-- KEYS: queue, leases, leased, scores, lease-seq, counts
-- ARGV: lease seconds, page budget (0: none)
"""
    + _REQUEUE_EXPIRED
    + """
-- the budget counts the pages fetched and those in flight, so no worker overshoots it
local budget = tonumber(ARGV[2])
local pages = tonumber(redis.call('HGET', KEYS[6], 'pages') or '0')
if budget > 0 and pages + redis.call('ZCARD', KEYS[2]) >= budget then
  return false
end
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
local id = tostring(redis.call('INCR', KEYS[5]))
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
redis.call('HSET', KEYS[3], id, top[1])
redis.call('HSET', KEYS[4], id, top[2])
return {id, top[1]}
"""
)

_RENEW = (
    _NOW
    + """
-- KEYS: leases; ARGV: lease seconds, lease ids...
local renewed = 0
for i = 2, #ARGV do
  renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i])
end
return renewed
"""
)

_ACK = """
-- KEYS: leases, leased, scores, items, counts
-- ARGV: lease id, 1 if a page was fetched, number of items, items..., count keys...
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
local n = tonumber(ARGV[3])
for i = 4, 3 + n do redis.call('RPUSH', KEYS[4], ARGV[i]) end
for i = 4 + n, #ARGV do redis.call('HINCRBY', KEYS[5], ARGV[i], 1) end
redis.call('HINCRBY', KEYS[5], 'done', 1)
redis.call('HINCRBY', KEYS[5], 'pages', tonumber(ARGV[2]))
redis.call('HINCRBY', KEYS[5], 'emitted', n)
return 1
"""

_RELEASE = """
-- KEYS: queue, leases, leased, scores, counts; ARGV: lease ids
local released = 0
for i = 1, #ARGV do
  if redis.call('ZREM', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[4], ARGV[i]),
               redis.call('HGET', KEYS[3], ARGV[i]))
    redis.call('HDEL', KEYS[3], ARGV[i])
    redis.call('HDEL', KEYS[4], ARGV[i])
    released = released + 1
  end
end
redis.call('HINCRBY', KEYS[5], 'released', released)
return released
"""


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


@dataclass(frozen=True, slots=True)
class Keys:
    """The Redis keys of one shared crawl, all under one prefix."""

    prefix: str

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def leases(self) -> str:
        return f"{self.prefix}:leases"

    @property
    def leased(self) -> str:
        return f"{self.prefix}:leased"

    @property
    def scores(self) -> str:
        return f"{self.prefix}:leased-score"

    @property
    def lease_seq(self) -> str:
        return f"{self.prefix}:lease-seq"

    @property
    def items(self) -> str:
        return f"{self.prefix}:items"

    @property
    def counts(self) -> str:
        return f"{self.prefix}:counts"

    def sub(self, name: str) -> str:
        """A key of another component of the crawl (the duplicate index, relevance)."""
        return f"{self.prefix}:{name}"


@dataclass(frozen=True, slots=True)
class Status:
    """Where a shared crawl stands: what `scrapy crawlstatus` prints."""

    queued: int
    leased: int
    seen: int
    counts: dict[str, int]

    @property
    def finished(self) -> bool:
        return self.queued == 0 and self.leased == 0

    def dropped(self) -> dict[str, int]:
        return {k: v for k, v in sorted(self.counts.items()) if "/dropped/" in k}


class Frontier:
    """The shared crawl's queue, leases, items and counters, through atomic scripts."""

    def __init__(self, server: redis.Redis, keys: Keys, lease_seconds: float = 60.0):
        self.server = server
        self.keys = keys
        self.lease_seconds = lease_seconds
        self._push = server.register_script(_PUSH)
        self._lease = server.register_script(_LEASE)
        self._renew = server.register_script(_RENEW)
        self._ack = server.register_script(_ACK)
        self._release = server.register_script(_RELEASE)

    def push(
        self, fingerprint: str, request: bytes, score: float, dont_filter: bool, replaces: str = ""
    ) -> int:
        """1 if queued, 0 if seen before, -1 if the lease it replaces is no longer held."""
        k = self.keys
        keys = [k.dupefilter, k.requests, k.leases, k.leased, k.scores, k.counts]
        args: list[Any] = [fingerprint, "1" if dont_filter else "0", score, request, replaces]
        return int(self._push(keys=keys, args=args))

    def lease(self, budget: int = 0) -> tuple[str, bytes] | None:
        """(lease id, request) of the best queued request, or None: nothing queued, or the
        page budget is spent (pages fetched plus requests leased reach it)."""
        k = self.keys
        keys = [k.requests, k.leases, k.leased, k.scores, k.lease_seq, k.counts]
        found = self._lease(keys=keys, args=[self.lease_seconds, budget])
        if not found:
            return None
        lease_id, request = found
        return lease_id.decode("ascii"), bytes(request)

    def renew(self, lease_ids: list[str]) -> int:
        if not lease_ids:
            return 0
        return int(self._renew(keys=[self.keys.leases], args=[self.lease_seconds, *lease_ids]))

    def ack(self, lease_id: str, page: bool, items: list[str], counts: list[str]) -> bool:
        """Finish a lease and emit its items, atomically; False if the lease was lost."""
        k = self.keys
        keys = [k.leases, k.leased, k.scores, k.items, k.counts]
        args: list[str | int] = [lease_id, int(page), len(items), *items, *counts]
        return bool(self._ack(keys=keys, args=args))

    def release(self, lease_ids: list[str]) -> int:
        if not lease_ids:
            return 0
        k = self.keys
        keys = [k.requests, k.leases, k.leased, k.scores, k.counts]
        return int(self._release(keys=keys, args=lease_ids))

    def count(self, name: str) -> int:
        return int(self.server.hget(self.keys.counts, name) or 0)

    def status(self) -> Status:
        pipe = self.server.pipeline(transaction=True)
        pipe.zcard(self.keys.requests)
        pipe.zcard(self.keys.leases)
        pipe.scard(self.keys.dupefilter)
        pipe.hgetall(self.keys.counts)
        queued, leased, seen, counts = pipe.execute()
        decoded = {_text(key): int(value) for key, value in counts.items()}
        return Status(int(queued), int(leased), int(seen), decoded)

    def items(self, batch: int = 1000) -> Iterator[str]:
        """Every emitted item's JSON, in the order they were acknowledged."""
        start = 0
        while chunk := self.server.lrange(self.keys.items, start, start + batch - 1):
            yield from (_text(entry) for entry in chunk)
            start += len(chunk)
