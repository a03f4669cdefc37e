"""Operations commands: backup, restore (and, in cli_tenant_ops, per-tenant export/import/erase).

Registered in cli.py with one ``app.add_typer(cli_ops.app)``; the commands appear at the top
level (``tenantdb backup``, ``tenantdb restore``). Each command parses, calls a function of
``tenantdb.ops`` and prints (a table for people, ``--json`` for scripts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from .backend import Backend, get_backend
from .settings import Settings, project_root

CONTEXT = {"help_option_names": ["-h", "--help"]}
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(context_settings=CONTEXT)

JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")


def backend_of(ctx: typer.Context) -> Backend:
    """The backend the root command chose (--port / --backend / environment)."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    be = get_backend(root.obj)
    be.ensure_running()
    return be


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def status_line(as_json: bool) -> Any:
    """A spinner on stderr for people; nothing for --json."""
    if as_json:
        return _Silent()
    return err_console.status("working")


class _Silent:
    def __enter__(self) -> "_Silent":
        return self

    def __exit__(self, *exc: object) -> bool:
        return False

    def update(self, _: str) -> None:
        return None


def default_backup_dir() -> Path:
    return project_root() / "backups"


@app.command("backup", context_settings=CONTEXT)
def backup_cmd(
    ctx: typer.Context,
    directory: Optional[Path] = typer.Option(None, "--dir", help="Where backups live (default: ./backups of the checkout).",
                                             file_okay=False),
    keep_days: int = typer.Option(7, "--keep-days", min=1, max=3650, help="Delete backups older than this many days."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, max=32, help="Parallel pg_dump workers."),
    db: Optional[str] = typer.Option(None, "--db", help="Database to back up (default: TENANTDB_DATABASE or 'tenantdb')."),
    as_json: bool = JsonOpt,
) -> None:
    """Back up the whole database: pg_dump directory format (parallel), roles, and a manifest
    with per-table, per-tenant row counts and checksums and the Sqitch plan position, all from
    one snapshot. Then delete backups older than --keep-days. The source is only read.

    Example: tenantdb backup --dir /var/backups/tenantdb --keep-days 7 --jobs 4 --json
    """
    from .ops.backup import backup

    be = backend_of(ctx)
    dbname = db or be.settings.database
    with status_line(as_json) as status:
        result = backup(be, dbname, directory or default_backup_dir(), jobs=jobs, keep_days=keep_days,
                        progress=status.update)
    if as_json:
        print_json(result)
        return
    console.print(f"backup {result['backup']}")
    console.print(f"{result['rows']:,} rows, {result['bytes']:,} bytes in {result['seconds']} s; "
                  f"plan at {result['plan']['change']} ({result['plan']['changes']} changes, tag {result['plan']['tag']})")
    if result["pruned"]:
        console.print(f"pruned (older than {keep_days} days): {', '.join(result['pruned'])}")


@app.command("restore", context_settings=CONTEXT)
def restore_cmd(
    ctx: typer.Context,
    backup_path: Path = typer.Argument(..., metavar="BACKUP", help="A backup directory made by tenantdb backup."),
    db: str = typer.Option(..., "--db", help="NEW database to restore into (must not exist, or be empty)."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, max=32, help="Parallel pg_restore workers."),
    no_prove: bool = typer.Option(False, "--no-prove", help="Skip the isolation proof on a scratch clone (large restores)."),
    as_json: bool = JsonOpt,
) -> None:
    """Restore a backup into a NEW database and verify it: every table's per-tenant count and
    checksum equal the manifest, sqitch verify is green, and the isolation proof passes on a
    scratch clone. A corrupt backup or a non-empty target is refused before anything changes.
    Exit 0 when verified, 1 when a check failed (the restored database is kept for inspection).

    Example: tenantdb restore backups/tenantdb-tenantdb-20261128T020000Z --db tenantdb_restored --json
    """
    from .ops.restore import restore

    be = backend_of(ctx)
    with status_line(as_json) as status:
        report = restore(be, backup_path, db, jobs=jobs, prove=not no_prove, progress=status.update)
    if as_json:
        print_json(report)
        raise typer.Exit(0 if report["ok"] else 1)
    table = Table("check", "result", title=f"restore of {backup_path.name} into {db} ({report['seconds']} s)")
    table.add_row("counts + checksums", f"{report['tables']} tables, {report['rows']:,} rows, "
                  f"{len(report['differences'])} differences")
    table.add_row("plan position", "same as the backup" if report["plan_matches"] else f"DIFFERENT: {report['plan']}")
    table.add_row("sqitch verify", "ok" if report["sqitch_verify"]["exit_code"] == 0 else "FAILED")
    proof = report["prove"]
    table.add_row("isolation proof", "skipped" if proof is None else
                  f"{proof['checks']} checks, {len(proof['failures'])} failures")
    console.print(table)
    console.print(", ".join(f"{k} {v}" for k, v in report["timings"].items()))
    for line in report["differences"][:20] + (proof["failures"] if proof else []):
        console.print(f"[red]FAIL[/red] {line}")
    if not report["ok"]:
        err_console.print(f"[red]restore NOT verified[/red]; database {db} kept for inspection")
        raise typer.Exit(1)


