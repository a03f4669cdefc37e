"""Read-through cache for sessions, workspace configuration and learner profiles.

    cache = TenantCache(store, pool)                 # pool: the application role's (tenantdb_app)
    r = cache.learner_profile(tenant_id, user_id, profile_id)
    r.value, r.source, r.stale, r.age_seconds        # 'cache' | 'database' | 'fallback'

Every database read runs as the caller, through tenantdb.context.tenant_session on the pool it
is given (the user-facing role under RLS, never a maintenance read), and what it returns is
cached under a key that binds tenant, object, person, the person's role and a digest of their
role and memberships (app.cache_visibility(), read in the same transaction). A different person,
a changed role or a changed membership gives a different key, so an entry is only ever served
to a caller the database showed it to.
Negative answers (not found / not visible) are cached per person too.

Invalidation is driven by the database (cache_private.invalidations, drained by the worker);
writes made through this class also invalidate at once, for read-your-writes.

While the circuit breaker is open, learner profiles are served from the store with
``stale=True`` and their age (counted as fallback reads); sessions and workspace configuration
are served only while fresh (a revoked session must not outlive an outage), and writes fail
fast with DatabaseUnavailable: nothing is queued, so nothing can be lost silently.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from ..context import IdLike, parse_id, tenant_session
from ..errors import BadInput, DatabaseUnavailable, TenantDBError
from ..learner_profiles import PermissionDenied
from .breaker import CircuitBreaker
from .store import CacheStore, Stamp

#: One SQL statement per kind; %(tenant)s and %(id)s are bound. RLS decides what comes back.
PROFILE_COLUMNS = "id, tenant_id, user_id, lti_user_id, cognitive_profile, privacy_settings, created_at, updated_at"
QUERIES: dict[str, tuple[str, bool]] = {  # kind -> (query, many rows)
    "learner_profile": (f"SELECT {PROFILE_COLUMNS} FROM app.learner_profiles WHERE tenant_id = %(tenant)s AND id = %(id)s", False),
    "user_session": ("SELECT id, tenant_id, user_id, created_at, last_accessed_at, expires_at"
                     " FROM app.user_sessions WHERE tenant_id = %(tenant)s AND id = %(id)s", False),
    "workspace_config": ("SELECT workspace_id, config_type, config, updated_at FROM app.workspace_configs"
                         " WHERE tenant_id = %(tenant)s AND workspace_id = %(id)s ORDER BY config_type", True),
}
#: Kinds served from the store while the database is unavailable.
FALLBACK_KINDS = frozenset({"learner_profile"})


@dataclass(frozen=True)
class CachedRead:
    value: Any               # the row (dict), the rows (list) or None when not visible
    source: str              # 'cache', 'database' or 'fallback'
    stale: bool = False      # True when served without the database's confirmation (outage)
    age_seconds: float = 0.0  # time since the database returned this value


def open_cache_pool(conninfo: str, *, max_size: int = 8, timeout: float = 1.0) -> ConnectionPool:
    """A pool for the cache: autocommit between blocks, and a short wait for a connection so an
    outage is noticed in about `timeout` seconds instead of the pool's default 30."""
    return ConnectionPool(conninfo, min_size=1, max_size=max_size, timeout=timeout, name="tenantdb-cache",
                          kwargs={"autocommit": True}, open=True)


