"""`tenantdb tenant erase`: delete every row of one tenant, everywhere, with a receipt.

In ONE transaction, as the maintenance role:

1. count the tenant's rows in every table that has a ``tenant_id`` (found from the catalog,
   so later tables are included) and fingerprint every OTHER tenant's data (per table: counts
   and checksums, hashed to one sha256);
2. delete the tenant's rows children first (foreign-key order reversed), then its audit log
   and archived rows through ``app_private.erase_tenant_records()`` (the only way to delete
   from those append-only tables), then its ``app.tenants`` row;
3. count again (every table must be 0) and fingerprint the other tenants again (must equal);
4. append the receipt to ``archive.tenant_erasures``: tenant id, time, role, rows deleted per
   table, the other tenants' checksum. No name, no row contents: no personal data survives.

Anything unexpected (a row left, another tenant's checksum changed) raises and rolls back.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from ..errors import TenantDBError
from . import fingerprint
from .tenant_io import QUEUES, require_tenant, tenant_tables

#: Tables emptied by app_private.erase_tenant_records() (append-only for everyone else).
APPEND_ONLY = ("app.audit_log", "archive.archived_rows")


def tenant_counts(conn: psycopg.Connection, tenant: str) -> dict[str, int]:
    """Rows of `tenant` per table."""
    out: dict[str, int] = {}
    for t in tenant_tables(conn):
        row = conn.execute(sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(
            t.ident, sql.Identifier(t.tenant_column or "tenant_id")), (tenant,)).fetchone()
        out[t.qualified] = int(row[0]) if row else 0
    return out


def others_checksum(conn: psycopg.Connection, tenant: str) -> str:
    """sha256 over the per-table counts and checksums of every tenant but `tenant` (and of the
    tables without a tenant column)."""
    fp = fingerprint.database_fingerprint(conn, readable_only=True)  # the secrets stay out of the maintenance group's reach
    kept = {table: {k: v for k, v in per.items() if k != tenant} for table, per in fp.items()
            if table not in ("archive.tenant_erasures", *QUEUES)}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


def erase_tenant(conn: psycopg.Connection, tenant: str) -> dict[str, Any]:
    """Erase `tenant` from the database of `conn` (maintenance role); returns the receipt."""
    started = time.perf_counter()
    with conn.transaction():
        require_tenant(conn, tenant)
        before = tenant_counts(conn, tenant)
        others_before = others_checksum(conn, tenant)
        # Per-row deletion audit would only write rows this transaction deletes again: the audit
        # trigger skips a maintenance login while this is set (as for retention batches).
        conn.execute("SELECT set_config('tenantdb.retention_run_id', %s, true)", (f"erase:{tenant}",))
        deleted: dict[str, int] = {}
        for t in reversed(tenant_tables(conn)):
            if t.qualified in APPEND_ONLY or t.qualified == "app.tenants":
                continue
            cur = conn.execute(sql.SQL("DELETE FROM {} WHERE tenant_id = %s").format(t.ident), (tenant,))
            deleted[t.qualified] = cur.rowcount
        # The audit log's guard wants a bound context of the tenant whose audit rows go.
        conn.execute("SELECT app.set_context(%s)", (tenant,))
        for table_name, n in conn.execute("SELECT * FROM app_private.erase_tenant_records(%s)", (tenant,)).fetchall():
            deleted[table_name] = int(n)
        deleted["app.tenants"] = conn.execute("DELETE FROM app.tenants WHERE id = %s", (tenant,)).rowcount
        after = tenant_counts(conn, tenant)
        others_after = others_checksum(conn, tenant)
        left = {t: n for t, n in after.items() if n}
        if left:
            raise TenantDBError(f"erasing tenant {tenant} left rows behind: {left}",
                                hint="nothing was erased (rolled back); report this as a bug")
        if others_after != others_before:
            raise TenantDBError("erasing the tenant changed another tenant's data",
                                hint="nothing was erased (rolled back); report this as a bug")
        row = conn.execute(
            "INSERT INTO archive.tenant_erasures (erased_tenant_id, rows_erased, other_tenants_checksum)"
            " VALUES (%s, %s, %s) RETURNING id, erased_at, erased_by",
            (tenant, Jsonb({t: n for t, n in sorted(deleted.items()) if n}), others_after)).fetchone()
    assert row is not None
    return {"receipt_id": str(row[0]), "tenant_id": tenant, "erased_at": str(row[1]), "erased_by": row[2],
            "tables": {t: {"before": before.get(t, 0), "deleted": deleted.get(t, 0), "after": after.get(t, 0)}
                       for t in sorted(before)},
            "other_tenants_checksum": {"before": others_before, "after": others_after,
                                       "unchanged": others_before == others_after},
            "seconds": round(time.perf_counter() - started, 3)}
