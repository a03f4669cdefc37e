"""`tenantdb retention run`: apply app.retention_policies, moving expired rows to cold storage.

What is retained is table-driven: one row per table in archive.retention_targets (rule max_age:
rows older than the policy's days; rule keep_newest: all but the newest N per group). Per
tenant the workspace override (app.retention_policies with workspace_id) wins over the tenant
default (workspace_id NULL); NULL means keep forever. The workspace is a column of the row, or
of a parent row (messages: their conversation's workspace_id, workspace_parent_table).

Cold storage is the schema `archive` (maintenance role only): each expired row is written to
archive.archived_rows as JSON and deleted from its table by ONE statement
(``WITH moved AS (DELETE ... RETURNING *) INSERT INTO archive.archived_rows ...``), in batches of
``batch_size`` rows, one transaction per batch. A crash (kill -9, power loss) rolls back the
batch in flight, so every row is either still in its table or archived -- never both, never
neither -- and the next run simply picks up what is still expired. archived_rows keeps one copy
per (tenant, table, id): a row archived again (re-seeded, or restored and expired again)
replaces its copy, so retention never stalls on the primary key.

Each committed batch also appends one RETENTION summary row per tenant to app.audit_log (the
per-row deletion audit is skipped for the maintenance login while tenantdb.retention_run_id is
set) and adds its count to archive.retention_runs.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from .database import open_connection, scalar
from .errors import TenantDBError

#: Fault injection for the crash test: kill this process (SIGKILL) after the move statement of
#: batch N ran but before it committed.
CRASH_ENV = "TENANTDB_RETENTION_CRASH_AT_BATCH"


@dataclass(frozen=True)
class Target:
    table_name: str
    retention_rule: str
    policy_column: str
    age_column: str | None
    group_column: str | None
    order_column: str | None
    workspace_column: str | None
    #: When the workspace is on a parent row (messages -> app.conversations.workspace_id):
    #: the parent table and the column of this table holding the parent's id.
    workspace_parent_table: str | None = None
    workspace_parent_column: str | None = None

    @property
    def ident(self) -> sql.Identifier:
        schema, _, table = self.table_name.partition(".")
        return sql.Identifier(schema, table)


def load_targets(conn: psycopg.Connection[Any]) -> list[Target]:
    # A database before retention/chat_per_workspace has no parent columns: read NULLs instead.
    has_parent = conn.execute(
        "SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = 'archive.retention_targets'::regclass"
        " AND attname = 'workspace_parent_table' AND NOT attisdropped)").fetchone()
    parent = "workspace_parent_table, workspace_parent_column" if has_parent and has_parent[0] else "NULL, NULL"
    rows = conn.execute(
        "SELECT table_name, retention_rule, policy_column, age_column, group_column, order_column, workspace_column, "
        + parent + " FROM archive.retention_targets ORDER BY table_name").fetchall()
    return [Target(*r) for r in rows]


def _limit_expr(t: Target) -> sql.Composable:
    """coalesce(workspace override, tenant default) of the target's policy column."""
    col = sql.Identifier(t.policy_column)
    if t.workspace_column:
        return sql.SQL("coalesce(wp.{c}, tp.{c})").format(c=col)
    return sql.SQL("tp.{}").format(col)


def _policy_joins(t: Target) -> sql.Composable:
    joins: sql.Composable = sql.SQL(" LEFT JOIN app.retention_policies tp ON tp.tenant_id = t.tenant_id AND tp.workspace_id IS NULL")
    if t.workspace_column and t.workspace_parent_table and t.workspace_parent_column:
        schema, _, table = t.workspace_parent_table.partition(".")
        joins += sql.SQL(" LEFT JOIN {parent} wparent ON wparent.tenant_id = t.tenant_id AND wparent.id = t.{fk}"
                         " LEFT JOIN app.retention_policies wp ON wp.tenant_id = t.tenant_id"
                         " AND wp.workspace_id = wparent.{ws}").format(
            parent=sql.Identifier(schema, table), fk=sql.Identifier(t.workspace_parent_column),
            ws=sql.Identifier(t.workspace_column))
    elif t.workspace_column:
        joins += sql.SQL(" LEFT JOIN app.retention_policies wp ON wp.tenant_id = t.tenant_id"
                         " AND wp.workspace_id = t.{}").format(sql.Identifier(t.workspace_column))
    return joins


