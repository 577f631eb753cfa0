"""The duplicate index of a shared crawl, in Redis: what `crawler.neardup.DuplicateIndex`
keeps in memory, checked and recorded by one Lua script so two workers that judge two
copies of a story at the same moment cannot both keep theirs.

Keys under the crawl's prefix: `dup:canonical` and `dup:body` (hashes: canonical URL, body
digest -> the URL that first had it), `dup:signature` (hash: URL -> its MinHash signature,
space-separated), `dup:band:<band key>` (sets of URLs: the LSH buckets).

A page judged again after its worker died is not its own duplicate: every rule ignores an
entry recorded by the same URL, so redoing a lease gives the same verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from w3lib.url import canonicalize_url

from ..neardup import fingerprint

if TYPE_CHECKING:
    import redis

    from ..neardup import MinHasher
    from .frontier import Keys

_CHECK = """
-- KEYS: canonical, body, signature; ARGV: url, canonical, digest, threshold, signature,
-- band prefix, band keys...
local url = ARGV[1]
local first = redis.call('HGET', KEYS[1], ARGV[2])
if first and first ~= url then return {'same_canonical_url', first} end
first = redis.call('HGET', KEYS[2], ARGV[3])
if first and first ~= url then return {'same_body', first} end
local mine = {}
for value in string.gmatch(ARGV[5], '%S+') do mine[#mine + 1] = value end
local best, best_url, looked = -1, nil, {}
for i = 7, #ARGV do
  for _, other in ipairs(redis.call('SMEMBERS', ARGV[6] .. ARGV[i])) do
    if other ~= url and not looked[other] then
      looked[other] = true
      local j, same = 0, 0
      for value in string.gmatch(redis.call('HGET', KEYS[3], other) or '', '%S+') do
        j = j + 1
        if value == mine[j] then same = same + 1 end
      end
      local score = (j == #mine and #mine > 0) and same / #mine or 0
      if score > best or (score == best and other < best_url) then
        best, best_url = score, other
      end
    end
  end
end
if best_url and best >= tonumber(ARGV[4]) then return {'near_duplicate', best_url} end
redis.call('HSETNX', KEYS[1], ARGV[2], url)
redis.call('HSETNX', KEYS[2], ARGV[3], url)
if #mine > 0 then
  redis.call('HSET', KEYS[3], url, ARGV[5])
  for i = 7, #ARGV do redis.call('SADD', ARGV[6] .. ARGV[i], url) end
end
return false
"""


class RedisDuplicateIndex:
    """`check(url, canonical_url, body)` as `DuplicateIndex.check`, on the shared index."""

    def __init__(self, server: redis.Redis, keys: Keys, hasher: MinHasher, threshold: float):
        self.hasher = hasher
        self.threshold = threshold
        self.keys = [keys.sub("dup:canonical"), keys.sub("dup:body"), keys.sub("dup:signature")]
        self.band_prefix = keys.sub("dup:band:")
        self._check = server.register_script(_CHECK)

    def check(self, url: str, canonical_url: str, body: str) -> tuple[str, str] | None:
        signature = self.hasher.signature(body)
        bands = [",".join(map(str, key)) for key in self.hasher.band_keys(signature)]
        args: list[str | float] = [
            url,
            canonicalize_url(canonical_url),
            fingerprint(body),
            self.threshold,
        ]
        args += [" ".join(map(str, signature)), self.band_prefix, *(bands if signature else [])]
        found = self._check(keys=self.keys, args=args)
        if not found:
            return None
        reason, first = found
        return reason.decode(), first.decode()