# ------------------------------------------------------------------------------- tenant
tenant_app = typer.Typer(help="One tenant at a time: export, import, erase (with a receipt).\n\n"
                         "Example: tenantdb tenant export 11111111-1111-4111-8111-111111111111 --out northwind",
                         context_settings=CONTEXT, no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")

DbOpt = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb').")


def maintenance_connection(be: Backend, db: Optional[str]) -> Any:
    """A connection as the maintenance role (BYPASSRLS: the only client role that crosses tenants)."""
    import psycopg

    from .settings import MAINTENANCE_ROLE

    return psycopg.connect(be.conninfo(db, MAINTENANCE_ROLE), autocommit=True)


def tenant_id_arg(value: str) -> str:
    from .context import parse_id

    parsed = parse_id(value, "tenant id")
    assert parsed is not None
    return parsed


def confirm_or_refuse(question: str, yes: bool) -> None:
    """Destructive commands: --yes, or an interactive yes; a non-interactive stdin is refused."""
    from .errors import BadInput

    if yes:
        return
    if not sys.stdin.isatty():
        raise BadInput("refusing to erase without confirmation (stdin is not a terminal)",
                       hint="pass --yes to confirm in scripts")
    if not typer.confirm(question, default=False):
        err_console.print("nothing erased")
        raise typer.Exit(1)


@tenant_app.command("export", context_settings=CONTEXT)
def tenant_export(ctx: typer.Context, tenant: str = typer.Argument(..., help="The tenant's uuid."),
                  out: Path = typer.Option(..., "--out", help="New (or empty) directory to write to.", file_okay=False),
                  db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Export every row of one tenant from one consistent snapshot: every table with a tenant_id
    (found from the catalog), its archived rows, in foreign-key order, with a manifest of counts,
    checksums and file hashes. Credentials stay ciphertext.

    Example: tenantdb tenant export 11111111-1111-4111-8111-111111111111 --out exports/northwind --json
    """
    from .ops.tenant_io import export_tenant

    be = backend_of(ctx)
    with maintenance_connection(be, db) as conn:
        result = export_tenant(conn, tenant_id_arg(tenant), out)
    if as_json:
        print_json(result)
    else:
        console.print(f"exported tenant {result['tenant_id']}: {result['rows']:,} rows from {result['tables']} tables "
                      f"to {result['out']} in {result['seconds']} s")


@tenant_app.command("import", context_settings=CONTEXT)
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

    from .ops.erase import erase_tenant
    from .ops.tenant_io import import_tenant, read_export

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


@tenant_app.command("erase", context_settings=CONTEXT)
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
    from .ops.erase import erase_tenant
    from .ops.tenant_io import require_tenant

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


# ------------------------------------------------------------------------- monitoring
_MARK = {"ok": "[green]ok  [/green]", "warn": "[yellow]WARN[/yellow]", "fail": "[red]FAIL[/red]"}


@app.command("health", context_settings=CONTEXT)
def health_cmd(ctx: typer.Context, db: Optional[str] = DbOpt, as_json: bool = JsonOpt,
               no_verify: bool = typer.Option(False, "--no-verify", help="Skip sqitch verify (faster)."),
               max_transaction: int = typer.Option(300, "--max-transaction-seconds", min=1,
                                                   help="Warn about transactions open longer than this.")) -> None:
    """Is the database fit to serve: server up, plan deployed and verified, RLS forced on every
    tenant table, roles safe, long transactions, lock waits, connections against the maximum,
    disk. Exit 0 when nothing failed (warnings allowed), 1 otherwise; docs/operations.md says
    what to do for each check.

    Example: tenantdb health --json
    """
    from .backend import EmbeddedBackend
    from .database import admin_connect
    from .ops.health import health
    from .sqitch import plan_changes, run_sqitch

    be = backend_of(ctx)
    verify_exit = None if no_verify else run_sqitch(be, "verify", [], dbname=db, capture=True).returncode
    data_dir = be.data_dir if isinstance(be, EmbeddedBackend) else None
    with admin_connect(be, db or be.settings.database) as conn:
        checks = health(conn, planned=plan_changes(), verify_exit=verify_exit, data_dir=data_dir,
                        max_transaction_seconds=max_transaction)
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        print_json({"ok": not failed, "checks": [c.as_dict() for c in checks]})
        raise typer.Exit(1 if failed else 0)
    for c in checks:
        console.print(f"{_MARK[c.status]} {c.name}: {c.detail}" + (f"\n      fix: {c.fix}" if c.fix else ""))
    raise typer.Exit(1 if failed else 0)


def _parse_ms(value: str) -> float:
    from .errors import BadInput

    text = value.strip().lower()
    for suffix, factor in (("ms", 1.0), ("s", 1000.0)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
            break
    else:
        scale = 1.0
    try:
        number = float(text) * scale
    except ValueError:
        raise BadInput(f"--threshold {value!r} is not a duration", hint="write it like 10ms, 0.5s or 25") from None
    if number < 0:
        raise BadInput(f"--threshold {value!r} is negative", hint="write it like 10ms")
    return number


@app.command("top", context_settings=CONTEXT)
def top_cmd(ctx: typer.Context, threshold: str = typer.Option("10ms", "--threshold", help="Show statements whose mean is at least this (10ms, 0.5s)."),
            limit: int = typer.Option(20, "--limit", min=1, max=1000, help="At most this many statements."),
            db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Statements over the threshold from pg_stat_statements (created in the database when
    missing; the embedded server preloads it): calls, mean, estimated p95, max, total.

    Example: tenantdb top --threshold 10ms --limit 10 --json
    """
    from .database import admin_connect
    from .ops.health import top

    threshold_ms = _parse_ms(threshold)
    be = backend_of(ctx)
    with admin_connect(be, db or be.settings.database) as conn:
        rows = top(conn, threshold_ms=threshold_ms, limit=limit)
    if as_json:
        print_json({"threshold_ms": threshold_ms, "statements": rows})
        return
    table = Table("calls", "mean ms", "p95 est. ms", "max ms", "total ms", "query", title=f"statements with mean >= {threshold_ms} ms")
    for r in rows:
        table.add_row(str(r["calls"]), f"{r['mean_ms']:.2f}", f"{r['p95_est_ms']:.2f}", f"{r['max_ms']:.2f}",
                      f"{r['total_ms']:.0f}", r["query"][:80])
    console.print(table)


@tenant_app.command("usage", context_settings=CONTEXT)
def tenant_usage(ctx: typer.Context, limit: int = typer.Option(10, "--limit", min=1, max=100000, help="Largest N tenants."),
                 db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Rows and bytes per tenant per table, largest tenants first (app_private.tenant_usage, as
    the maintenance role).

    Example: tenantdb tenant usage --limit 5 --json
    """
    from .ops.health import usage

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


# -------------------------------------------------------------------------- retention
def purge_archive_cmd(ctx: typer.Context,
                      dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be purged."),
                      batch_size: int = typer.Option(1000, "--batch-size", min=1, max=100000, help="Rows per transaction."),
                      db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Delete archived rows whose archive period (retention_policies.archive_days of the tenant)
    has ended, in batches, as the maintenance role; one RETENTION audit summary per tenant and
    batch. Safe to kill and re-run.

    Example: tenantdb retention purge-archive --dry-run --json
    """
    from .ops.archive_purge import purge

    be = backend_of(ctx)
    with maintenance_connection(be, db) as conn:
        result = purge(conn, batch_size=batch_size, dry=dry_run)
    if as_json:
        print_json(result)
        return
    verb = "would purge" if dry_run else "purged"
    console.print(f"{verb} {result['rows']} archived rows ({len(result['per_tenant'])} tenants, "
                  f"{result['batches']} batches) in {result['seconds']} s")