def _column(value: str | None, t: Target, what: str) -> str:
    """A column the target's rule needs (archive.retention_targets' CHECKs guarantee it is set)."""
    if value is None:
        raise TenantDBError(f"archive.retention_targets: {t.table_name} ({t.retention_rule}) has no {what}")
    return value


def expired_rows_sql(t: Target) -> sql.Composed:
    """SELECT tenant_id, id of the target's expired rows as of %(as_of)s."""
    limit = _limit_expr(t)
    if t.retention_rule == "max_age":
        return sql.SQL(
            "SELECT t.tenant_id, t.id FROM {tbl} t{joins}"
            " WHERE {limit} IS NOT NULL AND t.{age} < %(as_of)s - make_interval(days => {limit})").format(
            tbl=t.ident, joins=_policy_joins(t), limit=limit, age=sql.Identifier(_column(t.age_column, t, "age_column")))
    return sql.SQL(
        "SELECT r.tenant_id, r.id FROM (SELECT t.tenant_id, t.id, {limit} AS keep_newest,"
        " row_number() OVER (PARTITION BY t.tenant_id, t.{grp} ORDER BY t.{ord} DESC) AS rank_from_newest"
        " FROM {tbl} t{joins}) r WHERE r.keep_newest IS NOT NULL AND r.rank_from_newest > r.keep_newest").format(
        tbl=t.ident, joins=_policy_joins(t), limit=limit, grp=sql.Identifier(_column(t.group_column, t, "group_column")),
        ord=sql.Identifier(_column(t.order_column, t, "order_column")))


def move_batch_sql(t: Target, replace_archived: bool = True) -> sql.Composed:
    # Idempotent: a row archived before (re-seeded, or restored and expired again) replaces
    # its copy instead of failing the batch on archived_rows_pkey and stalling retention.
    # A database before retention/archive_idempotent grants no UPDATE for that: plain INSERT, as
    # that release did (tests seed such a database, run retention, then upgrade it).
    conflict = sql.SQL(
        " ON CONFLICT (tenant_id, source_table, row_id) DO UPDATE"
        " SET row_data = excluded.row_data, run_id = excluded.run_id, archived_at = excluded.archived_at"
    ) if replace_archived else sql.SQL("")
    return sql.SQL(
        "WITH doomed AS ({expired} LIMIT %(batch)s),"
        " moved AS (DELETE FROM {tbl} t USING doomed d WHERE t.tenant_id = d.tenant_id AND t.id = d.id RETURNING t.*)"
        " INSERT INTO archive.archived_rows (tenant_id, source_table, row_id, row_data, run_id)"
        " SELECT m.tenant_id, %(table)s, m.id, to_jsonb(m), %(run)s FROM moved m{conflict}"
        " RETURNING tenant_id").format(expired=expired_rows_sql(t), tbl=t.ident, conflict=conflict)


def dry_run(conn: psycopg.Connection[Any], as_of: datetime) -> list[dict[str, Any]]:
    out = []
    for t in load_targets(conn):
        rows = conn.execute(sql.SQL("SELECT e.tenant_id::text, count(*) FROM ({}) e GROUP BY 1 ORDER BY 1").format(
            expired_rows_sql(t)), {"as_of": as_of}).fetchall()
        out.append({"table": t.table_name, "rule": t.retention_rule, "per_tenant": dict(rows),
                    "rows": sum(n for _, n in rows)})
    return out


