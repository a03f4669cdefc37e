"""Per-tenant export and import: every row of one tenant, found from the catalog.

Export (``tenantdb tenant export``) reads, in ONE REPEATABLE READ READ ONLY transaction, the
tenant's rows of every table that has a ``tenant_id`` column (plus its ``app.tenants`` row, and
the ``archive.retention_runs`` its archived rows name), so a table added by a later change is
included without edits. Tables are written in foreign-key order (parents first), one
``COPY ... TO STDOUT`` file each, with a manifest of row counts, checksums and file hashes.
Columns are copied as stored: credential ciphertext stays ciphertext, archived rows keep
their tenant.

Import (``tenantdb tenant import``) checks the files against the manifest, then loads them in
that order in ONE transaction as the maintenance role, through a temporary staging table per
table so ``--as-new-tenant`` can give every row a new tenant id. It refuses a tenant id that
already exists (``--replace`` erases the live tenant first, with a receipt). Rows of other
tenants are never read or written. The per-row audit triggers are not fired for the import's
own inserts (the imported audit log is the tenant's history); afterwards every table's count
and checksum must equal the manifest, or the transaction rolls back.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..errors import BadInput, TenantDBError
from . import fingerprint
from .fingerprint import TableInfo

FORMAT = "tenantdb-tenant-export/1"
MANIFEST = "manifest.json"
RUNS = TableInfo("archive", "retention_runs", None)


def tenant_tables(conn: psycopg.Connection) -> list[TableInfo]:
    """Tables holding tenant rows, parents before children (foreign keys among them).

    Only tables the connected role may read: the others (app_private.client_logins, the
    bindings of cluster-wide logins) are not tenant data to export; on erase their rows go with
    app.tenants by ON DELETE CASCADE, or the tenant's DELETE fails and everything rolls back."""
    tables = [t for t in fingerprint.owned_tables(conn) if t.tenant_column]
    names = {t.qualified for t in tables}
    edges = conn.execute(
        "SELECT DISTINCT cn.nspname || '.' || cc.relname, pn.nspname || '.' || pc.relname"
        " FROM pg_catalog.pg_constraint c"
        " JOIN pg_catalog.pg_class cc ON cc.oid = c.conrelid JOIN pg_catalog.pg_namespace cn ON cn.oid = cc.relnamespace"
        " JOIN pg_catalog.pg_class pc ON pc.oid = c.confrelid JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
        " WHERE c.contype = 'f' AND c.conrelid <> c.confrelid").fetchall()
    parents: dict[str, set[str]] = {n: set() for n in names}
    for child, parent in edges:
        if child in names and parent in names:
            parents[child].add(parent)
    ordered: list[TableInfo] = []
    done: set[str] = set()
    by_name = {t.qualified: t for t in tables}
    while len(done) < len(names):
        ready = sorted(n for n in names - done if parents[n] <= done)
        if not ready:
            raise TenantDBError(f"foreign keys form a cycle among {sorted(names - done)}",
                                hint="export/import needs an order in which parents come first")
        for n in ready:
            ordered.append(by_name[n])
            done.add(n)
    return ordered


def require_tenant(conn: psycopg.Connection, tenant: str) -> str:
    """The tenant's slug, or BadInput naming the way out."""
    row = conn.execute("SELECT slug FROM app.tenants WHERE id = %s", (tenant,)).fetchone()
    if row is None:
        raise BadInput(f"tenant {tenant} does not exist in database {conn.info.dbname!r}",
                       hint="list the tenants with: tenantdb tenant usage (or SELECT id, slug FROM app.tenants)")
    return str(row[0])


def _where(table: TableInfo) -> sql.Composable:
    if table == RUNS:
        return sql.SQL("id IN (SELECT run_id FROM archive.archived_rows WHERE tenant_id = %(tenant)s)")
    return sql.SQL("{} = %(tenant)s").format(sql.Identifier(table.tenant_column or "tenant_id"))