def dict_rows(cur: psycopg.Cursor[Any]) -> list[dict[str, Any]]:
    """The cursor's rows as dicts by column name (the cursor keeps tenant_session's row type)."""
    names = [c.name for c in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _plain(value: Any) -> Any:
    """JSON round trip: what the database returned in the form the cache returns it."""
    return json.loads(json.dumps(value, default=str))


class TenantCache:
    def __init__(self, store: CacheStore, pool: ConnectionPool | psycopg.Connection, *,
                 breaker: CircuitBreaker | None = None, fresh_seconds: float = 300.0,
                 keep_seconds: int = 86_400, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.pool = pool
        self.fresh_seconds = fresh_seconds
        self.keep_seconds = keep_seconds
        self.clock = clock
        self.breaker = breaker or CircuitBreaker()
        self._caller_on_open, self._caller_on_close = self.breaker.on_open, self.breaker.on_close
        self.breaker.on_open = self._opened
        self.breaker.on_close = self._closed
        self._role_checked = False

    def _refuse_privileged(self, cur: psycopg.Cursor[Any]) -> None:
        """Cache only what RLS showed: a superuser or BYPASSRLS login would fill it with every tenant's rows."""
        row = cur.execute("SELECT current_user AS login, rolsuper OR rolbypassrls AS unrestricted"
                          " FROM pg_catalog.pg_roles WHERE rolname = current_user").fetchone()
        if row is None or row[1]:
            raise TenantDBError(f"the cache must read as a client role under row-level security, not as {row and row[0]!r}",
                                hint="give TenantCache a pool of the application role: backend.conninfo(db, APP_ROLE)")
        self._role_checked = True

    # ------------------------------------------------------------------ public reads
    def learner_profile(self, tenant_id: IdLike, user_id: IdLike, profile_id: IdLike) -> CachedRead:
        return self.read("learner_profile", tenant_id, user_id, profile_id)

    def user_session(self, tenant_id: IdLike, user_id: IdLike, session_id: IdLike) -> CachedRead:
        read = self.read("user_session", tenant_id, user_id, session_id)
        if read.value is not None and datetime.fromisoformat(read.value["expires_at"]) <= datetime.now(UTC):
            return CachedRead(None, read.source, read.stale, read.age_seconds)  # expired since it was cached
        return read

    def workspace_config(self, tenant_id: IdLike, user_id: IdLike, workspace_id: IdLike) -> CachedRead:
        return self.read("workspace_config", tenant_id, user_id, workspace_id)

    def read(self, kind: str, tenant_id: IdLike, user_id: IdLike, object_id: IdLike) -> CachedRead:
        tenant, user, obj = _ids(tenant_id, user_id, object_id, kind)
        now = self.clock()
        stamp, mark, entry = self.store.lookup(tenant, kind, obj, user)
        if entry is not None:
            value, read_at = entry
            fresh = (stamp is not None and now - read_at < self.fresh_seconds and read_at >= mark
                     and now - stamp.read_at < self.fresh_seconds)
            if fresh and self.breaker.state == "closed":
                self.store.count("hits")
                return CachedRead(value, "cache", False, now - read_at)
        try:
            return self._read_database(kind, tenant, user, obj)
        except DatabaseUnavailable:
            if kind not in FALLBACK_KINDS or entry is None:
                self.store.count("fallback_misses")
                raise
            value, read_at = entry
            self.store.count("fallback_reads")
            return CachedRead(value, "fallback", True, now - read_at)

    def _read_database(self, kind: str, tenant: str, user: str, obj: str) -> CachedRead:
        gens = self.store.generations(tenant, kind, obj, user)
        query, many = QUERIES[kind]

        def run() -> tuple[Stamp | None, Any]:
            with tenant_session(self.pool, tenant, user) as cur:
                if not self._role_checked:
                    self._refuse_privileged(cur)
                vis = cur.execute("SELECT person_role, visibility_digest FROM app.cache_visibility()").fetchone()
                rows = dict_rows(cur.execute(query, {"tenant": tenant, "id": obj}))
            read_at = self.clock()
            stamp = None if vis is None or vis[0] is None else Stamp(vis[0], str(vis[1]), read_at)
            return stamp, _plain(rows if many else (rows[0] if rows else None))

        stamp, value = self.breaker.call(run)
        self.store.count("misses")
        # a person of this tenant: cache what they were shown (unless an invalidation raced the read)
        if stamp is not None and not self.store.fill(tenant, kind, obj, user, stamp, gens, value, stamp.read_at, self.keep_seconds):
            self.store.count("fills_skipped_invalidated")
        return CachedRead(value, "database", False, 0.0)

    # ------------------------------------------------------------------ writes
    def update_learner_profile(self, tenant_id: IdLike, user_id: IdLike, profile_id: IdLike, *,
                               cognitive_profile: Mapping[str, Any] | None = None,
                               privacy_settings: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        """Write through to the database (as the person: RLS and the column rules decide); None when not visible.
        Only the columns given are named in the UPDATE; PermissionDenied when the person may not set one.
        Fails fast with DatabaseUnavailable while the breaker is open; nothing is queued."""
        tenant, user, obj = _ids(tenant_id, user_id, profile_id, "learner_profile")
        if cognitive_profile is None and privacy_settings is None:
            raise BadInput("nothing to update", hint="pass cognitive_profile and/or privacy_settings")

        # Only the given columns are named: the column rules judge the columns an UPDATE names
        # (a student may set privacy_settings; cognitive_profile only an admin or the service role).
        given = {"cognitive_profile": cognitive_profile, "privacy_settings": privacy_settings}
        values = {name: Jsonb(dict(value)) for name, value in given.items() if value is not None}
        statement = sql.SQL("UPDATE app.learner_profiles SET {} WHERE tenant_id = %(tenant)s AND id = %(id)s RETURNING {}").format(
            sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in values),
            sql.SQL(PROFILE_COLUMNS))

        def run() -> Any:
            with tenant_session(self.pool, tenant, user) as cur:
                rows = dict_rows(cur.execute(statement, {**values, "tenant": tenant, "id": obj}))
            return _plain(rows[0] if rows else None)

        try:
            row = self.breaker.call(run)
        except DatabaseUnavailable as exc:
            self.store.count("writes_refused")
            raise DatabaseUnavailable(f"learner profile {obj} was not updated: {exc.args[0]}; nothing was changed or queued",
                                      hint="retry the write later (tenantdb cache stats shows breaker_state)") from exc
        except psycopg.errors.InsufficientPrivilege as exc:
            raise PermissionDenied(f"not allowed for this person: {exc.diag.message_primary}",
                                   hint="a learner sets only their own privacy_settings; cognitive_profile is written by an admin"
                                        " of the tenant or the service role") from None
        except psycopg.errors.CheckViolation as exc:
            raise BadInput(f"learner profile rejected by {exc.diag.constraint_name}: {exc.diag.message_primary}",
                           hint="see COMMENT ON CONSTRAINT for the expected shape") from None
        self.store.invalidate(tenant, "learner_profile", obj)  # read-your-writes; the worker does it too
        return row  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ breaker events
    def _opened(self) -> None:
        self.store.count("breaker_opened")
        self.store.note("breaker_state", "open")
        if self._caller_on_open:
            self._caller_on_open()

    def _closed(self) -> None:
        self.reconcile()
        self.store.count("breaker_closed")
        self.store.note("breaker_state", "closed")
        if self._caller_on_close:
            self._caller_on_close()

    def reconcile(self) -> None:
        """After an outage: nothing cached before now is served as fresh until re-read (the worker
        drains the outbox the outage left, so changes made meanwhile elsewhere are forgotten too)."""
        self.store.mark_revalidate()
        self.store.count("reconciles")


def _ids(tenant_id: IdLike, user_id: IdLike, object_id: IdLike, kind: str) -> tuple[str, str, str]:
    tenant = parse_id(tenant_id, "tenant id")
    user = parse_id(user_id, "user id")
    obj = parse_id(object_id, f"{kind.replace('_', ' ')} id")
    if tenant is None or user is None or obj is None:
        raise BadInput("tenant, user and object ids are required",
                       hint="the cache serves reads made on behalf of a person of a tenant")
    return tenant, user, obj