def run(conninfo: str, *, dry: bool = False, batch_size: int = 1000, progress: Callable[[str], None] | None = None,
        crash_at: int = 0, by_partition: bool = True) -> dict[str, Any]:
    """Apply retention to every tenant. `conninfo` must log in as the maintenance role.
    `by_partition`: first retire wholly expired monthly partitions (tenantdb.partitions), then
    archive what remains expired row by row; False: row by row only (the figures' baseline).
    `crash_at` (tests only; the CLI reads it from TENANTDB_RETENTION_CRASH_AT_BATCH) kills the
    process in that batch, to prove a killed run resumes."""
    started = time.perf_counter()
    with open_connection(conninfo, autocommit=True) as conn:
        as_of = scalar(conn, "SELECT now()")
        if dry:
            targets = dry_run(conn, as_of)
            return {"dry_run": True, "run_id": None, "as_of": as_of.isoformat(), "targets": targets,
                    "rows": sum(t["rows"] for t in targets), "batches": 0,
                    "seconds": round(time.perf_counter() - started, 3), "rows_per_second": None}
        run_id = str(uuid.uuid4())
        replace_archived = bool(scalar(conn, "SELECT has_column_privilege('archive.archived_rows', 'row_data', 'UPDATE')"))
        conn.execute("INSERT INTO archive.retention_runs (id, started_at) VALUES (%s, %s)", (run_id, as_of))
        results: list[dict[str, Any]] = []
        batches = 0
        from .partitions import retire_expired  # partitions builds on this module's SQL

        for t in load_targets(conn):
            per_tenant: dict[str, int] = retire_expired(conn, t, as_of, run_id, progress) if by_partition else {}
            stmt = move_batch_sql(t, replace_archived)
            while True:
                with conn.transaction():
                    conn.execute("SELECT set_config('tenantdb.retention_run_id', %s, true)", (run_id,))
                    moved = [str(r[0]) for r in conn.execute(
                        stmt, {"as_of": as_of, "batch": batch_size, "table": t.table_name, "run": run_id}).fetchall()]
                    batches += 1
                    if crash_at and batches == crash_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    if not moved:
                        break
                    counts: dict[str, int] = {}
                    for tenant in moved:
                        counts[tenant] = counts.get(tenant, 0) + 1
                    for tenant, n in counts.items():
                        conn.execute(
                            "INSERT INTO app.audit_log (tenant_id, table_name, operation, new_values)"
                            " VALUES (%s, %s, 'RETENTION', %s)",
                            (tenant, t.table_name, Jsonb({"run_id": run_id, "rule": t.retention_rule,
                                                          "archived": n, "as_of": as_of.isoformat()})))
                        per_tenant[tenant] = per_tenant.get(tenant, 0) + n
                    conn.execute("UPDATE archive.retention_runs SET rows_archived = rows_archived + %s WHERE id = %s",
                                 (len(moved), run_id))
                if progress:
                    progress(f"{t.table_name}: {sum(per_tenant.values())} rows archived")
            results.append({"table": t.table_name, "rule": t.retention_rule, "per_tenant": per_tenant,
                            "rows": sum(per_tenant.values())})
        conn.execute("UPDATE archive.retention_runs SET run_state = 'finished', finished_at = clock_timestamp()"
                     " WHERE id = %s", (run_id,))
    seconds = time.perf_counter() - started
    total = sum(r["rows"] for r in results)
    return {"dry_run": False, "run_id": run_id, "as_of": as_of.isoformat(), "targets": results, "rows": total,
            "batches": batches, "seconds": round(seconds, 3),
            "rows_per_second": round(total / seconds, 1) if seconds > 0 else None}


def fill_sync_logs(conninfo: str, rows_per_tenant: int) -> int:
    """Benchmark volume: add expired sync logs (older than any allowed policy of 60 days) to every
    tenant that has a connection. Runs as the given (superuser or maintenance) login."""
    with open_connection(conninfo) as conn, conn.transaction():
        return conn.execute(
            "INSERT INTO app.sync_logs (tenant_id, workspace_id, connection_id, operation_type, service_type, status,"
            " operation_details, created_at)"
            " SELECT c.tenant_id, c.workspace_id, c.id, 'save', c.service_type, 'success', '{\"files\": 1}',"
            " now() - interval '400 days' + g * interval '1 second'"
            " FROM (SELECT DISTINCT ON (tenant_id) tenant_id, workspace_id, id, service_type FROM app.external_connections"
            " ORDER BY tenant_id, id) c"
            " CROSS JOIN generate_series(1, %s) g", (rows_per_tenant,)).rowcount