def _runs_fingerprint(conn: psycopg.Connection, tenant: str, column: str = "t") -> dict[str, dict[str, object]]:
    row = conn.execute(sql.SQL(
        "SELECT count(*), md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM archive.retention_runs t WHERE {}"
    ).format(_where(RUNS)), {"tenant": tenant}).fetchone()
    return {fingerprint.WHOLE_TABLE: {"rows": row[0], "md5": row[1]}} if row and row[0] else {}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_tenant(conn: psycopg.Connection, tenant: str, out: Path) -> dict[str, Any]:
    """Write every row of `tenant` under `out` (must be empty or new); `conn`: maintenance role."""
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise BadInput(f"{out} is not empty", hint="export into a new directory (--out NEW_DIR)")
    try:
        (out / "data").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot write to {out}: {exc.strerror or exc}", hint="choose a writable --out directory") from None
    conn.autocommit = True
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    ok = False
    try:
        slug = require_tenant(conn, tenant)
        tables = [RUNS, *tenant_tables(conn)]
        entries = []
        for table in tables:
            path = out / "data" / f"{table.qualified}.copy"
            columns = [r[0] for r in conn.execute(
                "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum", (table.qualified,)).fetchall()]
            query = sql.SQL("COPY (SELECT {cols} FROM {t} WHERE {w}) TO STDOUT").format(
                cols=sql.SQL(", ").join(map(sql.Identifier, columns)), t=table.ident, w=_where(table))
            with path.open("wb") as fh, conn.cursor() as cur:
                with cur.copy(query, {"tenant": tenant}) as copy:
                    for block in copy:
                        fh.write(block)
            fp = _runs_fingerprint(conn, tenant) if table == RUNS else fingerprint.table_fingerprint(conn, table, tenant)
            entries.append({"table": table.qualified, "columns": columns, "tenant_column": table.tenant_column,
                            "file": f"data/{path.name}", "sha256": _sha256(path),
                            "rows": sum(int(v["rows"]) for v in fp.values()),  # type: ignore[call-overload]
                            "md5": next(iter(fp.values()))["md5"] if fp else None})
        plan = fingerprint.plan_position(conn)
        ok = True
    finally:
        conn.execute("ROLLBACK")
        if not ok:  # a half-written export must not look like one
            shutil.rmtree(out / "data", ignore_errors=True)
    manifest = {"format": FORMAT, "tenant_id": tenant, "slug": slug, "source_database": conn.info.dbname,
                "created_at": datetime.now(timezone.utc).isoformat(), "plan": plan, "tables": entries}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return {"out": str(out), "tenant_id": tenant, "tables": len(entries),
            "rows": sum(e["rows"] for e in entries), "seconds": round(time.perf_counter() - started, 3)}


def read_export(directory: Path) -> dict[str, Any]:
    """The manifest of an export, after checking every data file's sha256."""
    try:
        manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BadInput(f"{directory} has no {MANIFEST}: not a tenant export",
                       hint="pass a directory made by: tenantdb tenant export TENANT --out DIR") from None
    except (OSError, ValueError) as exc:
        raise BadInput(f"the manifest of {directory} is unreadable: {exc}", hint="export the tenant again") from None
    if manifest.get("format") != FORMAT:
        raise BadInput(f"{directory} is not a {FORMAT} export", hint="export the tenant again with this version")
    for e in manifest["tables"]:
        path = directory / e["file"]
        if not path.is_file() or _sha256(path) != e["sha256"]:
            raise BadInput(f"export {directory} is damaged: {e['file']} is missing or differs from its manifest",
                           hint="nothing was imported; export the tenant again")
    return manifest


