"""`tenantdb retention purge-archive`: delete archived rows whose archive period has ended.

A tenant's ``archive_days`` (its default row in app.retention_policies; NULL = keep forever)
says how long a row stays in archive.archived_rows after it was archived. Rows older than that
are deleted in batches, one transaction per batch, as the maintenance role; each batch appends
one RETENTION summary per tenant to app.audit_log (table archive.archived_rows, rows purged,
the cut-off). Safe to kill and re-run: a batch is all or nothing and the next run continues.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

EXPIRED = """
    SELECT a.tenant_id, a.source_table, a.row_id
    FROM archive.archived_rows a
    JOIN app.retention_policies p ON p.tenant_id = a.tenant_id AND p.workspace_id IS NULL
    WHERE p.archive_days IS NOT NULL AND a.archived_at < %(as_of)s - make_interval(days => p.archive_days)
"""


def purge(conn: psycopg.Connection, *, batch_size: int = 1000, dry: bool = False) -> dict[str, Any]:
    """Purge expired archived rows of every tenant; `conn`: maintenance role, autocommit."""
    started = time.perf_counter()
    as_of = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
    if dry:
        rows = conn.execute(f"SELECT tenant_id::text, count(*) FROM ({EXPIRED}) e GROUP BY 1 ORDER BY 1",
                            {"as_of": as_of}).fetchall()
        return {"dry_run": True, "as_of": str(as_of), "per_tenant": dict(rows), "rows": sum(n for _, n in rows),
                "batches": 0, "seconds": round(time.perf_counter() - started, 3)}
    run_id = str(uuid.uuid4())
    per_tenant: dict[str, int] = {}
    batches = 0
    while True:
        with conn.transaction():
            deleted = conn.execute(
                f"DELETE FROM archive.archived_rows d USING ({EXPIRED} LIMIT %(batch)s) e"
                " WHERE (d.tenant_id, d.source_table, d.row_id) = (e.tenant_id, e.source_table, e.row_id)"
                " RETURNING d.tenant_id::text", {"as_of": as_of, "batch": batch_size}).fetchall()
            if not deleted:
                break
            batches += 1
            counts: dict[str, int] = {}
            for (tenant,) in deleted:
                counts[tenant] = counts.get(tenant, 0) + 1
            for tenant, n in counts.items():
                conn.execute("INSERT INTO app.audit_log (tenant_id, table_name, operation, new_values)"
                             " VALUES (%s, 'archive.archived_rows', 'RETENTION', %s)",
                             (tenant, Jsonb({"purge_id": run_id, "purged": n, "as_of": str(as_of), "batch": batches})))
                per_tenant[tenant] = per_tenant.get(tenant, 0) + n
    return {"dry_run": False, "purge_id": run_id, "as_of": str(as_of), "per_tenant": per_tenant,
            "rows": sum(per_tenant.values()), "batches": batches, "seconds": round(time.perf_counter() - started, 3)}
