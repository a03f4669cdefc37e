"""Time-partitioned history tables: list partitions, create them ahead, retire expired ones.

app.messages, app.interactions and app.audit_log are RANGE-partitioned by month (partitions/*
changes). Partitions are made only by ``app_private.create_history_partitions(ahead)`` (which
copies the parent's forced RLS, policies and grants to each); ``tenantdb partitions create``
calls it as the maintenance role.

Retention by partition (``retire_expired``, called by ``tenantdb retention run`` before the
row-by-row path): a monthly partition of a ``max_age`` retention target is retired only when it
holds no row that any tenant's policy (workspace override or tenant default) still keeps --
retention days are per tenant, so one tenant that keeps its history keeps the partition, and
its expired rows go row by row as before. A retired partition's rows are archived into
archive.archived_rows in one statement, then ``app_private.drop_history_partition()`` detaches
and drops it, in the same transaction (so a crash leaves the rows either in place or archived).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from . import retention
from .database import open_connection, scalar


def list_partitions(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
    """Every partition of the partitioned tables of schema app, with its range and guards."""
    rows = conn.execute("""
        SELECT i.inhparent::regclass::text, c.oid::regclass::text, pg_get_expr(c.relpartbound, c.oid),
               c.relrowsecurity AND c.relforcerowsecurity,
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid),
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = i.inhparent)
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class pc ON pc.oid = i.inhparent
        WHERE pc.relkind = 'p' AND c.relkind IN ('r', 'p') AND pc.relnamespace = 'app'::regnamespace
        ORDER BY 1, 2""").fetchall()
    return [{"table": t, "partition": p, "bounds": b, "rls_forced": f, "policies": n, "parent_policies": pn}
            for t, p, b, f, n, pn in rows]


def create_ahead(conn: psycopg.Connection[Any], months: int) -> list[str]:
    """Create the monthly partitions up to `months` ahead (and the default ones); returns the new ones."""
    rows = conn.execute("SELECT app_private.create_history_partitions(make_interval(months => %s))::text",
                        (months,)).fetchall()
    return [r[0] for r in rows]


def month_partitions(conn: psycopg.Connection[Any], table: str, before: datetime) -> list[str]:
    """Monthly partitions of `table` whose whole range ends at or before `before`, oldest first."""
    rows = conn.execute("""
        SELECT c.oid::regclass::text
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = %s::regclass AND c.relkind = 'r' AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
          AND (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz <= %s
        ORDER BY 1""", (table, before)).fetchall()
    return [r[0] for r in rows]


def is_partitioned(conn: psycopg.Connection[Any], table: str) -> bool:
    return bool(scalar(conn, "SELECT EXISTS (SELECT FROM pg_partitioned_table WHERE partrelid = %s::regclass)",
                                 (table,)))


def kept_rows_sql(t: retention.Target, part: str) -> sql.Composed:
    """EXISTS a row of partition `part` that the policies still keep (the negation of expired)."""
    schema, _, name = part.partition(".")
    limit = retention._limit_expr(t)
    age = sql.Identifier(t.age_column or "created_at")
    return sql.SQL("SELECT EXISTS (SELECT FROM {part} t{joins}"
                   " WHERE NOT coalesce({limit} IS NOT NULL AND t.{age} < %(as_of)s - make_interval(days => {limit}), false))").format(
        part=sql.Identifier(schema, name), joins=retention._policy_joins(t), limit=limit, age=age)


def archive_partition_sql(part: str) -> sql.Composed:
    schema, _, name = part.partition(".")
    return sql.SQL(
        "WITH archived AS (INSERT INTO archive.archived_rows (tenant_id, source_table, row_id, row_data, run_id)"
        " SELECT t.tenant_id, %(table)s, t.id, to_jsonb(t), %(run)s FROM {part} t"
        " ON CONFLICT (tenant_id, source_table, row_id) DO UPDATE"
        " SET row_data = excluded.row_data, run_id = excluded.run_id, archived_at = excluded.archived_at"
        " RETURNING tenant_id)"
        " SELECT tenant_id::text, count(*) FROM archived GROUP BY 1 ORDER BY 1").format(part=sql.Identifier(schema, name))


def retire_expired(conn: psycopg.Connection[Any], t: retention.Target, as_of: datetime, run_id: str,
                   progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Archive and drop every wholly expired monthly partition of target `t`; rows per tenant."""
    per_tenant: dict[str, int] = {}
    if t.retention_rule != "max_age" or not is_partitioned(conn, t.table_name):
        return per_tenant
    for part in month_partitions(conn, t.table_name, as_of):
        with conn.transaction():
            conn.execute("SELECT set_config('tenantdb.retention_run_id', %s, true)", (run_id,))
            if scalar(conn, kept_rows_sql(t, part), {"as_of": as_of}):
                continue  # some tenant still keeps rows of this month: they expire row by row
            counts = dict(conn.execute(archive_partition_sql(part), {"table": t.table_name, "run": run_id}).fetchall())
            conn.execute("SELECT app_private.drop_history_partition(%s::regclass)", (part,))
            for tenant, n in counts.items():
                conn.execute("INSERT INTO app.audit_log (tenant_id, table_name, operation, new_values) VALUES (%s, %s, 'RETENTION', %s)",
                             (tenant, t.table_name, Jsonb({"run_id": run_id, "rule": t.retention_rule, "archived": n,
                                                           "partition": part, "as_of": as_of.isoformat()})))
                per_tenant[tenant] = per_tenant.get(tenant, 0) + n
            conn.execute("UPDATE archive.retention_runs SET rows_archived = rows_archived + %s WHERE id = %s",
                         (sum(counts.values()), run_id))
        if progress:
            progress(f"{t.table_name}: partition {part} archived and dropped")
    return per_tenant


def fill_expired_messages(conninfo: str, rows_per_tenant: int, months_ago: int = 14) -> dict[str, Any]:
    """Benchmark volume for retention: messages `months_ago` months back (past every allowed
    chat_history_days), in their own monthly partition (created first when the default partition
    holds none of that month), spread over each seeded tenant's first conversation. Runs as the
    given (superuser) login, like retention.fill_sync_logs."""
    with open_connection(conninfo) as conn, conn.transaction():
        month = scalar(conn, "SELECT date_trunc('month', now() - make_interval(months => %s), 'UTC')", (months_ago,))
        conn.execute("SELECT app_private.create_history_partitions(interval '0', %s)", (month,))
        added = conn.execute(
            "INSERT INTO app.messages (tenant_id, conversation_id, user_id, role, content, created_at)"
            " SELECT c.tenant_id, c.id, c.user_id, 'user', 'expired benchmark message ' || g,"
            " %s + (g %% 2419200) * interval '1 second'"
            " FROM (SELECT DISTINCT ON (tenant_id) tenant_id, id, user_id FROM app.conversations ORDER BY tenant_id, id) c"
            " CROSS JOIN generate_series(1, %s) g", (month, rows_per_tenant)).rowcount
        partition = scalar(conn, "SELECT tableoid::regclass::text FROM app.messages WHERE created_at >= %s AND created_at < %s"
                                 " LIMIT 1", (month, month + timedelta(days=28)))
    return {"messages_added": added, "month": month.isoformat(), "partition": partition}