def import_tenant(conn: psycopg.Connection, directory: Path, *, new_tenant: str | None = None,
                  new_slug: str | None = None) -> dict[str, Any]:
    """Load an export into the database of `conn` (maintenance role), in one transaction."""
    started = time.perf_counter()
    manifest = read_export(directory)
    source: str = manifest["tenant_id"]
    tenant = new_tenant or source
    with conn.transaction():
        if conn.execute("SELECT 1 FROM app.tenants WHERE id = %s", (tenant,)).fetchone():
            raise BadInput(f"tenant {tenant} already exists in database {conn.info.dbname!r}",
                           hint="import as a copy with --as-new-tenant, or replace the live tenant with --replace "
                                "(erases it first, with a receipt)")
        slug = new_slug or manifest["slug"]
        taken = conn.execute("SELECT id FROM app.tenants WHERE slug = %s", (slug,)).fetchone()
        if taken:
            raise BadInput(f"the slug {slug!r} belongs to another tenant ({taken[0]}) in database {conn.info.dbname!r}",
                           hint="import as a copy with --as-new-tenant (it gets a new slug)")
        # The audit trigger records nothing for this maintenance session while this is set (it is
        # how retention batches are summarised); the export already carries the tenant's audit log.
        conn.execute("SELECT set_config('tenantdb.retention_run_id', %s, true)", (f"import:{uuid.uuid4()}",))
        loaded = []
        for e in manifest["tables"]:
            loaded.append(_load_table(conn, directory, e, source, tenant, new_slug))
        problems = []
        for e, n in zip(manifest["tables"], loaded):
            got = _imported_fingerprint(conn, e, source, tenant, (new_slug, manifest["slug"]) if new_slug else None)
            if got != (e["rows"], e["md5"]) and not (e["table"] == RUNS.qualified and n < e["rows"]):
                problems.append(f"{e['table']}: expected {e['rows']} rows / {e['md5']}, found {got[0]} / {got[1]}")
        if problems:
            raise TenantDBError("the imported rows differ from the export: " + "; ".join(problems),
                                hint="nothing was imported (the transaction was rolled back)")
    return {"tenant_id": tenant, "source_tenant_id": source, "tables": len(loaded),
            "rows": sum(loaded), "seconds": round(time.perf_counter() - started, 3)}


def _load_table(conn: psycopg.Connection, directory: Path, entry: dict[str, Any], source: str, tenant: str,
                new_slug: str | None) -> int:
    schema, _, name = entry["table"].partition(".")
    cols = [sql.Identifier(c) for c in entry["columns"]]
    stage = sql.Identifier(f"stage_{name}")
    conn.execute(sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
        stage, sql.SQL(", ").join(cols), sql.Identifier(schema, name)))
    with conn.cursor() as cur, cur.copy(sql.SQL("COPY {} FROM STDIN").format(stage)) as copy:
        with (directory / entry["file"]).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                copy.write(block)
    values = []
    for c in entry["columns"]:
        if c == entry["tenant_column"]:
            values.append(sql.Literal(tenant) + sql.SQL("::uuid"))
        elif entry["table"] == "app.tenants" and c == "slug" and new_slug:
            values.append(sql.Literal(new_slug))
        else:
            values.append(sql.Identifier(c))
    conflict = sql.SQL(" ON CONFLICT DO NOTHING") if entry["table"] == RUNS.qualified else sql.SQL("")
    cur = conn.execute(sql.SQL("INSERT INTO {t} ({cols}) OVERRIDING SYSTEM VALUE SELECT {vals} FROM {s}{c}").format(
        t=sql.Identifier(schema, name), cols=sql.SQL(", ").join(cols), vals=sql.SQL(", ").join(values), s=stage,
        c=conflict))
    return cur.rowcount


def _imported_fingerprint(conn: psycopg.Connection, entry: dict[str, Any], source: str, tenant: str,
                          slugs: tuple[str, str] | None = None) -> tuple[int, str | None]:
    """(rows, md5) of the imported rows, with the new tenant id written back as the old one."""
    schema, _, name = entry["table"].partition(".")
    if entry["table"] == RUNS.qualified:
        where = sql.SQL("t.id IN (SELECT run_id FROM archive.archived_rows WHERE tenant_id = {})").format(sql.Literal(tenant))
    else:
        where = sql.SQL("t.{} = {}::uuid").format(sql.Identifier(entry["tenant_column"]), sql.Literal(tenant))
    if entry["table"] == "app.audit_log":  # the imported history; rows a trigger may add are not the export's
        where = sql.SQL("{} AND t.id IN (SELECT id FROM stage_audit_log)").format(where)
    text = sql.SQL("replace(t::text, {}, {})").format(sql.Literal(tenant), sql.Literal(source))
    if slugs and entry["table"] == "app.tenants":
        text = sql.SQL("replace({}, {}, {})").format(text, sql.Literal(slugs[0]), sql.Literal(slugs[1]))
    row = conn.execute(sql.SQL("SELECT count(*), md5(string_agg({x}, E'\\n' ORDER BY {x})) FROM {t} AS t WHERE {w}").format(
        x=text, t=sql.Identifier(schema, name), w=where)).fetchone()
    return (int(row[0]), row[1]) if row else (0, None)

