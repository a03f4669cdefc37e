"""`tenantdb seed`: load the demo data, and checksum what is there."""

from __future__ import annotations

from collections.abc import Callable

from psycopg import sql

from .backend import Backend
from .database import Database
from .seeds import DEMO_TENANTS, DemoTenant, seeders
from .settings import MAINTENANCE_ROLE


def run_seed(backend: Backend, dbname: str | None = None, tenants: tuple[DemoTenant, ...] = DEMO_TENANTS,
             progress: Callable[[str], None] | None = None) -> None:
    """Insert every seed module's rows for every demo tenant, in one transaction."""
    with Database.of(backend, dbname).connect() as conn, conn.transaction(), conn.cursor() as cur:
        cur.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(MAINTENANCE_ROLE)))
        # A database of an older release (tests seed @v0.1.0, then upgrade) has no app.set_context.
        cur.execute("SELECT to_regprocedure('app.set_context(uuid, uuid)') IS NOT NULL")
        row = cur.fetchone()
        has_context = bool(row and row[0])
        for tenant in tenants:
            # Each tenant's rows under that tenant's context, acting for no person: triggers that
            # read the context (created_by, audit) see the tenant and leave authorship as given.
            if has_context:
                cur.execute("SELECT app.set_context(%s::uuid)", (tenant.id,))
            for name, seed in seeders():
                if progress:
                    progress(f"{tenant.slug}: {name}")
                seed(cur, tenant)


def table_checksums(backend: Backend, dbname: str | None = None) -> dict[str, tuple[int, str]]:
    """Row count and md5 of every table in schema app (read with RLS bypassed, as the superuser)."""
    out: dict[str, tuple[int, str]] = {}
    with Database.of(backend, dbname).admin() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'app' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1")]
        for table in tables:
            ident = sql.Identifier("app", table)
            row = conn.execute(sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
                " FROM {} AS t").format(ident)).fetchone()
            assert row is not None
            out[table] = (row[0], row[1])
    return out
