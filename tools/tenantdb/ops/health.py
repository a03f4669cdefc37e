"""`tenantdb health` and `tenantdb top`: is the database fit to serve, and what is slow.

Each health check returns a status (ok, warn, fail), what was observed and, when not ok, what
to do (docs/operations.md has the runbook per check). `top` reads pg_stat_statements.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg

from ..lint import load_allowlist
from ..settings import MAINTENANCE_ROLE, OWNER_ROLE
from ..sqitch import change_name

#: Tables with a tenant_id that are not under RLS on purpose and are outside the lint's schemas
#: (app, app_private), with the reason; the lint allowlist supplies the others.
RLS_EXEMPT = {
    "cache_private.invalidations": "cache outbox: only cache keys (uuids) to evict, in a schema no client role may use; "
                                   "written by definer triggers, drained by the maintenance group",
}


def rls_exempt() -> dict[str, str]:
    """Tenant tables without forced RLS by review: the lint allowlist's rls_disabled_on_tenant_table
    entries (security registries such as app_private.client_logins) plus RLS_EXEMPT, with reasons."""
    reviewed = {e.object: e.reason for e in load_allowlist() if e.lint == "rls_disabled_on_tenant_table"}
    return reviewed | RLS_EXEMPT


@dataclass
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _one(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def check_plan(conn: psycopg.Connection, planned: list[str], verify_exit: int | None) -> Check:
    """Every change of the plan deployed (none missing, none unknown) and sqitch verify green."""
    readable = _one(conn, "SELECT to_regclass('sqitch.changes') IS NOT NULL")
    if not readable:
        return Check("plan deployed", "fail", "no Sqitch registry in this database", "tenantdb deploy")
    deployed = [r[0] for r in conn.execute("SELECT change FROM sqitch.changes ORDER BY committed_at")]
    # The registry records every instance of a reworked change under its bare name: the k-th
    # planned instance of a name is deployed when the registry holds the name k times.
    held, seen = Counter(deployed), Counter[str]()
    missing = []
    for change in planned:
        seen[change_name(change)] += 1
        if seen[change_name(change)] > held[change_name(change)]:
            missing.append(change)
    if missing:
        return Check("plan deployed", "fail", f"{len(deployed)} of {len(planned)} changes deployed; next: {missing[0]}",
                     "tenantdb deploy (it verifies each change)")
    if verify_exit not in (None, 0):
        return Check("plan deployed", "fail", f"all {len(planned)} changes deployed but sqitch verify failed",
                     "tenantdb verify shows the failing change; redeploy it: tenantdb rebase --onto <change>^")
    return Check("plan deployed", "ok", f"{len(deployed)} changes deployed" + ("" if verify_exit is None else ", verified"))


def check_rls(conn: psycopg.Connection) -> Check:
    rows = conn.execute(
        "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspowner = %s::regrole AND c.relkind IN ('r', 'p')"
        " AND EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)"
        " AND NOT (c.relrowsecurity AND c.relforcerowsecurity) ORDER BY 1", (OWNER_ROLE,)).fetchall()
    total = _one(conn, "SELECT count(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE a.attname = 'tenant_id'"
                       " AND n.nspowner = %s::regrole AND c.relkind IN ('r', 'p')", (OWNER_ROLE,))
    exempt = rls_exempt()
    unforced = [r[0] for r in rows if r[0] not in exempt]
    if unforced:
        return Check("RLS forced", "fail", f"not enabled+forced on {', '.join(unforced)}",
                     "ALTER TABLE ... ENABLE/FORCE ROW LEVEL SECURITY, or SELECT app_private.guard_tenant_table('<table>')")
    reviewed = sorted(r[0] for r in rows)
    return Check("RLS forced", "ok", f"enabled and forced on all {int(total) - len(reviewed)} tenant tables"
                 + (f"; reviewed exceptions (sql/lint/allowlist.toml, RLS_EXEMPT): {', '.join(reviewed)}" if reviewed else ""))


#: NOLOGIN, BYPASSRLS roles that only own functions, each reviewed: the audit eraser owns
#: app_private.erase_tenant_records() (audit/eraser_role); the learner-data keeper owns the two
#: triggers that keep learner_data_key true (perf/learner_data_key).
AUDIT_ERASER_ROLE = "tenantdb_audit_eraser"
LEARNER_DATA_KEEPER_ROLE = "tenantdb_learner_data_keeper"
FUNCTION_OWNER_ROLES = (AUDIT_ERASER_ROLE, LEARNER_DATA_KEEPER_ROLE)


def check_roles(conn: psycopg.Connection) -> Check:
    """No tenantdb role is superuser; only the maintenance role (and the NOLOGIN function owners
    above) bypasses RLS; neither the owner nor those function owners can log in."""
    problems = [f"{name}: {why}" for name, why in conn.execute(
        "SELECT rolname, CASE WHEN rolsuper THEN 'superuser' WHEN rolbypassrls THEN 'bypasses RLS'"
        " WHEN rolcanlogin THEN 'can log in' WHEN rolcreaterole THEN 'may create roles' END"
        " FROM pg_catalog.pg_roles WHERE rolname LIKE 'tenantdb%%' AND (rolsuper OR rolcreaterole"
        " OR (rolbypassrls AND rolname <> %s AND NOT pg_has_role(rolname, %s, 'MEMBER')"
        "     AND NOT (rolname = ANY(%s) AND NOT rolcanlogin))"
        " OR (rolcanlogin AND (rolname = %s OR rolname = ANY(%s)))) ORDER BY 1",
        (MAINTENANCE_ROLE, MAINTENANCE_ROLE, list(FUNCTION_OWNER_ROLES), OWNER_ROLE, list(FUNCTION_OWNER_ROLES)))]
    if problems:
        return Check("roles safe", "fail", "; ".join(problems),
                     "redeploy core/roles (tenantdb rebase --onto core/roles^) to re-assert the role attributes")
    return Check("roles safe", "ok", "no superuser or RLS bypass outside the maintenance role; the owner cannot log in")


def check_long_transactions(conn: psycopg.Connection, max_seconds: int) -> Check:
    rows = conn.execute(
        "SELECT pid, usename, state, extract(epoch FROM now() - xact_start)::int FROM pg_catalog.pg_stat_activity"
        " WHERE xact_start < now() - make_interval(secs => %s) AND pid <> pg_backend_pid() ORDER BY xact_start",
        (max_seconds,)).fetchall()
    if rows:
        shown = ", ".join(f"pid {p} ({u}, {s}, {sec} s)" for p, u, s, sec in rows[:5])
        return Check("long transactions", "warn", f"{len(rows)} open longer than {max_seconds} s: {shown}",
                     "find the client; end it with SELECT pg_terminate_backend(<pid>) if it is stuck")
    return Check("long transactions", "ok", f"none open longer than {max_seconds} s")


def check_locks(conn: psycopg.Connection) -> Check:
    rows = conn.execute(
        "SELECT pid, pg_catalog.pg_blocking_pids(pid), extract(epoch FROM now() - query_start)::int"
        " FROM pg_catalog.pg_stat_activity WHERE cardinality(pg_catalog.pg_blocking_pids(pid)) > 0").fetchall()
    if rows:
        shown = ", ".join(f"pid {p} waits for {b} ({s} s)" for p, b, s in rows[:5])
        return Check("locks", "warn", f"{len(rows)} sessions blocked: {shown}",
                     "look at the blocking pids in pg_stat_activity; pg_cancel_backend / pg_terminate_backend them")
    return Check("locks", "ok", "no session is waiting for a lock")


def check_connections(conn: psycopg.Connection) -> Check:
    used = int(_one(conn, "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend'"))
    limit = int(_one(conn, "SELECT setting::int FROM pg_catalog.pg_settings WHERE name = 'max_connections'"))
    share = used / limit
    status = "fail" if share >= 0.95 else "warn" if share >= 0.8 else "ok"
    return Check("connections", status, f"{used} of max_connections {limit} ({share:.0%})",
                 "" if status == "ok" else "pool the clients (PgBouncer, transaction mode) or raise max_connections")


def check_disk(conn: psycopg.Connection, data_dir: Path | None) -> Check:
    size = int(_one(conn, "SELECT pg_catalog.pg_database_size(current_database())"))
    if data_dir is None or not data_dir.exists():
        return Check("disk", "ok", f"database {size / 1e6:,.1f} MB (free space: check on the server)")
    usage = shutil.disk_usage(data_dir)
    free = usage.free / usage.total
    status = "fail" if free < 0.05 else "warn" if free < 0.15 else "ok"
    return Check("disk", status, f"database {size / 1e6:,.1f} MB; {usage.free / 1e9:,.1f} GB free ({free:.0%}) on {data_dir}",
                 "" if status == "ok" else "free space: prune backups (tenantdb backup --keep-days), VACUUM, grow the volume")


def check_statements(conn: psycopg.Connection) -> Check:
    loaded = _one(conn, "SELECT setting LIKE '%%pg_stat_statements%%' FROM pg_catalog.pg_settings WHERE name = 'shared_preload_libraries'")
    created = _one(conn, "SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements'")
    if not loaded:
        return Check("query statistics", "warn", "pg_stat_statements is not in shared_preload_libraries",
                     "add it to shared_preload_libraries and restart, then: tenantdb top")
    return Check("query statistics", "ok", "pg_stat_statements loaded" + ("" if created else " (extension created by tenantdb top)"))


#: The change that marks citext_eq and jsonb_contains LEAKPROOF (a flag pg_dump does not carry).
LEAKPROOF_LOOKUPS = "perf/leakproof_lookup_operators"


def lookup_operator_flags(conn: psycopg.Connection) -> dict[str, bool]:
    """proleakproof of the two functions LEAKPROOF_LOOKUPS marks, by name (citext_eq: only where citext is installed)."""
    return dict(conn.execute(
        "SELECT p.proname, p.proleakproof FROM pg_catalog.pg_proc p"
        " WHERE p.oid = 'pg_catalog.jsonb_contains(jsonb, jsonb)'::regprocedure OR (p.proname = 'citext_eq'"
        " AND p.pronamespace = (SELECT extnamespace FROM pg_catalog.pg_extension WHERE extname = 'citext'))").fetchall())


def check_lookup_operators(conn: psycopg.Connection) -> Check:
    """citext = and jsonb @> are LEAKPROOF where perf/leakproof_lookup_operators is deployed (not on
    Citus, where it changes nothing): otherwise a restore by hand or a deployer that is not a
    superuser left email and jsonb lookups as filters behind the policies."""
    deployed = _one(conn, "SELECT to_regclass('sqitch.changes') IS NOT NULL") and _one(
        conn, "SELECT count(*) FROM sqitch.changes WHERE change = %s", (LEAKPROOF_LOOKUPS,))
    if not deployed or _one(conn, "SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'citus'"):
        return Check("lookup operators", "ok", f"{LEAKPROOF_LOOKUPS} not in effect here (not deployed, or Citus)")
    missing = sorted(name for name, leakproof in lookup_operator_flags(conn).items() if not leakproof)
    if missing:
        return Check("lookup operators", "warn",
                     f"{', '.join(missing)} not LEAKPROOF: email and jsonb @> lookups are filters behind the policies",
                     f"as a superuser: psql -v ON_ERROR_STOP=1 -f deploy/{LEAKPROOF_LOOKUPS}.sql (a restore made by hand drops the flag)")
    return Check("lookup operators", "ok", "citext_eq and jsonb_contains are LEAKPROOF: email and jsonb @> lookups use indexes under RLS")


#: The settings the tenantdb_context library defines and watches since session 9 (one comparison
#: of the remembered context per change of them, not per accessor call).
CONTEXT_SETTINGS = ("app.tenant_id", "app.user_id", "app.context_stamp")


def check_context_library(conn: psycopg.Connection) -> Check:
    """Where the tenantdb_context extension is installed: the library a new backend loads is a build
    that defines the three context settings (and so compares the remembered context once per
    change of them). An older build still works, comparing at every accessor call (~0.9 µs each):
    the server's library was not rebuilt after an upgrade. Loads the library in this session by
    calling its harmless bound_context_is_remembered()."""
    if not _one(conn, "SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context'"):
        return Check("context library", "ok", "no tenantdb_context extension here: the accessors are SQL")
    conn.execute("SELECT tenantdb_context.bound_context_is_remembered()")
    defined = _one(conn, "SELECT count(*) FROM pg_catalog.pg_settings WHERE name = ANY(%s)", (list(CONTEXT_SETTINGS),))
    if defined != len(CONTEXT_SETTINGS):
        return Check("context library", "warn",
                     "the installed tenantdb_context library is an older build: each accessor compares the context settings at every call",
                     "rebuild and install it (make -C ext/tenantdb_context PG_CONFIG=... install, docs/operations.md),"
                     " then restart the server")
    return Check("context library", "ok", "tenantdb_context watches the context settings: one comparison per change of them")


def health(conn: psycopg.Connection, *, planned: list[str], verify_exit: int | None, data_dir: Path | None,
           max_transaction_seconds: int = 300) -> list[Check]:
    """Every check, in the order the runbook lists them. `conn`: a superuser (or pg_monitor) connection."""
    version = _one(conn, "SHOW server_version")
    return [Check("server", "ok", f"PostgreSQL {version} answers"), check_plan(conn, planned, verify_exit),
            check_rls(conn), check_roles(conn), check_long_transactions(conn, max_transaction_seconds),
            check_locks(conn), check_connections(conn), check_disk(conn, data_dir), check_statements(conn),
            check_lookup_operators(conn), check_context_library(conn)]


def top(conn: psycopg.Connection, *, threshold_ms: float, limit: int = 20) -> list[dict[str, Any]]:
    """Statements of this database whose mean time is at or over the threshold, slowest first.

    pg_stat_statements keeps calls, mean, max and standard deviation, not percentiles: p95 is
    estimated as mean + 1.645 x stddev (exact only for normally distributed times)."""
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    rows = conn.execute(
        "SELECT queryid, calls, mean_exec_time, mean_exec_time + 1.645 * stddev_exec_time, max_exec_time,"
        " total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')"
        " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())"
        " AND mean_exec_time >= %s ORDER BY mean_exec_time DESC LIMIT %s", (threshold_ms, limit)).fetchall()
    return [{"queryid": q, "calls": c, "mean_ms": round(m, 3), "p95_est_ms": round(p, 3), "max_ms": round(mx, 3),
             "total_ms": round(t, 1), "rows": r, "query": text[:500]} for q, c, m, p, mx, t, r, text in rows]


def usage(conn: psycopg.Connection, limit: int = 20) -> list[dict[str, Any]]:
    """Largest tenants first: rows and bytes per table (app_private.tenant_usage; maintenance role)."""
    rows = conn.execute(
        "SELECT tenant_id::text, tenant_slug, table_name, row_count, row_bytes, tenant_bytes FROM app_private.tenant_usage"
        " WHERE tenant_id IN (SELECT tenant_id FROM app_private.tenant_usage GROUP BY tenant_id"
        "                     ORDER BY max(tenant_bytes) DESC LIMIT %s)"
        " ORDER BY tenant_bytes DESC, tenant_id, row_bytes DESC", (limit,)).fetchall()
    return [{"tenant_id": t, "slug": s, "table": tb, "rows": n, "bytes": b, "tenant_bytes": tt} for t, s, tb, n, b, tt in rows]
