"""`tenantdb tenant ...`: one tenant at a time (export, import, erase with a receipt, usage).

Registered in cli/__init__.py (SUB_APPS) as "tenant". Each command
parses, calls a function of ``tenantdb.ops`` and prints (``--json`` for scripts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .operations import CONTEXT, DbOpt, JsonOpt, backend_of, confirm_or_refuse, console, maintenance_connection, print_json, tenant_id_arg

app = typer.Typer(help="One tenant at a time: export, import, erase (with a receipt), usage.\n\n"
                  "Example: tenantdb tenant export 11111111-1111-4111-8111-111111111111 --out northwind",
                  context_settings=CONTEXT, no_args_is_help=True)


@app.command("export", context_settings=CONTEXT)
def tenant_export(ctx: typer.Context, tenant: str = typer.Argument(..., help="The tenant's uuid."),
                  out: Path = typer.Option(..., "--out", help="New (or empty) directory to write to.", file_okay=False),
                  db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Export every row of one tenant from one consistent snapshot: every table with a tenant_id
    (found from the catalog), its archived rows, in foreign-key order, with a manifest of counts,
    checksums and file hashes. Credentials stay ciphertext.

    Example: tenantdb tenant export 11111111-1111-4111-8111-111111111111 --out exports/northwind --json
    """
    from ..ops.tenant_io import export_tenant

    be = backend_of(ctx)
    with maintenance_connection(be, db) as conn:
        result = export_tenant(conn, tenant_id_arg(tenant), out)
    if as_json:
        print_json(result)
    else:
        console.print(f"exported tenant {result['tenant_id']}: {result['rows']:,} rows from {result['tables']} tables "
                      f"to {result['out']} in {result['seconds']} s")


@app.command("import", context_settings=CONTEXT)
def tenant_import(ctx: typer.Context, directory: Path = typer.Argument(..., metavar="DIR", help="A tenant export directory."),
                  db: Optional[str] = DbOpt,
                  as_new_tenant: bool = typer.Option(False, "--as-new-tenant", help="Import as a copy under a new tenant id and slug."),
                  replace: bool = typer.Option(False, "--replace", help="The tenant exists: erase it first (with a receipt), then import."),
                  yes: bool = typer.Option(False, "--yes", "-y", help="With --replace: do not ask."),
                  as_json: bool = JsonOpt) -> None:
    """Import a tenant export in one transaction; checks every file and, afterwards, every
    table's count and checksum. Refuses a tenant that already exists unless --as-new-tenant or
    --replace. Other tenants are never touched.

    Example: tenantdb tenant import exports/northwind --db staging --as-new-tenant --json
    """
    import uuid

    from ..ops.erase import erase_tenant
    from ..ops.tenant_io import import_tenant, read_export

    be = backend_of(ctx)
    manifest = read_export(directory)
    new_id = str(uuid.uuid4()) if as_new_tenant else None
    new_slug = f"{manifest['slug'][:50]}-copy-{new_id[:8]}" if new_id else None
    receipt = None
    with maintenance_connection(be, db) as conn:
        if replace and not as_new_tenant:
            exists = conn.execute("SELECT 1 FROM app.tenants WHERE id = %s", (manifest["tenant_id"],)).fetchone()
            if exists:
                confirm_or_refuse(f"Erase the live tenant {manifest['tenant_id']} before importing?", yes)
                receipt = erase_tenant(conn, manifest["tenant_id"])
        result = import_tenant(conn, directory, new_tenant=new_id, new_slug=new_slug)
    result["replaced_receipt"] = receipt["receipt_id"] if receipt else None
    if as_json:
        print_json(result)
    else:
        console.print(f"imported {result['rows']:,} rows into {result['tables']} tables as tenant {result['tenant_id']} "
                      f"in {result['seconds']} s")


@app.command("erase", context_settings=CONTEXT)
def tenant_erase(ctx: typer.Context, tenant: str = typer.Argument(..., help="The tenant's uuid."),
                 yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (required when stdin is not a terminal)."),
                 receipt_file: Optional[Path] = typer.Option(None, "--receipt", help="Also write the receipt (JSON) here.", dir_okay=False),
                 db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Delete every row of one tenant everywhere (tables, archive, its audit log) in one
    transaction and print a receipt: per-table counts before/after (after = 0) and the checksum
    of every other tenant's data before/after (unchanged). The receipt is also stored in
    archive.tenant_erasures, without personal data. Asks first; the default is no.

    Example: tenantdb tenant erase 22222222-2222-4222-8222-222222222222 --yes --receipt erase-receipt.json
    """
    from ..ops.erase import erase_tenant
    from ..ops.tenant_io import require_tenant

    be = backend_of(ctx)
    tenant_id = tenant_id_arg(tenant)
    with maintenance_connection(be, db) as conn:
        slug = require_tenant(conn, tenant_id)
        confirm_or_refuse(f"Erase tenant {tenant_id} ({slug}) and every row it has? This cannot be undone", yes)
        receipt = erase_tenant(conn, tenant_id)
    if receipt_file:
        receipt_file.write_text(json.dumps(receipt, indent=2) + "\n")
    if as_json:
        print_json(receipt)
        return
    table = Table("table", "before", "deleted", "after", title=f"erased tenant {tenant_id} (receipt {receipt['receipt_id']})")
    for name, c in receipt["tables"].items():
        if c["before"] or c["deleted"]:
            table.add_row(name, str(c["before"]), str(c["deleted"]), str(c["after"]))
    console.print(table)
    o = receipt["other_tenants_checksum"]
    console.print(f"other tenants' checksum: {o['before'][:16]}… before, {o['after'][:16]}… after — "
                  + ("unchanged" if o["unchanged"] else "CHANGED"))


@app.command("usage", context_settings=CONTEXT)
def tenant_usage(ctx: typer.Context, limit: int = typer.Option(10, "--limit", min=1, max=100000, help="Largest N tenants."),
                 db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Rows and bytes per tenant per table, largest tenants first (app_private.tenant_usage, as
    the maintenance role).

    Example: tenantdb tenant usage --limit 5 --json
    """
    from ..ops.health import usage

    be = backend_of(ctx)
    with maintenance_connection(be, db) as conn:
        rows = usage(conn, limit)
    if as_json:
        print_json({"tenants": rows})
        return
    table = Table("tenant", "slug", "table", "rows", "bytes", "tenant bytes")
    for r in rows:
        table.add_row(r["tenant_id"], r["slug"] or "", r["table"], f"{r['rows']:,}", f"{r['bytes']:,}", f"{r['tenant_bytes']:,}")
    console.print(table)
