"""`tenantdb guard`: the watchdog that keeps one client session from blocking other tenants.

PostgreSQL lets any role with UPDATE or DELETE on a table take any lock on it, and lets every
session raise its own ``statement_timeout`` / ``idle_in_transaction_session_timeout`` back to 0.
Per-login defaults (``tenantdb role add``) bound honest clients; the guard bounds the rest.
It runs as a maintenance login (pg_read_all_stats to see every session's state,
pg_signal_backend to signal it; change ``security/guard_privileges``) on one database and, in
each pass, ends that database's sessions of *client* logins (members of the client groups; never superusers or maintenance)
that

* ``strong_lock`` — hold a granted lock stronger than ROW EXCLUSIVE on a table of the product
  schemas (``LOCK TABLE ... IN ACCESS EXCLUSIVE MODE`` blocks every tenant): terminated, since
  cancelling an idle transaction releases nothing;
* ``idle_in_transaction`` — sit idle inside a transaction longer than the limit: terminated;
* ``idle_holding_advisory_lock`` — hold a session-level advisory lock while idle longer than the
  limit (the knowledge-graph writer lock is keyed by tenant): terminated;
* ``long_statement`` — run one statement longer than the limit: cancelled (terminated after
  twice the limit, if cancelling did not end it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import psycopg

from .settings import APP_ROLE, CLIENT_ROLE, PRODUCT_SCHEMAS, SERVICE_ROLE

#: Groups whose logins the guard watches (issue 14 adds tenantdb_client here).
CLIENT_GROUPS: list[str] = [APP_ROLE, SERVICE_ROLE, CLIENT_ROLE]
#: Schemas whose tables no client may lock strongly (archive: cold storage of the product).
GUARDED_SCHEMAS: list[str] = [*PRODUCT_SCHEMAS, "archive"]
#: Relation lock modes stronger than ROW EXCLUSIVE (each blocks writers or readers of others).
STRONG_MODES = ["ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
                "AccessExclusiveLock"]


@dataclass(frozen=True)
class GuardLimits:
    """Seconds a client session may stay in each state before the guard ends it."""

    idle_in_transaction_s: float = 30.0
    statement_s: float = 60.0
    strong_lock_s: float = 0.0


@dataclass
class GuardAction:
    """One session the guard ended (or, with dry_run, would end)."""

    pid: int
    login: str
    reason: str
    action: str  # "terminate" | "cancel"
    seconds: float
    detail: str
    done: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_SCAN = """
WITH clients AS (
    SELECT a.pid, a.usename, a.state, a.query_start, a.state_change, a.xact_start, now() AS at
    FROM pg_catalog.pg_stat_activity a
    JOIN pg_catalog.pg_roles r ON r.oid = a.usesysid
    WHERE a.backend_type = 'client backend'
      AND a.datname = pg_catalog.current_database()
      AND a.pid <> pg_catalog.pg_backend_pid()
      AND NOT r.rolsuper
      AND EXISTS (SELECT FROM unnest(%(groups)s::text[]) g(name)
                  JOIN pg_catalog.pg_roles gr ON gr.rolname = g.name
                  WHERE pg_catalog.pg_has_role(a.usesysid, gr.oid, 'USAGE'))
), strong AS (
    SELECT l.pid, pg_catalog.string_agg(DISTINCT pg_catalog.format('%%s on %%s.%%s', l.mode, n.nspname, c.relname), ', ') AS what
    FROM pg_catalog.pg_locks l
    JOIN pg_catalog.pg_class c ON c.oid = l.relation
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE l.locktype = 'relation' AND l.granted
      AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
      AND l.mode = ANY(%(modes)s::text[]) AND n.nspname = ANY(%(schemas)s::text[])
    GROUP BY l.pid
), advisory AS (
    SELECT l.pid, count(*) AS n FROM pg_catalog.pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted GROUP BY l.pid
)
SELECT c.pid, c.usename, c.state,
       EXTRACT(epoch FROM c.at - c.xact_start)::float8 AS xact_s,
       EXTRACT(epoch FROM c.at - c.state_change)::float8 AS state_s,
       EXTRACT(epoch FROM c.at - c.query_start)::float8 AS query_s,
       s.what, COALESCE(adv.n, 0) AS advisory_locks
FROM clients c
LEFT JOIN strong s ON s.pid = c.pid
LEFT JOIN advisory adv ON adv.pid = c.pid
ORDER BY c.pid
"""


def _decide(row: tuple[Any, ...], limits: GuardLimits) -> tuple[str, str, float, str] | None:
    pid, login, state, xact_s, state_s, query_s, strong, advisory = row
    if strong and (xact_s or 0.0) >= limits.strong_lock_s:
        return "strong_lock", "terminate", xact_s or 0.0, f"holds {strong}"
    if state in ("idle in transaction", "idle in transaction (aborted)") and state_s >= limits.idle_in_transaction_s:
        return "idle_in_transaction", "terminate", state_s, f"{state} for {state_s:.1f} s"
    if state == "idle" and advisory and state_s >= limits.idle_in_transaction_s:
        return "idle_holding_advisory_lock", "terminate", state_s, f"idle with {advisory} advisory lock(s)"
    if state == "active" and query_s is not None and query_s >= limits.statement_s:
        action = "terminate" if query_s >= 2 * limits.statement_s else "cancel"
        return "long_statement", action, query_s, f"one statement running {query_s:.1f} s"
    return None


def run_once(conn: psycopg.Connection[Any], limits: GuardLimits = GuardLimits(), *,
             dry_run: bool = False) -> list[GuardAction]:
    """One pass: find the client sessions past a limit and end them (autocommit connection of a
    maintenance login). Returns what was done, in pid order."""
    rows = conn.execute(_SCAN, {"groups": CLIENT_GROUPS, "modes": STRONG_MODES,
                                "schemas": GUARDED_SCHEMAS}).fetchall()
    actions = []
    for row in rows:
        decision = _decide(row, limits)
        if decision is None:
            continue
        reason, action, seconds, detail = decision
        done = False
        if not dry_run:
            fn = "pg_terminate_backend" if action == "terminate" else "pg_cancel_backend"
            result = conn.execute(f"SELECT pg_catalog.{fn}(%s)", (row[0],)).fetchone()
            done = bool(result and result[0])
        actions.append(GuardAction(row[0], row[1], reason, action, round(seconds, 3), detail, done))
    return actions


def watch(conn: psycopg.Connection[Any], limits: GuardLimits, *, interval_s: float = 1.0,
          stop: Callable[[], bool] = lambda: False) -> Iterator[GuardAction]:
    """Pass after pass every `interval_s` seconds until `stop()` says so; yields each action."""
    while not stop():
        yield from run_once(conn, limits)
        time.sleep(interval_s)
